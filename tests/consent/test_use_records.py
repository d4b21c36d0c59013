"""Use records are written in groups (issue #18, dispatch): a run does not wait for the disk,
reads show its use at once, and grants, denials and revocations stay durable before they
return, carrying any waiting use records with them."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cliqsim.clock import SimulatedClock
from cliqsim.consent import store as store_module
from cliqsim.consent.gate import Gate
from cliqsim.consent.store import ConsentStore
from cliqsim.storage import read_tables

from .conftest import EMAIL, MAPS, manifest


def on_disk(data: Path) -> dict[str, dict]:
    tables = read_tables(data / "consents.json")
    assert tables is not None
    return tables


def used_on_disk(data: Path) -> int:
    return sum(doc["event"] == "used" for doc in on_disk(data)["ledger"].values())


def test_a_use_shows_at_once_and_is_written_with_the_group(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    store = ConsentStore.in_dir(tmp_path)
    gate = Gate(store, clock)
    grant = gate.grant("u1", manifest(EMAIL, MAPS))
    journal = (tmp_path / "consents.json.journal").read_bytes()
    updated = gate.record_use(grant, [MAPS.key])
    assert (updated.use_count, updated.last_used_at) == (1, clock.now())
    current = store.current("u1", "nearby")
    assert current is not None and current.use_count == 1
    assert (tmp_path / "consents.json.journal").read_bytes() == journal  # not written yet
    for _ in range(store_module.USES_FLUSH_COUNT - 1):
        gate.record_use(grant, [MAPS.key])
    assert used_on_disk(tmp_path) == store_module.USES_FLUSH_COUNT
    stored = ConsentStore.in_dir(tmp_path).current("u1", "nearby")
    assert stored is not None and stored.use_count == store_module.USES_FLUSH_COUNT


def test_waiting_uses_are_written_once_they_have_waited_long_enough(
    tmp_path: Path, clock: SimulatedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ConsentStore.in_dir(tmp_path)
    gate = Gate(store, clock)
    grant = gate.grant("u1", manifest(EMAIL))
    gate.record_use(grant, [EMAIL.key])
    assert used_on_disk(tmp_path) == 0
    monkeypatch.setattr(store_module, "USES_FLUSH_SECONDS", 0.0)
    gate.check("u1", manifest(EMAIL))  # any later call of the store writes them
    assert used_on_disk(tmp_path) == 1


def test_a_revocation_is_durable_and_carries_the_waiting_uses_before_it(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    store = ConsentStore.in_dir(tmp_path)
    gate = Gate(store, clock)
    grant = gate.grant("u1", manifest(EMAIL))
    gate.record_use(grant, [EMAIL.key])
    gate.revoke(grant.grant_id)
    events = [doc["event"] for doc in on_disk(tmp_path)["ledger"].values()]
    assert events[-2:] == ["used", "revoked"]
    other = ConsentStore(tmp_path / "consents.json")
    stored = other.current("u1", "nearby")
    assert stored is not None and stored.revoked_at is not None and stored.use_count == 1


def test_uses_are_counted_once_whatever_order_the_writes_come_in(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    store = ConsentStore.in_dir(tmp_path)
    gate = Gate(store, clock)
    grant = gate.grant("u1", manifest(EMAIL))
    gate.record_use(grant, [EMAIL.key])
    gate.record_use(grant, [EMAIL.key])
    gate.grant("u2", manifest(EMAIL))  # a durable write carries both uses
    gate.record_use(grant, [EMAIL.key])
    store.flush_uses()
    for reader in (store, ConsentStore.in_dir(tmp_path)):
        current = reader.current("u1", "nearby")
        assert current is not None and current.use_count == 3
    assert [r.event for r in store.ledger("u1")] == ["granted", "used", "used", "used"]


def test_a_failed_write_keeps_the_uses_waiting(
    tmp_path: Path, clock: SimulatedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ConsentStore.in_dir(tmp_path)
    gate = Gate(store, clock)
    grant = gate.grant("u1", manifest(EMAIL))
    gate.record_use(grant, [EMAIL.key])

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    with pytest.raises(Exception, match="No space left"):
        store.flush_uses()
    monkeypatch.undo()
    current = store.current("u1", "nearby")
    assert current is not None and current.use_count == 1
    store.flush_uses()
    assert used_on_disk(tmp_path) == 1


def test_uses_waiting_at_exit_are_written(tmp_path: Path) -> None:
    script = """
import sys
from datetime import UTC, datetime
from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import Gate
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import make_manifest
from cliqsim.consent.store import ConsentStore

gate = Gate(ConsentStore.in_dir(sys.argv[1]), SimulatedClock(datetime(2026, 3, 1, tzinfo=UTC)))
item = ConsentItem("object", "user.email", "user", "Reads your email address")
grant = gate.grant("u1", make_manifest("nearby", "command", [item]))
for _ in range(3):
    gate.record_use(grant, [item.key])
"""
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, timeout=120)
    assert used_on_disk(tmp_path) == 3
    stored = ConsentStore.in_dir(tmp_path).current("u1", "nearby")
    assert stored is not None and stored.use_count == 3
