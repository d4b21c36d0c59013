"""Zoho Projects and Zoho Sheet record tasks name what they act on, as CRM's and the others' do
(docs/consents.md, threat model row 36; row 22 for the rest).

"Creates records in Zoho Projects as you" covered any portal, project and module, and "Reads
records from Zoho Sheet as you" any file and worksheet. The argument positions follow Zoho's
pages: `zoho.projects.create(<portal>, <project_id>, <module>, <data_map>, [<connection>])`
(https://www.zoho.com/deluge/help/projects/create.html) and `zoho.sheet.getRecords(
<resource_id>, <worksheet_name>, <query_map>, <connection>)`
(https://www.zoho.com/deluge/help/sheet/get-records.html)."""

from __future__ import annotations

import shutil
from pathlib import Path

from platform_helpers import START, allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

CONNECTIONS = ('[connections.pj]\nservice = "zohoprojects"\nauth = "user"\n'
               '[connections.sh]\nservice = "zohosheet"\nauth = "user"\n')


def _run(tmp_path: Path, script: str) -> Runtime:
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", root)
    write_package(root, "sync", 'type = "command"\nname = "sync"\n[handlers]\n'
                  'execution = "e.dg"\n' + CONNECTIONS, {"e.dg": script})
    return Runtime(root, tmp_path / "d", SimulatedClock(START))


def test_the_items_name_the_portal_project_module_file_and_worksheet(tmp_path: Path) -> None:
    runtime = _run(tmp_path, 'r = zoho.projects.create("zylker", 548771, "tasks", Map(), "pj");\n'
                             'q = zoho.sheet.getRecords("eev4n", "Sheet1", Map(), "sh");\n')
    asked = runtime.submit("u_arjun", "general", "/sync")
    assert asked.consent is not None
    purposes = sorted(item.purpose for item in asked.consent.items)
    assert purposes == [
        "Creates records in Zoho Projects (tasks, project 548771, portal zylker) as you",
        "Reads records from Zoho Sheet (Sheet1, file eev4n) as you"]


def test_a_worksheet_decided_at_run_time_covers_only_the_named_ones(tmp_path: Path) -> None:
    runtime = _run(tmp_path, 'sheets = {"Sheet1", "Payroll"};\n'
                             'q = zoho.sheet.getRecords("eev4n", sheets.get(1), Map(), "sh");\n'
                             'q = zoho.sheet.getRecords("eev4n", "Sheet1", Map(), "sh");\n')
    done = allow(runtime, runtime.submit("u_arjun", "general", "/sync"))
    assert done.error is not None and done.error.kind == "blocked"
    assert "Payroll" in done.error.message and "line 2" in done.error.message
