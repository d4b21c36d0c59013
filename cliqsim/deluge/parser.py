"""Deluge source text → `cliqsim.deluge.ast`.

`parse(text, name)` is the only entry point. The Lark LALR parser is built once per process
(lazily, under a lock) with the AST builder embedded, so reductions build AST nodes directly: no
parse tree, and no recursion however deep the input nests. The built grammar tables are cached in
the per-user cache directory as JSON (see `_grammar_cache_path`), so a cold process loads them
instead of analysing the grammar again.

Only `DelugeSyntaxError` leaves this module; Lark types never do.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedToken

from cliqsim.deluge import ast as dast
from cliqsim.deluge.errors import DelugeSyntaxError
from cliqsim.deluge.lexer import DelugeLexer
from cliqsim.deluge.source import Source, Span
from cliqsim.paths import cache_dir

GRAMMAR_PATH = Path(__file__).with_name("grammar.lark")

MAX_DEPTH = 200
"""The deepest AST the parser returns. Every node's depth (1 for a leaf) stays at or under this,
so recursive walkers of the AST (checks, compiler) are safe with Python's default stack."""

"""Set to a directory to keep the built grammar there, or to an empty string to not cache it."""

CONSTANT_VALUED_KEYS = frozenset(
    {"type", "response-format", "response-decoding", "content type", "service"}
)
"""Block-task keys whose bare-word value (`type: POST`) is a constant, kept as `Text`."""

_DOTTED_ROOTS = frozenset({"zoho", "thisapp", "standalone"})
_ZOHO_SYSTEM_VARIABLES = frozenset(
    {
        "currentdate",
        "currenttime",
        "loginuser",
        "loginuserid",
        "adminuser",
        "adminuserid",
        "ipaddress",
        "appname",
        "appuri",
        "device",
    }
)
_N = TypeVar("_N")
_PRECEDENCE = {"OR": 1, "AND": 2, "CMP_OP": 3, "ASSIGN_OP": 3, "PLUS": 4, "MINUS": 4, "MUL_OP": 5}

# The longest script cliqsim parses (characters): a save-time limit, so no literal or program can
# be larger. Zoho documents none; compiling a script of this size peaks near 260 MB.
MAX_SCRIPT_CHARS = 200_000

_BARE_SYSTEM_VARIABLES = frozenset({"now", "today"})
_CONSTRUCTORS = {"map": "Map", "list": "List", "collection": "Collection"}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\s\S])")


_FIRST_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\S")


def _is_definition(node: object) -> bool:
    return isinstance(node, dast.CreatorStatement) and node.kind == "function"


class BuildProblem(Exception):
    """Raised while building a node (too deep, misplaced `key: value`)."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


def _variable(token: Token) -> str:
    """A variable's name as Deluge matches it: without case (`List` and `list` are one variable,
    as the Cliq Command Suggestion Handler page's own template relies on; docs/deluge.md)."""
    return str(token.value).lower()


def _refuse_system_target(target: Token) -> None:
    """`now` and `today` always read the clock, so assigning to them would be silently lost."""
    if _variable(target) in _BARE_SYSTEM_VARIABLES:
        span = _token_span(target)
        raise BuildProblem(
            f"(Line no: {span.line}) '{target.value}' is a Deluge system variable and cannot be "
            f"assigned; use another name, such as '{target.value}_value'",
            span,
        )


# --------------------------------------------------------------------------- spans


def _token_span(token: Token) -> Span:
    return Span(
        token.line or 1,
        token.column or 1,
        token.end_line or token.line or 1,
        token.end_column or (token.column or 1) + 1,
        token.start_pos or 0,
        token.end_pos or 0,
    )


def _span_of(item: Any) -> Span:
    if isinstance(item, Token):
        return _token_span(item)
    if isinstance(item, Span):
        return item
    return item.span


def _join(first: Any, last: Any) -> Span:
    """The span from the start of `first` to the end of `last` (tokens or nodes)."""
    a = _span_of(first)
    b = _span_of(last)
    return Span(a.line, a.column, b.end_line, b.end_column, a.start, b.end)


# --------------------------------------------------------------------------- text literals


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if len(code) == 5 and code[0] == "u":
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, "\\" + code)

    text = _ESCAPE_RE.sub(replace, body)
    if "\\u" in body:  # a surrogate pair written out ("\ud83d\ude00") is one character
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    return text


