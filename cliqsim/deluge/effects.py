"""The effect inventory: everything a script can touch outside itself, read from the AST alone.

`inventory(script, name, objects)` walks the tree (after a pass over its statements for variables
that hold a URL) and lists

- `ObjectUse`: every Cliq object the script reads (the handler inputs `user`, `chat`, `message`,
  `location`, ...), with the fields it reads where the key is a literal (`user.get("email")`);
- `TaskUse`: every integration task or saved-function call, split into service and operation,
  with the connection argument when it is a literal;
- `UrlUse`: every `invokeurl`, `getUrl`, `postUrl` and `sendmail`, with the method, the URL when
  it is a literal (or the literal it starts with), the host when that is certain, and the
  connection;
- `IdentityUse`: identity system variables (`zoho.loginuserid`, `zoho.adminuser`, ...);

each with the spans of the code that uses it. The consent layer turns these into consent items.

The inventory over-approximates: when it cannot be sure (a URL built at run time, a whole object
passed on), it says so (`url=None`, `fields=None`) rather than guess narrower.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from cliqsim.deluge import ast as dast
from cliqsim.deluge.source import Span
from cliqsim.deluge.walk import Pass, handles, statements

# System variables that reveal who is running the script (reference §3.4).
IDENTITY_VARIABLES: frozenset[str] = frozenset(
    {"zoho.loginuser", "zoho.loginuserid", "zoho.adminuser", "zoho.adminuserid", "zoho.ipaddress"}
)

# Known integration tasks and how many arguments they take *including* the connection, which is
# always the last one (reference §2.3, §2.4). A call with fewer arguments has no connection.
TASK_ARITY: dict[str, int] = {
    "zoho.cliq.postToChat": 3,
    "zoho.cliq.postToChatAsAdmin": 3,
    "zoho.cliq.postToChannel": 3,
    "zoho.cliq.postToChannelAsAdmin": 3,
    "zoho.cliq.postToChannelAsBot": 4,
    "zoho.cliq.postToBot": 3,
    "zoho.cliq.postToBotAsAdmin": 3,
    "zoho.cliq.postToUser": 3,
    "zoho.cliq.editMessage": 4,
    "zoho.cliq.createRecord": 3,
    "zoho.cliq.getRecords": 3,
    "zoho.cliq.getRecordById": 3,
    "zoho.cliq.updateRecord": 4,
    "zoho.cliq.deleteRecord": 3,
    "zoho.cliq.deleteRecords": 3,
    "zoho.cliq.extension.getProperties": 2,
    "zoho.cliq.extension.setProperties": 2,
    "zoho.cliq.extension.deleteProperty": 2,
    "zoho.crm.getRecords": 5,
    "zoho.crm.getRecordById": 4,
    "zoho.crm.createRecord": 4,
    "zoho.crm.updateRecord": 5,
    "zoho.crm.searchRecords": 6,
    "zoho.desk.create": 4,
    "zoho.desk.getRecords": 6,
    "zoho.books.createRecord": 4,
    "zoho.books.getRecords": 4,
}
_TASK_ARITY_LOWER = {name.lower(): arity for name, arity in TASK_ARITY.items()}

# Legacy URL functions: lowercase name -> method
URL_FUNCTIONS: dict[str, str] = {"geturl": "GET", "posturl": "POST"}

UrlKind = Literal["invokeurl", "getUrl", "postUrl", "sendmail"]


def known_task_arity(name: str) -> int | None:
    """The full argument count (with connection) of a known task, ignoring case."""
    return _TASK_ARITY_LOWER.get(name.lower())


def connection_index(name: str, arg_count: int) -> int | None:
    """Which argument of a call to task `name` with `arg_count` arguments is the connection."""
    arity = known_task_arity(name)
    if arity is not None and arg_count == arity:
        return arity - 1
    return None


@dataclass(frozen=True, slots=True)
class ObjectUse:
    """A Cliq object the script reads. `fields` are the literal keys read from it
    (`user.get("email")`), or None when the script uses the whole object (passes it on, reads a
    computed key, calls a method on it). `reads` pairs each use with its field (None: whole)."""

    object: str
    fields: frozenset[str] | None
    spans: tuple[Span, ...]
    reads: tuple[tuple[str | None, Span], ...] = ()


@dataclass(frozen=True, slots=True)
class TaskUse:
    """An integration task or saved function: `zoho.crm.createRecord` is service `crm`,
    operation `createRecord`; `thisapp.fn` is service `thisapp`, operation `fn`.
    `connection` is the literal connection argument, when there is one; `connection_computed` is
    true when the connection position holds an expression rather than a literal."""

    name: str
    service: str
    operation: str
    connection: str | None
    spans: tuple[Span, ...]
    connection_computed: bool = False
    last_literal: str | None = None  # an unknown task's last argument, when a literal text


@dataclass(frozen=True, slots=True)
class UrlUse:
    """An outbound request or mail. `method` is None when it is decided at run time; `url` is the
    whole URL when it is a literal; `url_prefix` the literal it starts with; `host` is set only
    when the host is certain from the literal part. For `sendmail`, `recipients` are the `to`
    addresses, `cc`, `bcc` and `reply_to` the others, each a tuple of literals and the symbols
    `zoho.loginuserid` / `zoho.adminuserid` (empty when the block sets none), or None when
    decided at run time; `sender` is the `from` value as written (`zoho.adminuserid`, a
    literal), or None when decided at run time."""

    kind: UrlKind
    method: str | None
    url: str | None
    url_prefix: str | None
    host: str | None
    connection: str | None
    spans: tuple[Span, ...]
    connection_computed: bool = False
    recipients: tuple[str, ...] | None = None
    sender: str | None = None
    cc: tuple[str, ...] | None = ()
    bcc: tuple[str, ...] | None = ()
    reply_to: tuple[str, ...] | None = ()

    @property
    def decided_at_run_time(self) -> bool:
        return self.kind != "sendmail" and self.host is None


@dataclass(frozen=True, slots=True)
class IdentityUse:
    """An identity system variable such as `zoho.loginuserid`."""

    name: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Effects:
    """The inventory of one script."""

    name: str
    objects: tuple[ObjectUse, ...] = ()
    tasks: tuple[TaskUse, ...] = ()
    urls: tuple[UrlUse, ...] = ()
    identities: tuple[IdentityUse, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.objects or self.tasks or self.urls or self.identities)


def inventory(script: dast.Script, name: str, objects: Iterable[str]) -> Effects:
    """The effect inventory of `script` (shown as `name`). `objects` are the names the script is
    given that count as Cliq objects: the caller (the platform, which declares each trigger's
    handler inputs) says which, for the Deluge layer knows no Cliq names."""
    walker = _Walker(frozenset(objects), _url_constants(script))
    walker.visit(script)
    return walker.result(name)


# --------------------------------------------------------------------------- URL helpers


def host_of(url: str) -> str | None:
    """The host of an absolute URL (`https://Maps.Example.com:8443/x` -> `maps.example.com`),
    or None when `url` does not start with a scheme and a complete host."""
    scheme_end = url.find("://")
    if scheme_end <= 0:
        return None
    rest = url[scheme_end + 3 :]
    end = len(rest)
    for stop in "/?#":
        index = rest.find(stop)
        if index != -1:
            end = min(end, index)
    authority = rest[:end]
    if "@" in authority:
        authority = authority.rsplit("@", 1)[1]
    host = authority.rsplit(":", 1)[0] if authority.count(":") == 1 else authority
    return host.lower() or None


def _host_of_prefix(prefix: str) -> str | None:
    """The host of a URL known only by its first characters: certain only when the host part is
    already closed by `/`, `?`, `#` or a port `:` inside the prefix."""
    scheme_end = prefix.find("://")
    if scheme_end <= 0:
        return None
    rest = prefix[scheme_end + 3 :]
    if not any(stop in rest for stop in "/?#:"):
        return None
    return host_of(prefix)


@dataclass(frozen=True, slots=True)
class _UrlShape:
    url: str | None  # the whole literal
    prefix: str | None  # the literal start


def _shape(expr: dast.Expr, constants: dict[str, _UrlShape | None]) -> _UrlShape:
    """What is certain about the text `expr` produces: the whole literal, or its literal start."""
    if isinstance(expr, dast.Text):
        return _UrlShape(expr.value, expr.value)
    if isinstance(expr, dast.Name):
        known = constants.get(expr.name)
        return known if known is not None else _UrlShape(None, None)
    if isinstance(expr, dast.Binary) and expr.op == "+":
        left = _shape(expr.left, constants)
        if left.url is not None:
            right = _shape(expr.right, constants)
            if right.url is not None:
                return _UrlShape(left.url + right.url, left.url + right.url)
            return _UrlShape(None, left.url + (right.prefix or ""))
        return _UrlShape(None, left.prefix)
    return _UrlShape(None, None)


def _url_constants(script: dast.Script) -> dict[str, _UrlShape | None]:
    """Variables whose every assignment in the script gives the same URL shape, so that
    `url = "https://x/"; invokeurl [url: url + q]` is still known to go to `x`.

    Flow-insensitive on purpose: a variable assigned anything else anywhere (or used as a loop or
    catch variable) is unknown (None)."""
    assignments: dict[str, list[dast.Assign]] = {}
    unknown: set[str] = set()
    for stmt in statements(script):
        if isinstance(stmt, dast.Assign):
            assignments.setdefault(stmt.target, []).append(stmt)
        elif isinstance(stmt, dast.ForEach):
            unknown.add(stmt.var)
        elif isinstance(stmt, dast.TryCatch):
            unknown.add(stmt.error_name)
    constants: dict[str, _UrlShape | None] = {name: None for name in unknown}
    for _ in range(3):  # variables built from variables: a few rounds settle real scripts
        for var, assigns in assignments.items():
            if var not in unknown:
                constants[var] = _variable_shape(assigns, constants)
    return constants


def _variable_shape(
    assigns: list[dast.Assign], constants: dict[str, _UrlShape | None]
) -> _UrlShape | None:
    """The shape every assignment agrees on: the same literal, or at least the same host."""
    if any(a.op not in ("=", "+=") for a in assigns):
        return None
    shapes = [_shape(a.value, constants) for a in assigns if a.op == "="]
    if not shapes or any(s.prefix is None for s in shapes):
        return None
    first = shapes[0]
    appended = any(a.op == "+=" for a in assigns)
    if all(s == first for s in shapes):
        return _UrlShape(None, first.prefix) if appended else first
    hosts = {_host_of_prefix(s.prefix or "") for s in shapes}
    if len(hosts) != 1 or None in hosts:
        return None
    scheme = (first.prefix or "").split("://", 1)[0]
    return _UrlShape(None, f"{scheme}://{hosts.pop()}/")


# --------------------------------------------------------------------------- the walk


class _Walker(Pass[None]):
    """One pass over the tree, tracking which input names are shadowed by local assignments."""

    THROUGH = frozenset({
        # statements whose expressions are all it reads, and those that touch nothing
        dast.ExprStmt, dast.Info, dast.Return, dast.Break, dast.Continue,
        # expressions that only combine others, and literals
        dast.ListLiteral, dast.MapLiteral, dast.Unary, dast.Binary, dast.IfExpr,
        dast.Text, dast.Number, dast.Decimal, dast.Boolean, dast.Null,
        # parts: a block parameter's value; a signature (its names are shadowed by `script`)
        dast.BlockParam, dast.Signature, dast.Param,
    })

    def __init__(self, objects: frozenset[str], constants: dict[str, _UrlShape | None]) -> None:
        self.local: set[str] = set()
        self._objects = objects
        self._constants = constants
        self._reads: dict[str, list[tuple[str | None, Span]]] = {}  # object -> (field, span)
        # in order of first use
        self._tasks: dict[tuple[str, str | None, bool, str | None], list[Span]] = {}
        self._urls: list[UrlUse] = []
        self._identities: dict[str, list[Span]] = {}

    def result(self, name: str) -> Effects:
        objects = []
        for obj, reads in self._reads.items():
            fields = [f for f, _ in reads]
            objects.append(
                ObjectUse(
                    object=obj,
                    fields=None if None in fields else frozenset(f for f in fields if f),
                    spans=tuple(span for _, span in reads),
                    reads=tuple(reads),
                )
            )
        tasks = []
        for (task_name, connection, computed, last), spans in self._tasks.items():
            service, operation = _split_task(task_name)
            tasks.append(
                TaskUse(task_name, service, operation, connection, tuple(spans), computed, last)
            )
        identities = tuple(IdentityUse(n, tuple(s)) for n, s in self._identities.items())
        return Effects(name, tuple(objects), tuple(tasks), tuple(self._urls), identities)

    # ---- statements; `self.local` is the set of names definitely assigned so far

    @handles(dast.Script)
    def script(self, script: dast.Script) -> None:
        params = {p.name for p in script.signature.params} if script.signature else set()
        self._block(script.body, params)

    def _block(self, body: Iterable[dast.Stmt], local: set[str]) -> set[str]:
        """Walk `body` with `local` as the assigned names (which it adds to); gives `local`."""
        outer, self.local = self.local, local
        try:
            self.visit_all(body)
        finally:
            self.local = outer
        return local

    @handles(dast.Assign)
    def assign(self, stmt: dast.Assign) -> None:
        if stmt.op != "=":
            self._name_read(stmt.target, stmt.target_span)
        self.visit(stmt.value)
        self.local.add(stmt.target)

    @handles(dast.If)
    def if_(self, stmt: dast.If) -> None:
        assigned_in_all: set[str] | None = None
        for condition, branch in stmt.branches:
            self.visit(condition)
            inner = self._block(branch, set(self.local))
            assigned_in_all = inner if assigned_in_all is None else assigned_in_all & inner
        if stmt.else_body is not None:
            inner = self._block(stmt.else_body, set(self.local))
            assert assigned_in_all is not None
            self.local |= assigned_in_all & inner

    @handles(dast.ForEach)
    def for_each(self, stmt: dast.ForEach) -> None:
        self.visit(stmt.iterable)
        self._block(stmt.body, set(self.local) | {stmt.var})

    @handles(dast.TryCatch)
    def try_catch(self, stmt: dast.TryCatch) -> None:
        self._block(stmt.body, set(self.local))
        self._block(stmt.handler, set(self.local) | {stmt.error_name})

    # ---- expressions

    @handles(dast.Name)
    def name(self, expr: dast.Name) -> None:
        self._name_read(expr.name, expr.span)

    @handles(dast.SystemVariable)
    def system_variable(self, expr: dast.SystemVariable) -> None:
        if expr.name.lower() in IDENTITY_VARIABLES:
            self._identities.setdefault(expr.name.lower(), []).append(expr.span)

    @handles(dast.Call)
    def call(self, expr: dast.Call) -> None:
        self.visit_all(expr.args)
        method = URL_FUNCTIONS.get(expr.name.lower())
        if method is not None:
            self._legacy_url(expr, method)

    @handles(dast.Construct)
    def construct(self, expr: dast.Construct) -> None:
        for key, value in expr.entries:
            self.visit(key)
            self.visit(value)
        self.visit_all(expr.args)

    def _is_object(self, name: str) -> bool:
        return name in self._objects and name not in self.local

    def _name_read(self, name: str, span: Span) -> None:
        if self._is_object(name):
            self._reads.setdefault(name, []).append((None, span))

    @handles(dast.MethodCall)
    def method_call(self, call: dast.MethodCall) -> None:
        target = call.target
        if (
            isinstance(target, dast.Name)
            and self._is_object(target.name)
            and call.name.lower() in ("get", "getjson")
            and len(call.args) == 1
            and isinstance(call.args[0], dast.Text)
        ):
            self._reads.setdefault(target.name, []).append((call.args[0].value, call.span))
        else:
            self.visit(target)
        self.visit_all(call.args)

    @handles(dast.TaskCall)
    def task_call(self, call: dast.TaskCall) -> None:
        self.visit_all(call.args)
        connection, computed = _task_connection(call)
        last = None
        if known_task_arity(call.name) is None and call.args:
            final = call.args[-1]
            last = final.value if isinstance(final, dast.Text) else None
        self._tasks.setdefault((call.name, connection, computed, last), []).append(call.span)

    @handles(dast.BlockTask)
    def block_task(self, block: dast.BlockTask) -> None:
        params = {p.key: p.value for p in block.params}
        self.visit_all(block.params)
        connection, computed = _literal_or_computed(params.get("connection"))
        if block.task == "sendmail":
            self._urls.append(
                UrlUse(
                    kind="sendmail",
                    method=None,
                    url=None,
                    url_prefix=None,
                    host=None,
                    connection=connection,
                    spans=(block.span,),
                    connection_computed=computed,
                    recipients=_recipients(params.get("to")),
                    sender=_sender(params.get("from")),
                    cc=_recipients(params.get("cc")),
                    bcc=_recipients(params.get("bcc")),
                    reply_to=_recipients(params.get("reply to")),
                )
            )
            return
        method_expr = params.get("type")
        if method_expr is None:
            method: str | None = "GET"
        elif isinstance(method_expr, dast.Text):
            method = method_expr.value.upper()
        else:
            method = None
        url_expr = params.get("url")
        shape = _shape(url_expr, self._constants) if url_expr is not None else _UrlShape(None, None)
        self._urls.append(_url_use("invokeurl", method, shape, connection, computed, block.span))

    def _legacy_url(self, call: dast.Call, method: str) -> None:
        kind: UrlKind = "getUrl" if method == "GET" else "postUrl"
        shape = _shape(call.args[0], self._constants) if call.args else _UrlShape(None, None)
        self._urls.append(_url_use(kind, method, shape, None, False, call.span))


def _url_use(
    kind: UrlKind,
    method: str | None,
    shape: _UrlShape,
    connection: str | None,
    computed: bool,
    span: Span,
) -> UrlUse:
    if shape.url is not None:
        host = host_of(shape.url)
    elif shape.prefix:
        host = _host_of_prefix(shape.prefix)
    else:
        host = None
    prefix = shape.prefix or None
    return UrlUse(kind, method, shape.url, prefix, host, connection, (span,), computed)


def _split_task(name: str) -> tuple[str, str]:
    parts = name.split(".")
    if parts[0].lower() == "zoho" and len(parts) >= 3:
        return parts[1], ".".join(parts[2:])
    if len(parts) >= 2:
        return parts[0], ".".join(parts[1:])
    return "", name


def _task_connection(call: dast.TaskCall) -> tuple[str | None, bool]:
    index = connection_index(call.name, len(call.args))
    if index is None:
        return None, False
    return _literal_or_computed(call.args[index])


def _literal_or_computed(expr: dast.Expr | None) -> tuple[str | None, bool]:
    if expr is None:
        return None, False
    if isinstance(expr, dast.Text):
        return expr.value, False
    return None, True


_MAIL_SYMBOLS = ("zoho.loginuserid", "zoho.adminuserid")


def _recipients(expr: dast.Expr | None) -> tuple[str, ...] | None:
    """The addresses a `sendmail` field names: literal texts (comma-separated) and the
    symbols `zoho.loginuserid` / `zoho.adminuserid`; () when absent; None when any part is
    computed at run time."""
    if expr is None:
        return ()
    parts = expr.items if isinstance(expr, dast.ListLiteral) else (expr,)
    found: list[str] = []
    for part in parts:
        if isinstance(part, dast.Text):
            found.extend(a.strip() for a in part.value.split(",") if a.strip())
        elif isinstance(part, dast.SystemVariable) and part.name.lower() in _MAIL_SYMBOLS:
            found.append(part.name.lower())
        else:
            return None
    return tuple(found)


def _sender(expr: dast.Expr | None) -> str | None:
    if isinstance(expr, dast.Text):
        return expr.value
    if isinstance(expr, dast.SystemVariable) and expr.name.lower() in _MAIL_SYMBOLS:
        return expr.name.lower()
    return None
