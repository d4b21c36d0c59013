"""The least-privilege lint: code that asks for more than it needs, and the narrower code to write.

`lint(scripts, connections, objects)` reads a component's handler scripts (the effect inventory
and the data-flow pass from the handler inputs `objects`; nothing runs) and returns `Finding`s,
each with a code, where, what and the fix:

| code | rule | finds |
|---|---|---|
| CP001 | whole-object | a whole Cliq object read where fields would do (`info user`) |
| CP002 | unused-connection | a connection declared in component.toml that no code uses |
| CP003 | unused-host | a host a connection declares that no call reaches |
| CP004 | admin-credentials | the admin's account where yours would do (`...AsAdmin`) |
| CP005 | task-without-connection | an integration task with no connection |
| CP006 | runtime-address | an address decided at run time |
| CP007 | computed-recipients | mail to recipients computed at run time |
| CP008 | info-only | personal data whose value only reaches `info` |
| CP009 | computed-target | a record task's module (database, form, report) computed at run time |

Component-level findings (CP002, CP003) carry no code location; their `subject` names the
component.toml field (`connections.googlemaps`) for the caller to locate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from cliqsim.consent import purposes
from cliqsim.consent.dataflow import DataFlow, data_flows
from cliqsim.consent.items import CodeLocation
from cliqsim.consent.manifest import ConnectionSpec, host_matches, locate
from cliqsim.deluge import ast as dast
from cliqsim.deluge.effects import Effects, inventory, known_task_arity, record_target
from cliqsim.deluge.source import Source

Severity = Literal["warning", "note"]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    title: str
    severity: Severity


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("CP001", "whole-object", "A whole Cliq object is read where its fields would do",
             "warning"),
        Rule("CP002", "unused-connection", "A declared connection is never used", "warning"),
        Rule("CP003", "unused-host", "A connection declares a host no call reaches", "warning"),
        Rule("CP004", "admin-credentials", "The admin's account is used where yours would do",
             "warning"),
        Rule("CP005", "task-without-connection", "An integration task has no connection",
             "warning"),
        Rule("CP006", "runtime-address", "An address is decided at run time", "warning"),
        Rule("CP007", "computed-recipients", "Mail goes to recipients computed at run time",
             "warning"),
        Rule("CP008", "info-only", "Personal data only reaches the log (info)", "note"),
        Rule("CP009", "computed-target", "A record task's module is computed at run time",
             "warning"),
    )
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding: `code` (a key of `RULES`), `message` what is wrong, `fix` the narrower code
    to write, `location` the code (None for a component.toml finding, then `subject` names the
    field, e.g. `connections.googlemaps`)."""

    code: str
    message: str
    fix: str
    location: CodeLocation | None = None
    subject: str = ""

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def severity(self) -> Severity:
        return self.rule.severity


def lint(
    scripts: Mapping[str, tuple[Source, dast.Script]],
    connections: Mapping[str, ConnectionSpec],
    objects: Iterable[str],
    flows: Iterable[DataFlow] | None = None,
) -> tuple[Finding, ...]:
    """Every finding of one component's scripts (`handler -> (source, script)`), code findings
    in file and line order, then the component.toml ones. `flows` may be given when the caller
    already has them (`data_flows` of the same scripts)."""
    names = tuple(objects)
    found = tuple(flows) if flows is not None else data_flows(scripts, names)
    findings: list[Finding] = []
    inventories: list[tuple[Source, Effects]] = []
    for handler, (source, script) in scripts.items():
        effects = inventory(script, source.name or handler, names)
        inventories.append((source, effects))
        own = [f for f in found if f.location.file == source.name]
        findings.extend(_whole_objects(effects, source, own))
        findings.extend(_admin_credentials(effects, source))
        findings.extend(_tasks_without_connection(effects, source, connections))
        findings.extend(_addresses(effects, source, connections))
        findings.extend(_info_only(own))
        findings.extend(_computed_targets(effects, source))
    findings.sort(key=lambda f: (f.location.file, f.location.line, f.location.column, f.code)
                  if f.location else ("", 0, 0, f.code))
    findings.extend(_unused_connections(inventories, connections))
    return tuple(findings)