# --------------------------------------------------------------------------- the AST builder


class _AstBuilder(Transformer[Token, Any]):
    """The grammar's callbacks, run at each LALR reduction. Children arrive already built.

    Depth bookkeeping lives in a thread-local dict keyed by node id for the length of one parse.
    """

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)
        self._local = threading.local()

    # -- depth ---------------------------------------------------------------------------------

    def begin(self, text: str = "") -> None:
        self._local.text = text
        self._local.depth = {}
        self._local.creator = []
        self._local.headers = {}

    def end(self) -> None:
        self._local.depth = {}
        self._local.creator = []
        self._local.headers = {}

    def _creator(self, node: _N) -> _N:
        """Note Creator syntax, for the Script's `creator` list."""
        found: list[Any] | None = getattr(self._local, "creator", None)
        if found is None:
            found = self._local.creator = []
        found.append(node)
        return node

    def _node(self, node: _N, *children: object) -> _N:
        """Record `node`'s depth from its child nodes, refusing trees deeper than MAX_DEPTH."""
        depths: dict[int, int] | None = getattr(self._local, "depth", None)
        if depths is None:
            depths = self._local.depth = {}
        deepest = 0
        for child in children:
            d = depths.get(id(child), 1)
            if d > deepest:
                deepest = d
        depth = deepest + 1
        if depth > MAX_DEPTH:
            span: Span = node.span  # type: ignore[attr-defined]
            raise BuildProblem(
                f"(Line no: {span.line}) This statement nests too deeply (more than "
                f"{MAX_DEPTH} levels of brackets, blocks or chained operations); split it into "
                "smaller statements",
                Span.point(span.line, span.column, span.start),
            )
        depths[id(node)] = depth
        return node

    # -- script --------------------------------------------------------------------------------

    def start(self, children: list[Any]) -> dast.Script:
        (script,) = children
        found: list[Any] = getattr(self._local, "creator", None) or []
        body = script.body
        if body and _is_definition(body[0]) and not any(map(_is_definition, body[1:])):
            # One definition first and alone: a saved function's signature and body, not Creator
            # syntax; its body ends the script.
            if len(body) > 1:
                self._nothing_after_function(body[1])
            definition = cast(dast.CreatorStatement, body[0])
            header = self._headers.pop(id(definition))
            found = [node for node in found if node is not definition]
            script = dast.Script(definition.body, header, definition.span)
        if found:
            found.sort(key=lambda node: node.span.start)
            script = dast.Script(script.body, script.signature, script.span, tuple(found))
        return script

    def _nothing_after_function(self, after: dast.Stmt) -> NoReturn:
        text: str = getattr(self._local, "text", "")
        word = _FIRST_WORD.match(text, after.span.start)
        found = word.group(0) if word else "end of line"
        raise DelugeSyntaxError(
            f"(Line no: {after.span.line}) Expecting the end of the script but found '{found}'",
            Span.point(after.span.line, after.span.column, after.span.start),
        )

    def statements(self, children: list[Any]) -> dast.Script:
        body = tuple(child for child in children if child is not None)
        if body:
            span = _join(body[0], body[-1])
        else:
            span = Span(1, 1, 1, 1, 0, 0)
        return self._node(dast.Script(body, None, span), *body)

    @property
    def _headers(self) -> dict[int, dast.Signature]:
        headers: dict[int, dast.Signature] | None = getattr(self._local, "headers", None)
        if headers is None:
            headers = self._local.headers = {}
        return headers

    def definition(self, children: list[Any]) -> dast.CreatorStatement:
        return_type, name, _lpar, params, _rpar, block = children
        body, block_span = block
        header = dast.Signature(
            return_type.value,
            name,
            tuple(params or ()),
            _join(return_type, _rpar),
        )
        node = dast.CreatorStatement("function", name, (), (), body, _join(return_type, block_span))
        self._headers[id(node)] = header
        return self._creator(self._node(node, *body))

    def creator_insert(self, children: list[Any]) -> dast.CreatorStatement:
        keyword, form, _lsqb, *fields, rsqb, semi = children
        pairs = [field for field in fields if field is not None]
        node = dast.CreatorStatement(
            "insert",
            form.value,
            tuple(name for name, _value in pairs),
            tuple(value for _name, value in pairs),
            (),
            _join(keyword, semi if semi is not None else rsqb),
        )
        return self._creator(self._node(node, *(value for _name, value in pairs)))

    def creator_field(self, children: list[Any]) -> tuple[str, dast.Expr]:
        name, _op, value = children
        return name.value, value

    def creator_delete(self, children: list[Any]) -> dast.CreatorStatement:
        keyword, form, _lsqb, criteria, _rsqb, semi = children
        values = () if criteria is None else (criteria,)
        node = dast.CreatorStatement("delete", form.value, (), values, (), _join(keyword, semi))
        return self._creator(self._node(node, *values))

    def creator_fetch(self, children: list[Any]) -> dast.CreatorFetch:
        form, _lsqb, criteria, rsqb = children
        node = dast.CreatorFetch(form.value, criteria, _join(form, rsqb))
        return self._creator(self._node(node, *(() if criteria is None else (criteria,))))

    def qualified_name(self, children: list[Token]) -> str:
        return ".".join(token.value for token in children)

    def params(self, children: list[dast.Param]) -> tuple[dast.Param, ...]:
        return tuple(children)

    def param(self, children: list[Token]) -> dast.Param:
        type_name, name = children
        return dast.Param(type_name.value, name.value, _join(type_name, name))

    def block(self, children: list[Any]) -> tuple[tuple[dast.Stmt, ...], Span]:
        lbrace, script, rbrace = children
        return script.body, _join(lbrace, rbrace)

    # -- statements ----------------------------------------------------------------------------

    def assign(self, children: list[Any]) -> dast.Assign:
        target, op, value, semi = children
        _refuse_system_target(target)
        return self._node(
            dast.Assign(
                _variable(target), op.value, value, _join(target, semi), _token_span(target)
            ),
            value,
        )

    def assign_block(self, children: list[Any]) -> dast.Assign:
        target, op, value = children
        _refuse_system_target(target)
        return self._node(
            dast.Assign(
                _variable(target), op.value, value, _join(target, value), _token_span(target)
            ),
            value,
        )

    def expr_stmt(self, children: list[Any]) -> dast.ExprStmt:
        expr, semi = children
        return self._node(dast.ExprStmt(expr, _join(expr, semi)), expr)

    def block_stmt(self, children: list[Any]) -> dast.ExprStmt:
        (task,) = children
        return self._node(dast.ExprStmt(task, task.span), task)

    def empty_stmt(self, children: list[Any]) -> None:
        return None

    def if_stmt(self, children: list[Any]) -> dast.If:
        if_token, _lpar, condition, _rpar, block, *rest = children
        branches: list[tuple[dast.Expr, tuple[dast.Stmt, ...]]] = [(condition, block[0])]
        end_span: Span = block[1]
        else_body: tuple[dast.Stmt, ...] | None = None
        nested: list[Any] = [condition, *block[0]]
        for part in rest:
            if part is None:
                continue
            kind, cond, body, span = part
            end_span = span
            if kind == "elif":
                branches.append((cond, body))
                nested.append(cond)
            else:
                else_body = body
            nested.extend(body)
        span = _join(if_token, end_span)
        return self._node(dast.If(tuple(branches), else_body, span), *nested)

    def else_if(self, children: list[Any]) -> tuple[str, Any, Any, Span]:
        _else, _if, _lpar, condition, _rpar, block = children
        return ("elif", condition, block[0], block[1])

    def else_part(self, children: list[Any]) -> tuple[str, Any, Any, Span]:
        _else, block = children
        return ("else", None, block[0], block[1])

    def for_each_value(self, children: list[Any]) -> dast.ForEach:
        keyword, var, _in, iterable, block = children
        body = block[0]
        node = dast.ForEach(_variable(var), iterable, body, False, _join(keyword, block[1]))
        return self._node(node, iterable, *body)

    def for_each_index(self, children: list[Any]) -> dast.ForEach:
        keyword, _index, var, _in, iterable, block = children
        body = block[0]
        node = dast.ForEach(_variable(var), iterable, body, True, _join(keyword, block[1]))
        return self._node(node, iterable, *body)

    def try_catch(self, children: list[Any]) -> dast.TryCatch:
        keyword, body, _catch, _lpar, name, _rpar, handler = children
        node = dast.TryCatch(body[0], _variable(name), handler[0], _join(keyword, handler[1]))
        return self._node(node, *body[0], *handler[0])

    def return_bare(self, children: list[Any]) -> dast.Return:
        keyword, semi = children
        return self._node(dast.Return(None, _join(keyword, semi)))

    def return_value(self, children: list[Any]) -> dast.Return:
        keyword, value, semi = children
        return self._node(dast.Return(value, _join(keyword, semi)), value)

    def return_block(self, children: list[Any]) -> dast.Return:
        keyword, value = children
        return self._node(dast.Return(value, _join(keyword, value)), value)

    def info_stmt(self, children: list[Any]) -> dast.Info:
        keyword, value, semi = children
        return self._node(dast.Info(value, _join(keyword, semi)), value)

    def throw_stmt(self, children: list[Any]) -> dast.ExprStmt:
        """`throw "message";` (a Zoho Flow script saved with it: "`throw` ... accepted") is a
        call of the built-in `throw`, which raises a run-time error with that message."""
        keyword, value, semi = children
        span = _join(keyword, semi)
        call = self._node(dast.Call("throw", (value,), _join(keyword, value)), value)
        return self._node(dast.ExprStmt(call, span), call)

    def break_stmt(self, children: list[Any]) -> dast.Break:
        keyword, semi = children
        return self._node(dast.Break(_join(keyword, semi)))

    def continue_stmt(self, children: list[Any]) -> dast.Continue:
        keyword, semi = children
        return self._node(dast.Continue(_join(keyword, semi)))

    # -- block tasks ---------------------------------------------------------------------------

    def block_task(self, children: list[Any]) -> dast.BlockTask:
        keyword, _lsqb, params, rsqb = children
        task = keyword.value.lower()
        if task == "invokeapi":
            task, params = "invokeurl", self._invokeapi_params(params, _join(keyword, rsqb))
        node = dast.BlockTask(task, params, _join(keyword, rsqb))
        return self._node(node, *(p.value for p in params))

    def _invokeapi_params(
        self, params: tuple[dast.BlockParam, ...], span: Span
    ) -> tuple[dast.BlockParam, ...]:
        """An `invokeapi [service: crm path: "/crm/v7/Leads" ...]` block runs as an `invokeurl`
        to the service's API domain: `url` is the domain followed by `path` (Zoho's invokeAPI
        page: "only the path needs to be specified. The domain of the Zoho service is fetched
        automatically"), so the guard, the fixtures and the inventory treat it as any other
        request. The other keys (type, parameters, body, headers, connection, ...) stay."""
        by_key = {p.key: p for p in params}
        service = by_key.get("service")
        name = service.value.value if service and isinstance(service.value, dast.Text) else ""
        base = zoho_api_domain(name)
        path = by_key.get("path")
        url: dast.Expr = self._node(dast.Text(base, False, path.span if path else span))
        if path is not None:
            url = self._node(dast.Binary("+", url, path.value, path.span), url, path.value)
        url_param = self._node(dast.BlockParam("url", url, path.span if path else span), url)
        kept = tuple(p for p in params if p.key not in ("service", "path", "url"))
        return (url_param, *kept)

    def block_params(self, children: list[Any]) -> tuple[dast.BlockParam, ...]:
        return tuple(children)

    def block_values(self, children: list[Any]) -> tuple[dast.Expr, ...]:
        return tuple(child for child in children if child is not None)

    def tagged_value(self, children: list[Any]) -> dast.MapLiteral:
        tag, value = children
        key = self._node(dast.Text(tag.value, False, _token_span(tag)))
        return self._node(dast.MapLiteral(((key, value),), _join(tag, value)), key, value)

    def block_param(self, children: list[Any]) -> dast.BlockParam:
        key_token, values = children
        key = _normalise_key(key_token.value)
        if len(values) == 1:
            value = values[0]
        else:
            value = self._node(dast.ListLiteral(values, _join(values[0], values[-1])), *values)
        if key in CONSTANT_VALUED_KEYS and isinstance(value, dast.Name):
            value = self._node(dast.Text(value.spelled or value.name, False, value.span))
        return self._node(dast.BlockParam(key, value, _join(key_token, value)), value)

    # -- expressions ---------------------------------------------------------------------------

    def operators(self, children: list[Any]) -> dast.Expr:
        """`a op b op c ...`, grouped by precedence (all left-associative), without recursion."""
        operands: list[Any] = [children[0]]
        pending: list[Token] = []
        for index in range(1, len(children), 2):
            op, operand = children[index], children[index + 1]
            level = _PRECEDENCE[op.type]
            while pending and _PRECEDENCE[pending[-1].type] >= level:
                self._reduce(operands, pending.pop())
            pending.append(op)
            operands.append(operand)
        while pending:
            self._reduce(operands, pending.pop())
        return operands[0]

    def _reduce(self, operands: list[Any], op: Token) -> None:
        right = operands.pop()
        left = operands.pop()
        symbol = op.value
        if op.type == "ASSIGN_OP":  # only in an `if` condition: `=` compares, as `==` does
            if symbol != "=":
                raise BuildProblem(
                    f"(Line no: {op.line}) '{symbol}' cannot be used in a condition; "
                    "compare with == (or =)",
                    _token_span(op),
                )
            symbol = "=="
        operands.append(
            self._node(dast.Binary(symbol, left, right, _join(left, right)), left, right)
        )

    def unary(self, children: list[Any]) -> dast.Unary:
        op, operand = children
        return self._node(dast.Unary(op.value, operand, _join(op, operand)), operand)

    def unary_plus(self, children: list[Any]) -> dast.Expr:
        """`+x` is `x`: "functionality wise, it has no effect" (Zoho's operators page)."""
        return children[1]

    def member(self, children: list[Any]) -> dast.Expr:
        target, name = children
        span = _join(target, name)
        if _is_dotted_root(target):
            dotted = dast.SystemVariable(f"{_dotted_name(target)}.{name.value}", span)
            return self._node(dotted, target)
        # `e.message`, `e.lineNo`: a property read is a method call without arguments.
        node = dast.MethodCall(target, name.value, (), span, _token_span(name))
        return self._node(node, target)

    def method(self, children: list[Any]) -> dast.Expr:
        target, name, _lpar, args, rpar = children
        if args and name.value.lower() == "insert" and any(isinstance(a, tuple) for a in args):
            args = self._pairs_as_map(args)
        positional = _positional(args, f"{name.value}(...)")
        span = _join(target, rpar)
        if _is_task_root(target):
            task = dast.TaskCall(f"{_task_root(target)}.{name.value}", positional, span)
            return self._node(task, *positional)
        call = dast.MethodCall(target, name.value, positional, span, _token_span(name))
        return self._node(call, target, *positional)

    def name(self, children: list[Token]) -> dast.Expr:
        (token,) = children
        name = _variable(token)
        if name in _BARE_SYSTEM_VARIABLES:
            return self._node(dast.SystemVariable(name, _token_span(token)))
        spelled = "" if name == token.value else str(token.value)
        return self._node(dast.Name(name, _token_span(token), spelled))

    def text(self, children: list[Token]) -> dast.Text:
        (token,) = children
        raw = token.value
        node = dast.Text(_unescape(raw[1:-1]), raw[0] == "'", _token_span(token))
        return self._node(node)

    def number(self, children: list[Token]) -> dast.Number:
        (token,) = children
        return self._node(dast.Number(int(token.value), _token_span(token)))

    def decimal(self, children: list[Token]) -> dast.Decimal:
        (token,) = children
        return self._node(dast.Decimal(token.value, _token_span(token)))

    def boolean(self, children: list[Token]) -> dast.Boolean:
        (token,) = children
        value = token.value.lower() == "true"
        return self._node(dast.Boolean(value, _token_span(token)))

    def null(self, children: list[Token]) -> dast.Null:
        (token,) = children
        return self._node(dast.Null(_token_span(token)))

    def paren(self, children: list[Any]) -> dast.Expr:
        _lpar, expr, _rpar = children
        return self._node(expr, expr)

    def empty_braces(self, children: list[Token]) -> dast.MapLiteral:
        lbrace, rbrace = children
        return self._node(dast.MapLiteral((), _join(lbrace, rbrace)))

    def brace_list(self, children: list[Any]) -> dast.ListLiteral:
        lbrace, items, rbrace = children
        return self._node(dast.ListLiteral(items, _join(lbrace, rbrace)), *items)

    def brace_map(self, children: list[Any]) -> dast.MapLiteral:
        lbrace, entries, rbrace = children
        node = dast.MapLiteral(entries, _join(lbrace, rbrace))
        return self._node(node, *(part for entry in entries for part in entry))

    def square_list(self, children: list[Any]) -> dast.ListLiteral:
        lsqb, items, rsqb = children
        items = items or ()
        return self._node(dast.ListLiteral(items, _join(lsqb, rsqb)), *items)

    def items(self, children: list[Any]) -> tuple[dast.Expr, ...]:
        return tuple(child for child in children if child is not None)

    def entries(self, children: list[Any]) -> tuple[tuple[dast.Expr, dast.Expr], ...]:
        return tuple(child for child in children if child is not None)

    def entry(self, children: list[Any]) -> tuple[dast.Expr, dast.Expr]:
        key, value = children
        return (key, value)

    def _pairs_as_map(self, args: list[Any]) -> list[Any]:
        """`c.insert("CRM" : 5)` (the collection insert page): its `key: value` arguments are
        one key-value collection argument, as `Collection("CRM" : 5)` builds (a `{...}` map
        stays an element an index-value collection may hold)."""
        entries = tuple(a for a in args if isinstance(a, tuple))
        node = dast.Construct(
            "Collection", None, (), entries, _join(entries[0][0], entries[-1][1])
        )
        rest = [a for a in args if not isinstance(a, tuple)]
        return [*rest, self._node(node, *(part for entry in entries for part in entry))]

    def args(self, children: list[Any]) -> list[Any]:
        return children

    def call(self, children: list[Any]) -> dast.Expr:
        name, _lpar, args, rpar = children
        span = _join(name, rpar)
        type_name = _CONSTRUCTORS.get(name.value.lower())
        if type_name is not None:
            return self._construct(type_name, None, args, span, name.value)
        positional = _positional(args, f"{name.value}(...)")
        return self._node(dast.Call(name.value, positional, span), *positional)

    def typed_construct(self, children: list[Any]) -> dast.Construct:
        head, _lpar, args, rpar = children
        kind, _, element = head.value.partition(":")
        type_name = _CONSTRUCTORS[kind.strip().lower()]
        return self._construct(type_name, element.strip(), args, _join(head, rpar), kind.strip())

    def _construct(
        self, type_name: str, element: str | None, args: list[Any] | None, span: Span, written: str
    ) -> dast.Construct:
        args = args or []
        positional = tuple(a for a in args if not isinstance(a, tuple))
        entries = tuple(a for a in args if isinstance(a, tuple))
        if entries and type_name != "Collection":
            _misplaced_entry(entries[0], f"{written}(...)")
        node = dast.Construct(type_name, element, positional, entries, span)
        parts = [*positional, *(part for entry in entries for part in entry)]
        return self._node(node, *parts)

    def if_expr(self, children: list[Any]) -> dast.IfExpr:
        keyword, _lpar, condition, when_true, when_false, rpar = children
        node = dast.IfExpr(condition, when_true, when_false, _join(keyword, rpar))
        return self._node(node, condition, when_true, when_false)


