"""A component's consent manifest: the union of the items of all its handler scripts.

`build_manifest` turns each script's effect inventory into consent items, deciding whose
credentials each one uses from the component's declared connections, and merges items with the
same key across scripts (keeping every code location). The fingerprint is a digest of the item
set itself (each item without its locations, in a canonical, injective JSON form): two manifests
share a fingerprint only when their item sets are equal. The gate never decides on fingerprints:
it compares item sets as sets (`ConsentManifest.keys`), so moving code around does not ask
anyone again; needing something new does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from typing import Literal

import msgspec

from cliqsim.consent import purposes
from cliqsim.consent.destination import Destination, post_task
from cliqsim.consent.items import RUNTIME_ADDRESS, CodeLocation, ConsentItem, Credentials
from cliqsim.consent.mail import LOGIN_USER, MailSpec
from cliqsim.consent.records import RecordTarget, literal_targets
from cliqsim.deluge import ast as dast
from cliqsim.deluge.cliq_messages import CLIQ_API_HOSTS
from cliqsim.deluge.effects import (
    DEFAULT_PORTS,
    Effects,
    IdentityUse,
    ObjectUse,
    TaskUse,
    UrlUse,
    inventory,
    known_task_arity,
    origin_text,
    record_target,
)
from cliqsim.deluge.source import Source, Span
from cliqsim.digests import sha256


class ConnectionSpec(msgspec.Struct, frozen=True):
    """A connection a component declares: its link `name`, the `service` shown to people
    ("Google Maps"), whose credentials it uses (`user`: each person signs in; `admin`: the
    connection owner's), and the `hosts` it may call (`maps.googleapis.com`, `*.example.com`)."""

    name: str
    service: str
    auth: Literal["user", "admin"]
    hosts: tuple[str, ...] = ()

    def allows_host(self, host: str) -> bool:
        return any(host_matches(pattern, host) for pattern in self.hosts)


MOST_ITEMS = 200
"""The most items one consent request may list. A person cannot weigh a longer list, so a
component whose code needs more is never asked for (nor run): the admission says so. It also
bounds what each run's guard and `used` ledger record hold (a component listing thousands of
hosts made every run write hundreds of kilobytes to the consent store). cliqsim's choice: Zoho
documents no limit (docs/consents.md)."""


def too_many_items(manifest: ConsentManifest) -> str | None:
    """Why `manifest` lists more items than a person can be asked about, or None."""
    count = len(manifest.items)
    if count <= MOST_ITEMS:
        return None
    return (f"{manifest.display_name} would ask for consent to {count:,} items; cliqsim asks a "
            f"person about at most {MOST_ITEMS} at once, since nobody can weigh a longer list. "
            "Split it into components that each need less, or read whole objects and use "
            "connections with hosts instead of many single fields and addresses")


def host_matches(pattern: str, host: str, *, subdomains: bool = False) -> bool:
    """`*.example.com` matches `api.example.com` (not `example.com`); otherwise exact, no case.
    With `subdomains` a plain pattern also covers its subdomains (`github.com` matches
    `api.github.com`), as a link handler's registered domains do. The one wildcard-host rule:
    connections' hosts, the platform host's check and link handlers' domains use it."""
    pattern, host = pattern.lower(), host.lower()
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    return pattern == host or (subdomains and host.endswith("." + pattern))


class ManifestDiff(msgspec.Struct, frozen=True):
    """What changed between a grant and the code now: `added` items need a new consent;
    `removed` items are no longer used."""

    added: tuple[ConsentItem, ...]
    removed: tuple[ConsentItem, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed)


class ConsentManifest(msgspec.Struct, frozen=True, dict=True):
    """Everything one component may touch. `component_id` is the stable id the store keys on
    (the package name); `name` the display name (`/nearby`); `extension_id` the extension the
    component belongs to, if any (uninstalling it removes the grants)."""

    component_id: str
    component_type: str
    items: tuple[ConsentItem, ...]
    fingerprint: str
    name: str = ""
    extension_id: str | None = None
    identity: str = ""
    """Who the component is, beyond its id: type, name, extension and where it was loaded from
    (`component_identity`). A grant made for one identity never covers another."""

    @cached_property
    def _by_key(self) -> dict[str, ConsentItem]:  # made once, on first use; not a field
        return {item.key: item for item in self.items}

    @property
    def display_name(self) -> str:
        return self.name or self.component_id

    @cached_property
    def keys(self) -> frozenset[str]:
        """The item keys (`ConsentItem.key`): what the gate compares with a grant's."""
        return frozenset(self._by_key)

    def item(self, key: str) -> ConsentItem | None:
        return self._by_key.get(key)

    @property
    def needs_consent(self) -> bool:
        return bool(self.items)

    def diff_from(self, granted: Iterable[ConsentItem]) -> ManifestDiff:
        """Items this manifest has that `granted` lacks, and the other way round."""
        granted_by_key = {item.key: item for item in granted}
        added = tuple(item for item in self.items if item.key not in granted_by_key)
        removed = tuple(
            sorted(
                (item for key, item in granted_by_key.items() if key not in self._by_key),
                key=lambda item: item.sort_key,
            )
        )
        return ManifestDiff(added, removed)


def fingerprint(items: Iterable[ConsentItem]) -> str:
    """The SHA-256 (hex) of the item set: each item's stored form (`ConsentItem.to_json`, no
    locations) as canonical JSON, sorted and deduplicated, encoded as one JSON list. JSON
    quotes every text, so the encoding is injective whatever the targets hold."""
    canonical = sorted(
        {json.dumps(item.to_json(), sort_keys=True, ensure_ascii=False) for item in items}
    )
    return sha256(json.dumps(canonical).encode("utf-8")).hexdigest()


def make_manifest(
    component_id: str,
    component_type: str,
    items: Iterable[ConsentItem],
    *,
    name: str = "",
    extension_id: str | None = None,
    identity: str = "",
) -> ConsentManifest:
    """A manifest from ready items (merged by key, sorted by kind then target)."""
    merged = merge_items(items)
    return ConsentManifest(
        component_id, component_type, merged, fingerprint(merged), name, extension_id, identity
    )


def component_identity(
    component_type: str, name: str, extension_id: str | None, source: str,
    domains: Iterable[str] = (),
    accounts: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """`{"extension": ..., "from": "/abs/components/hello", "name": "hello", "type": ...}`:
    canonical JSON of what makes a component itself — its type, name, extension and the folder
    it was loaded from. Two folders named alike in different places are different components.
    A link handler's `domains` (whose links it reads) are part of it too: one that registers
    more domains is asked afresh, since its consent reads the links of the domains it showed.
    So are its connections' `accounts` (`{link: [service, auth, owner]}`): the dialog names
    whose account each uses ("the admin's Google Maps connection"), so a connection renamed to
    another service, or given another owner, under the same link is asked afresh."""
    identity: dict[str, object] = {"type": component_type, "name": name,
                                   "extension": extension_id, "from": source}
    if domains:
        identity["domains"] = sorted(set(domains))
    if accounts:
        identity["accounts"] = {link: list(account) for link, account in accounts.items()}
    return json.dumps(identity, sort_keys=True, ensure_ascii=False)


def build_manifest(
    component_id: str,
    component_type: str,
    scripts: Mapping[str, tuple[Source, dast.Script]],
    connections: Mapping[str, ConnectionSpec],
    org_items: Iterable[ConsentItem] = (),
    *,
    name: str = "",
    extension_id: str | None = None,
    objects: Iterable[str],
    identity: str = "",
    handler_objects: Callable[[str], Iterable[str] | None] | None = None,
) -> ConsentManifest:
    """The manifest of one component from its handler scripts (`handler name -> (source,
    script)`) and its declared connections. `org_items` are added as they are (for an
    extension's install). `objects` are the handler input names that count as Cliq objects;
    `handler_objects(handler)`, when given, names those of one handler (the inputs its trigger
    really has; None: `objects`), so a local `headers` in a command is not "the request
    headers"."""
    object_names = frozenset(objects)
    items: list[ConsentItem] = list(org_items)
    for handler, (source, script) in scripts.items():
        own = handler_objects(handler) if handler_objects is not None else None
        effects = inventory(script, source.name or handler,
                            object_names if own is None else frozenset(own))
        items.extend(items_from_effects(effects, source, connections))
    return make_manifest(
        component_id, component_type, items, name=name, extension_id=extension_id,
        identity=identity,
    )


def merge_items(items: Iterable[ConsentItem]) -> tuple[ConsentItem, ...]:
    """One item per key, with every location (in file and line order) and every note."""
    by_key: dict[str, ConsentItem] = {}
    for item in items:
        seen = by_key.get(item.key)
        if seen is None:
            by_key[item.key] = item
            continue
        locations = tuple(sorted(set(seen.locations) | set(item.locations), key=_location_order))
        notes = seen.note if item.note in ("", seen.note) else "; ".join(
            n for n in (seen.note, item.note) if n
        )
        by_key[item.key] = ConsentItem(
            seen.kind, seen.target, seen.credentials, seen.purpose, locations,
            seen.flagged or item.flagged, notes, seen.connection,
        )
    return tuple(sorted(by_key.values(), key=lambda item: item.sort_key))


def _location_order(location: CodeLocation) -> tuple[str, int, int]:
    return (location.file, location.line, location.column)


def locate(source: Source, spans: Iterable[Span]) -> tuple[CodeLocation, ...]:
    unique = sorted(set(spans), key=lambda s: (s.line, s.column))
    return tuple(
        CodeLocation(
            source.name, s.line, s.column, s.end_line, s.end_column,
            source.line_text(s.line).strip(),
        )
        for s in unique
    )


# --------------------------------------------------------------------------- effects -> items


def items_from_effects(
    effects: Effects, source: Source, connections: Mapping[str, ConnectionSpec]
) -> list[ConsentItem]:
    items: list[ConsentItem] = []
    for obj in effects.objects:
        items.extend(_object_items(obj, source))
    for identity in effects.identities:
        items.append(_identity_item(identity, source))
    named = [(task.name, task.target) for task in effects.tasks]
    for task in effects.tasks:
        items.append(_task_item(task, source, connections, named))
    for url in effects.urls:
        items.extend(_url_items(url, source, connections))
    return items


def _object_items(use: ObjectUse, source: Source) -> list[ConsentItem]:
    by_field: dict[str | None, list[Span]] = {}
    reads = use.reads or tuple((None, span) for span in use.spans)
    for field_name, span in reads:
        by_field.setdefault(field_name, []).append(span)
    return [
        ConsentItem(
            "object",
            use.object if field_name is None else f"{use.object}.{field_name}",
            "user",
            purposes.object_purpose(use.object, field_name),
            locate(source, spans),
        )
        for field_name, spans in by_field.items()
    ]


def _identity_item(use: IdentityUse, source: Source) -> ConsentItem:
    credentials: Credentials = "admin" if use.name.startswith("zoho.admin") else "user"
    return ConsentItem(
        "object", use.name, credentials, purposes.identity_purpose(use.name),
        locate(source, use.spans),
    )


def _task_item(
    use: TaskUse, source: Source, connections: Mapping[str, ConnectionSpec],
    named: Sequence[tuple[str, tuple[tuple[str, ...], ...] | None]] = (),
) -> ConsentItem:
    """The item for one task use; `named` are the `(name, target)` of every task the script
    calls (what a record target decided at run time may be: `consent.records`)."""
    locations = locate(source, use.spans)
    service = use.service.lower()
    connection = use.connection
    if connection is None and use.last_literal in connections:
        connection = use.last_literal
    notes: list[str] = []
    flagged = False
    credentials: Credentials
    if connection is not None and connection in connections:
        credentials = connections[connection].auth
    elif connection is not None:
        credentials, flagged = "admin", True
        notes.append(
            f"uses the connection {connection!r}, which this component does not declare; "
            "cliqsim cannot tell whose account it signs in with"
        )
    elif use.connection_computed:
        credentials, flagged = "admin", True
        declared = ", ".join(sorted(connections)) or "none"
        notes.append("the connection is chosen when the code runs, so whose account it uses "
                     "cannot be known in advance: cliqsim lets it be only one this component "
                     f"declares ({declared}), or none")
    elif service == "cliq" or service in ("thisapp", "standalone"):
        credentials = "admin" if use.operation.lower().endswith("asadmin") else "user"
    else:
        credentials, flagged = "user", True
        notes.append(
            "no connection is given: real Cliq refuses to save an integration task without "
            "one; cliqsim runs it with your account"
        )
    if service in ("thisapp", "standalone"):
        flagged = True
        notes.append("what the saved function itself touches is not listed here")
    elif known_task_arity(use.name) is None and service != "cliq":
        flagged = True
        notes.append("cliqsim does not know this task; check what it does before allowing it")
    elif service == "cliq" and known_task_arity(use.name) is None:
        flagged = True
        notes.append("cliqsim does not know this Cliq task; check what it does")
    target = use.name
    where = ""
    record = None
    if record_target(use.name) is not None:  # what it acts on is part of the item
        record = (RecordTarget(use.name, use.target) if use.target is not None
                  else RecordTarget(use.name, literal_targets(named, use.name), True))
        target, where = record.target(), record.shown()
        if record.note():
            flagged = True
            notes.append(record.note())
    purpose = purposes.task_purpose(use.name, use.service, use.operation, credentials, where)
    if use.connection_computed and connection is None:
        purpose = (purposes.task_purpose(use.name, use.service, use.operation, "user", where)
                   .removesuffix(" as you") + " with a connection the code picks when it runs")
    posting = post_task(use.name)
    if posting is not None:  # where it posts is part of the item, as a mail's recipients are
        destination = Destination(posting[1], posting[0], use.destination)
        target = destination.target()
        purpose = f"{purpose}: {destination.shown()}"
        if destination.note():
            flagged = True
            notes.append(destination.note())
    return ConsentItem(
        "task",
        target,
        credentials,
        purpose,
        locations,
        flagged,
        "; ".join(notes),
        connection,
    )


def _cliq_api(host: str) -> bool:
    return host.rstrip(".") in CLIQ_API_HOSTS


def _url_items(
    use: UrlUse, source: Source, connections: Mapping[str, ConnectionSpec]
) -> list[ConsentItem]:
    locations = locate(source, use.spans)
    spec = connections.get(use.connection) if use.connection is not None else None
    notes: list[str] = []
    flagged = False
    if use.connection is not None and spec is None:
        flagged = True
        notes.append(
            f"uses the connection {use.connection!r}, which this component does not declare"
        )
    if use.connection_computed:
        # Enforced as shown: the item names no connection, so a call that names one (whatever
        # the code computed) is blocked; only a call without a connection runs.
        flagged = True
        notes.append("the connection is chosen when the code runs: cliqsim blocks the call "
                     "when it names a connection, and runs it only without signing in")
    credentials: Credentials = spec.auth if spec is not None else (
        "admin" if use.connection is not None else "user"
    )
    service_name = spec.service if spec is not None else (
        use.connection if use.connection is not None else None
    )

    if use.kind == "sendmail":
        mail = MailSpec(use.sender, use.recipients, use.cc, use.bcc, use.reply_to)
        mail_credentials: Credentials = "user" if use.sender in (LOGIN_USER, None) else "admin"
        note = mail.note()
        return [
            ConsentItem(
                "task", mail.target(), mail_credentials, mail.purpose(), locations,
                bool(note), note,
            )
        ]

    method = use.method or "ANY"
    if use.method is None:
        notes.append("the HTTP method is decided when the code runs")
    if use.kind != "invokeurl":
        notes.append(f"{use.kind} is deprecated in Deluge; prefer invokeurl")

    def item(target: str, host: str, extra: list[str], flag: bool) -> ConsentItem:
        purpose = purposes.api_purpose(method, host, credentials, service_name)
        if use.connection_computed and use.connection is None:
            purpose = purpose.replace(" without signing in", " with a connection the code picks "
                                      "when it runs (cliqsim runs it only without signing in)")
        return ConsentItem(
            "api", target, credentials, purpose,
            locations, flag, "; ".join(notes + extra), use.connection,
        )

    if use.host is not None:
        extra = []
        flag = flagged
        if spec is not None and spec.hosts and not spec.allows_host(use.host):
            flag = True
            extra.append(f"the connection {spec.name!r} does not list {use.host} among its hosts")
        if use.port_decided_at_run_time:
            flag = True
            extra.append(f"the port is decided when the code runs: cliqsim allows only "
                         f"{use.scheme}'s default port ({DEFAULT_PORTS.get(use.scheme, '-')})")
        if _cliq_api(use.host):
            flag = True
            extra.append("this is Cliq's own REST API: this item covers the host, not what "
                         "the address changes; a message post there (channelsbyname, chats, "
                         "bots, buddies) is also listed as its zoho.cliq.postTo... task, which "
                         "names where it posts, and cliqsim allows it only there")
        if use.scheme not in DEFAULT_PORTS:
            flag = True
            extra.append(f"the address uses {use.scheme}://, not https or http")
        where = origin_text(use.host, use.scheme, use.port)
        return [item(f"{method} {where}", where, extra, flag)]
    if spec is not None and spec.hosts:
        shown = use.url_prefix or "an address built when the code runs"
        return [
            item(
                f"{method} {host}", host,
                [f"the address ({shown}...) is decided at run time; only the connection's "
                 "hosts are allowed"],
                flagged,
            )
            for host in spec.hosts
        ]
    start = f" (it starts {use.url_prefix!r})" if use.url_prefix else ""
    return [
        ConsentItem(
            "api", RUNTIME_ADDRESS, credentials,
            purposes.api_purpose(method, RUNTIME_ADDRESS, credentials, service_name),
            locations, True,
            "; ".join(notes + [
                f"the address is decided when the code runs{start} and no connection limits "
                "where it goes, so allowing this covers no address: cliqsim blocks the call; "
                "use a literal URL or a connection that lists its hosts"
            ]),
            use.connection,
        )
    ]
