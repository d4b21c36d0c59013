"""cliqsim.storage: atomic writes, the cross-process lock, damage detection, schema checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cliqsim.storage import DamagedDataFile, JsonStore, read_tables, write_atomically


def open_store(path: Path, version: int = 1) -> JsonStore:
    return JsonStore(path, kind="test", schema_version=version)


def test_new_file_gets_a_meta_record(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    open_store(path)
    tables = read_tables(path)
    assert tables["meta"]["1"] == {"kind": "test", "schema_version": 1}


def test_changes_land_in_one_write_at_the_end_of_the_transaction(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    with store.transaction() as db:
        db.table("things").insert({"n": 1})
        db.table("things").insert({"n": 2})
        assert "things" not in read_tables(path)
    assert sorted(d["n"] for d in read_tables(path)["things"].values()) == [1, 2]
    assert [d["n"] for d in open_store(path).table("things").all()] == [1, 2]


def test_a_failed_transaction_writes_nothing_and_forgets_its_changes(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    before = path.read_bytes()
    with pytest.raises(ZeroDivisionError):
        with store.transaction() as db:
            db.table("things").insert({"n": 1})
            raise ZeroDivisionError("boom")
    assert path.read_bytes() == before
    assert store.table("things").all() == []


def test_writing_outside_a_transaction_is_refused(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data.json")
    with pytest.raises(RuntimeError, match="outside JsonStore.transaction"):
        store.table("things").insert({"n": 1})


def test_a_second_store_on_the_same_file_sees_the_first_ones_writes(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    first, second = open_store(path), open_store(path)
    with first.transaction() as db:
        db.table("things").insert({"who": "first"})
    assert second.table("things").all() == []  # memory until refreshed
    assert second.refresh() is True
    assert [d["who"] for d in second.table("things").all()] == ["first"]
    with second.transaction() as db:  # a transaction reloads too, and ids do not collide
        db.table("things").insert({"who": "second"})
    with first.transaction() as db:
        db.table("things").insert({"who": "first again"})
    first.refresh()
    table = first.table("things")
    assert sorted(d["who"] for d in table.all()) == ["first", "first again", "second"]
    assert len({d.doc_id for d in table.all()}) == 3


def test_refresh_calls_reload_listeners_only_when_the_file_changed(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    first, second = open_store(path), open_store(path)
    calls: list[str] = []
    second.on_reload(lambda: calls.append("reloaded"))
    assert second.refresh() is False
    with first.transaction() as db:
        db.table("things").insert({"n": 1})
    assert second.refresh() is True
    assert second.refresh() is False
    assert calls == ["reloaded"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (
            b'{"meta": {"1": {"kind": "test", "schema_version": 1}}, "things": {"1": {"n"',
            "not valid JSON at line 1",
        ),
        (b"{\n\n  garbage", "not valid JSON at line 3"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "holds a JSON list"),
        (b'{"things": [1]}', "table 'things' is not a map"),
        (b'{"things": {}}', "no 'meta' record"),
    ],
)
def test_a_damaged_file_gives_a_clear_error_and_is_left_untouched(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(content)
    with pytest.raises(DamagedDataFile) as caught:
        open_store(path)
    message = str(caught.value)
    assert problem in message
    assert str(path) in message
    assert "move it aside" in message
    assert path.read_bytes() == content


def test_damage_appearing_later_is_reported_on_the_next_transaction(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    path.write_text("{ not json")
    with pytest.raises(DamagedDataFile, match="not valid JSON"):
        with store.transaction() as db:
            db.table("things").insert({"n": 1})
    assert path.read_text() == "{ not json"


def test_newer_schema_versions_and_other_kinds_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    open_store(path, version=9)
    with pytest.raises(DamagedDataFile, match="schema version 9 is newer than this cliqsim"):
        open_store(path, version=1)
    with pytest.raises(DamagedDataFile, match="holds cliqsim 'test' data, not 'other' data"):
        JsonStore(path, kind="other", schema_version=9)


def test_older_schema_versions_are_migrated_when_a_migration_is_given(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    with open_store(path, version=1).transaction() as db:
        db.table("things").insert({"n": 1})
    with pytest.raises(DamagedDataFile, match="older than 2"):
        open_store(path, version=2)

    def migrate(tables: dict, version: int) -> dict:
        assert version == 1
        for doc in tables["things"].values():
            doc["n"] *= 10
        return tables

    store = JsonStore(path, kind="test", schema_version=2, migrate=migrate)
    assert [d["n"] for d in store.table("things").all()] == [10]
    assert read_tables(path)["meta"]["1"]["schema_version"] == 2


def test_write_atomically_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    write_atomically(path, {"a": {"1": {"x": 1}}})
    write_atomically(path, {"a": {"1": {"x": 2}}})
    assert read_tables(path) == {"a": {"1": {"x": 2}}}
    assert os.listdir(tmp_path) == ["data.json"]


def test_an_interrupted_write_leaves_the_old_file_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data.json"
    write_atomically(path, {"a": {"1": {"x": 1}}})

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(path, {"a": {"1": {"x": 2}}})
    assert read_tables(path) == {"a": {"1": {"x": 1}}}
    assert os.listdir(tmp_path) == ["data.json"]


def test_immutable_tables_reuse_encoded_documents_and_still_write_every_change(
    tmp_path: Path,
) -> None:
    from tinydb.table import Document

    path = tmp_path / "data.json"
    store = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
    with store.transaction() as db:
        db.table("things").insert_multiple({"n": n} for n in range(5))
        db.table("plain").insert({"x": 1})
    with store.transaction() as db:
        things = db.table("things")
        things.remove(doc_ids=[2])
        things.insert(Document({"n": 20}, doc_id=2))
        things.remove(doc_ids=[4])
        things.insert({"n": 5})
        db.table("plain").update({"x": 2})
    on_disk = read_tables(path)
    assert on_disk == store.db.storage.read()
    assert {k: v["n"] for k, v in on_disk["things"].items()} == {
        "1": 0, "2": 20, "3": 2, "5": 4, "6": 5,
    }
    assert on_disk["plain"] == {"1": {"x": 2}}


def test_documents_of_immutable_tables_are_one_per_line_and_reused_after_loading(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data.json"
    store = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
    with store.transaction() as db:
        db.table("things").insert_multiple({"n": n, "s": "a\nb"} for n in range(3))
    store.compact()  # the documents were in the journal; now the file holds them
    lines = path.read_text().splitlines()
    assert lines[lines.index(',"things":{') + 1 :][:4] == [
        '"1":{"n":0,"s":"a\\nb"}', ',"2":{"n":1,"s":"a\\nb"}', ',"3":{"n":2,"s":"a\\nb"}', "}",
    ]
    reopened = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
    with reopened.transaction() as db:
        db.table("things").insert({"n": 3})
    reopened.compact()
    storage = reopened.db.storage
    reused = storage._encoded["things"]  # type: ignore[attr-defined]
    assert {key: piece for key, (_, piece) in reused.items()} == {
        "1": '"1":{"n":0,"s":"a\\nb"}', "2": '"2":{"n":1,"s":"a\\nb"}',
        "3": '"3":{"n":2,"s":"a\\nb"}', "4": '"4":{"n":3}',
    }
    assert [d["n"] for d in JsonStore(path, kind="test", schema_version=1).table("things").all()] \
        == [0, 1, 2, 3]


def test_a_file_in_another_layout_loads_and_is_rewritten_correctly(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(json.dumps(
        {"meta": {"1": {"kind": "test", "schema_version": 1}},
         "things": {"1": {"n": 0}, "2": {"n": 1}}},
        indent=2,
    ))
    store = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
    with store.transaction() as db:
        db.table("things").insert({"n": 2})
    assert read_tables(path) == {
        "meta": {"1": {"kind": "test", "schema_version": 1}},
        "things": {"1": {"n": 0}, "2": {"n": 1}, "3": {"n": 2}},
    }


def test_the_text_of_an_unchanged_table_is_copied_from_the_file_not_encoded_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data.json"
    path.write_text(
        '{\n"meta":{"1":{"kind":"test","schema_version":1}}\n'
        ',"things":{\n"1":{"n": 0}\n,"2":{"n": 1}\n}\n}\n'
    )
    store = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
    with store.transaction() as db:
        db.table("others").insert({"n": 2})
    store.compact()
    assert path.read_text().splitlines()[2:6] == [
        ',"things":{', '"1":{"n": 0}', ',"2":{"n": 1}', "}",
    ]
    with store.transaction() as db:  # a changed table is encoded afresh, whole
        db.table("things").insert({"n": 2})
    store.compact()
    assert path.read_text().splitlines()[2:7] == [
        ',"things":{', '"1":{"n":0}', ',"2":{"n":1}', ',"3":{"n":2}', "}",
    ]
    assert read_tables(path) == {
        "meta": {"1": {"kind": "test", "schema_version": 1}},
        "things": {"1": {"n": 0}, "2": {"n": 1}, "3": {"n": 2}},
        "others": {"1": {"n": 2}},
    }


def test_a_file_removed_while_open_is_started_again_with_its_meta_record(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    store = open_store(path)
    path.unlink()
    with store.transaction() as db:
        db.table("things").insert({"n": 1})
    assert read_tables(path) == {
        "meta": {"1": {"kind": "test", "schema_version": 1}},
        "things": {"1": {"n": 1}},
    }
    assert [d["n"] for d in open_store(path).table("things").all()] == [1]


def test_a_table_version_changes_with_the_table_only(tmp_path: Path) -> None:
    """`version(name)` tells an owner when what it derived from a table may be out of date:
    a change to that table (here or caught up from another store), a reload, a failed
    transaction; never a change to another table."""
    path = tmp_path / "data.json"
    first, second = open_store(path), open_store(path)
    with first.transaction() as db:
        db.table("things").insert({"n": 1})
        db.table("other").insert({"n": 1})
    second.refresh()
    things, other = second.version("things"), second.version("other")
    with second.transaction() as db:
        db.table("other").insert({"n": 2})
    assert second.version("things") == things and second.version("other") != other
    things = second.version("things")
    with first.transaction() as db:
        db.table("things").insert({"n": 2})
    assert second.version("things") == things  # memory until refreshed
    second.refresh()
    assert second.version("things") != things
    things = second.version("things")
    with pytest.raises(ZeroDivisionError), second.transaction() as db:
        db.table("things").insert({"n": 3})
        raise ZeroDivisionError
    assert second.version("things") != things
    assert [d["n"] for d in second.table("things").all()] == [1, 2]


def test_opening_removes_only_the_temporaries_a_killed_writer_left(tmp_path: Path) -> None:
    open_store(tmp_path / "data.json")
    left = [".data.json.123.tmp", ".data.json..tmp", ".data.json.9.tmp"]
    kept = [".data.json.tmp", "data.json.1.tmp", ".other.json.1.tmp", ".data.json.1.tmpx"]
    for name in left + kept:
        (tmp_path / name).write_text("{")
    (tmp_path / ".data.json.dir.tmp").mkdir()  # a folder so named is not removed
    before = {p.name for p in tmp_path.iterdir()}
    open_store(tmp_path / "data.json")
    after = {p.name for p in tmp_path.iterdir()}
    assert before - after == set(left)
    assert {*kept, ".data.json.dir.tmp"} <= after
