"""The guard: the host a script runs against, letting through only what the person allowed.

`GuardedHost` wraps the platform's host. Every task call, URL call, mail and identity read is
checked against the items the grant covers (`Allowed.covered`): tasks by name (and connection),
URLs by host and method (and connection), mail by its item, identity variables by name. An
effect no covered item allows raises `EffectBlocked`, naming the effect and the line; the run
stops. The items actually used are collected for the ledger.

Cliq objects are enforced before the run: `bind_objects` gives the platform only the objects (and
fields) the grant covers, so the script never sees the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from cliqsim.consent.destination import Destination, Resolve, post_task, task_name
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.mail import MailSpec, describe_mail
from cliqsim.consent.manifest import ConnectionSpec, host_matches
from cliqsim.consent.records import RecordTarget, describe_call
from cliqsim.deluge.cliq_messages import message_route
from cliqsim.deluge.effects import (
    IDENTITY_VARIABLES,
    connection_index,
    names_target,
    origin_of,
    origin_text,
)
from cliqsim.deluge.errors import EffectBlocked
from cliqsim.deluge.host import Host
from cliqsim.deluge.source import Span

BlockedHandler = Callable[[str, Span], None]

_URL_HINT = (
    "Only the hosts listed in the consent are allowed: use a literal URL, or a connection "
    "whose hosts include this one, so that the consent dialog can show it."
)
_TASK_HINT = "The consent dialog lists every task the code calls by name; this one was not."
_TARGET_HINT = ("The consent lists where each post goes and which module, database, form or "
                "report each record task uses; this call acts elsewhere.")
UsedHandler = Callable[[ConsentItem], None]
USED_SHOWN = 20
"""The most items (and lines per item) a `used` ledger record's text names; the rest are
counted, so a run that uses an item on thousands of lines writes a line, not a page."""


class GuardedHost:
    """A `Host` that checks every effect against `items` (the granted items the run may use)
    before handing it to `inner`.

    `on_blocked(description, span)` is called before `EffectBlocked` is raised (for the ledger);
    `on_used(item)` the first time each item is used. `used_keys` lists them after the run.
    `refused` are the items the person unticked: an identity variable among them reads as
    null; a blocked effect one of them names says so in its message. `places(symbol)` names
    what a post destination symbol stands for in this run (`this chat`: the chat's ID and
    unique name; `zoho.loginuserid`: the person's user ID and email address; `this bot`: the
    component's own bots); without it the symbols stand for nothing."""

    def __init__(
        self,
        inner: Host,
        items: Iterable[ConsentItem],
        connections: Mapping[str, ConnectionSpec] | None = None,
        *,
        component: str = "this component",
        on_blocked: BlockedHandler | None = None,
        on_used: UsedHandler | None = None,
        refused: Iterable[ConsentItem] = (),
        places: Resolve | None = None,
    ) -> None:
        self._inner = inner
        self._places: Resolve = places or (lambda symbol: ())
        self._refused = tuple(refused)
        self._items = tuple(items)
        self._connections = dict(connections or {})
        self._component = component
        self._on_blocked = on_blocked
        self._on_used = on_used
        self._tasks: dict[str, list[ConsentItem]] = {}
        # API items by (scheme, host, port), a `*.` pattern's by (scheme, ".domain", port), each
        # with its place among the items: a call looks up its own origin and the domains above
        # it, never every item (a component listing thousands of hosts would otherwise make
        # every call, and the runtime lock held meanwhile, as slow as the list is long)
        self._apis: dict[tuple[str, str, int | None], list[tuple[int, ConsentItem]]] = {}
        self._mail: list[tuple[ConsentItem, MailSpec]] = []
        self._identities: dict[str, ConsentItem] = {}
        for index, item in enumerate(self._items):
            spec = item.mail
            if spec is not None:
                self._mail.append((item, spec))
            elif item.kind == "task":
                self._tasks.setdefault(task_name(item.target).lower(), []).append(item)
            elif item.kind == "api" and (origin := item.origin) is not None:
                scheme, host, port = origin
                host = host.lower()
                key = (scheme, host[1:] if host.startswith("*.") else host, port)
                self._apis.setdefault(key, []).append((index, item))
            elif item.kind == "object" and item.target in IDENTITY_VARIABLES:
                self._identities[item.target] = item
        self._used: dict[str, ConsentItem] = {}
        self._lines: dict[str, list[int]] = {}  # item key -> the lines that used it
        self._identity_values: dict[str, Any] = {}  # identity variables the run has read

    @property
    def used_keys(self) -> frozenset[str]:
        return frozenset(self._used)

    @property
    def used_items(self) -> tuple[ConsentItem, ...]:
        return tuple(self._used.values())

    def used_at(self) -> str:
        """`GET maps.googleapis.com at line 21; user.email at lines 3, 9`: what the run used and
        where, for the ledger's `used` record."""
        parts = []
        for key, item in list(self._used.items())[:USED_SHOWN]:
            lines = sorted(set(self._lines.get(key, ())))
            where = ", ".join(str(n) for n in lines[:USED_SHOWN])
            more = f" and {len(lines) - USED_SHOWN:,} more" if len(lines) > USED_SHOWN else ""
            parts.append(f"{item.target} at line{'s' if len(lines) != 1 else ''} {where}{more}")
        if len(self._used) > USED_SHOWN:
            parts.append(f"and {len(self._used) - USED_SHOWN:,} more items")
        return "; ".join(parts)

    # ---- the Host protocol

    def now(self) -> datetime:
        return self._inner.now()

    def info(self, text: str, span: Span) -> None:
        self._inner.info(text, span)

    def system_variable(self, name: str, span: Span) -> Any:
        lowered = name.lower()
        if lowered in IDENTITY_VARIABLES:
            item = self._identities.get(lowered)
            if item is None and any(r.target == lowered for r in self._refused):
                return None  # unticked: the script sees null
            if item is None:
                self._block(f"reading {name}", span)
            else:
                self._use(item, span)
        value = self._inner.system_variable(name, span)
        if lowered in IDENTITY_VARIABLES:
            self._identity_values[lowered] = value
        return value

    def call_task(self, name: str, args: list[Any], span: Span) -> Any:
        item = self._task_allowed(name, args, span, self._runtime_connection(name, args))
        self._use(item, span)
        return self._inner.call_task(name, args, span)

    def _task_allowed(self, name: str, args: list[Any], span: Span, connection: str | None,
                      via: str = "") -> ConsentItem:
        """The granted item that allows the task `name` with `args` and `connection` (what it
        acts on included), else blocked; `via` says how the code reached it (Cliq's REST API)."""
        candidates = self._tasks.get(name.lower(), [])
        if not candidates:
            acting = f" {_acting_on(name, args)}" if via and names_target(name) else ""
            self._block(f"the task {name}{acting}{via}", span, self._unticked(
                lambda r: r.kind == "task" and task_name(r.target).lower() == name.lower())
                or (_TARGET_HINT if via else _TASK_HINT))
        if names_target(name) and candidates:
            # what the task acts on is part of its item: a post's destination, a record
            # task's module (an item without one, from an older grant, covers nothing)
            candidates = [item for item in candidates
                          if self._targets(name, item, args, span)]
            if not candidates:
                self._block(f"the task {name} {_acting_on(name, args)}{via}", span,
                            self._unticked(lambda r: r.kind == "task"
                                           and task_name(r.target).lower() == name.lower())
                            or _TARGET_HINT)
        item = self._task_item(candidates, connection)
        if item is None:
            self._block(
                f"the task {name} with the connection {connection!r}{via}", span,
                "The consent names another connection for this task.",
            )
        assert item is not None
        return item

    def invoke_url(self, request: dict[str, Any], span: Span) -> Any:
        url = request.get("url")
        method = str(request.get("type") or "GET").upper()
        connection = request.get("connection")
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            self._block(f"a call to {url!r}, which is not an http(s) address", span, _URL_HINT)
        assert isinstance(url, str)
        origin = origin_of(url)
        if origin is None:
            self._block(f"a call to {url!r}, whose host cannot be read", span, _URL_HINT)
        assert origin is not None
        scheme, host, port = origin
        rerouting = _rerouting_headers(request.get("headers"))
        if rerouting:
            self._block(
                f"{method} {host} with the header {rerouting[0]!r}, which would send the "
                "request to another site behind that address", span,
                "The consent covers the host in the URL; a request may not name another one.",
            )
        override = _method_override(request.get("headers"), method)
        if override:
            self._block(
                f"{method} {host} with the header {override!r}, which asks the site to treat "
                "the request as another method", span,
                "The consent covers the method in the call; a request may not ask for another.",
            )
        item = self._api_item(method, origin, connection)
        if item is None:
            via = f" with the connection {connection!r}" if connection else ""
            where = origin_text(host, scheme, port)
            self._block(f"{method} {where}{via} (the address {url})", span, self._unticked(
                lambda r: r.kind == "api" and r.origin is not None
                and _origin_matches(r.origin, origin) and r.method in ("ANY", method))
                or _URL_HINT)
        assert item is not None
        routed = message_route(method, url)
        if routed is not None:  # a message post: held to where its task's item says it goes
            task, destination = routed
            post = self._task_allowed(
                task, [destination], span, connection if isinstance(connection, str) else None,
                f" through Cliq's REST API ({method} {url})")
            self._use(post, span)
        self._use(item, span)
        return self._inner.invoke_url(request, span)

    def send_mail(self, params: dict[str, Any], span: Span) -> None:
        """Through only when a granted `sendmail` item names this mail's real sender and every
        one of its `to`, `cc`, `bcc` and `reply to` addresses (see `consent.mail`)."""

        def resolve(symbol: str) -> str:
            # what the run read already (`from: zoho.adminuserid` read it through this guard),
            # else asked of the platform for the comparison only (the script never sees it)
            if symbol not in self._identity_values:
                self._identity_values[symbol] = self._inner.system_variable(symbol, span)
            return str(self._identity_values[symbol])

        for item, spec in self._mail:
            if spec.covers(params, resolve):
                self._use(item, span)
                self._inner.send_mail(params, span)
                return
        self._block(
            f"sending email {describe_mail(params)}", span,
            self._unticked(lambda r: r.mail is not None and r.mail.covers(params, resolve))
            or "The consent lists the sender and every recipient of each mail the code sends; "
            "this mail names others.",
        )

    def _unticked(self, matches: Callable[[ConsentItem], bool]) -> str:
        """The hint for an effect the person unticked ("" when none of `refused` matches)."""
        item = next((r for r in self._refused if matches(r)), None)
        if item is None:
            return ""
        return f"You unticked “{item.purpose}” when you allowed it."

    # ---- matching

    def _runtime_connection(self, name: str, args: list[Any]) -> str | None:
        index = connection_index(name, len(args))
        if index is not None:
            value = args[index]
            return value if isinstance(value, str) else None
        if args and isinstance(args[-1], str) and args[-1] in self._connections:
            return args[-1]
        return None

    def _targets(self, name: str, item: ConsentItem, args: list[Any], span: Span) -> bool:
        """Whether `item` allows a call of the task `name` with `args` to act where it does
        (a system variable the item names is asked of the platform for the comparison only:
        the script never sees it)."""
        if post_task(name) is not None:
            spec = Destination.from_target(item.target)
            return spec is not None and spec.covers(args[0] if args else None, self._places)
        record = RecordTarget.from_target(item.target)
        return record is not None and record.allows(
            args, lambda symbol: self._inner.system_variable(symbol, span))

    def _task_item(self, candidates: list[ConsentItem],
                   connection: str | None) -> ConsentItem | None:
        for item in candidates:
            if item.connection == connection:
                return item
        # An item whose connection is chosen at run time was shown (flagged) as such, and
        # covers only a connection the component declares (whose account that is was shown).
        unknown = [item for item in candidates if item.connection is None and item.flagged]
        return unknown[0] if unknown and connection in self._connections else None

    def _api_item(self, method: str, origin: tuple[str, str, int | None],
                  connection: Any) -> ConsentItem | None:
        scheme, host, port = origin
        host = host.lower()
        found = list(self._apis.get((scheme, host, port), ()))
        for at, char in enumerate(host):  # `*.example.com` covers a.example.com, a.b.example.com
            if char == "." and at > 0:
                found.extend(self._apis.get((scheme, host[at:], port), ()))
        for _, item in sorted(found, key=lambda pair: pair[0]):  # the first in the items' order
            item_origin = item.origin
            if item_origin is None or not _origin_matches(item_origin, origin):
                continue  # a host written with a leading dot shares a pattern's key
            if item.method not in ("ANY", method):
                continue
            if item.connection != connection:  # an item for a connection, or for none
                continue
            return item
        return None

    def _use(self, item: ConsentItem, span: Span) -> None:
        self._lines.setdefault(item.key, []).append(span.line)
        if item.key not in self._used:
            self._used[item.key] = item
            if self._on_used is not None:
                self._on_used(item)

    def _block(self, effect: str, span: Span, hint: str = "") -> None:
        description = f"{effect} at line {span.line}"
        if self._on_blocked is not None:
            self._on_blocked(description, span)
        raise EffectBlocked(
            f"Blocked {effect} at line {span.line}: {self._component} was not allowed to do "
            f"this, so the run stopped.{' ' + hint if hint else ''}",
            span,
        )


def _origin_matches(item: tuple[str, str, int | None],
                    wanted: tuple[str, str, int | None]) -> bool:
    """The item's scheme, host (or `*.` pattern) and port are the request's: `GET
    api.example.com` covers https on port 443 only, never `http://` nor `:6379`."""
    return item[0] == wanted[0] and item[2] == wanted[2] and host_matches(item[1], wanted[1])


def _acting_on(name: str, args: list[Any]) -> str:
    """`posting to #sales`, `on the module Contacts`: what a blocked task call acts on."""
    posting = post_task(name)
    if posting is not None:
        where = _shown_destination(posting[0], args[0] if args else None)
        return (f"editing a message in {where}" if name.lower() == "zoho.cliq.editmessage"
                else f"posting to {where}")
    return f"on {describe_call(name, args)}"


def _shown_destination(where: str, destination: Any) -> str:
    text = repr(destination) if not isinstance(destination, str) else destination
    return {"channel": f"#{text}", "chat": f"the chat {text}", "bot": f"the bot {text}"}.get(
        where, text)


# Request headers that choose which site behind an address answers (virtual hosts, proxies).
REROUTING_HEADERS = frozenset(
    {"host", "x-forwarded-host", "x-host", "x-original-host", "forwarded", ":authority"}
)


# Request headers that make a site treat a request as another method (Google's APIs and many
# frameworks honour them): a consented GET must not become a DELETE behind the site's back.
METHOD_OVERRIDE_HEADERS = frozenset(
    {"x-http-method-override", "x-http-method", "x-method-override"}
)


def _method_override(headers: Any, method: str) -> str:
    """The first method-override header asking for a method other than `method`, or ""."""
    if not isinstance(headers, Mapping):
        return ""
    for name, value in headers.items():
        if (str(name).strip().lower() in METHOD_OVERRIDE_HEADERS
                and str(value).strip().upper() != method):
            return f"{str(name).strip()}: {value}"
    return ""


def _rerouting_headers(headers: Any) -> list[str]:
    if not isinstance(headers, Mapping):
        return []
    return [str(name) for name in headers if str(name).strip().lower() in REROUTING_HEADERS]


# --------------------------------------------------------------------------- Cliq objects


def bindable_objects(items: Iterable[ConsentItem]) -> frozenset[str]:
    """The handler input names the platform may bind for a run under these items."""
    return frozenset(
        item.target.split(".", 1)[0]
        for item in items
        if item.kind == "object" and item.target not in IDENTITY_VARIABLES
    )


def object_fields(items: Iterable[ConsentItem]) -> dict[str, frozenset[str] | None]:
    """For each bindable object, the fields the items cover (None: the whole object)."""
    fields: dict[str, set[str] | None] = {}
    for item in items:
        if item.kind != "object" or item.target in IDENTITY_VARIABLES:
            continue
        name, _, field_name = item.target.partition(".")
        if not field_name:
            fields[name] = None
        elif name not in fields:
            fields[name] = {field_name}
        else:
            known = fields[name]
            if known is not None:
                known.add(field_name)
    return {name: (None if f is None else frozenset(f)) for name, f in fields.items()}


def bind_objects(
    items: Iterable[ConsentItem], inputs: Mapping[str, Any], objects: Iterable[str],
    refused: Iterable[ConsentItem] = (),
) -> dict[str, Any]:
    """The handler inputs to bind: every input that is not a Cliq object (in `objects`) as is;
    a Cliq object only when the items cover it — whole, or a map cut down to the covered
    fields. Objects not covered are left out, so the script never sees them. What the person
    unticked (`refused`) reaches the script as null: an unticked field is left out of its
    object's map (`user.get("email")` is null); an object unticked whole is bound as null."""
    object_names = frozenset(objects)
    items = tuple(items)
    allowed = object_fields(items)
    unticked = object_fields(refused)
    bound: dict[str, Any] = {}
    for name, value in inputs.items():
        if name not in object_names:
            bound[name] = value
        elif name in allowed:
            fields = allowed[name]
            if fields is None or not isinstance(value, dict):
                # the whole object, less the fields the person unticked: an unticked field is
                # missing also when the whole object (which holds it) stayed ticked
                left_out = unticked.get(name) or frozenset()
                bound[name] = ({k: v for k, v in value.items() if k not in left_out}
                               if left_out and isinstance(value, dict) else value)
            else:
                bound[name] = {k: v for k, v in value.items() if k in fields}
        elif name in unticked:  # nothing of it covered: an empty map, or null
            bound[name] = {} if unticked[name] is not None and isinstance(value, dict) else None
    return bound
