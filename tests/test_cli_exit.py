"""The `cliqsim` program ends without Python's teardown (`cliqsim.cli.finish`, issue #18), and
nothing that teardown would have done is lost: atexit handlers run (the consent store's waiting
use records reach the disk), stdout and stderr are complete, the exit status is kept, and a
process with a non-daemon thread still running takes the usual exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cliqsim.storage import read_tables

ROOT = Path(__file__).resolve().parents[1]
RUN = ["run", "/nearby bank", "--consent", "allow", "--now", "2026-12-01T09:00"]


def cliqsim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cliqsim", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, check=False)


def used_on_disk(data: Path) -> int:
    tables = read_tables(data / "consents.json")
    assert tables is not None
    return sum(doc["event"] == "used" for doc in tables["ledger"].values())


def test_a_run_leaves_its_output_exit_status_and_use_records(tmp_path: Path) -> None:
    first = cliqsim(*RUN, "--data", str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert "Nearby banks" in first.stdout and first.stdout.rstrip().endswith("bank places")
    second = cliqsim(*RUN, "--data", str(tmp_path), "--json")
    assert second.returncode == 0 and second.stdout.rstrip().endswith("}")
    assert used_on_disk(tmp_path) == 2  # written by the store's atexit handler, each run


def test_exit_statuses_and_errors_are_kept(tmp_path: Path) -> None:
    denied = cliqsim("run", "/nearby bank", "--consent", "deny", "--data", str(tmp_path))
    assert denied.returncode == 3
    usage = cliqsim("run", "hi", "--components", str(tmp_path / "nowhere"))
    assert usage.returncode == 2 and "nowhere" in usage.stderr


def test_atexit_handlers_run_and_a_running_thread_is_waited_for(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    script = f"""
import atexit, threading, time
from pathlib import Path
from cliqsim.cli import finish
atexit.register(lambda: Path({str(marker)!r}).write_text("handler"))
print("printed", end="")
def late():
    time.sleep(0.2)
    Path({str(marker)!r} + ".thread").write_text("thread")
threading.Thread(target=late).start()
finish(7)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 7 and done.stdout == "printed"
    assert marker.read_text() == "handler"
    assert Path(f"{marker}.thread").read_text() == "thread"  # not cut short
