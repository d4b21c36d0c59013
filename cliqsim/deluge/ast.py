"""The Deluge syntax tree: frozen `msgspec.Struct`s, each node with the `Span` it came from.

Import it as `from cliqsim.deluge import ast as dast` so it is not confused with the stdlib module.
The parser builds these; the analyzer, the effect inventory and the compiler read them. No Lark type
appears here.

The nodes are `msgspec.Struct`s rather than dataclasses because creating a class is then done in
C: the 32 node dataclasses cost a cold `cliqsim run` about 9 ms of compiling their generated
methods (issue #18). They behave as frozen slotted dataclasses did (positional or keyword
construction, equality and hashing by fields, `match` patterns); `fields_of(cls)` gives a node
type's field names in order, where `dataclasses.fields` was used.
"""

from __future__ import annotations

import msgspec

from cliqsim.deluge.source import Span

# --------------------------------------------------------------------------- expressions


class Text(msgspec.Struct, frozen=True):
    """A text literal. `single_quoted` texts may be date-time literals (`'15-Aug-1947'`): the
    compiler decides by the documented date formats, and treats the rest as text."""

    value: str
    single_quoted: bool
    span: Span


class Number(msgspec.Struct, frozen=True):
    """A whole number literal (64-bit in Deluge)."""

    value: int
    span: Span


class Decimal(msgspec.Struct, frozen=True):
    """A decimal literal, kept as written (`"0.99"`) so no precision is lost in the tree."""

    text: str
    span: Span


class Boolean(msgspec.Struct, frozen=True):
    value: bool
    span: Span


class Null(msgspec.Struct, frozen=True):
    span: Span


class Name(msgspec.Struct, frozen=True):
    """A variable read. `name` is lower case (Deluge matches variables without case);
    `spelled` is how this read writes it, for messages ("" when it is `name`)."""

    name: str
    span: Span
    spelled: str = ""


class SystemVariable(msgspec.Struct, frozen=True):
    """A value the host provides: `now`, `today` (written without parentheses) and dotted
    `zoho.*` names read without a call (`zoho.currentdate`, `zoho.loginuserid`, ...).

    `name` is the full dotted name as written, e.g. `"zoho.currentdate"` or `"now"`.
    """

    name: str
    span: Span


class ListLiteral(msgspec.Struct, frozen=True):
    """`{a, b}` without colons, or `[a, b]`."""

    items: tuple[Expr, ...]
    span: Span


class MapLiteral(msgspec.Struct, frozen=True):
    """`{"k": v, ...}`; `{}` is an empty map."""

    entries: tuple[tuple[Expr, Expr], ...]
    span: Span


class Construct(msgspec.Struct, frozen=True):
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


class Unary(msgspec.Struct, frozen=True):
    """`-x` or `!x` (`op` is "-" or "!")."""

    op: str
    operand: Expr
    span: Span


class Binary(msgspec.Struct, frozen=True):
    """`left op right`; `op` is one of + - * / % == != < > <= >= && ||."""

    op: str
    left: Expr
    right: Expr
    span: Span


class IfExpr(msgspec.Struct, frozen=True):
    """The inline `if(condition, when_true, when_false)`."""

    condition: Expr
    when_true: Expr
    when_false: Expr
    span: Span


class Call(msgspec.Struct, frozen=True):
    """A function-style call of a built-in: `ifnull(a, b)`, `len(s)`, `daysBetween(a, b)`."""

    name: str
    args: tuple[Expr, ...]
    span: Span


class MethodCall(msgspec.Struct, frozen=True):
    """`target.name(args)`, e.g. `s.length()`, `m.get("k").toList(",")`."""

    target: Expr
    name: str
    args: tuple[Expr, ...]
    span: Span
    name_span: Span


