"""The journal beside a data file: appends, torn tails, damage, compaction, and writers killed
with SIGKILL anywhere, in an append or in a compaction."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tinydb.table import Document

from cliqsim import storage
from cliqsim.journal import journal_path
from cliqsim.storage import DamagedDataFile, JsonStore, read_tables


def open_store(path: Path) -> JsonStore:
    return JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])


def things(path: Path) -> list[int]:
    tables = read_tables(path)
    assert tables is not None
    return sorted(doc["n"] for doc in tables.get("things", {}).values())


def test_a_transaction_appends_one_record_and_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    before = path.read_bytes()
    for n in range(3):
        with store.transaction() as db:
            db.table("things").insert({"n": n})
    assert path.read_bytes() == before
    lines = journal_path(path).read_bytes().splitlines()
    assert lines[0].startswith(b"cliqsim-journal 1 ") and len(lines) == 4
    assert things(path) == [0, 1, 2]
    assert [d["n"] for d in open_store(path).table("things").all()] == [0, 1, 2]


def test_the_journal_is_compacted_into_the_file_as_it_grows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "COMPACT_AT_BYTES", 500)
    path = tmp_path / "data.json"
    store = open_store(path)
    for n in range(40):
        with store.transaction() as db:
            db.table("things").insert({"n": n, "pad": "x" * 20})
    assert journal_path(path).stat().st_size <= 600
    on_file = json.loads(path.read_text())
    assert len(on_file["things"]) > 30  # most of it went into the file
    assert things(path) == list(range(40))


def test_another_process_catches_up_from_the_journal_alone(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    first, second = open_store(path), open_store(path)
    second.table("things").all()
    with first.transaction() as db:
        db.table("things").insert({"n": 1})
    assert second.refresh() is True
    assert [d["n"] for d in second.table("things").all()] == [1]
    first.compact()
    with first.transaction() as db:
        db.table("things").insert({"n": 2})
    assert second.refresh() is True
    assert [d["n"] for d in second.table("things").all()] == [1, 2]


def test_a_torn_last_record_is_ignored_and_cut_off_by_the_next_write(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    with store.transaction() as db:
        db.table("things").insert({"n": 1})
    journal = journal_path(path)
    whole = journal.read_bytes()
    with journal.open("ab") as handle:  # a writer killed halfway through its append
        handle.write(b'0badc0de [["set","things","2",{"n":')
    assert things(path) == [1]
    again = open_store(path)
    with again.transaction() as db:
        db.table("things").insert({"n": 3})
    assert journal.read_bytes().startswith(whole)
    assert b"0badc0de" not in journal.read_bytes()
    assert things(path) == [1, 3]


def test_a_damaged_record_before_good_ones_is_named_with_how_to_keep_the_rest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    for n in range(3):
        with store.transaction() as db:
            db.table("things").insert({"n": n})
    journal = journal_path(path)
    lines = journal.read_bytes().split(b"\n")
    intact = len(lines[0]) + len(lines[1]) + 2
    lines[2] = lines[2].replace(b'"n":1', b'"n":7')  # the checksum no longer matches
    damaged = b"\n".join(lines)
    journal.write_bytes(damaged)
    with pytest.raises(DamagedDataFile) as caught:
        open_store(path)
    message = caught.value.message
    assert str(journal) in message
    assert "does not match its checksum after 1 good records" in message
    assert f"truncate -s {intact} {journal}" in message
    assert journal.read_bytes() == damaged


def test_a_journal_of_another_file_is_not_applied_and_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    with store.transaction() as db:
        db.table("things").insert({"n": 1})
    journal = journal_path(path)
    stranger = journal.read_bytes().replace(b"journal 1 ", b"journal 1 0000")
    journal.write_bytes(stranger)
    assert things(path) == []  # the file alone: that journal continues some other file
    with open_store(path).transaction() as db:
        db.table("things").insert({"n": 2})
    assert things(path) == [2]
    assert (tmp_path / "data.json.journal.set-aside-1").read_bytes() == stranger


@pytest.mark.parametrize("crash_at", ["file", "journal"])
def test_a_compaction_interrupted_at_either_step_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash_at: str
) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    for n in range(3):
        with store.transaction() as db:
            db.table("things").insert({"n": n})
    real = storage.write_text_atomically

    def crash(target: Path, text: str | bytes) -> None:
        if target.name.endswith(".journal") == (crash_at == "journal"):
            raise OSError(28, "No space left on device", str(target))
        real(target, text)

    monkeypatch.setattr(storage, "write_text_atomically", crash)
    with pytest.raises(storage.DataNotWritable, match="No space left on device"):
        store.compact()
    monkeypatch.undo()
    assert things(path) == [0, 1, 2]
    reopened = open_store(path)
    with reopened.transaction() as db:
        db.table("things").insert({"n": 3})
    assert things(path) == [0, 1, 2, 3]
    assert [d["n"] for d in open_store(path).table("things").all()] == [0, 1, 2, 3]


def test_a_full_disk_changes_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    with store.transaction() as db:
        db.table("things").insert({"n": 1})
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def full(fd: int, data: bytes, offset: int) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    with pytest.raises(storage.DataNotWritable) as caught:
        with store.transaction() as db:
            db.table("things").insert({"n": 2})
    assert "No space left on device" in caught.value.message
    assert "free some disk space" in caught.value.message
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files
    assert [d["n"] for d in store.table("things").all()] == [1]  # memory went back too
    monkeypatch.undo()
    with store.transaction() as db:
        db.table("things").insert({"n": 3})
    assert things(path) == [1, 3]


# A child that makes transactions one after another (compacting every few, when asked) and
# prints each number once its transaction has returned.
WRITER = """
import sys
from cliqsim import storage
from cliqsim.storage import JsonStore

