"""The effect inventory: everything a script can touch outside itself, read from the AST alone.

`inventory(script, name, objects)` walks the tree once, in statement order, keeping for each
variable the URL shapes the assignments reaching that point may give it (reaching definitions:
both arms of an `if`, loops to a fixed point, a `catch` seeing whatever the `try` left), and lists

- `ObjectUse`: every Cliq object the script reads (the handler inputs `user`, `chat`, `message`,
  `location`, ...), with the fields it reads where the key is a literal (`user.get("email")`);
- `TaskUse`: every integration task or saved-function call, split into service and operation,
  with the connection argument when it is a literal;
- `UrlUse`: every `invokeurl`, `getUrl`, `postUrl` (also `u.getUrl()`) and `sendmail`, with the
  method, the URL when it is a literal (or the literal it starts with), the host when that is
  certain, and the connection — one use per host that may reach the call;
- `IdentityUse`: identity system variables (`zoho.loginuserid`, `zoho.adminuser`, ...);

each with the spans of the code that uses it. The consent layer turns these into consent items.

The inventory over-approximates: when it cannot be sure (a URL built at run time, a whole object
passed on), it says so (`url=None`, `fields=None`) rather than guess narrower.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import msgspec

from cliqsim.deluge import ast as dast
from cliqsim.deluge.cliq_messages import message_route
from cliqsim.deluge.source import Span
from cliqsim.deluge.walk import Pass, handles

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

# Cliq tasks that post somewhere: the destination is their first argument (Zoho's Deluge pages
# "Post to chat", "Post to channel", "Post to channel as bot", "Post to bot", "Post to user").
POSTING_TASKS: frozenset[str] = frozenset({
    "zoho.cliq.posttochannel", "zoho.cliq.posttochannelasadmin", "zoho.cliq.posttochannelasbot",
    "zoho.cliq.posttochat", "zoho.cliq.posttochatasadmin", "zoho.cliq.posttouser",
    "zoho.cliq.posttobot", "zoho.cliq.posttobotasadmin",
    "zoho.cliq.editmessage",  # `editMessage(<chat_id>, <message_id>, ...)`: where it edits
})
THIS_CHAT = "this chat"
"""The destination symbol for the chat the script runs in (`chat.get("id")`)."""
LOGIN_USER = "zoho.loginuserid"
_THIS_CHAT_FIELDS = frozenset({"id", "chat_id", "channel_unique_name", "unique_name"})
_LOGIN_USER_FIELDS = frozenset({"email", "id", "zoho_user_id"})

# Record tasks: the arguments that name what they act on (the module, database, form or
# report), as Zoho's Deluge integration task pages place them: `zoho.crm.getRecords(<module>,
# ...)` (https://www.zoho.com/deluge/help/crm/get-records.html), `zoho.books.createRecord(
# <module_name>, <org_ID>, ...)` (.../books/create-record.html), `zoho.desk.create(<orgId>,
# <module_name>, ...)` (.../desk/create-record.html), `zoho.creator.getRecords(<owner_name>,
# <app_link_name>, <report_link_name>, ...)` (.../creator/get-records.html), `zoho.cliq.
# getRecords(<db_unique_name>, ...)` (Cliq's "Get Records" page). Each entry: service ->
# ((argument position, what it names), ...) in the order the consent shows them.
RECORD_TARGETS: dict[str, tuple[tuple[int, str], ...]] = {
    "crm": ((0, "module"),),
    "bigin": ((0, "module"),),
    "recruit": ((0, "module"),),
    "books": ((0, "module"), (1, "organization")),
    "inventory": ((0, "module"), (1, "organization")),
    "invoice": ((0, "module"), (1, "organization")),
    "desk": ((1, "module"), (0, "organization")),
    "creator": ((2, "form or report"), (1, "application"), (0, "owner")),
    "cliq": ((0, "database"),),
    # `zoho.projects.create(<portal>, <project_id>, <module>, ...)` (.../projects/create.html)
    "projects": ((2, "module"), (1, "project"), (0, "portal")),
    # `zoho.sheet.getRecords(<resource_id>, <worksheet_name>, ...)` (.../sheet/get-records.html)
    "sheet": ((1, "worksheet"), (0, "file")),
    # `zoho.workdrive.uploadFile(<file>, <folder_id>, ...)` (.../workdrive/upload-file.html),
    # `zoho.workdrive.createFolder(<folder_name>, <parent_id>, ...)` (.../create-folder.html)
    "workdrive": ((1, "folder"),),
}
# Operations (the last part of the task name, lower case) that act on records of the target.
RECORD_OPERATIONS: frozenset[str] = frozenset({
    "getrecords", "getrecordbyid", "getrecordsbyid", "createrecord", "updaterecord",
    "searchrecords", "deleterecord", "deleterecords", "create", "update", "upsert",
    "bulkcreate", "bulkupdate", "attachfile", "createrecords", "updaterecords",
    "uploadfile", "createfolder",  # WorkDrive's: the folder they put a file or folder in
})
# Operations whose target sits elsewhere: `zoho.crm.getRelatedRecords(<relation_name>,
# <module>, <record_id>, ...)`, `zoho.crm.updateRelatedRecord(<relation_name>,
# <related_record_id>, <module>, <record_id>, ...)` (Zoho's Deluge CRM task pages).
RELATED_TARGETS: dict[str, tuple[tuple[int, str], ...]] = {
    "getrelatedrecords": ((1, "module"), (0, "related list")),
    "updaterelatedrecord": ((2, "module"), (0, "related list")),
}


RECORD_TARGET_SYMBOLS: frozenset[str] = frozenset({"zoho.adminuser"})
"""System variables a record task's target may name, resolved when it runs: Zoho's Creator
task pages fetch the application owner's name with `zoho.adminuser`."""


