"""Generated scripts: the inventory lists every effect the interpreter performs, and the guard
lets through no effect outside the grant.

Scripts are random mixes of object reads, tasks (known, unknown, literal and computed
connections), literal / literal-prefix / computed URLs with and without connections, mail and
identity reads, nested in branches, loops and try/catch. `CLIQSIM_PROPERTY_EXAMPLES` raises the
number of cases (the default keeps the suite fast).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cliqsim.consent.guard import GuardedHost, bind_objects
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import ConnectionSpec, ConsentManifest, build_manifest, host_matches
from cliqsim.deluge.effects import inventory
from cliqsim.deluge.errors import EffectBlocked
from cliqsim.deluge.interpreter import compile_script, run
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Span
from cliqsim.platform.triggers import HANDLER_INPUTS as CLIQ_OBJECTS

EXAMPLES = int(os.environ.get("CLIQSIM_PROPERTY_EXAMPLES", "150"))
NOW = datetime(2026, 3, 1, tzinfo=UTC)

CONNECTIONS = {
    "crm": ConnectionSpec("crm", "Zoho CRM", "admin", ("www.zohoapis.com",)),
    "two": ConnectionSpec("two", "Two", "user", ("api.two.example",)),
    "weather": ConnectionSpec("weather", "Weather", "user", ("*.weather.example",)),
}

INPUTS: dict[str, Any] = {
    "user": {"id": "7", "email": "asha@example.com", "first_name": "Asha", "timezone": "UTC"},
    "chat": {"id": "CT_1", "title": "general", "type": "channel"},
    "location": {"latitude": 12.9, "longitude": 77.6, "status": "granted"},
    "message": "hello",
}

# Each fragment is one statement (or a few); `{n}` makes its variables unique.
FRAGMENTS = [
    'out.add(user.get("email"));',
    'out.add(user.get("first_name"));',
    'out.add(user.getJSON("timezone"));',
    'out.add(chat.get("title"));',
    "out.add(location);",
    "out.add(user);",
    'out.add(message.length());',
    'k{n} = "id";\nout.add(user.get(k{n}));',
    'zoho.cliq.postToChannel("general", "hi");',
    'zoho.crm.createRecord("Leads", {{}}, {{}}, "crm");',
    'c{n} = "crm";\nzoho.crm.getRecords("Leads", 1, 200, {{}}, c{n});',
    'zoho.mystery.task("a");',
    'zoho.desk.create("1", "tickets", {{}});',
    'r{n} = invokeurl [ url: "https://api.one.example/x" type: GET ];',
    'r{n} = invokeurl [ url: "https://api.two.example/" + arguments type: POST '
    'connection: "two" ];',
    'r{n} = invokeurl [ url: "https://" + arguments + "/x" ];',
    'r{n} = invokeurl [ url: "https://" + arguments + "/y" connection: "weather" ];',
    'u{n} = "https://api.one.example/";\nr{n} = invokeurl [ url: u{n} + arguments ];',
    'r{n} = getUrl("https://old.example/v1");',
    'r{n} = postUrl("https://" + arguments, {{"a": 1}});',
    'sendmail [ from: zoho.adminuserid to: "t@example.com" subject: "s" message: "m" ];',
    "out.add(zoho.loginuserid);",
]

WRAPPERS = [
    "{body}",
    'if (arguments == "{pick}") {{\n{body}\n}}',
    'if (arguments != "{pick}") {{\n{body}\n}} else {{\ninfo "no";\n}}',
    "for each i{n} in {{1, 2}} {{\n{body}\n}}",
    "try {{\n{body}\n}} catch (e{n}) {{\ninfo e{n};\n}}",
]

HOSTS = ["api.one.example", "api.two.example", "evil.example", "a.weather.example",
         "weather.example", "old.example"]


@st.composite
def scripts(draw: st.DrawFn) -> tuple[str, str]:
    """A script text and the value of `arguments` (which computed URLs use as a host)."""
    arguments = draw(st.sampled_from(HOSTS))
    parts = ["out = List();"]
    for n in range(draw(st.integers(1, 7))):
        body = draw(st.sampled_from(FRAGMENTS)).format(n=n)
        wrapper = draw(st.sampled_from(WRAPPERS))
        parts.append(wrapper.format(body=body, n=n, pick=draw(st.sampled_from(HOSTS))))
    parts.append('return {"out": out};')
    return "\n".join(parts) + "\n", arguments


def manifest_of(text: str) -> ConsentManifest:
    compiled = compile_script(text, "run.dg")
    return build_manifest(
        "generated", "command", {"execution": (compiled.source, compiled.script)}, CONNECTIONS,
        objects=CLIQ_OBJECTS,
    )


class Tracking(RecordingHost):
    """Records identity reads too (RecordingHost records tasks, URLs and mail)."""

    def system_variable(self, name: str, span: Span) -> Any:
        if name.lower().startswith("zoho."):
            self.effects.append({"kind": "identity", "name": name.lower(), "line": span.line})
        return super().system_variable(name, span)


def run_script(text: str, host: Any, inputs: dict[str, Any]) -> Any:
    return run(compile_script(text, "run.dg"), host, inputs).returned


def covered(effect: dict[str, Any], items: list[ConsentItem]) -> bool:
    """An oracle independent of the guard: is `effect` one of the granted items?"""
    kind = effect["kind"]
    if kind == "task":
        return any(i.kind == "task" and i.target.split(" ", 1)[0].lower() == effect["name"].lower()
                   and _destination_listed(i.target, effect["args"]) for i in items)
    if kind == "sendmail":
        return any(i.kind == "task" and i.mail is not None for i in items)
    if kind == "identity":
        return any(i.kind == "object" and i.target == effect["name"] for i in items)
    if kind == "invokeurl":
        host = effect["url"].split("://", 1)[1].split("/", 1)[0].lower()
        return any(
            i.kind == "api" and i.host is not None and host_matches(i.host, host)
            and i.method in ("ANY", effect["method"])
            for i in items
        )
    return kind == "info"


def _destination_listed(target: str, args: list[Any]) -> bool:
    """A posting task's item lists its destination (the first argument) as a literal."""
    name, _, rest = target.partition(" ")
    if not name.lower().startswith("zoho.cliq.postto"):
        return True
    listed = json.loads(rest)["to"] if rest else []
    return bool(args) and str(args[0]).lower() in [str(t).lower() for t in listed or []]


