"""The Deluge syntax tree: frozen dataclasses, each node with the `Span` it came from.

Import it as `from cliqsim.deluge import ast as dast` so it is not confused with the stdlib module.
The parser builds these; the analyzer, the effect inventory and the compiler read them. No Lark type
appears here.
"""

from __future__ import annotations

from dataclasses import dataclass

from cliqsim.deluge.source import Span

# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Text:
    """A text literal. `single_quoted` texts may be date-time literals (`'15-Aug-1947'`): the
    compiler decides by the documented date formats, and treats the rest as text."""

    value: str
    single_quoted: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Number:
    """A whole number literal (64-bit in Deluge)."""

    value: int
    span: Span


@dataclass(frozen=True, slots=True)
class Decimal:
    """A decimal literal, kept as written (`"0.99"`) so no precision is lost in the tree."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Boolean:
    value: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Null:
    span: Span


@dataclass(frozen=True, slots=True)
class Name:
    """A variable read."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class SystemVariable:
    """A value the host provides: `now`, `today` (written without parentheses) and dotted
    `zoho.*` names read without a call (`zoho.currentdate`, `zoho.loginuserid`, ...).

    `name` is the full dotted name as written, e.g. `"zoho.currentdate"` or `"now"`.
    """

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class ListLiteral:
    """`{a, b}` without colons, or `[a, b]`."""

    items: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class MapLiteral:
    """`{"k": v, ...}`; `{}` is an empty map."""

    entries: tuple[tuple[Expr, Expr], ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Construct:
    """`Map()`, `map()`, `List()`, `list()`, `List:String()`, `Collection(...)`.

    `type_name` is normalised to `"Map"`, `"List"` or `"Collection"`; `element_type` is the typed
    list's element type as written (`"String"`) or None. `args` are positional arguments
    (`Collection("a", "b")`, `List({1,2})`); `entries` are `key: value` arguments
    (`Collection("Name": "Shawn")`).
    """

    type_name: str
    element_type: str | None
    args: tuple[Expr, ...]
    entries: tuple[tuple[Expr, Expr], ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Unary:
    """`-x` or `!x` (`op` is "-" or "!")."""

    op: str
    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Binary:
    """`left op right`; `op` is one of + - * / % == != < > <= >= && ||."""

    op: str
    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class IfExpr:
    """The inline `if(condition, when_true, when_false)`."""

    condition: Expr
    when_true: Expr
    when_false: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    """A function-style call of a built-in: `ifnull(a, b)`, `len(s)`, `daysBetween(a, b)`."""

    name: str
    args: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class MethodCall:
    """`target.name(args)`, e.g. `s.length()`, `m.get("k").toList(",")`."""

    target: Expr
    name: str
    args: tuple[Expr, ...]
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class TaskCall:
    """A dotted integration task or saved-function call: `zoho.cliq.postToChat(...)`,
    `zoho.crm.createRecord(...)`, `thisapp.fn(...)`, `standalone.fn(...)`.

    `name` is the full dotted name as written (`"zoho.cliq.postToChat"`).
    """

    name: str
    args: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class BlockParam:
    """One `key: value` line of an `invokeurl [...]` / `sendmail [...]` block.

    `key` is normalised to lower case with single spaces (`"content-type"`, `"reply to"`). A bare
    constant value such as `type: POST` or `response-format: FILE` is a `Text`.
    """

    key: str
    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class BlockTask:
    """`invokeurl [ ... ]` (an expression: its value is the response) or `sendmail [ ... ]`.

    `task` is `"invokeurl"` or `"sendmail"` (normalised to lower case).
    """

    task: str
    params: tuple[BlockParam, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class CreatorFetch:
    """Zoho Creator's record fetch `Form[criteria]` (`Employee[Name == "x"]`): parsed so that
    `cliqsim check` and the compiler can refuse it as Creator syntax, never run."""

    form: str
    criteria: Expr | None
    span: Span


Expr = (
    Text
    | Number
    | Decimal
    | Boolean
    | Null
    | Name
    | SystemVariable
    | ListLiteral
    | MapLiteral
    | Construct
    | Unary
    | Binary
    | IfExpr
    | Call
    | MethodCall
    | TaskCall
    | BlockTask
    | CreatorFetch
)

# --------------------------------------------------------------------------- statements


@dataclass(frozen=True, slots=True)
class Assign:
    """`target = value;` or a compound `target op value;` (`op` is "=", "+=", "-=", ...)."""

    target: str
    op: str
    value: Expr
    span: Span
    target_span: Span


@dataclass(frozen=True, slots=True)
class ExprStmt:
    """An expression used as a statement: `m.put("a", 1);`, `sendmail [...]`."""

    expr: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class If:
    """`if (c) {...} else if (c2) {...} else {...}`: one (condition, body) per branch."""

    branches: tuple[tuple[Expr, tuple[Stmt, ...]], ...]
    else_body: tuple[Stmt, ...] | None
    span: Span


@dataclass(frozen=True, slots=True)
class ForEach:
    """`for each x in e {...}`, or with `index=True`, `for each index i in e {...}`."""

    var: str
    iterable: Expr
    body: tuple[Stmt, ...]
    index: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Break:
    span: Span


@dataclass(frozen=True, slots=True)
class Continue:
    span: Span


@dataclass(frozen=True, slots=True)
class TryCatch:
    """`try {...} catch (e) {...}`; `error_name` is bound to the error with lineNo and message."""

    body: tuple[Stmt, ...]
    error_name: str
    handler: tuple[Stmt, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Return:
    """`return e;` or a bare `return;` (value None)."""

    value: Expr | None
    span: Span


@dataclass(frozen=True, slots=True)
class Info:
    """`info e;`"""

    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class CreatorStatement:
    """A Zoho Creator statement, parsed so that it can be refused as Creator syntax, never run.

    `kind` is `"insert"` (`insert into Form [ Field = value ... ]`: `fields` and `values`),
    `"delete"` (`delete from Form[criteria];`: `values` holds the criteria) or `"function"`
    (a function definition among statements, or a second one: `form` is the function's name,
    `body` its statements).
    """

    kind: str
    form: str
    fields: tuple[str, ...]
    values: tuple[Expr, ...]
    body: tuple[Stmt, ...]
    span: Span


Stmt = (
    Assign
    | ExprStmt
    | If
    | ForEach
    | Break
    | Continue
    | TryCatch
    | Return
    | Info
    | CreatorStatement
)


@dataclass(frozen=True, slots=True)
class Param:
    type_name: str
    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Signature:
    """A saved function's header: `string button.fn(String a, int b)`, `void automation.fn()`.

    `name` is the dotted name as written (`"button.fn"`).
    """

    return_type: str
    name: str
    params: tuple[Param, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Script:
    """A whole script: a handler body, or a saved function with its `signature`."""

    body: tuple[Stmt, ...]
    signature: Signature | None
    span: Span
    # The Creator syntax in the script (CreatorFetch and CreatorStatement nodes, in source
    # order): `cliqsim check` reports each, the compiler refuses the script for the first.
    creator: tuple[CreatorFetch | CreatorStatement, ...] = ()