def record_target(name: str) -> tuple[tuple[int, str], ...] | None:
    """Where a record task names what it acts on: `(argument position, what it is)` pairs in
    the order the consent shows them (`zoho.crm.getRecords` -> `((0, "module"),)`); None for a
    task that names no module, database, form or report (posting tasks name a destination
    instead: `POSTING_TASKS`)."""
    parts = name.lower().split(".")
    if len(parts) < 3 or parts[0] != "zoho":
        return None
    service, operation = parts[1], parts[-1]
    if service == "crm" or service == "bigin":
        related = RELATED_TARGETS.get(operation)
        if related is not None:
            return related
    if service not in RECORD_TARGETS or operation not in RECORD_OPERATIONS:
        return None
    if service == "cliq" and len(parts) != 3:  # `zoho.cliq.extension.*` names no database
        return None
    return RECORD_TARGETS[service]


def names_target(name: str) -> bool:
    """Whether a task's consent item names what it acts on (a posting task's destination, a
    record task's module, database, form or report)."""
    return name.lower() in POSTING_TASKS or record_target(name) is not None

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


class ObjectUse(msgspec.Struct, frozen=True):
    """A Cliq object the script reads. `fields` are the literal keys read from it
    (`user.get("email")`), or None when the script uses the whole object (passes it on, reads a
    computed key, calls a method on it). `reads` pairs each use with its field (None: whole)."""

    object: str
    fields: frozenset[str] | None
    spans: tuple[Span, ...]
    reads: tuple[tuple[str | None, Span], ...] = ()


class TaskUse(msgspec.Struct, frozen=True):
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
    target: tuple[tuple[str, ...], ...] | None = ()
    """What the task acts on, for a task that names it (`names_target`): each way the code may
    name it, one text per argument that names it (`record_target`'s order). For a posting task
    (`POSTING_TASKS`) where it posts: the literals its first argument may be, and the symbols
    `this chat` (`chat.get("id")`) and `zoho.loginuserid` (`zoho.loginuserid`,
    `user.get("email")`); for a record task the module, database, form or report
    (`(("Leads",),)`). None when decided at run time; () for a task that names none."""

    @property
    def destination(self) -> tuple[str, ...] | None:
        """A posting task's destinations (`target`, one text each); () for other tasks."""
        if self.target is None:
            return None
        return tuple(t[0] for t in self.target if t)


