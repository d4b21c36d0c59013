"""JsonStore's Table.insert, update and update_multiple: TinyDB's results, but a changed
document is a new object at the same id and position and an insert adds to the table in place,
and an immutable table's file text, encoded only where it changed, still matches memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage

from cliqsim.storage import JsonStore, read_tables

q = Query()


def test_an_update_of_an_immutable_table_is_written_and_keeps_ids_and_order(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data.json"
    store = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
    with store.transaction() as db:
        db.table("things").insert_multiple({"n": n, "tag": "a"} for n in range(4))
    held = store.db.storage.read()["things"]["2"]  # type: ignore[index]
    with store.transaction() as db:
        assert db.table("things").update({"tag": "b", "new": True}, q.n == 1) == [2]
        assert db.table("things").update(lambda doc: doc.update(n=30), doc_ids=[4, 9]) == [4]
    assert held == {"n": 1, "tag": "a"}  # the stored document was replaced, not changed
    on_disk = read_tables(path)["things"]
    assert list(on_disk.items()) == [
        ("1", {"n": 0, "tag": "a"}), ("2", {"n": 1, "tag": "b", "new": True}),
        ("3", {"n": 2, "tag": "a"}), ("4", {"n": 30, "tag": "a"}),
    ]
    reopened = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
    with reopened.transaction() as db:
        db.table("things").update({"tag": "c"}, q.n == 0)
    assert [d["tag"] for d in JsonStore(path, kind="test", schema_version=1)
            .table("things").all()] == ["c", "b", "a", "a"]


operations = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), st.integers(0, 5)),
        st.tuples(st.just("update"), st.integers(0, 5), st.integers(0, 5)),
        st.tuples(st.just("update_ids"), st.lists(st.integers(1, 8), max_size=3),
                  st.integers(0, 5)),
        st.tuples(st.just("update_all"), st.integers(0, 5)),
        st.tuples(st.just("update_callable"), st.integers(0, 5)),
        st.tuples(st.just("update_multiple"), st.integers(0, 5), st.integers(0, 5)),
        st.tuples(st.just("upsert"), st.integers(0, 5), st.integers(0, 5)),
        st.tuples(st.just("remove"), st.integers(0, 5)),
    ),
    max_size=12,
)


def apply(table: Any, operation: tuple[Any, ...]) -> Any:
    match operation:
        case ("insert", n):
            return table.insert({"n": n, "v": 0})
        case ("update", n, v):
            return table.update({"v": v}, q.n == n)
        case ("update_ids", ids, v):
            return table.update({"v": v}, doc_ids=ids)
        case ("update_all", v):
            return table.update({"w": v})
        case ("update_callable", n):
            return table.update(lambda doc: doc.update(v=doc["v"] + 1), q.n == n)
        case ("update_multiple", n, v):
            return table.update_multiple([({"v": v}, q.n == n), ({"x": v}, q.v == v)])
        case ("upsert", n, v):
            return table.upsert({"n": n, "v": v}, q.n == n)
        case ("remove", n):
            return table.remove(q.n == n)
    raise AssertionError(operation)


@settings(max_examples=60, deadline=None)
@given(operations, st.integers(1, 4))
def test_changes_give_what_tinydb_gives_and_reach_the_file(
    tmp_path_factory: Any, sequence: list[tuple[Any, ...]], per_batch: int,
) -> None:
    """Each operation in its own transaction, `per_batch` transactions to one write."""
    path = tmp_path_factory.mktemp("update") / "data.json"
    store = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
    reference = TinyDB(storage=MemoryStorage).table("things")
    for start in range(0, len(sequence), per_batch):
        with store.batch():
            for operation in sequence[start:start + per_batch]:
                with store.transaction() as db:
                    assert apply(db.table("things"), operation) == apply(reference, operation)
        assert read_tables(path) == store.db.storage.read()
    expected = [(d.doc_id, dict(d)) for d in reference.all()]
    assert [(d.doc_id, dict(d)) for d in store.table("things").all()] == expected
    reopened = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
    assert [(d.doc_id, dict(d)) for d in reopened.table("things").all()] == expected
    with reopened.transaction() as db:  # reusing the text of the documents as loaded
        new_id = apply(db.table("things"), ("insert", 1))
    assert [(d.doc_id, dict(d)) for d in JsonStore(path, kind="test", schema_version=1)
            .table("things").all()] == [*expected, (new_id, {"n": 1, "v": 0})]
