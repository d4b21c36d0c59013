"""Red team: the module, database, form or report a record task acts on is part of its consent
item, as a post's destination is. "Reads records from Zoho CRM as you" used to cover Leads,
Contacts, Deals, any module, even one computed at run time.

Zoho's Deluge integration task pages name where the target sits: "Get Records from Zoho CRM"
(https://www.zoho.com/deluge/help/crm/get-records.html: `zoho.crm.getRecords(<module_name>,
...)`), "Create records in Zoho Books" (https://www.zoho.com/deluge/help/books/create-record.html:
`zoho.books.createRecord(<module_name>, <org_ID>, ...)`), "Create record in Zoho Desk"
(https://www.zoho.com/deluge/help/desk/create-record.html: `zoho.desk.create(<orgId>,
<module_name>, ...)`), "Get Records" from Zoho Creator
(https://www.zoho.com/deluge/help/creator/get-records.html: `zoho.creator.getRecords(
<owner_name>, <app_link_name>, <report_link_name>, ...)`). cliqsim lists literal targets, shows
one computed at run time as such (flagged) and lets it be only a target the same script names
literally for the same service, or nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.cli import main
from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import ConsentRequest, Gate
from cliqsim.consent.guard import GuardedHost
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import make_manifest
from cliqsim.consent.records import RecordTarget
from cliqsim.consent.store import ConsentStore
from cliqsim.deluge.effects import inventory
from cliqsim.deluge.errors import EffectBlocked
from cliqsim.deluge.parser import parse
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Span
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

COMMAND = """\
type = "command"
name = "{name}"
[handlers]
execution = "run.dg"
"""
LINE = Span.point(1, 1)


def _runtime(tmp_path: Path, make_runtime: Callable[[Path], Runtime],
             scripts: dict[str, str]) -> Runtime:
    root = tmp_path / "c"
    root.mkdir(exist_ok=True)
    (root / "workspace.toml").write_text(
        (bundled_components() / "workspace.toml").read_text(encoding="utf-8"), encoding="utf-8")
    for name, script in scripts.items():
        write_package(root, name, COMMAND.format(name=name), {"run.dg": script})
    return make_runtime(root)


def _records(items: tuple[ConsentItem, ...]) -> list[ConsentItem]:
    return [i for i in items if i.kind == "task" and i.target.startswith("zoho.crm.")]


def test_the_sales_board_shows_the_module_it_reads_and_updates(runtime: Runtime) -> None:
    asked = runtime.open_widget("u_arjun", "salesboard")
    assert asked.consent is not None
    purposes = sorted(i.purpose for i in _records(asked.consent.items))
    assert purposes == ["Reads records from Zoho CRM (Leads) as you",
                        "Updates records in Zoho CRM (Leads) as you"]
    targets = {i.target for i in _records(asked.consent.items)}
    assert targets == {'zoho.crm.getRecords {"in": [["Leads"]]}',
                       'zoho.crm.updateRecord {"in": [["Leads"]]}'}


def test_a_changed_script_reading_another_module_asks_again(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {"leads": (
        'r = zoho.crm.getRecords("Leads");\nreturn {"text": r.size() + " leads"};\n')})
    assert allow(runtime, runtime.submit("u_arjun", "general", "/leads")).status == "ok"
    script = tmp_path / "c" / "leads" / "run.dg"
    script.write_text('r = zoho.crm.getRecords("Contacts");\nreturn {"text": "ok"};\n',
                      encoding="utf-8")
    runtime.reload()
    again = runtime.submit("u_arjun", "general", "/leads")
    assert again.status == "consent_required"
    assert again.consent is not None and again.consent.diff is not None
    assert [i.purpose for i in again.consent.diff.added] == [
        "Reads records from Zoho CRM (Contacts) as you"]


def test_a_module_decided_at_run_time_is_shown_and_covers_only_modules_named_in_the_code(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {"crm": (
        'n = zoho.crm.getRecords("Leads").size();\n'
        'r = zoho.crm.getRecords(arguments);\nreturn {"text": n + " " + r.size()};\n')})
    asked = runtime.submit("u_arjun", "general", "/crm Leads")
    assert asked.consent is not None
    computed = next(i for i in _records(asked.consent.items) if i.flagged)
    assert computed.purpose == ("Reads records from Zoho CRM (a module decided when the code "
                                "runs) as you")
    assert "cliqsim lets it be only Leads" in computed.note
    assert computed.target == 'zoho.crm.getRecords {"at_run_time": true, "in": [["Leads"]]}'
    assert allow(runtime, asked).status == "ok"  # Leads: named in the code, shown
    blocked = runtime.submit("u_arjun", "general", "/crm Contacts")
    assert blocked.status == "error" and blocked.error is not None
    assert "on the module Contacts" in blocked.error.message
    assert any(r.event == "blocked" and "Contacts" in r.detail
               for r in runtime.ledger("u_arjun"))


def test_a_module_decided_at_run_time_with_none_named_is_blocked(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {"any": (
        'r = zoho.crm.getRecords(arguments);\nreturn {"text": "ok"};\n')})
    asked = runtime.submit("u_arjun", "general", "/any Leads")
    assert asked.consent is not None
    (item,) = _records(asked.consent.items)
    assert item.flagged and "cliqsim blocks it" in item.note
    done = allow(runtime, asked)
    assert done.status == "error" and done.error is not None
    assert "zoho.crm.getRecords on the module Leads" in done.error.message


def test_a_grant_stored_before_modules_were_part_of_the_item_asks_again(
    tmp_path: Path,
) -> None:
    """An old grant (the item `zoho.crm.getRecords`, with no module) fails closed: the gate
    asks again, and such an item by itself covers no call."""
    old = ConsentItem("task", "zoho.crm.getRecords", "user", "Reads records from Zoho CRM as you")
    new = ConsentItem("task", RecordTarget("zoho.crm.getRecords", (("Leads",),)).target(),
                      "user", "Reads records from Zoho CRM (Leads) as you")
    gate = Gate(ConsentStore.in_dir(tmp_path), SimulatedClock(datetime(2026, 3, 1, tzinfo=UTC)))
    gate.grant("u_arjun", make_manifest("leads", "command", [old], name="/leads"))
    decision = gate.check("u_arjun", make_manifest("leads", "command", [new], name="/leads"))
    assert isinstance(decision, ConsentRequest) and decision.reason == "changed"
    guard = GuardedHost(RecordingHost(), [old], component="/leads")
    with pytest.raises(EffectBlocked, match="on the module Leads"):
        guard.call_task("zoho.crm.getRecords", ["Leads"], LINE)


def test_the_guard_compares_every_part_exactly() -> None:
    books = ConsentItem("task", RecordTarget("zoho.books.getRecords",
                                             (("Invoices", "6612"),)).target(), "user", "x")
    desk = ConsentItem("task", RecordTarget("zoho.desk.create",
                                            (("tickets", "641"),)).target(), "user", "x")
    creator = ConsentItem("task", RecordTarget(
        "zoho.creator.getRecords", (("All_Tasks", "tasks", "zylker"),)).target(), "user", "x")
    inner = RecordingHost()
    guard = GuardedHost(inner, [books, desk, creator])
    guard.call_task("zoho.books.getRecords", ["Invoices", "6612", ""], LINE)
    guard.call_task("zoho.desk.create", [641, "tickets", {}], LINE)  # the org ID as a number
    guard.call_task("zoho.creator.getRecords", ["zylker", "tasks", "All_Tasks", ""], LINE)
    for name, args in [
        ("zoho.books.getRecords", ["Invoices", "9999", ""]),  # another organization
        ("zoho.books.getRecords", ["Bills", "6612", ""]),
        ("zoho.desk.create", [641, "contacts", {}]),
        ("zoho.creator.getRecords", ["zylker", "hr", "All_Tasks", ""]),  # another app
        ("zoho.creator.getRecords", ["zylker", "tasks", "all_tasks", ""]),  # exact names
        ("zoho.desk.create", [641, ["tickets"], {}]),  # a list names no module
    ]:
        with pytest.raises(EffectBlocked):
            guard.call_task(name, args, LINE)


def test_the_inventory_reads_each_services_target_arguments() -> None:
    script = parse(
        'm = "Leads";\nif(arguments == "c") { m = "Contacts"; }\n'
        'zoho.crm.getRecords(m, 1, 10, {}, "crm");\n'
        'zoho.desk.create(641, "tickets", {}, "desk");\n'
        'zoho.books.createRecord("Invoices", "6612", {}, "books");\n'
        'zoho.creator.getRecords("zylker", "tasks", "All_Tasks", "", 1, 10, "creator");\n'
        'zoho.cliq.getRecords("tickets_db", {});\n'
        'zoho.crm.getRelatedRecords("Notes", "Leads", "1");\n'
        'zoho.cliq.extension.getProperties({});\n')
    effects = inventory(script, "run.dg", ["arguments"])
    found = {task.name: task.target for task in effects.tasks}
    assert found["zoho.crm.getRecords"] == (("Contacts",), ("Leads",))
    assert found["zoho.desk.create"] == (("tickets", "641"),)
    assert found["zoho.books.createRecord"] == (("Invoices", "6612"),)
    assert found["zoho.creator.getRecords"] == (("All_Tasks", "tasks", "zylker"),)
    assert found["zoho.cliq.getRecords"] == (("tickets_db",),)
    assert found["zoho.crm.getRelatedRecords"] == (("Leads", "Notes"),)
    assert found["zoho.cliq.extension.getProperties"] == ()  # names no target: key unchanged


def test_the_shown_target_quotes_odd_names() -> None:
    spec = RecordTarget("zoho.crm.getRecords", (('Leads) and (Contacts',),))
    assert spec.shown() == '"Leads) and (Contacts"'
    creator = RecordTarget("zoho.creator.getRecords", (("All_Tasks", "tasks", "zylker"),))
    assert creator.shown() == "All_Tasks, application tasks, owner zylker"


def test_the_headless_consent_panel_shows_the_module(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the terminal prints is what the chat window's dialog shows."""
    code = main(["widget", "salesboard", "--data", str(tmp_path / "d")])
    out = capsys.readouterr().out
    assert code != 0 and "asks for your consent" in out
    flat = " ".join(out.replace("│", " ").split())
    assert "Reads records from Zoho CRM (Leads) as you" in flat
    assert "Updates records in Zoho CRM (Leads) as you" in flat