class UrlUse(msgspec.Struct, frozen=True):
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
    scheme: str = "https"
    """The URL's scheme (`https`, `http`), when the host is certain."""
    port: int | None = None
    """The URL's port when it is not the scheme's default (`https://x:8443` -> 8443)."""
    port_decided_at_run_time: bool = False
    """The host is certain but the port is computed (`"https://x:" + port + "/"`)."""

    @property
    def decided_at_run_time(self) -> bool:
        return self.kind != "sendmail" and self.host is None


class IdentityUse(msgspec.Struct, frozen=True):
    """An identity system variable such as `zoho.loginuserid`."""

    name: str
    spans: tuple[Span, ...]


class Effects(msgspec.Struct, frozen=True):
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
    walker = _Walker(frozenset(objects))
    walker.visit(script)
    return walker.result(name)


# --------------------------------------------------------------------------- URL helpers


def host_of(url: str) -> str | None:
    """The host of an absolute URL (`https://Maps.Example.com:8443/x` -> `maps.example.com`),
    or None when `url` does not start with a scheme and a complete host."""
    origin = origin_of(url)
    return origin[1] if origin is not None else None


DEFAULT_PORTS: dict[str, int] = {"https": 443, "http": 80}


def origin_of(url: str) -> tuple[str, str, int | None] | None:
    """`(scheme, host, port)` of an absolute URL: `http://API.example.com:8080/x` ->
    `("http", "api.example.com", 8080)`; the port is None when the URL gives none (the
    scheme's default). None when `url` does not start with a scheme and a complete host, when
    the port is not a number from 1 to 65535, or when the address holds a space or a control
    character (which the HTTP client refuses, so no host is certain)."""
    scheme_end = url.find("://")
    if scheme_end <= 0:
        return None
    scheme = url[:scheme_end].lower()
    rest = url[scheme_end + 3 :]
    end = len(rest)
    for stop in "/?#":
        index = rest.find(stop)
        if index != -1:
            end = min(end, index)
    authority = rest[:end]
    if not authority.isprintable() or " " in authority:
        # a space or a control character (every other white space is not printable either:
        # tests/deluge/test_effects.py checks each code point), tested at C speed
        return None
    if "@" in authority:
        authority = authority.rsplit("@", 1)[1]
    port_text = ""
    if authority.startswith("[") and "]" in authority:  # an IPv6 literal, maybe with a port
        close = authority.index("]") + 1
        host, after = authority[:close], authority[close:]
        if after:
            if not after.startswith(":"):
                return None
            port_text = after[1:]
    elif authority.count(":") == 1:
        host, port_text = authority.split(":", 1)
    else:
        host = authority
    port: int | None = None
    if port_text:
        if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) < 65536:
            return None
        port = int(port_text)
        if DEFAULT_PORTS.get(scheme) == port:
            port = None
    host = canonical_host(host)
    return (scheme, host, port) if host else None


def origin_text(host: str, scheme: str = "https", port: int | None = None) -> str:
    """How an API item names where it goes: the host alone for https on its default port
    (`api.example.com`), else with the scheme and a port that is not the scheme's default
    (`http://api.example.com`, `api.example.com:8443`, `http://api.example.com:8080`)."""
    text = host if scheme == "https" else f"{scheme}://{host}"
    return text if port is None or DEFAULT_PORTS.get(scheme) == port else f"{text}:{port}"


def split_origin(text: str) -> tuple[str, str, int | None]:
    """The inverse of `origin_text`: `http://api.example.com:8080` -> `("http",
    "api.example.com", 8080)`; `api.example.com` -> `("https", "api.example.com", None)`."""
    scheme = "https"
    if "://" in text:
        scheme, text = text.split("://", 1)
    port: int | None = None
    head, colon, tail = text.rpartition(":")
    if colon and tail.isascii() and tail.isdigit() and (not head.startswith("[")
                                                         or head.endswith("]")):
        text, port = head, int(tail)
    return scheme, text, port


