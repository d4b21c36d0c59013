"""The consents file against hand edits and a hostile data directory (issue #12, "Packages and
data files"): a valid hand edit never leads to an invalid file; a read-only directory, a lock
file that is a directory, a symlink loop, a FIFO and a full disk each give a clear message, lose
nothing and never hang."""

from __future__ import annotations

import errno
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliqsim import storage
from cliqsim.cli import main
from cliqsim.consent.gate import Gate
from cliqsim.consent.store import ConsentStore
from cliqsim.storage import JsonStore, read_tables

from .conftest import EMAIL, MAPS, POST, manifest


def granted(data: Path, clock: Any, *users: str) -> ConsentStore:
    store = ConsentStore.in_dir(data)
    gate = Gate(store, clock)
    for user in users:
        gate.grant(user, manifest(EMAIL, MAPS))
    return store


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- hand edits


def test_a_grant_closing_brace_moved_to_its_own_line_still_gives_valid_json(
    tmp_path: Path, clock: Any
) -> None:
    """The example of issue #12: a harmless hand edit, then two more grants."""
    store = granted(tmp_path, clock, "u1", "u2")
    store._file.compact()
    path = tmp_path / "consents.json"
    lines = path.read_text().splitlines()
    first = next(n for n, line in enumerate(lines) if '"user_id":"u1"' in line)
    lines[first] = lines[first][:-1] + "\n}"  # still valid JSON
    path.write_text("\n".join(lines) + "\n")
    json.loads(path.read_text())
    more = granted(tmp_path, clock, "u3")
    Gate(more, clock).grant("u1", manifest(POST, component="poll"))
    more._file.compact()
    on_disk = json.loads(path.read_text())  # valid JSON, with everything in it
    users = sorted(doc["user_id"] for doc in on_disk["grants"].values())
    assert users == ["u1", "u1", "u2", "u3"]
    assert len(ConsentStore.in_dir(tmp_path).grants()) == 4


def _spaced(value: Any, rng: random.Random) -> str:
    """`value` as JSON with random (valid) whitespace between tokens."""
    def gap() -> str:
        return "".join(rng.choice(["", "", " ", "\n", "\t", "\r\n", "  "])
                       for _ in range(rng.randint(0, 2)))
    if isinstance(value, dict):
        items = [f"{gap()}{json.dumps(k)}{gap()}:{gap()}{_spaced(v, rng)}{gap()}"
                 for k, v in value.items()]
        return "{" + ",".join(items) + gap() + "}"
    if isinstance(value, list):
        return "[" + ",".join(gap() + _spaced(v, rng) + gap() for v in value) + gap() + "]"
    return json.dumps(value, ensure_ascii=rng.random() < 0.5)