# The API domain of each Zoho service (United States data centre) for `invokeapi`; a service
# not named here answers at Zoho's common API domain, as CRM, Books and Creator do.
_ZOHO_API_DOMAINS = {
    "cliq": "https://cliq.zoho.com",
    "desk": "https://desk.zoho.com",
    "mail": "https://mail.zoho.com",
    "people": "https://people.zoho.com",
    "projects": "https://projectsapi.zoho.com",
    "sign": "https://sign.zoho.com",
}


def zoho_api_domain(service: str) -> str:
    """The address `invokeapi` puts before `path` for `service` (`"crm"` gives
    `"https://www.zohoapis.com"`, so path `/crm/v7/Leads` is `https://www.zohoapis.com/crm/v7/Leads`,
    the example of Zoho's invokeAPI page)."""
    return _ZOHO_API_DOMAINS.get(service.strip().lower(), "https://www.zohoapis.com")


def _normalise_key(raw: str) -> str:
    key = re.sub(r"\s*-\s*", "-", raw.strip().lower())
    return re.sub(r"\s+", " ", key)


def _is_dotted_root(node: Any) -> bool:
    if isinstance(node, dast.Name):
        return node.name in _DOTTED_ROOTS
    if isinstance(node, dast.SystemVariable):
        return node.name.split(".", 1)[0] in _DOTTED_ROOTS
    return False


