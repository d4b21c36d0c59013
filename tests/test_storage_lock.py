"""cliqsim.storage's files kept open between transactions: the lock file and the journal.

Keeping them open saves an open, a close and a stat per transaction (issue #18); it must never
let two writers in at once, nor append to a journal that is no longer the one at the path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cliqsim import storage
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


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_closing_a_store_lets_its_files_go_and_it_still_works(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    with store.transaction() as db:
        db.table("things").insert({"n": 1})
    assert kept_files(tmp_path) == {f"{path}.lock", f"{path}.journal"}
    store.close()
    assert kept_files(tmp_path) == set()
    with store.transaction() as db:
        db.table("things").insert({"n": 2})
    assert numbers(path) == [1, 2]


def kept_files(folder: Path) -> set[str]:
    """The files under `folder` this process has open."""
    names = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            name = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if name.startswith(str(folder)):
            names.add(name)
    return names


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_a_process_with_many_stores_keeps_only_a_few_files_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stores wait for the garbage collector (a runtime is full of cycles): a program making
    many of them keeps at most `KEPT_MOST` stores' files open, the earliest let go."""
    monkeypatch.setattr(storage, "KEPT_MOST", 2)
    stores = [open_store(tmp_path / f"data{n}.json") for n in range(6)]
    for n, store in enumerate(stores):
        with store.transaction() as db:
            db.table("things").insert({"n": n})
    kept = kept_files(tmp_path)
    assert len(kept) <= 4  # two stores' lock files and journals
    assert kept == {str(tmp_path / f"data{n}.json{suffix}")
                    for n in (4, 5) for suffix in (".lock", ".journal")}
    with stores[0].transaction() as db:  # one let go opens them again when used
        db.table("things").insert({"n": 10})
    assert numbers(tmp_path / "data0.json") == [0, 10]
    assert str(tmp_path / "data0.json.lock") in kept_files(tmp_path)
    assert len(kept_files(tmp_path)) <= 4
