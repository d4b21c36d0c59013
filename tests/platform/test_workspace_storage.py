"""How the workspace keeps messages on disk: written one per line, an edit keeps the message's
id and place, and a file in the layout earlier cliqsim wrote still opens."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cliqsim.platform.messages import Message, Sender
from cliqsim.platform.workspace import Workspace
from cliqsim.storage import read_tables
from cliqsim.structs import replace

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PRIYA = Sender("u_admin", "Priya Sharma", "user")


def post(workspace: Workspace, chat: str, text: str, minutes: int) -> Message:
    return workspace.append(Message(id=workspace.next_id("m"), chat_id=chat, sender=PRIYA,
                                    time=NOW + timedelta(minutes=minutes), text=text))


def texts(workspace: Workspace, chat: str) -> list[tuple[str, str]]:
    """The chat's messages after the seeded ones, as (id, text)."""
    return [(m.id, m.text) for m in workspace.messages(chat) if m.id not in SEEDED]


SEEDED: set[str] = set()


def new_workspace(data: Path) -> Workspace:
    workspace = Workspace(data, None, NOW)
    SEEDED.update(m.id for chat in workspace.chats() for m in workspace.messages(chat.id))
    return workspace


def test_an_edited_message_keeps_its_id_and_place_in_memory_and_after_reopening(
    tmp_path: Path,
) -> None:
    workspace = new_workspace(tmp_path)
    first = post(workspace, "general", "one", 1)
    second = post(workspace, "general", "two", 2)
    post(workspace, "sales", "elsewhere", 3)
    third = post(workspace, "general", "three", 4)
    edited = replace(second, text="two, edited", edited_at=NOW + timedelta(hours=1))
    workspace.replace(edited)
    expected = [(first.id, "one"), (second.id, "two, edited"), (third.id, "three")]
    assert texts(workspace, "general") == expected
    again = Workspace(tmp_path, None, NOW)
    assert texts(again, "general") == expected
    assert again.message(second.id).edited_at == NOW + timedelta(hours=1)
    assert texts(again, "sales") == [(texts(workspace, "sales")[0][0], "elsewhere")]
    stored = read_tables(tmp_path / "workspace.json")
    assert stored is not None
    assert [doc["text"] for doc in stored["messages"].values()
            if doc["id"] not in SEEDED] == ["one", "two, edited", "elsewhere", "three"]


def test_messages_are_written_one_per_line(tmp_path: Path) -> None:
    workspace = new_workspace(tmp_path)
    ids = [post(workspace, "general", f"note {n}", n).id for n in range(3)]
    workspace.store.compact()  # the messages were in the journal; now the file holds them
    lines = (tmp_path / "workspace.json").read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if '"text":"note ' in line]
    assert len(rows) == 3
    assert [json.loads("{" + row.lstrip(",") + "}").popitem()[1]["id"] for row in rows] == ids


def test_a_file_in_the_layout_of_earlier_cliqsim_opens_and_is_rewritten_in_the_new_one(
    tmp_path: Path,
) -> None:
    workspace = new_workspace(tmp_path)
    posted = [post(workspace, "general", f"note {n}", n) for n in range(3)]
    path = tmp_path / "workspace.json"
    tables = read_tables(path)
    assert tables is not None
    # earlier cliqsim wrote every table, messages too, as one line of compact JSON
    path.write_text("{\n" + "\n,".join(
        f"{json.dumps(name)}:{json.dumps(table, ensure_ascii=False, separators=(',', ':'))}"
        for name, table in tables.items()) + "\n}\n", encoding="utf-8")
    old = Workspace(tmp_path, None, NOW)
    assert texts(old, "general") == [(m.id, m.text) for m in posted]
    old.replace(replace(posted[0], text="note 0, edited", edited_at=NOW))
    later = post(old, "general", "note 3", 10)
    expected = [(posted[0].id, "note 0, edited"), (posted[1].id, "note 1"),
                (posted[2].id, "note 2"), (later.id, "note 3")]
    assert texts(Workspace(tmp_path, None, NOW), "general") == expected
    old.store.compact()
    rewritten = read_tables(path)
    assert rewritten is not None
    assert {name: table for name, table in rewritten.items()
            if name not in ("messages", "counters")} == {
        name: table for name, table in tables.items() if name not in ("messages", "counters")}
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if '"text":' in line]
    assert len(rows) == len(rewritten["messages"]) == len(tables["messages"]) + 1