path, count, compact_every = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
storage.COMPACT_AT_BYTES = 2_000
store = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
with store.transaction() as db:  # something for each compaction to copy
    db.table("ballast").insert_multiple({"pad": "x" * 200, "i": i} for i in range(2_000))
print("ready", flush=True)
for n in range(count):
    with store.transaction() as db:
        db.table("things").insert({"n": n})
    print(n, flush=True)
    if compact_every and n % compact_every == compact_every - 1:
        store.compact()
"""


@pytest.mark.parametrize(("seed", "compact_every"), [(0, 0), (1, 0), (2, 3), (3, 3), (4, 1)])
def test_a_writer_killed_anywhere_leaves_every_returned_transaction(
    tmp_path: Path, seed: int, compact_every: int
) -> None:
    rng = random.Random(seed)
    path = tmp_path / "data.json"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "100000", str(compact_every)],
        stdout=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    returned = [int(child.stdout.readline()) for _ in range(rng.randint(1, 30))]
    time.sleep(rng.uniform(0, 0.05))  # land the kill in an append or a compaction
    child.send_signal(signal.SIGKILL)
    child.wait()
    returned += [int(line) for line in child.stdout.read().split()]
    child.stdout.close()

    stored = things(path)  # loads: the file and the journal are whole
    assert set(returned) <= set(stored)
    assert len(stored) - len(returned) <= 1  # at most the transaction in flight
    store = open_store(path)  # and a store opens, cleans up, and writes on
    with store.transaction() as db:
        db.table("things").insert({"n": -1})
    assert things(path) == sorted([*stored, -1])
    assert not list(tmp_path.glob(".data.json*.tmp"))


def indexed(path: Path) -> JsonStore:
    return JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"],
                     indexes={"things": ("n", "tag")})


def test_a_stored_index_answers_without_decoding_the_table_and_follows_the_journal(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data.json"
    store = indexed(path)
    with store.transaction() as db:
        db.table("things").insert_multiple({"n": n, "tag": f"t{n}"} for n in range(5))
    store.compact()
    with store.transaction() as db:  # journal changes on top of the stored index
        db.table("things").remove(doc_ids=[2])
        db.table("things").update({"tag": "changed"}, doc_ids=[4])
        db.table("things").insert({"n": 9})
    reopened = indexed(path)
    keys, (numbers, tags) = reopened.index("things")
    assert list(zip(keys, numbers, tags, strict=True)) == [
        ("1", 0, "t0"), ("3", 2, "t2"), ("4", 3, "changed"), ("5", 4, "t4"), ("6", 9, None),
    ]
    storage_ = reopened.db.storage
    assert isinstance(storage_._tables["things"], storage._Lazy)  # type: ignore[attr-defined]
    assert reopened.document("things", "3") == {"n": 2, "tag": "t2"}
    assert reopened.document("things", "2") is None
    assert sorted(reopened.doc_ids("things"), key=int) == ["1", "3", "4", "5", "6"]


def test_a_stored_index_of_a_table_edited_by_hand_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    store = indexed(path)
    with store.transaction() as db:
        db.table("things").insert_multiple({"n": n, "tag": f"t{n}"} for n in range(3))
    store.compact()
    path.write_text(path.read_text().replace('"tag":"t1"', '"tag":"by hand"'))
    keys, (numbers, tags) = indexed(path).index("things")
    assert (keys, numbers, tags) == (["1", "2", "3"], [0, 1, 2], ["t0", "by hand", "t2"])


def test_a_first_insert_after_opening_takes_its_id_from_the_stored_index(
    tmp_path: Path,
) -> None:
    """The next id (TinyDB's: one more than the largest) comes from the stored index's
    largest key, so a first write to a long table reads none of its ids; the ids are what
    reading every key would give, and an id already there is still refused."""
    path = tmp_path / "data.json"
    store = indexed(path)
    with store.transaction() as db:
        db.table("things").insert_multiple({"n": n} for n in range(5))
        db.table("things").remove(doc_ids=[5])  # the largest id so far is gone ...
    store.compact()
    reopened = indexed(path)
    with reopened.transaction() as db:
        assert db.table("things").insert({"n": 6}) == 5  # ... so TinyDB reuses it
        storage_ = reopened.db.storage
        assert storage_._tables["things"].keyset is None  # type: ignore[attr-defined]
        with pytest.raises(ValueError, match="already exists"):
            db.table("things").insert(Document({"n": 0}, doc_id=3))
    again = indexed(path)  # the journal's documents count too
    with again.transaction() as db:
        assert db.table("things").insert({"n": 7}) == 6
    assert sorted(indexed(path).doc_ids("things"), key=int) == ["1", "2", "3", "4", "5", "6"]


def test_the_largest_id_of_a_table_edited_by_hand_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    store = indexed(path)
    with store.transaction() as db:
        db.table("things").insert_multiple({"n": n} for n in range(3))
    store.compact()
    text = path.read_text()
    path.write_text(text.replace('"3":{"n":2}', '"3":{"n":2}\n,"40":{"n":39}'))
    with indexed(path).transaction() as db:
        assert db.table("things").insert({"n": 40}) == 41
        with pytest.raises(ValueError, match="already exists"):
            db.table("things").insert(Document({"n": 0}, doc_id=40))