def _at(source: Source, span: object) -> CodeLocation:
    (location,) = locate(source, [span])  # type: ignore[list-item]
    return location


# ---- CP001


def _whole_objects(effects: Effects, source: Source, flows: list[DataFlow]) -> list[Finding]:
    findings = []
    for use in effects.objects:
        fields = purposes.known_fields(use.object)
        if not fields:
            continue  # text inputs (`arguments`) and objects without named fields
        read = sorted({f for f, _ in use.reads if f})
        example = read[0] if read else fields[0]
        for field_name, span in use.reads or ((None, s) for s in use.spans):
            if field_name is not None:
                continue
            location = _at(source, span)
            goes = [f.to for f in flows
                    if f.source == use.object and f.location.line == location.line]
            where = f" and sends it to {goes[0]}" if goes else ""
            whole = purposes.object_purpose(use.object, None).removeprefix("Reads ")
            fix = f'{use.object}.get("{example}")'
            if read:
                fix += f" (this script already reads {', '.join(read)})"
            findings.append(Finding(
                "CP001",
                f"reads the whole `{use.object}` ({whole}){where}; the consent then covers "
                "all of it",
                f"read only the fields you need, e.g. {fix}",
                location,
            ))
    return findings


# ---- CP004


def _admin_credentials(effects: Effects, source: Source) -> list[Finding]:
    findings = []
    for task in effects.tasks:
        if task.service.lower() == "cliq" and task.operation.lower().endswith("asadmin"):
            plain = task.name[: -len("AsAdmin")]
            if known_task_arity(plain) is None:
                continue
            for span in task.spans:
                findings.append(Finding(
                    "CP004", f"`{task.name}` acts with the admin's account",
                    f"use `{plain}` to act as the person who runs it", _at(source, span)))
    for url in effects.urls:
        if url.kind == "sendmail" and url.sender != "zoho.loginuserid":
            sender = url.sender or "an address computed at run time"
            for span in url.spans:
                findings.append(Finding(
                    "CP004", f"sendmail is sent from {sender}, with the admin's account",
                    "send from the person's own address: `from: zoho.loginuserid`",
                    _at(source, span)))
    return findings


# ---- CP005


def _tasks_without_connection(
    effects: Effects, source: Source, connections: Mapping[str, ConnectionSpec]
) -> list[Finding]:
    findings = []
    for task in effects.tasks:
        service = task.service.lower()
        if service in ("cliq", "thisapp", "standalone") or task.connection is not None:
            continue
        if task.connection_computed or task.last_literal in connections:
            continue
        if known_task_arity(task.name) is None and task.last_literal is not None:
            continue
        arity = known_task_arity(task.name)
        example = next(iter(connections), f"{service}_connection")
        fix = (f'give the connection as the last argument (argument {arity}): '
               f'{task.name}(..., "{example}")' if arity else
               f'give the connection as the last argument: {task.name}(..., "{example}")')
        for span in task.spans:
            findings.append(Finding(
                "CP005", f"`{task.name}` has no connection: real Cliq refuses to save it, and "
                "whose account it uses is not declared", fix, _at(source, span)))
    return findings


# ---- CP006, CP007


