"""The one walk of the syntax tree (`cliqsim.deluge.walk`): every analysis pass names every node
type, so a new construct added to the grammar cannot slip silently past the effect inventory
(and so the consent dialog), the save-time checks or the data-flow pass."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import textwrap
from pathlib import Path
from typing import Any, get_args

import pytest

import cliqsim.consent
import cliqsim.deluge
from cliqsim.deluge import DelugeSyntaxError, parse
from cliqsim.deluge import ast as dast
from cliqsim.deluge.checks import check
from cliqsim.deluge.effects import inventory
from cliqsim.deluge.interpreter import compile_script
from cliqsim.deluge.source import Span
from cliqsim.deluge.walk import (
    NODE_TYPES,
    Pass,
    UnhandledNode,
    children,
    descendants,
    handles,
    statements,
    unhandled,
)

# One script with every node type of the tree (the coverage test below keeps it so).
EVERY_CONSTRUCT = """\
string button.fn(String a, int b)
{
\tm = {"k": -1, "d": 0.5, "t": true, "n": null};
\tl = {1, 2};
\tc = Collection("k": a);
\tm.put("u", zoho.loginuserid);
\tr = invokeurl [ url: "https://api.example.com/" + a type: GET ];
\tzoho.cliq.postToChat("c1", {"text": if(b > 1, "x", "y")});
\tx = ifnull(a, "z");
\tfor each item in l
\t{
\t\tif(item == 1) { continue; } else { break; }
\t}
\ttry { info len(a); } catch (e) { info e.message; }
\treturn x;
}
"""


def all_passes() -> list[type[Pass[Any]]]:
    """Every `Pass` in the language and consent layers (imported, so each subclass exists)."""
    for package in (cliqsim.deluge, cliqsim.consent):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
    found: list[type[Pass[Any]]] = []
    stack: list[type[Pass[Any]]] = [Pass]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub.__module__.startswith("cliqsim."):
                found.append(sub)
            stack.append(sub)
    return found


def test_the_node_types_are_every_dataclass_of_the_ast_module() -> None:
    parts = {dast.BlockParam, dast.Param, dast.Signature, dast.Script}
    assert NODE_TYPES == set(get_args(dast.Expr)) | set(get_args(dast.Stmt)) | parts


def test_the_analysis_passes_are_found() -> None:
    names = {f"{p.__module__}.{p.__qualname__}" for p in all_passes()}
    assert {
        "cliqsim.deluge.checks._Checker",
        "cliqsim.deluge.effects._Walker",
        "cliqsim.deluge.flow._Tracker",
    } <= names


@pytest.mark.parametrize("pass_type", all_passes(), ids=lambda p: p.__qualname__)
def test_every_pass_names_every_node_type(pass_type: type[Pass[Any]]) -> None:
    missing = sorted(t.__name__ for t in unhandled(pass_type))
    assert missing == [], (
        f"{pass_type.__module__}.{pass_type.__qualname__} neither handles nor walks through "
        f"{', '.join(missing)}: decide what the pass does with each (a @handles method, or "
        "THROUGH when it has nothing to say about it)"
    )


@pytest.mark.parametrize("pass_type", all_passes(), ids=lambda p: p.__qualname__)
def test_through_is_written_out_so_a_new_type_needs_a_decision(pass_type: type[Pass[Any]]) -> None:
    """THROUGH must list node types by name: computing it from NODE_TYPES (`NODE_TYPES -
    {...}`) would let a new construct through every such pass unseen."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(pass_type)))
    klass = tree.body[0]
    assert isinstance(klass, ast.ClassDef)
    values = [
        node.value
        for node in klass.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and node.value is not None
        and any(
            isinstance(t, ast.Name) and t.id == "THROUGH"
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
    ]
    for value in values:
        names = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
        assert names <= {"frozenset", "dast"}, ast.unparse(value)


def test_a_new_node_type_is_reported_and_refused_at_run_time() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Spread:  # a construct the grammar might grow one day
        value: dast.Expr
        span: Span

    from cliqsim.deluge.effects import _Walker

    with_spread = NODE_TYPES | {Spread}
    assert unhandled(_Walker, with_spread) == {Spread}
    walker = _Walker(frozenset({"user"}), {})
    with pytest.raises(UnhandledNode, match="_Walker does not handle Spread"):
        walker.visit(Spread(dast.Name("user", Span(0, 4, 1, 1)), Span(0, 4, 1, 1)))  # type: ignore[arg-type]


CREATOR_TYPES = {dast.CreatorFetch, dast.CreatorStatement}
# Zoho Creator syntax: parsed, walked by every pass, refused by the checks and the compiler.
CREATOR_CONSTRUCTS = """
r = Employee[Name == user];
for each rec in Leave_Request[Status == "Open"] { info rec; }
insert into Employee
[
    Name = user
    Added_User = zoho.loginuser
]
delete from Employee[ID == 3];
void helper(string a) { info a; }
"""


def test_creator_syntax_is_walked_by_every_pass_and_refused_by_the_checks_and_compiler() -> None:
    script = parse(CREATOR_CONSTRUCTS, "creator.dg")
    seen = {type(node) for node in descendants(script)}
    assert CREATOR_TYPES <= seen
    assert [type(node).__name__ for node in script.creator] == [
        "CreatorFetch",
        "CreatorFetch",
        "CreatorStatement",
        "CreatorStatement",
        "CreatorStatement",
    ]
    errors = [d for d in check(script, {"user"}) if d.severity == "error"]
    assert [d.code for d in errors] == ["creator-syntax"] * 5
    assert [d.span.line for d in errors] == [2, 3, 4, 9, 10]
    inventory(script, "creator.dg", {"user"})  # the effects pass takes every Creator node
    with pytest.raises(DelugeSyntaxError, match="Creator syntax unavailable in Cliq"):
        compile_script(CREATOR_CONSTRUCTS, "creator.dg")


def test_the_corpus_has_every_node_type_and_every_pass_and_the_compiler_take_it() -> None:
    script = parse(EVERY_CONSTRUCT, "every.dg")
    seen = {type(node) for node in descendants(script)}
    assert sorted(t.__name__ for t in NODE_TYPES - CREATOR_TYPES - seen) == [], (
        "add the new construct to EVERY_CONSTRUCT so every pass and the compiler meet it"
    )
    assert [d for d in check(script) if d.severity == "error"] == []
    effects = inventory(script, "every.dg", {"user"})
    assert [u.host for u in effects.urls] == ["api.example.com"]
    assert [t.name for t in effects.tasks] == ["zoho.cliq.postToChat"]
    assert [i.name for i in effects.identities] == ["zoho.loginuserid"]
    compile_script(EVERY_CONSTRUCT, "every.dg")


def test_children_are_in_source_order_and_reach_into_nested_tuples() -> None:
    script = parse('if (a) { x = 1; } else if (b) { y = {"k": c}; } else { z = d; }')
    (statement,) = script.body
    kinds = [type(n).__name__ for n in children(statement)]
    assert kinds == ["Name", "Assign", "Name", "Assign", "Assign"]
    names = [n.name for n in descendants(script) if isinstance(n, dast.Name)]
    assert names == ["a", "b", "c", "d"]


def test_children_refuses_a_field_it_does_not_know() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Odd:
        things: list[str]
        span: Span

    with pytest.raises(TypeError, match="does not know a field value of type list"):
        list(children(Odd(["x"], Span(0, 1, 1, 1))))  # type: ignore[arg-type]


def test_a_pass_may_not_both_handle_and_walk_through_a_type() -> None:
    with pytest.raises(TypeError, match="both handles and walks through Name"):

        class Confused(Pass[None]):
            THROUGH = frozenset({dast.Name})

            @handles(dast.Name)
            def name(self, node: dast.Name) -> None:
                pass


def test_a_small_pass_in_the_style_of_the_module_docstring() -> None:
    class Calls(Pass[None]):
        THROUGH = frozenset(
            {
                dast.Text,
                dast.Number,
                dast.Decimal,
                dast.Boolean,
                dast.Null,
                dast.Name,
                dast.SystemVariable,
                dast.ListLiteral,
                dast.MapLiteral,
                dast.Construct,
                dast.Unary,
                dast.Binary,
                dast.IfExpr,
                dast.MethodCall,
                dast.TaskCall,
                dast.BlockTask,
                dast.BlockParam,
                dast.Assign,
                dast.ExprStmt,
                dast.If,
                dast.ForEach,
                dast.Break,
                dast.Continue,
                dast.TryCatch,
                dast.Return,
                dast.Info,
                dast.Param,
                dast.Signature,
                dast.Script,
                dast.CreatorFetch,
                dast.CreatorStatement,
            }
        )

        def __init__(self) -> None:
            self.names: list[str] = []

        @handles(dast.Call)
        def call(self, node: dast.Call) -> None:
            self.names.append(node.name)
            self.through(node)

    calls = Calls()
    calls.visit(parse('x = len(ifnull(a, "b")); if (x > 1) { info isNull(x); }'))
    assert calls.names == ["len", "ifnull", "isNull"]
    assert unhandled(Calls) == frozenset()


def test_no_hand_written_walk_outside_the_passes() -> None:
    """Code that descends into an `if` (reads `.branches` / `.else_body`) is a walk of the tree;
    outside the parser (which builds it) and the compiler (which translates every node and is
    checked by the corpus test above), it must be a `Pass` so the exhaustiveness test sees it."""
    root = Path(cliqsim.deluge.__file__).parent.parent
    # compiler_bounded is part of the compiler and names the nodes it takes: any other node
    # makes it refuse the loop (which then keeps its checked code), never skip the node
    compiler = ("compiler.py", "compiler_bounded.py")
    exempt = {root / "deluge" / name for name in ("walk.py", "parser.py", *compiler)}
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if path in exempt:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_passes: set[int] = set()
        for klass in ast.walk(tree):
            if isinstance(klass, ast.ClassDef) and any(
                "Pass" in ast.unparse(base) for base in klass.bases
            ):
                in_passes.update(range(klass.lineno, (klass.end_lineno or klass.lineno) + 1))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("branches", "else_body")
                and node.lineno not in in_passes
            ):
                offenders.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    assert offenders == []


def test_statements_are_every_statement_in_source_order_and_none_else() -> None:
    script = parse(
        "a = 1;\nif (a > 0) { for each x in {1} { b = x; } } else { try { c = 1; }"
        " catch (e) { d = 2; } }\nreturn a;"
    )
    kinds = [type(s).__name__ for s in statements(script)]
    assert kinds == ["Assign", "If", "ForEach", "Assign", "TryCatch", "Assign", "Assign", "Return"]
