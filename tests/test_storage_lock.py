"""cliqsim.storage's files kept open between transactions: the lock file and the journal.

Keeping them open saves an open, a close and a stat per transaction (issue #18); it must never
let two writers in at once, nor append to a journal that is no longer the one at the path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cliqsim.storage import JsonStore, StoreBusy, read_tables


def open_store(path: Path, timeout: float = 15.0) -> JsonStore:
    return JsonStore(path, kind="test", schema_version=1, lock_timeout=timeout)


def numbers(path: Path) -> list[int]:
    tables = read_tables(path)
    assert tables is not None
    return sorted(doc["n"] for doc in tables.get("things", {}).values())


def test_a_second_store_waits_for_the_lock_the_first_holds(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    first, second = open_store(path), open_store(path, timeout=0.2)
    with first.transaction() as db:  # the lock file is open and kept from here on
        db.table("things").insert({"n": 1})
    with first.transaction() as db:
        db.table("things").insert({"n": 2})
        with pytest.raises(StoreBusy), second.transaction():
            pass
    with second.transaction() as db:
        db.table("things").insert({"n": 3})
    assert numbers(path) == [1, 2, 3]


def test_a_lock_file_removed_meanwhile_is_not_taken_as_the_lock(tmp_path: Path) -> None:
    """Another process that opens the path now locks a new file: a store must not take the
    removed one it kept open as the lock, or both would write at once."""
    path = tmp_path / "data.json"
    first = open_store(path, timeout=0.2)
    with first.transaction() as db:
        db.table("things").insert({"n": 1})
    (tmp_path / "data.json.lock").unlink()
    second = open_store(path)  # creates the lock file again
    with second.transaction() as db:
        db.table("things").insert({"n": 2})
        with pytest.raises(StoreBusy), first.transaction():
            pass
    with first.transaction() as db:  # and once it is free, the new file is the lock
        db.table("things").insert({"n": 3})
    assert numbers(path) == [1, 2, 3]
    assert (tmp_path / "data.json.lock").exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_does_not_share_its_parents_lock(tmp_path: Path) -> None:
    """A descriptor inherited through fork shares its lock with the parent: the child opens
    its own lock file, so it waits while the parent holds the lock."""
    path = tmp_path / "data.json"
    store = open_store(path, timeout=0.3)
    with store.transaction() as db:  # the lock file is open, and stays open in the child
        db.table("things").insert({"n": 1})
    ready, go = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        code = 3
        try:
            os.read(ready, 1)  # the parent holds the lock now
            with store.transaction():
                code = 1  # it got the lock the parent holds
        except StoreBusy:
            code = 0
        finally:
            os._exit(code)
    with store.transaction() as db:
        db.table("things").insert({"n": 2})
        os.write(go, b"x")
        _, status = os.waitpid(child, 0)
    os.close(ready)
    os.close(go)
    assert os.waitstatus_to_exitcode(status) == 0
    assert numbers(path) == [1, 2]


def test_appends_follow_the_journal_another_store_replaced(tmp_path: Path) -> None:
    """A store's kept journal is let go when a compaction (by another store or process)
    replaced the journal at the path: its next record goes into the new journal."""
    path = tmp_path / "data.json"
    first, second = open_store(path), open_store(path)
    with first.transaction() as db:
        db.table("things").insert({"n": 1})
    second.compact()
    with first.transaction() as db:
        db.table("things").insert({"n": 2})
    first.compact()
    with second.transaction() as db:
        db.table("things").insert({"n": 3})
    with first.transaction() as db:
        db.table("things").insert({"n": 4})
    assert numbers(path) == [1, 2, 3, 4]
    assert [d["n"] for d in open_store(path).table("things").all()] == [1, 2, 3, 4]


def test_closing_a_store_lets_its_files_go_and_it_still_works(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    with store.transaction() as db:
        db.table("things").insert({"n": 1})
    kept = {os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
            if os.path.exists(f"/proc/self/fd/{fd}")} if os.path.isdir("/proc/self/fd") else set()
    store.close()
    after = {os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
             if os.path.exists(f"/proc/self/fd/{fd}")} if os.path.isdir("/proc/self/fd") else set()
    assert not {name for name in after if name.startswith(str(tmp_path))}
    assert kept >= after
    with store.transaction() as db:
        db.table("things").insert({"n": 2})
    assert numbers(path) == [1, 2]
