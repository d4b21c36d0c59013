"""Red team, hole 3: a connection chosen at run time. An `invokeurl` whose `connection:` is
computed was listed "without signing in" and then always blocked: safe, but the dialog did not
say what is enforced. A task whose connection is computed covered any connection at all.

Now the dialog says the connection is picked when the code runs and what cliqsim lets through:
an `invokeurl` runs only without signing in (a call naming a connection is blocked); a task
only with a connection the component declares. Deluge's `invokeurl` page
(https://www.zoho.com/deluge/help/deluge-invoke-url.html): `connection` is the link name."""

from __future__ import annotations

from pathlib import Path

from platform_helpers import allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.consent.items import ConsentItem
from cliqsim.platform.records import Outcome
from cliqsim.platform.runtime import Runtime

MANIFEST = """\
type = "command"
name = "pick"
[handlers]
execution = "run.dg"
[connections.crm]
service = "Zoho CRM"
auth = "user"
"""


def _asked(tmp_path: Path, clock: SimulatedClock, script: str) -> tuple[Runtime, Outcome]:
    write_package(tmp_path / "c", "pick", MANIFEST, {"run.dg": script})
    runtime = Runtime(tmp_path / "c", tmp_path / "data", clock)
    asked = runtime.submit("u_arjun", "general", "/pick crm")
    assert asked.consent is not None, asked
    return runtime, asked


def _items(asked: Outcome, kind: str) -> list[ConsentItem]:
    assert asked.consent is not None
    return [i for i in asked.consent.items if i.kind == kind]


def test_an_invokeurl_with_a_computed_connection_says_what_is_enforced(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    runtime, asked = _asked(tmp_path, clock, (
        'r = invokeurl [ url: "https://api.example.com/x" type: GET connection: arguments ];\n'
        'return {"text": "ok"};\n'))
    (item,) = _items(asked, "api")
    assert item.flagged
    assert item.purpose == ("Fetches data from api.example.com with a connection the code "
                            "picks when it runs (cliqsim runs it only without signing in)")
    assert "blocks the call when it names a connection" in item.note
    done = allow(runtime, asked)
    assert done.status == "error" and done.error is not None
    assert "with the connection 'crm'" in done.error.message


def test_a_task_with_a_computed_connection_covers_only_declared_connections(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    runtime, asked = _asked(tmp_path, clock, (
        'r = zoho.crm.getRecords("Leads", 1, 10, {}, arguments);\nreturn {"text": "ok"};\n'))
    (item,) = _items(asked, "task")
    assert item.purpose == ("Reads records from Zoho CRM (Leads) with a connection the code "
                            "picks when it runs")
    assert "only one this component declares (crm)" in item.note
    assert allow(runtime, asked).status == "ok"
    other = runtime.submit("u_arjun", "general", "/pick someone_elses_crm")
    assert other.status == "error" and other.error is not None
    assert "someone_elses_crm" in other.error.message