documents = st.dictionaries(
    st.sampled_from(["n", "s", "list", "map", "ü"]),
    st.one_of(st.integers(-5, 5), st.text(max_size=4), st.lists(st.integers(), max_size=2),
              st.dictionaries(st.text(max_size=2), st.booleans(), max_size=2)),
    max_size=4,
)
changes = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), st.sampled_from(["things", "others"]), documents),
        st.tuples(st.just("update"), st.sampled_from(["things", "others"]), st.integers(1, 6)),
        st.tuples(st.just("remove"), st.sampled_from(["things", "others"]), st.integers(1, 6)),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["things", "others", "plain"]),
                    st.lists(documents, max_size=5), min_size=1),
    changes, st.integers(0, 2**32), st.booleans(),
)
def test_any_valid_layout_stays_valid_through_changes_and_compaction(
    tmp_path_factory: Any, tables: dict[str, list[dict[str, Any]]],
    sequence: list[tuple[Any, ...]], seed: int, reopen: bool,
) -> None:
    path = tmp_path_factory.mktemp("layout") / "data.json"
    content: dict[str, Any] = {"meta": {"1": {"kind": "test", "schema_version": 1}}}
    content.update({name: {str(i + 1): doc for i, doc in enumerate(docs)}
                    for name, docs in tables.items()})
    path.write_text(_spaced(content, random.Random(seed)), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == content
    expected = json.loads(json.dumps(content))
    store = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
    for step, (action, name, arg) in enumerate(sequence):
        table = expected.get(name, {})
        with store.transaction() as db:
            if action == "insert":
                new_id = db.table(name).insert(arg)
                expected.setdefault(name, table)[str(new_id)] = arg
            elif action == "update":
                db.table(name).update({"n": step}, doc_ids=[arg])
                if str(arg) in table:
                    table[str(arg)] = {**table[str(arg)], "n": step}
            else:
                db.table(name).remove(doc_ids=[arg])
                table.pop(str(arg), None)
        if reopen:
            store = JsonStore(path, kind="test", schema_version=1, immutable_tables=["things"])
    assert read_tables(path) == expected
    store.compact()
    assert json.loads(path.read_text(encoding="utf-8")).keys() >= expected.keys()
    assert read_tables(path) == expected
    with store.transaction() as db:
        db.table("things").insert({"after": True})
    store.compact()
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    on_disk.pop("_journal")
    assert {name: t for name, t in on_disk.items() if name != "things"} == {
        name: t for name, t in expected.items() if name != "things"}
    assert list(on_disk["things"].values())[-1] == {"after": True}


def test_an_unreadable_grant_is_named_with_advice_that_keeps_the_others(
    tmp_path: Path, clock: Any
) -> None:
    store = granted(tmp_path, clock, "u1", "u2")
    store._file.compact()
    path = tmp_path / "consents.json"
    path.write_text(path.read_text().replace('"user_id":"u1",', "", 1))
    with pytest.raises(Exception) as caught:
        ConsentStore.in_dir(tmp_path)
    message = str(caught.value)
    assert str(path) in message and "grant 1 cannot be read" in message
    assert "the rest of the file is kept" in message


def test_invalid_json_is_named_by_line_and_column_with_advice_to_fix_it_by_hand(
    tmp_path: Path, clock: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    granted(tmp_path, clock, "u1")._file.compact()
    path = tmp_path / "consents.json"
    broken = path.read_text().replace('"user_id":"u1",', '"user_id":"u1",,', 1)
    path.write_text(broken)
    code, _, err = cli(capsys, "consents", "list", "--data", str(tmp_path))
    assert code != 0
    assert "not valid JSON at line" in err and "fix the JSON by hand at line" in err
    assert "Traceback" not in err
    assert path.read_text() == broken


# ---- the data directory


def test_a_read_only_data_directory_still_lists_and_refuses_changes_clearly(
    tmp_path: Path, clock: Any, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Simulated (tests may run as root, who can write anywhere): taking the lock fails with
    EROFS, as it does on a read-only mount."""
    grant = Gate(granted(tmp_path, clock, "u1"), clock).store.grants()[0]
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def read_only(self: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "consents.json.lock"))

    monkeypatch.setattr(storage._FileLock, "acquire", read_only)
    code, out, err = cli(capsys, "consents", "list", "--everyone", "--data", str(tmp_path),
                         "--now",
                         "2026-03-02")
    assert (code, err) == (0, "")
    assert "for u1" in out
    code, _, err = cli(capsys, "consents", "revoke", grant.grant_id, "--everyone", "--data",
                         str(tmp_path))
    assert code != 0
    assert f"cannot write {tmp_path / 'consents.json'}" in err
    assert "Read-only file system" in err and "Nothing was changed" in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_really_read_only_data_directory_lists(
    tmp_path: Path, clock: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    granted(tmp_path, clock, "u1")
    (tmp_path / "consents.json.lock").unlink(missing_ok=True)
    tmp_path.chmod(0o555)
    try:
        code, out, _ = cli(capsys, "consents", "list", "--everyone", "--data", str(tmp_path),
                           "--now", "2026-03-02")
    finally:
        tmp_path.chmod(0o755)
    assert code == 0 and "for u1" in out


def test_a_lock_file_that_is_a_directory_is_named(
    tmp_path: Path, clock: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    grant = granted(tmp_path, clock, "u1").grants()[0]
    lock = tmp_path / "consents.json.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()
    code, out, _ = cli(capsys, "consents", "list", "--everyone", "--data", str(tmp_path), "--now",
                       "2026-03-02")
    assert code == 0 and "for u1" in out
    code, _, err = cli(capsys, "consents", "revoke", grant.grant_id, "--everyone", "--data",
                         str(tmp_path))
    assert code != 0
    assert f"its lock file {lock} is a directory" in err and f"remove or rename {lock}" in err
    assert ConsentStore.in_dir(tmp_path).grants()[0].revoked_at is None


def test_a_symlink_loop_in_place_of_the_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "consents.json"
    path.symlink_to(path.name)
    code, _, err = cli(capsys, "consents", "list", "--data", str(tmp_path))
    assert code != 0
    assert str(path) in err and "cannot be read" in err and "link to itself" in err
    assert "Traceback" not in err
    assert path.is_symlink()


@pytest.mark.parametrize("name", ["consents.json", "consents.json.journal"])
def test_a_fifo_in_place_of_a_data_file_is_named_without_hanging(
    tmp_path: Path, clock: Any, name: str
) -> None:
    if name.endswith(".journal"):
        granted(tmp_path, clock, "u1")
        (tmp_path / name).unlink()
    os.mkfifo(tmp_path / name)
    done = subprocess.run(
        [sys.executable, "-m", "cliqsim", "consents", "list", "--data", str(tmp_path)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode != 0
    assert str(tmp_path / name) in done.stderr
    assert "not a regular file" in done.stderr or "cannot be read" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_full_disk_loses_no_consent_and_says_so(
    tmp_path: Path, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = granted(tmp_path, clock, "u1")
    gate = Gate(store, clock)

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    with pytest.raises(Exception, match="No space left on device") as caught:
        gate.grant("u2", manifest(EMAIL))
    assert "Nothing was changed" in str(caught.value)
    monkeypatch.undo()
    assert [g.user_id for g in store.grants()] == ["u1"]
    gate.grant("u2", manifest(EMAIL))
    assert [g.user_id for g in ConsentStore.in_dir(tmp_path).grants()] == ["u1", "u2"]