class TaskCall(msgspec.Struct, frozen=True):
    """A dotted integration task or saved-function call: `zoho.cliq.postToChat(...)`,
    `zoho.crm.createRecord(...)`, `thisapp.fn(...)`, `standalone.fn(...)`.

    `name` is the full dotted name as written (`"zoho.cliq.postToChat"`), Zoho Chat's old
    `zoho.chat` root read as `zoho.cliq`.
    """

    name: str
    args: tuple[Expr, ...]
    span: Span


class BlockParam(msgspec.Struct, frozen=True):
    """One `key: value` line of an `invokeurl [...]` / `sendmail [...]` block.

    `key` is normalised to lower case with single spaces (`"content-type"`, `"reply to"`). A bare
    constant value such as `type: POST` or `response-format: FILE` is a `Text`.
    """

    key: str
    value: Expr
    span: Span


class BlockTask(msgspec.Struct, frozen=True):
    """`invokeurl [ ... ]` (an expression: its value is the response) or `sendmail [ ... ]`.

    `task` is `"invokeurl"` or `"sendmail"` (normalised to lower case).
    """

    task: str
    params: tuple[BlockParam, ...]
    span: Span


class CreatorFetch(msgspec.Struct, frozen=True):
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


class Assign(msgspec.Struct, frozen=True):
    """`target = value;` or a compound `target op value;` (`op` is "=", "+=", "-=", ...)."""

    target: str
    op: str
    value: Expr
    span: Span
    target_span: Span


class ExprStmt(msgspec.Struct, frozen=True):
    """An expression used as a statement: `m.put("a", 1);`, `sendmail [...]`."""

    expr: Expr
    span: Span


class If(msgspec.Struct, frozen=True):
    """`if (c) {...} else if (c2) {...} else {...}`: one (condition, body) per branch."""

    branches: tuple[tuple[Expr, tuple[Stmt, ...]], ...]
    else_body: tuple[Stmt, ...] | None
    span: Span


class ForEach(msgspec.Struct, frozen=True):
    """`for each x in e {...}`, or with `index=True`, `for each index i in e {...}`."""

    var: str
    iterable: Expr
    body: tuple[Stmt, ...]
    index: bool
    span: Span


class Break(msgspec.Struct, frozen=True):
    span: Span


class Continue(msgspec.Struct, frozen=True):
    span: Span


class TryCatch(msgspec.Struct, frozen=True):
    """`try {...} catch (e) {...}`; `error_name` is bound to the error with lineNo and message."""

    body: tuple[Stmt, ...]
    error_name: str
    handler: tuple[Stmt, ...]
    span: Span


class Return(msgspec.Struct, frozen=True):
    """`return e;` or a bare `return;` (value None)."""

    value: Expr | None
    span: Span


class Info(msgspec.Struct, frozen=True):
    """`info e;`"""

    value: Expr
    span: Span


class CreatorStatement(msgspec.Struct, frozen=True):
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


class Param(msgspec.Struct, frozen=True):
    type_name: str
    name: str
    span: Span


class Signature(msgspec.Struct, frozen=True):
    """A saved function's header: `string button.fn(String a, int b)`, `void automation.fn()`.

    `name` is the dotted name as written (`"button.fn"`).
    """

    return_type: str
    name: str
    params: tuple[Param, ...]
    span: Span


class Script(msgspec.Struct, frozen=True):
    """A whole script: a handler body, or a saved function with its `signature`."""

    body: tuple[Stmt, ...]
    signature: Signature | None
    span: Span
    # The Creator syntax in the script (CreatorFetch and CreatorStatement nodes, in source
    # order): `cliqsim check` reports each, the compiler refuses the script for the first.
    creator: tuple[CreatorFetch | CreatorStatement, ...] = ()


def is_node_type(value: object) -> bool:
    """Whether `value` is one of this module's node classes."""
    return (isinstance(value, type) and issubclass(value, msgspec.Struct)
            and value.__module__ == __name__)


def fields_of(node_type: type) -> tuple[str, ...]:
    """The field names of a node class, in declaration (= source) order."""
    names: tuple[str, ...] = node_type.__struct_fields__  # type: ignore[attr-defined]
    return names