def _is_task_root(node: Any) -> bool:
    """A dotted name a call turns into a task: `zoho.cliq`, `thisapp`; not `zoho.currentdate`."""
    if isinstance(node, dast.Name):
        return node.name in _DOTTED_ROOTS
    if isinstance(node, dast.SystemVariable):
        parts = node.name.split(".")
        if parts[0] not in _DOTTED_ROOTS:
            return False
        return not (parts[0] == "zoho" and parts[1].lower() in _ZOHO_SYSTEM_VARIABLES)
    return False


def _dotted_name(node: Any) -> str:
    return node.name if isinstance(node, dast.Name | dast.SystemVariable) else ""


def _task_root(node: Any) -> str:
    """The dotted root of a task call, `zoho.chat` read as `zoho.cliq`: Cliq's tasks kept the
    name Zoho Chat had before it became Cliq in Zoho's own Cliq marketplace samples
    (`zoho.chat.postToChat(chat.get("id"), message)`), and no page says the old name stopped
    working, so they are the zoho.cliq tasks (docs/components.md, "Real code written by
    others")."""
    root = _dotted_name(node)
    return "zoho.cliq" if root.lower() == "zoho.chat" else root


def _positional(args: list[Any] | None, where: str) -> tuple[dast.Expr, ...]:
    if not args:
        return ()
    for arg in args:
        if isinstance(arg, tuple):
            _misplaced_entry(arg, where)
    return tuple(args)


