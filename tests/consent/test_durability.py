"""The grants file under stress: writers killed mid-write, writers racing, damaged files."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import Gate
from cliqsim.consent.store import ConsentStore
from cliqsim.storage import DamagedDataFile

from .conftest import EMAIL, START, manifest

# A child process that grants consents one after another and prints each grant id once the
# write has returned (so the parent knows it must survive anything that happens next).
WRITER = """
import sys
from datetime import UTC, datetime
from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import Gate
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import make_manifest
from cliqsim.consent.store import ConsentStore

data, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
gate = Gate(ConsentStore.in_dir(data), SimulatedClock(datetime(2026, 3, 1, tzinfo=UTC)))
print("ready", flush=True)
sys.stdin.readline()  # wait for "go", so that several writers start together
for n in range(count):
    item = ConsentItem("object", f"user.field{n % 7}", "user", "Reads a field")
    manifest = make_manifest(f"component{n}", "command", [item])
    grant = gate.grant(f"{who}-{n}", manifest)
    print(grant.grant_id, flush=True)
"""


def start_writer(data: Path, who: str, count: int) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data), who, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def go(*children: subprocess.Popen[str]) -> None:
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()


@pytest.mark.parametrize("seed", range(4))
def test_a_writer_killed_at_a_random_point_leaves_every_returned_grant(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    child = start_writer(tmp_path, "killed", 10_000)
    go(child)
    assert child.stdout is not None
    returned = [child.stdout.readline().strip() for _ in range(rng.randint(1, 25))]
    time.sleep(rng.uniform(0, 0.03))  # land the kill anywhere inside a later write
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.stdin is not None
    child.stdin.close()
    returned += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
    child.stdout.close()

    store = ConsentStore.in_dir(tmp_path)  # loads: the file is whole
    stored = {grant.grant_id for grant in store.grants()}
    assert set(returned) <= stored
    assert len(stored) - len(returned) <= 1  # at most the write in flight, if it completed
    assert not list(tmp_path.glob(".consents.json.*.tmp"))  # a killed write's leftovers go


def test_two_processes_granting_at_once_lose_nothing(tmp_path: Path) -> None:
    writers = [start_writer(tmp_path, who, 25) for who in ("left", "right")]
    go(*writers)
    returned: list[str] = []
    for child in writers:
        assert child.stdin is not None
        child.stdin.close()
        assert child.stdout is not None
        out = child.stdout.read()
        child.wait(timeout=60)
        assert child.returncode == 0
        returned += out.split()
    store = ConsentStore.in_dir(tmp_path)
    assert len(returned) == 50
    assert {grant.grant_id for grant in store.grants()} == set(returned)
    assert len([r for r in store.ledger() if r.event == "granted"]) == 50


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: "",
        lambda text: "garbage\x00\x01",
        lambda text: text.replace('"kind":"consents"', '"kind":"workspace"'),
    ],
    ids=["truncated", "empty", "garbage", "foreign"],
)
def test_a_damaged_grants_file_is_named_and_left_untouched(
    tmp_path: Path, damage: Callable[[str], str]
) -> None:
    Gate(ConsentStore.in_dir(tmp_path), SimulatedClock(START)).grant("u1", manifest(EMAIL))
    path = tmp_path / "consents.json"
    damaged = damage(path.read_text())
    path.write_text(damaged)
    with pytest.raises(DamagedDataFile) as caught:
        ConsentStore.in_dir(tmp_path)
    assert str(path) in caught.value.message
    assert path.read_text() == damaged