def inputs_with(arguments: str) -> dict[str, Any]:
    return {**INPUTS, "arguments": arguments}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts())
def test_the_inventory_lists_every_effect_the_interpreter_performs(
    case: tuple[str, str],
) -> None:
    text, arguments = case
    compiled = compile_script(text, "run.dg")
    effects = inventory(compiled.script, "run.dg", CLIQ_OBJECTS)
    host = Tracking(now=NOW)
    run_script(text, host, inputs_with(arguments))
    for effect in host.effects:
        kind, line = effect["kind"], effect["line"]
        if kind == "task":
            assert any(
                t.name == effect["name"] and line in {s.line for s in t.spans}
                for t in effects.tasks
            ), f"task {effect['name']} at line {line} is not in the inventory"
        elif kind == "sendmail":
            assert any(u.kind == "sendmail" and u.spans[0].line == line for u in effects.urls)
        elif kind == "identity":
            assert any(
                i.name == effect["name"] and line in {s.line for s in i.spans}
                for i in effects.identities
            ), f"{effect['name']} at line {line} is not in the inventory"
        elif kind == "invokeurl":
            host_name = effect["url"].split("://", 1)[1].split("/", 1)[0].lower()
            listed = [u for u in effects.urls if u.kind != "sendmail" and u.spans[0].line == line]
            assert listed, f"the call at line {line} is not in the inventory"
            assert any(
                (u.host is None or u.host == host_name)
                and (u.method is None or u.method == effect["method"])
                for u in listed
            ), f"{effect['url']} does not match the inventory's {listed}"


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts())
def test_binding_only_the_listed_objects_and_fields_changes_nothing(
    case: tuple[str, str],
) -> None:
    text, arguments = case
    manifest = manifest_of(text)
    full = run_script(text, RecordingHost(now=NOW), inputs_with(arguments))
    bound = bind_objects(manifest.items, inputs_with(arguments), CLIQ_OBJECTS)
    assert run_script(text, RecordingHost(now=NOW), bound) == full


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts(), st.data())
def test_no_effect_outside_the_grant_slips_through_the_guard(
    case: tuple[str, str], data: st.DataObject
) -> None:
    text, arguments = case
    manifest = manifest_of(text)
    granted = [
        item for item in manifest.items
        if data.draw(st.booleans() | st.just(True), label=f"grant {item.key}")
    ]
    inner = Tracking(now=NOW)
    blocked: list[str] = []
    guard = GuardedHost(
        inner, granted, CONNECTIONS, on_blocked=lambda what, span: blocked.append(what)
    )
    bound = bind_objects(granted, inputs_with(arguments), CLIQ_OBJECTS)
    try:
        run_script(text, guard, bound)
    except EffectBlocked as error:
        assert blocked and error.span is not None
        assert f"line {error.span.line}" in error.message
    except Exception as error:  # noqa: BLE001 - an object left unbound is the only other way out
        assert "not defined" in str(error) or "Null value" in str(error), error
    for effect in inner.effects:
        assert covered(effect, granted), f"slipped through: {effect}"
    assert guard.used_keys <= {item.key for item in granted}