def _addresses(
    effects: Effects, source: Source, connections: Mapping[str, ConnectionSpec]
) -> list[Finding]:
    findings = []
    for url in effects.urls:
        if url.kind == "sendmail":
            if url.recipients is None:
                for span in url.spans:
                    findings.append(Finding(
                        "CP007", "sendmail's recipients are computed at run time, so the "
                        "consent cannot say who receives the mail",
                        'write the recipients as text (`to: "team@example.com"`) or mail the '
                        "person who runs it (`to: zoho.loginuserid`)", _at(source, span)))
            continue
        if url.host is not None:
            continue
        spec = connections.get(url.connection) if url.connection else None
        limited = spec is not None and bool(spec.hosts)
        start = f" (it starts {url.url_prefix!r})" if url.url_prefix else ""
        message = f"the address of this {url.kind} is decided at run time{start}"
        message += (f"; only the connection {spec.name!r}'s hosts are allowed"
                    if spec is not None and limited else
                    "; no connection limits where it goes, so cliqsim blocks it")
        fix = ('start the URL with a literal that names the host, e.g. '
               '"https://api.example.com/" + path')
        if not limited:
            fix += ", or use a connection that lists its hosts"
        for span in url.spans:
            findings.append(Finding("CP006", message, fix, _at(source, span)))
    return findings


# ---- CP009


def _computed_targets(effects: Effects, source: Source) -> list[Finding]:
    """A record task whose target is decided at run time covers only the targets the script
    names literally (`consent.records`), or nothing."""
    findings = []
    for task in effects.tasks:
        parts = record_target(task.name)
        if parts is None or task.target is not None:
            continue
        noun = parts[0][1]
        for span in task.spans:
            findings.append(Finding(
                "CP009", f"the {noun} {task.name} acts on is computed at run time, so the "
                f"consent cannot say which; cliqsim lets it be only a {noun} this script names "
                "literally, or blocks it",
                f"name the {noun} as text in the call (one call, or one branch, per {noun})",
                _at(source, span)))
    return findings


# ---- CP008


def _info_only(flows: list[DataFlow]) -> list[Finding]:
    by_source: dict[str, list[DataFlow]] = {}
    for flow in flows:
        by_source.setdefault(flow.source, []).append(flow)
    findings = []
    for target, reaching in by_source.items():
        if not all(f.sink == "info" for f in reaching):
            continue
        if "." not in target and purposes.known_fields(target):
            continue  # a whole object with fields: CP001 says it
        first = reaching[0]
        findings.append(Finding(
            "CP008", f"{first.what} (`{target}`) only reaches the log (info); if the script "
            "does not need it otherwise, do not read it and the consent no longer asks for it",
            f"remove the read of `{target}` from the info line", first.location))
    return findings


# ---- CP002, CP003


def _unused_connections(
    inventories: list[tuple[Source, Effects]], connections: Mapping[str, ConnectionSpec]
) -> list[Finding]:
    used: set[str] = set()
    computed_url: set[str] = set()
    hosts: dict[str, set[str]] = {}
    any_computed_connection = False
    for _, effects in inventories:
        for task in effects.tasks:
            any_computed_connection |= task.connection_computed
            for name in (task.connection, task.last_literal):
                if name is not None:
                    used.add(name)
        for url in effects.urls:
            any_computed_connection |= url.connection_computed
            if url.connection is None:
                continue
            used.add(url.connection)
            if url.host is None:
                computed_url.add(url.connection)
            else:
                hosts.setdefault(url.connection, set()).add(url.host)
    findings: list[Finding] = []
    if any_computed_connection:
        return findings  # a connection chosen at run time may be any of them
    for name, spec in connections.items():
        if name not in used:
            findings.append(Finding(
                "CP002", f"the connection {name!r} ({spec.service}) is declared but no code "
                "uses it", f"remove [connections.{name}] from component.toml",
                subject=f"connections.{name}"))
            continue
        if name in computed_url:
            continue
        for pattern in spec.hosts:
            if not any(host_matches(pattern, h) for h in hosts.get(name, ())):
                findings.append(Finding(
                    "CP003", f"the connection {name!r} lists the host {pattern!r}, which no "
                    "call reaches", f"remove {pattern!r} from connections.{name}.hosts",
                    subject=f"connections.{name}.hosts"))
    return findings