def _misplaced_entry(entry: tuple[Any, Any], where: str) -> NoReturn:
    span = _join(entry[0], entry[1])
    raise BuildProblem(
        f"(Line no: {span.line}) Improper Statement Error: a 'key: value' argument is not "
        f"allowed in {where}; only Collection(...) takes them (use a map literal {{...}})",
        span,
    )


# --------------------------------------------------------------------------- building Lark


class _ParserHolder:
    """The process-wide Lark parser, built on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lark: Lark | None = None
        self.builder = _AstBuilder()

    def get(self) -> Lark:
        lark = self._lark
        if lark is None:
            with self._lock:
                if self._lark is None:
                    self._lark = _build_lark(self.builder)
                lark = self._lark
        return lark


def _grammar_cache_path(grammar: str) -> Path | None:
    """A per-user cache file for the built grammar, keyed by the grammar and the front end's
    version (`cache_format.frontend_stamp`), or None when there is no usable cache directory
    (then the grammar is built in each process).

    The file is JSON (`cache_format.tables_to_json`), never a pickle: a planted or damaged file
    is only a wrong entry, which is rebuilt (and rewritten); an unwritable directory only costs
    the rebuild.
    """
    from cliqsim.deluge.cache_format import frontend_stamp

    directory = cache_dir()
    stamp = frontend_stamp()
    if directory is None or stamp is None:
        return None
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    key = hashlib.sha256(f"{stamp}\n{grammar}".encode()).hexdigest()[:20]
    path = directory / f"deluge-grammar-{key}.lark-cache"
    if not path.exists():
        _remove_stale_caches(directory, keep=path.name)
    return path


def _remove_stale_caches(directory: Path, keep: str) -> None:
    """Caches of other grammar versions are dead weight once the grammar changed."""
    for stale in directory.glob("deluge-grammar-*.lark-cache"):
        if stale.name != keep:
            try:
                stale.unlink()
            except OSError:
                pass


def _build_lark(builder: _AstBuilder) -> Lark:
    grammar = GRAMMAR_PATH.read_text(encoding="utf-8")
    options: dict[str, Any] = dict(
        parser="lalr",
        lexer=DelugeLexer,
        transformer=builder,
        maybe_placeholders=True,
    )
    cache = _grammar_cache_path(grammar)
    if cache is not None:
        loaded = _load_tables(cache, builder)
        if loaded is not None:
            return loaded
    built = Lark(grammar, **options)
    if cache is not None:
        _save_tables(cache, built)
    return built


def _load_tables(path: Path, builder: _AstBuilder) -> Lark | None:
    from cliqsim.deluge.cache_format import tables_from_json

    try:
        tables = tables_from_json(path.read_text(encoding="utf-8"), DelugeLexer)
        return Lark.__new__(Lark)._load(tables, transformer=builder)
    except Exception:  # noqa: BLE001 - missing, stale or damaged: build the grammar instead
        return None


def _save_tables(path: Path, built: Lark) -> None:
    import os
    import tempfile

    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    from cliqsim.deluge.cache_format import tables_to_json

    try:
        data, memo = built.memo_serialize([TerminalDef, Rule])
        text = tables_to_json({"data": data, "memo": memo}, DelugeLexer)
        fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except Exception:  # noqa: BLE001 - an unwritable cache only costs the next build
        return


_HOLDER = _ParserHolder()


def grammar_parser() -> Lark:
    """The shared Lark parser (built or loaded from the cache on first call)."""
    return _HOLDER.get()


# --------------------------------------------------------------------------- parse


def parse(text: str, name: str = "<input>") -> dast.Script:
    """Parse a Deluge script or saved function. Raises only `DelugeSyntaxError`, with `.source`
    set so `.render()` shows the pinpointed line."""
    source = Source(text, name)
    if len(text) > MAX_SCRIPT_CHARS:
        raise DelugeSyntaxError(
            f"(Line no: 1) The script is {len(text):,} characters long, more than the limit of "
            f"{MAX_SCRIPT_CHARS:,}: move parts of it into functions",
            Span.point(1, 1),
            source,
        )
    try:
        lark = _HOLDER.get()
    except Exception as error:  # a broken install: say so rather than crash
        raise DelugeSyntaxError(
            f"(Line no: 1) The Deluge grammar could not be loaded ({error}); reinstall cliqsim",
            Span.point(1, 1),
            source,
        ) from None
    builder = _HOLDER.builder
    builder.begin(text)
    try:
        return cast(dast.Script, lark.parse(text))
    except DelugeSyntaxError as error:
        raise error.with_source(source) from None
    except Exception as error:  # noqa: BLE001 - classified below; nothing else may escape
        problem = error
    finally:
        builder.end()
    raise _syntax_error(problem, source) from None


def _syntax_error(error: BaseException, source: Source) -> DelugeSyntaxError:
    from cliqsim.deluge import syntax_errors

    try:
        return syntax_errors.describe(error, source)
    except Exception:  # noqa: BLE001 - explaining must not fail; fall back to the plain facts
        line = getattr(error, "line", None) or 1
        column = getattr(error, "column", None) or 1
        return DelugeSyntaxError(
            f"(Line no: {line}) Improper Statement Error", Span.point(line, column), source
        )


@dataclass(frozen=True)
class FailurePoint:
    """Where a parse failed: the last token accepted, the token refused (None at the end of the
    text) and the terminals the parser would have accepted there."""

    previous: Token | None
    failing: Token | None
    expected: frozenset[str]


def failure_point(text: str) -> FailurePoint:
    """Re-parse `text` up to its first error and describe the spot. Used only to explain an
    error, so speed is no concern.

    Lark's own `expected` set comes from the state after default reductions (LALR merges
    contexts), so it can list tokens that are not acceptable here; this replays the parse and
    tries each terminal against a copy of the state stack from just before the refused token.
    """
    lark = _HOLDER.get()
    builder = _HOLDER.builder
    builder.begin()
    previous: Token | None = None
    current: Token | None = None
    interactive = lark.parse_interactive(text)
    state = interactive.parser_state
    before: list[Any] = list(state.state_stack)
    try:
        for token in interactive.iter_parse():
            previous, current = current, token
            before = list(state.state_stack)
        previous, current = current, None
        before = list(state.state_stack)
        interactive.feed_eof()
    except UnexpectedToken as error:
        failing = error.token
        if failing.type == "$END":
            last = current if current is not None else previous
            return FailurePoint(last, None, _acceptable(state.parse_conf, before))
        if current is not None and current.start_pos != failing.start_pos:
            # The lexer refused `failing` before the parser saw it: `current` was accepted.
            previous = current
            before = list(state.state_stack)
        return FailurePoint(previous, failing, _acceptable(state.parse_conf, before))
    except Exception:  # noqa: BLE001 - any other failure: explain with what we have
        return FailurePoint(previous, current, frozenset())
    finally:
        builder.end()
    return FailurePoint(current, None, frozenset())


def _acceptable(parse_conf: Any, state_stack: list[Any]) -> frozenset[str]:
    from copy import copy

    from lark.parsers.lalr_parser_state import ParserState

    conf = copy(parse_conf)
    conf.callbacks = {}
    accepted = set()
    for terminal in conf.states[state_stack[-1]]:
        if not terminal.isupper() and terminal != "$END":
            continue
        trial = ParserState(conf, None, list(state_stack), [None] * len(state_stack))  # type: ignore[arg-type]
        try:
            trial.feed_token(Token(terminal, ""), is_end=terminal == "$END")
        except Exception:  # noqa: BLE001 - refused (UnexpectedToken) or ran past the end
            continue
        accepted.add(terminal)
    return frozenset(accepted)