def test_a_creator_owner_named_by_zoho_adminuser_is_the_admin_when_it_runs() -> None:
    """Zoho's "Get Records" (Creator) page: the owner "can also be fetched using the system
    variable zoho.adminuser"; the item says "owner the admin" and the guard compares the call
    with the admin's name when it runs."""
    script = parse('r = zoho.creator.getRecords(zoho.adminuser, "tasks", "All_Tasks", "", 1, '
                   '10, "creator");\n')
    (use,) = inventory(script, "run.dg", []).tasks
    assert use.target == (("All_Tasks", "tasks", "zoho.adminuser"),)
    spec = RecordTarget("zoho.creator.getRecords", use.target)
    assert spec.shown() == "All_Tasks, application tasks, owner the admin"
    item = ConsentItem("task", spec.target(), "user", "x")
    guard = GuardedHost(RecordingHost(system_variables={"zoho.adminuser": "Priya Sharma"}),
                        [item])
    guard.call_task("zoho.creator.getRecords", ["Priya Sharma", "tasks", "All_Tasks"], LINE)
    with pytest.raises(EffectBlocked, match="owner zylker"):
        guard.call_task("zoho.creator.getRecords", ["zylker", "tasks", "All_Tasks"], LINE)


def test_a_record_task_is_refused_by_its_name_alone() -> None:
    """`--refuse zoho.crm.getRecords` names every item of that task, whatever its modules."""
    from cliqsim.consent.choice import refused_keys

    leads = ConsentItem("task", RecordTarget("zoho.crm.getRecords", (("Leads",),)).target(),
                        "user", "Reads records from Zoho CRM (Leads) as you")
    deals = ConsentItem("task", RecordTarget("zoho.crm.getRecords", (("Deals",),)).target(),
                        "user", "Reads records from Zoho CRM (Deals) as you")
    manifest = make_manifest("crm", "command", [leads, deals], name="/crm")
    assert refused_keys(manifest, ["zoho.crm.getRecords"]) == {leads.key, deals.key}
    assert refused_keys(manifest, [leads.target]) == {leads.key}
