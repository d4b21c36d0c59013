"""`JsonStore.batch()`: many transactions, one durable write at the end of the block."""

from __future__ import annotations

from pathlib import Path

import pytest

from cliqsim.storage import JsonStore, read_tables


def store(path: Path) -> JsonStore:
    return JsonStore(path, kind="test", schema_version=1)


def test_a_batch_writes_once_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    first = store(path)
    before = path.stat().st_mtime_ns, path.read_bytes()
    with first.batch():
        for n in range(5):
            with first.transaction() as db:
                db.table("things").insert({"n": n})
        assert (path.stat().st_mtime_ns, path.read_bytes()) == before  # nothing on disk yet
        assert len(first.table("things").all()) == 5  # but visible in memory
    tables = read_tables(path)
    assert tables is not None and len(tables["things"]) == 5
    other = store(path)  # another process sees all of it
    assert [d["n"] for d in other.table("things").all()] == [0, 1, 2, 3, 4]


def test_finished_transactions_survive_an_error_in_the_block(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    first = store(path)
    with pytest.raises(RuntimeError), first.batch():
        with first.transaction() as db:
            db.table("things").insert({"n": 1})
        raise RuntimeError("the work between transactions failed")
    assert len(store(path).table("things").all()) == 1


def test_batches_nest_and_plain_transactions_write_again_after(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    first = store(path)
    with first.batch(), first.batch():
        with first.transaction() as db:
            db.table("things").insert({"n": 1})
    with first.transaction() as db:
        db.table("things").insert({"n": 2})
    assert len(store(path).table("things").all()) == 2