def canonical_host(host: str) -> str:
    """A host name as it is compared and shown: lower case, and an internationalized name in
    its ASCII form (IDNA with UTS #46 mapping, what goes on the wire), so a look-alike
    (`mаps.googleapis.com` with a Cyrillic `а`) reads `xn--mps-6cd.googleapis.com` in the
    consent dialog instead of passing for the real one. A `*.` wildcard prefix is kept. A
    non-ASCII name that is no valid IDNA name keeps each such character visible as `\\uXXXX`
    (so it never looks like, nor matches, a plain host)."""
    host = host.lower()
    if host.isascii():
        return host
    wildcard = "*." if host.startswith("*.") else ""
    name = host[len(wildcard):]
    try:
        import idna  # only for a non-ASCII host (a rare case; keeps start-up light)

        return wildcard + idna.encode(name, uts46=True).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError, ValueError):
        return wildcard + name.encode("ascii", "backslashreplace").decode("ascii")


def _host_of_prefix(prefix: str) -> str | None:
    """The host of a URL known only by its first characters: certain only when the host part is
    already closed by `/`, `?`, `#` or a port `:` inside the prefix."""
    origin = _origin_of_prefix(prefix)
    return origin[1] if origin is not None else None


def _origin_of_prefix(prefix: str) -> tuple[str, str, int | None] | None:
    """`origin_of` a URL known only by its first characters (host certain as in
    `_host_of_prefix`; a port the prefix does not close yet is left out: see
    `_authority_closed`)."""
    scheme_end = prefix.find("://")
    if scheme_end <= 0:
        return None
    rest = prefix[scheme_end + 3 :]
    if not any(stop in rest for stop in "/?#:"):
        return None
    if _authority_closed(prefix):
        return origin_of(prefix)
    return origin_of(prefix[: prefix.rfind(":")])  # `https://x:` + port: the host alone


def _authority_closed(prefix: str) -> bool:
    """Whether the literal start of a URL already ends its host and port (a `/`, `?` or `#`
    after the scheme)."""
    rest = prefix[prefix.find("://") + 3 :]
    return any(stop in rest for stop in "/?#")


class _UrlShape(msgspec.Struct, frozen=True):
    url: str | None  # the whole literal
    prefix: str | None  # the literal start


UNKNOWN_SHAPE = _UrlShape(None, None)
MAX_SHAPES = 8  # more possible texts than this at one point: treated as unknown

Shapes = frozenset[_UrlShape]
"""The URL shapes a variable may hold at one point of the script (reaching definitions)."""
_UNKNOWN: Shapes = frozenset({UNKNOWN_SHAPE})


def _join(left: _UrlShape, right: _UrlShape) -> _UrlShape:
    """The shape of `left + right`: whole when both are; else the literal start."""
    if left.url is not None:
        if right.url is not None:
            return _UrlShape(left.url + right.url, left.url + right.url)
        return _UrlShape(None, left.url + (right.prefix or ""))
    return _UrlShape(None, left.prefix)


def _shapes(expr: dast.Expr, env: dict[str, Shapes]) -> Shapes:
    """Every shape the text `expr` may have, given what each variable may hold here."""
    if isinstance(expr, dast.Text):
        return frozenset({_UrlShape(expr.value, expr.value)})
    if isinstance(expr, dast.Name):
        return env.get(expr.name, _UNKNOWN)
    if isinstance(expr, dast.Binary) and expr.op == "+":
        found = frozenset(
            _join(left, right)
            for left in _shapes(expr.left, env)
            for right in _shapes(expr.right, env)
        )
        return found if len(found) <= MAX_SHAPES else _UNKNOWN
    return _UNKNOWN


def _merge(*envs: dict[str, Shapes]) -> dict[str, Shapes]:
    """Where control flows join: a variable may hold what it held on any of the ways in (a
    variable missing on one way may hold anything there)."""
    names = set().union(*envs)
    merged = {}
    for name in names:
        found = frozenset().union(*(env.get(name, _UNKNOWN) for env in envs))
        merged[name] = found if len(found) <= MAX_SHAPES else _UNKNOWN
    return merged


# --------------------------------------------------------------------------- the walk


