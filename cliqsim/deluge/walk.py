"""The one walk over the Deluge syntax tree that every analysis pass is built on.

Modelled on Lark's `Interpreter` and starlark-go's `syntax/walk.go`: `children(node)` gives the
nodes directly inside any node, in source order, read generically from the node fields, so a
new field can never be skipped; a `Pass` dispatches each node to the method registered for its
type with `@handles(...)`, and walks the children of the types it names in `THROUGH` (the types
it has nothing to say about) with `through`.

A pass must name every node type of `cliqsim.deluge.ast`, as a handler or in `THROUGH`:
`unhandled(pass_class)` lists the ones it does not, `tests/deluge/test_walk.py` fails while any
pass leaves one out, and meeting such a node at run time raises `UnhandledNode` rather than
skipping it. So a new construct added to the grammar cannot slip silently past the effect
inventory (and so past the consent dialog) or the save-time checks.

    class Calls(Pass[None]):
        THROUGH = frozenset({dast.Script, dast.Assign, dast.Name, ...})  # every type but Call,
                                                                          # each by name

        def __init__(self) -> None:
            self.names: list[str] = []

        @handles(dast.Call)
        def call(self, node: dast.Call) -> None:
            self.names.append(node.name)
            self.through(node)   # and the calls in its arguments
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, Generic, TypeVar, get_args

from cliqsim.deluge import ast as dast
from cliqsim.deluge.source import Span

Node = dast.Expr | dast.Stmt | dast.BlockParam | dast.Param | dast.Signature | dast.Script
"""Any node of the tree: expressions, statements and the parts that are neither."""

NODE_TYPES: frozenset[type] = frozenset(
    cls for cls in vars(dast).values() if dast.is_node_type(cls)
)
"""Every node type `cliqsim.deluge.ast` defines (read from the module, so a new one is in)."""

_LEAVES = (str, int, float, bool, Span, type(None))

R = TypeVar("R")
P = TypeVar("P", bound="Pass[Any]")
_Handler = Callable[[Any, Any], Any]


class UnhandledNode(TypeError):
    """A pass met a node type it neither handles nor walks through: the pass is not exhaustive
    (`unhandled` names the types; the walk tests catch this before it ships)."""


def children(node: Node) -> list[Node]:
    """The nodes directly inside `node`, in the order of its fields (which is source order):
    nodes, tuples of nodes and tuples of tuples (`entries`, `branches`) alike. Raises TypeError
    on a field value that is neither a node, a tuple nor a plain value, so a new kind of field
    cannot be skipped."""
    found: list[Node] = []
    for name in _node_fields(type(node)):
        value = getattr(node, name)
        if type(value) is tuple:
            _extend(found, value)
        elif type(value) in NODE_TYPES:
            found.append(value)
        elif value is not None:
            raise TypeError(f"the walk does not know a field value of type {type(value).__name__}")
    return found


def _extend(found: list[Node], items: tuple[object, ...]) -> None:
    for item in items:
        if type(item) in NODE_TYPES:
            found.append(item)  # type: ignore[arg-type]
        elif type(item) is tuple:
            _extend(found, item)
        elif not isinstance(item, _LEAVES):
            raise TypeError(f"the walk does not know a field value of type {type(item).__name__}")


_SCALAR_FIELDS = frozenset({"str", "int", "bool", "float", "Span", "str | None"})
_FIELDS: dict[type, tuple[str, ...]] = {}


def _node_fields(node_type: type) -> tuple[str, ...]:
    """The fields of `node_type` that may hold nodes: all but those declared as plain text,
    numbers, flags or spans (read once per type from its declared fields)."""
    names = _FIELDS.get(node_type)
    if names is None:
        names = tuple(
            name
            for name, declared in _declared_fields(node_type)
            if declared not in _SCALAR_FIELDS
            # Script.creator lists nodes that are also in the body: an index, not children
            and not (node_type is dast.Script and name == "creator")
        )
        _FIELDS[node_type] = names
    return names


def _declared_fields(node_type: type) -> list[tuple[str, str]]:
    """(name, declared type as written) of each field: a node class of `cliqsim.deluge.ast`
    (a `msgspec.Struct`), or a dataclass standing in for a new node type."""
    if hasattr(node_type, "__dataclass_fields__"):  # dataclasses.is_dataclass, not loading it
        import dataclasses

        return [(f.name, str(f.type)) for f in dataclasses.fields(node_type)]
    return [(name, str(node_type.__annotations__[name])) for name in dast.fields_of(node_type)]


def descendants(node: Node) -> Iterator[Node]:
    """`node` and every node inside it, depth first, in source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


_STATEMENT_TYPES = frozenset(get_args(dast.Stmt))


def statements(node: Node) -> Iterator[dast.Stmt]:
    """Every statement in `node` (a script, a statement), depth first, in source order, without
    looking inside expressions (no statement is ever inside one)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if type(current) in _STATEMENT_TYPES:
            yield current  # type: ignore[misc]
        stack.extend(
            reversed(
                [
                    c
                    for c in children(current)
                    if type(c) in _STATEMENT_TYPES or type(c) is dast.Script
                ]
            )
        )


def handles(*types: type) -> Callable[[Callable[[P, Any], R]], Callable[[P, Any], R]]:
    """Register the decorated method of a `Pass` as the handler of the node `types`."""

    def register(method: Callable[[P, Any], R]) -> Callable[[P, Any], R]:
        method.__walk_handles__ = types  # type: ignore[attr-defined]
        return method

    return register


class Pass(Generic[R]):
    """A pass over the tree. `visit(node)` calls the handler registered for the node's type with
    `@handles`, or `through(node)` for a type in `THROUGH`; any other type raises
    `UnhandledNode`. A handler decides itself whether (and in which order, with which state)
    to visit what is inside its node."""

    THROUGH: ClassVar[frozenset[type]] = frozenset()
    """The node types this pass has nothing to say about: it only walks their children."""

    _handlers: ClassVar[dict[type, _Handler]] = {}
    _dispatch: ClassVar[dict[type, _Handler]] = {}  # every named type -> handler or `through`

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        handlers: dict[type, _Handler] = {}
        for klass in reversed(cls.__mro__):
            for attribute in vars(klass).values():
                for node_type in getattr(attribute, "__walk_handles__", ()):
                    handlers[node_type] = attribute
        cls._handlers = handlers
        both = set(handlers) & cls.THROUGH
        if both:
            names = ", ".join(sorted(t.__name__ for t in both))
            raise TypeError(f"{cls.__name__} both handles and walks through {names}")
        through = cls.through
        cls._dispatch = {**{t: through for t in cls.THROUGH}, **handlers}

    def visit(self, node: Node) -> R:
        handler = self._dispatch.get(type(node))
        if handler is None:
            raise UnhandledNode(f"{type(self).__name__} does not handle {type(node).__name__}")
        result: R = handler(self, node)
        return result

    def visit_all(self, nodes: Iterable[Node]) -> None:
        """Visit each of `nodes` in order (a block of statements, a list of arguments)."""
        for node in nodes:
            self.visit(node)

    def through(self, node: Node) -> R:
        """Visit the children of `node` in source order. Returns None; a pass whose visits give
        values overrides this to combine its children's."""
        for child in children(node):
            self.visit(child)
        return None  # type: ignore[return-value]


def unhandled(
    pass_type: type[Pass[Any]], node_types: frozenset[type] = NODE_TYPES
) -> frozenset[type]:
    """The `node_types` that `pass_type` neither handles nor walks through (empty when the
    pass is exhaustive)."""
    return node_types - set(pass_type._handlers) - pass_type.THROUGH
