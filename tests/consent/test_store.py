"""The consent store's in-memory index and its documents."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import Gate
from cliqsim.consent.store import ConsentStore
from cliqsim.storage import read_tables

from .conftest import EMAIL, MAPS, POST, START, manifest


def test_a_new_grant_replaces_the_old_one_for_the_same_person_and_component(
    gate: Gate, clock: SimulatedClock
) -> None:
    first = gate.grant("u1", manifest(EMAIL))
    clock.advance(timedelta(days=1))
    second = gate.grant("u1", manifest(EMAIL, POST))
    store = gate.store
    assert store.get(first.grant_id) is None
    assert store.get(second.grant_id) == second
    assert store.current("u1", "nearby") == second
    assert [g.grant_id for g in store.grants()] == [second.grant_id]
    assert store.ledger()[-1].detail == f"replaces {first.grant_id} (active)"


def test_removing_grants_updates_the_index_and_keeps_the_others(gate: Gate) -> None:
    keep = gate.grant("u1", manifest(EMAIL, component="a"))
    drop = gate.grant("u2", manifest(EMAIL, component="a"))
    gate.store.save(remove_grants=[drop.grant_id])
    assert gate.store.get(drop.grant_id) is None
    assert gate.store.current("u2", "a") is None
    assert gate.store.current("u1", "a") == keep
    reopened = ConsentStore(gate.store.path)
    assert [g.grant_id for g in reopened.grants()] == [keep.grant_id]


def test_items_are_stored_once_per_manifest_and_the_ledger_refers_to_them(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    gate = Gate(ConsentStore.in_dir(tmp_path), clock)
    for user in ("u1", "u2", "u3"):
        gate.grant(user, manifest(EMAIL, MAPS))
    gate.deny("u4", manifest(POST))
    tables = read_tables(tmp_path / "consents.json")
    assert tables is not None
    assert len(tables["itemsets"]) == 2
    assert all("items" not in record for record in tables["ledger"].values())
    denied = ConsentStore.in_dir(tmp_path).ledger(user_id="u4")[0]
    assert denied.event == "denied" and denied.items == (POST.key,)
    granted = ConsentStore.in_dir(tmp_path).ledger(user_id="u1")[0]
    assert set(granted.items) == {EMAIL.key, MAPS.key}


def test_documents_leave_out_defaults_and_times_are_utc(gate: Gate) -> None:
    grant = gate.grant("u1", manifest(EMAIL))
    doc = grant.to_document()
    assert doc["granted_at"] == "2026-03-01T09:30:00Z"
    assert "revoked_at" not in doc and "use_count" not in doc
    assert ConsentStore(gate.store.path).current("u1", "nearby") == grant
    assert START.tzinfo is not None


def test_a_grant_document_edited_into_nonsense_is_reported_as_damage(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    import pytest

    from cliqsim.storage import DamagedDataFile

    store = ConsentStore.in_dir(tmp_path)
    Gate(store, clock).grant("u1", manifest(EMAIL))
    store._file.compact()  # the grant was in the journal; now the file holds it
    path = tmp_path / "consents.json"
    original = path.read_text()
    for broken, problem in [
        (original.replace('"user_id":"u1",', ""), "grant 1 cannot be read \\(missing 'user_id'\\)"),
        (original.replace('"granted_at":"2026-03-01T09:30:00Z"', '"granted_at":"soon"'),
         "grant 1 cannot be read"),
        (original.replace('"kind":"object"', '"kond":"object"'), "item set 1 cannot be read"),
    ]:
        path.write_text(broken)
        with pytest.raises(DamagedDataFile, match=problem) as caught:
            ConsentStore.in_dir(tmp_path).current("u1", "nearby")
        assert str(path) in caught.value.message
        assert path.read_text() == broken


def test_changes_apply_to_what_is_on_disk_not_to_a_stale_copy(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    running = Gate(ConsentStore.in_dir(tmp_path), clock)
    grant = running.grant("u1", manifest(EMAIL))
    Gate(ConsentStore.in_dir(tmp_path), clock).revoke(grant.grant_id)
    running.record_use(grant, [EMAIL.key])  # the run started before the revocation
    stored = ConsentStore.in_dir(tmp_path).current("u1", "nearby")
    assert stored is not None
    assert stored.revoked_at is not None  # not undone by the use count
    assert stored.use_count == 1
    replaced = running.grant("u1", manifest(EMAIL, POST))
    running.record_use(grant, [EMAIL.key])  # a use of the replaced grant does not resurrect it
    current = ConsentStore.in_dir(tmp_path).current("u1", "nearby")
    assert current is not None and current.grant_id == replaced.grant_id
    assert [r.event for r in running.store.ledger()][-2:] == ["granted", "used"]