class _Walker(Pass[None]):
    """One pass over the tree, tracking which input names are shadowed by local assignments."""

    THROUGH = frozenset(
        {
            # statements whose expressions are all it reads, and those that touch nothing
            dast.ExprStmt,
            dast.Info,
            dast.Return,
            dast.Break,
            dast.Continue,
            # expressions that only combine others, and literals
            dast.ListLiteral,
            dast.MapLiteral,
            dast.Unary,
            dast.Binary,
            dast.IfExpr,
            dast.Text,
            dast.Number,
            dast.Decimal,
            dast.Boolean,
            dast.Null,
            # parts: a block parameter's value; a signature (its names are shadowed by `script`)
            dast.BlockParam,
            dast.Signature,
            dast.Param,
            # Creator syntax: refused by the checks and the compiler, never run
            dast.CreatorFetch,
            dast.CreatorStatement,
        }
    )

    def __init__(self, objects: frozenset[str], env: dict[str, Shapes] | None = None) -> None:
        self.local: set[str] = set()
        self._objects = objects
        # the URL shapes each variable may hold at this point (reaching definitions), so that a
        # call's host is read from the assignments that reach it, in statement order
        self.env: dict[str, Shapes] = dict(env or {})
        self._reads: dict[str, list[tuple[str | None, Span]]] = {}  # object -> (field, span)
        # in order of first use
        self._tasks: dict[
            tuple[str, str | None, bool, str | None, tuple[tuple[str, ...], ...] | None],
            list[Span],
        ] = {}
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
        for (task_name, connection, computed, last, where), spans in self._tasks.items():
            service, operation = _split_task(task_name)
            tasks.append(
                TaskUse(task_name, service, operation, connection, tuple(spans), computed, last,
                        where)
            )
        identities = tuple(IdentityUse(n, tuple(s)) for n, s in self._identities.items())
        return Effects(name, tuple(objects), tuple(tasks), tuple(self._urls), identities)

    # ---- statements; `self.local` is the set of names definitely assigned so far

    @handles(dast.Script)
    def script(self, script: dast.Script) -> None:
        params = {p.name.lower() for p in script.signature.params} if script.signature else set()
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
        if stmt.op == "=":
            self.env[stmt.target] = _shapes(stmt.value, self.env)
        elif stmt.op == "+=":
            value = _shapes(stmt.value, self.env)
            found = frozenset(
                _join(left, right)
                for left in self.env.get(stmt.target, _UNKNOWN)
                for right in value
            )
            self.env[stmt.target] = found if len(found) <= MAX_SHAPES else _UNKNOWN
        else:
            self.env[stmt.target] = _UNKNOWN

    def _branch(
        self, body: Iterable[dast.Stmt], env: dict[str, Shapes]
    ) -> tuple[set[str], dict[str, Shapes]]:
        """Walk `body` from `env`; gives the names it definitely assigns and its env at the end."""
        outer = self.env
        self.env = dict(env)
        try:
            local = self._block(body, set(self.local))
            return local, self.env
        finally:
            self.env = outer

    @handles(dast.If)
    def if_(self, stmt: dast.If) -> None:
        assigned_in_all: set[str] | None = None
        ends: list[dict[str, Shapes]] = []
        env = self.env
        for condition, branch in stmt.branches:
            self.visit(condition)
            inner, end = self._branch(branch, env)
            ends.append(end)
            assigned_in_all = inner if assigned_in_all is None else assigned_in_all & inner
        if stmt.else_body is not None:
            inner, end = self._branch(stmt.else_body, env)
            ends.append(end)
            assert assigned_in_all is not None
            self.local |= assigned_in_all & inner
        else:
            ends.append(env)
        self.env = _merge(*ends)

    def _loop_entry(
        self, body: Iterable[dast.Stmt], env: dict[str, Shapes], fixed: dict[str, Shapes]
    ) -> dict[str, Shapes]:
        """The env at the top of a loop body: what holds before the loop or after any number of
        runs of the body (a dry walk, effects discarded, to a fixed point or unknown)."""
        body = list(body)
        entry = {**env, **fixed}
        for _ in range(4):
            dry = _Walker(self._objects)
            dry.local = set(self.local)
            dry.env = dict(entry)
            dry._block(body, set(self.local))
            after = _merge(env, {**dry.env, **fixed})
            if after == entry:
                return entry
            entry = after
        return {**{name: _UNKNOWN for name in entry}, **fixed}

    @handles(dast.ForEach)
    def for_each(self, stmt: dast.ForEach) -> None:
        self.visit(stmt.iterable)
        entry = self._loop_entry(stmt.body, self.env, {stmt.var: _UNKNOWN})
        outer_local = self.local
        self.local = set(self.local) | {stmt.var}
        try:
            _, end = self._branch(stmt.body, entry)
        finally:
            self.local = outer_local
        self.env = _merge(entry, end)

    @handles(dast.TryCatch)
    def try_catch(self, stmt: dast.TryCatch) -> None:
        before = self.env
        _, after_body = self._branch(stmt.body, before)
        # the handler starts from wherever the body stopped: before it, after it, or between
        handler_entry = {**self._loop_entry(stmt.body, before, {}), stmt.error_name: _UNKNOWN}
        outer_local = self.local
        self.local = set(self.local) | {stmt.error_name}
        try:
            _, after_handler = self._branch(stmt.handler, handler_entry)
        finally:
            self.local = outer_local
        self.env = _merge(after_body, after_handler)

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
        method = URL_FUNCTIONS.get(call.name.lower())
        if method is not None:  # `u.getUrl()`, `u.postUrl(params)`: the target is the URL
            self.visit(target)
            self.visit_all(call.args)
            kind: UrlKind = "getUrl" if method == "GET" else "postUrl"
            self._add_urls(kind, method, _shapes(target, self.env), None, False, call.span)
            self._message_posts(target, method, None, False, call.span)
            return
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
        where: tuple[tuple[str, ...], ...] | None = ()
        record = record_target(call.name)
        if call.name.lower() in POSTING_TASKS:
            to = self._destination(call.args[0]) if call.args else None
            where = None if to is None else tuple((t,) for t in to)
        elif record is not None:
            where = self._record_target(call.args, record)
        self._tasks.setdefault(
            (call.name, connection, computed, last, where), []).append(call.span)

    def _record_target(self, args: tuple[dast.Expr, ...],
                       where: tuple[tuple[int, str], ...]) -> tuple[tuple[str, ...], ...] | None:
        """Every way a record task's arguments may name its target (literal texts and numbers,
        also through the assignments that reach the call, and `RECORD_TARGET_SYMBOLS`); None
        when any part is decided at run time (or missing)."""
        choices: list[list[str]] = []
        for position, _ in where:
            if position >= len(args):
                return None
            expr = args[position]
            if (isinstance(expr, dast.SystemVariable)
                    and expr.name.lower() in RECORD_TARGET_SYMBOLS):
                choices.append([expr.name.lower()])  # resolved when the task runs
                continue
            if isinstance(expr, dast.Number):
                choices.append([str(expr.value)])
                continue
            shapes = _shapes(expr, self.env)
            if any(shape.url is None for shape in shapes):
                return None
            choices.append(sorted({shape.url.strip() for shape in shapes
                                   if shape.url is not None}))
        combos: list[tuple[str, ...]] = [()]
        for options in choices:
            combos = [combo + (option,) for combo in combos for option in options]
            if len(combos) > MAX_SHAPES:
                return None
        return tuple(sorted(set(combos)))

    def _destination(self, expr: dast.Expr) -> tuple[str, ...] | None:
        """Where a posting task's first argument may point: literals (also through the
        assignments that reach the call), `this chat` for `chat.get("id")`, `zoho.loginuserid`
        for `zoho.loginuserid` / `user.get("email")`; None when decided at run time."""
        if isinstance(expr, dast.SystemVariable) and expr.name.lower() == LOGIN_USER:
            return (LOGIN_USER,)
        if (
            isinstance(expr, dast.MethodCall)
            and isinstance(expr.target, dast.Name)
            and self._is_object(expr.target.name)
            and expr.name.lower() == "get"
            and len(expr.args) == 1
            and isinstance(expr.args[0], dast.Text)
        ):
            obj, key = expr.target.name, expr.args[0].value
            if obj == "chat" and key in _THIS_CHAT_FIELDS:
                return (THIS_CHAT,)
            if obj == "user" and key in _LOGIN_USER_FIELDS:
                return (LOGIN_USER,)
            return None
        shapes = _shapes(expr, self.env)
        if any(shape.url is None for shape in shapes):
            return None
        return tuple(sorted({shape.url for shape in shapes if shape.url is not None}))

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
        shapes = _shapes(url_expr, self.env) if url_expr is not None else _UNKNOWN
        self._add_urls("invokeurl", method, shapes, connection, computed, block.span)
        self._message_posts(url_expr, method, connection, computed, block.span)

    def _message_posts(self, url: dast.Expr | None, method: str | None,
                       connection: str | None, computed: bool, span: Span) -> None:
        """A post to Cliq's own message API (`cliq_messages`) is also its posting task's use,
        with the destination read from the address as a task's first argument is read: a
        literal, a part `_destination` resolves (`chat.get("id")`, `zoho.loginuserid`, ...),
        or None (decided at run time). An address whose route itself is computed lists no
        task: the guard blocks a post through it."""
        if url is None or method not in ("POST", None):
            return
        parts: list[dast.Expr] = []
        pending = [url]
        while pending:  # `a + b + c` into its parts, left to right
            expr = pending.pop()
            if isinstance(expr, dast.Binary) and expr.op == "+":
                pending += [expr.right, expr.left]
            else:
                parts.append(expr)
        holes: list[dast.Expr] = []
        texts = [""]
        for part in parts:
            shapes = _shapes(part, self.env)
            if any(shape.url is None for shape in shapes):
                texts = [text + f"\x00{len(holes)}\x00" for text in texts]
                holes.append(part)
            else:
                texts = [text + shape.url for text in texts for shape in shapes
                         if shape.url is not None]
            if len(texts) > MAX_SHAPES:
                return
        found: dict[str, tuple[str, ...] | None] = {}
        for text in texts:
            routed = message_route("POST", text)
            if routed is None:
                continue
            task, where = routed
            to: tuple[str, ...] | None = (where,)
            if "\x00" in where:
                hole = where[1:-1]
                to = (self._destination(holes[int(hole)])
                      if hole.isdigit() and where == f"\x00{hole}\x00" else None)
            if task in found:
                before = found[task]
                to = None if before is None or to is None else tuple(sorted({*before, *to}))
            found[task] = to
        for task, to in found.items():
            where_to = None if to is None else tuple((t,) for t in to)
            self._tasks.setdefault((task, connection, computed, None, where_to), []).append(span)

    def _legacy_url(self, call: dast.Call, method: str) -> None:
        kind: UrlKind = "getUrl" if method == "GET" else "postUrl"
        shapes = _shapes(call.args[0], self.env) if call.args else _UNKNOWN
        self._add_urls(kind, method, shapes, None, False, call.span)
        self._message_posts(call.args[0] if call.args else None, method, None, False, call.span)

    def _add_urls(
        self,
        kind: UrlKind,
        method: str | None,
        shapes: Shapes,
        connection: str | None,
        computed: bool,
        span: Span,
    ) -> None:
        """One use per distinct shape that may reach the call (`if`/`else` giving two literal
        hosts lists both; one shape only known at run time lists an address decided then)."""
        uses = {_url_use(kind, method, shape, connection, computed, span) for shape in shapes}
        runtime = [use for use in uses if use.host is None]
        known = sorted(
            (use for use in uses if use.host is not None),
            key=lambda use: (use.host or "", use.url or "", use.url_prefix or ""),
        )
        by_host: dict[str, UrlUse] = {}
        for use in known:
            by_host.setdefault(use.host or "", use)
        self._urls.extend(by_host.values())
        if runtime:
            self._urls.append(
                runtime[0]
                if len(runtime) == 1
                else _url_use(kind, method, UNKNOWN_SHAPE, connection, computed, span)
            )


def _url_use(
    kind: UrlKind,
    method: str | None,
    shape: _UrlShape,
    connection: str | None,
    computed: bool,
    span: Span,
) -> UrlUse:
    origin = None
    port_unknown = False
    if shape.url is not None:
        origin = origin_of(shape.url)
    elif shape.prefix:
        origin = _origin_of_prefix(shape.prefix)
        port_unknown = origin is not None and not _authority_closed(shape.prefix)
    prefix = shape.prefix or None
    if origin is None:
        return UrlUse(kind, method, shape.url, prefix, None, connection, (span,), computed)
    scheme, host, port = origin
    return UrlUse(kind, method, shape.url, prefix, host, connection, (span,), computed,
                  scheme=scheme, port=port, port_decided_at_run_time=port_unknown)


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
