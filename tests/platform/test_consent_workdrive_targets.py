"""Zoho WorkDrive tasks name the folder they put things in (docs/consents.md, threat model
row 43; rows 22 and 36 for the other services).

"Uses Zoho WorkDrive (uploadFile) as you" covered an upload into any folder of the person's
WorkDrive, even a folder computed at run time (a shared team folder, say). The argument
positions follow Zoho's pages: `zoho.workdrive.uploadFile(<file>, <folder_id>, <file_name>,
<override_name_exist>, <connection>)` (https://www.zoho.com/deluge/help/workdrive/upload-file.html)
and `zoho.workdrive.createFolder(<folder_name>, <parent_id>, <connection>)`
(https://www.zoho.com/deluge/help/workdrive/create-folder.html)."""

from __future__ import annotations

import shutil
from pathlib import Path

from platform_helpers import START, allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

CONNECTION = '[connections.wd]\nservice = "zohoworkdrive"\nauth = "user"\n'


def _run(tmp_path: Path, script: str) -> Runtime:
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", root)
    write_package(root, "save", 'type = "command"\nname = "save"\n[handlers]\n'
                  'execution = "e.dg"\n' + CONNECTION, {"e.dg": script})
    return Runtime(root, tmp_path / "d", SimulatedClock(START))


def test_the_items_name_the_folder(tmp_path: Path) -> None:
    runtime = _run(tmp_path, 'r = zoho.workdrive.uploadFile("x", "f_reports", "a.pdf", false,'
                             ' "wd");\n'
                             'q = zoho.workdrive.createFolder("Q1", "f_reports", "wd");\n')
    asked = runtime.submit("u_arjun", "general", "/save")
    assert asked.consent is not None
    purposes = sorted(item.purpose for item in asked.consent.items)
    assert purposes == ["Creates folders in Zoho WorkDrive (f_reports) as you",
                        "Uploads files to Zoho WorkDrive (f_reports) as you"]


def test_a_folder_decided_at_run_time_covers_only_the_named_ones(tmp_path: Path) -> None:
    runtime = _run(tmp_path, 'folders = {"f_reports", "f_team_secrets"};\n'
                             'r = zoho.workdrive.uploadFile("x", folders.get(1), "a.pdf", false,'
                             ' "wd");\n'
                             'r = zoho.workdrive.uploadFile("x", "f_reports", "a.pdf", false,'
                             ' "wd");\n')
    done = allow(runtime, runtime.submit("u_arjun", "general", "/save"))
    assert done.error is not None and done.error.kind == "blocked"
    assert "f_team_secrets" in done.error.message and "line 2" in done.error.message
