"""The workspace keeps its people and chats in memory between lookups (a run looks them up
several times): what it keeps must follow every change to their tables, made here, by another
process, or undone by a failed write."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cliqsim.platform.messages import Message, Sender
from cliqsim.platform.workspace import Workspace

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_chat_changed_here_is_found_as_changed(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path, None, NOW)
    assert workspace.find_chat("sales") is not None
    assert workspace.find_chat("#sales") == workspace.find_chat("sales")
    workspace.update_channel("sales", members=("u_admin",), title="Deals")
    found = workspace.find_chat("sales")
    assert found is not None and (found.members, found.title) == (("u_admin",), "Deals")
    assert workspace.find_chat("dm_u_admin_u_arjun") is None
    dm = workspace.ensure_dm("u_arjun", "u_admin", NOW)
    assert workspace.find_chat(dm.id) == dm
    assert dm.id in [chat.id for chat in workspace.chats()]


def test_a_chat_or_user_changed_by_another_process_is_seen_after_refresh(
    tmp_path: Path,
) -> None:
    here, there = Workspace(tmp_path, None, NOW), Workspace(tmp_path, None, NOW)
    assert here.find_chat("sales") is not None and here.user("u_arjun")["first_name"] == "Arjun"
    there.update_channel("sales", members=("u_admin",))
    dm = there.ensure_dm("u_arjun", "u_meera", NOW)
    with there.write() as db:  # a users table changed by another process (no API does it)
        db.table("users").update({"first_name": "Arjun K"}, doc_ids=[2])
    here.refresh()
    sales = here.find_chat("sales")
    assert sales is not None and sales.members == ("u_admin",)
    assert here.find_chat(dm.id) == dm
    assert here.user("u_arjun")["first_name"] == "Arjun K"
    assert here.user("arjun@zylker.com")["first_name"] == "Arjun K"


def test_a_message_written_here_keeps_the_lookups_and_they_stay_right(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path, None, NOW)
    before = workspace.user("u_arjun")
    workspace.append(Message(id="m_x", chat_id="general", sender=Sender(
        "u_admin", "Priya Sharma", "user"), time=NOW, text="hello"))
    assert workspace.user("u_arjun") == before
    before["first_name"] = "changed by the caller"  # a copy: the kept one is untouched
    assert workspace.user("u_arjun")["first_name"] == "Arjun"


def test_a_write_that_fails_leaves_no_lookup_of_what_it_did(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path, None, NOW)
    assert workspace.find_chat("sales") is not None
    with pytest.raises(ZeroDivisionError), workspace.write() as db:
        db.table("chats").update({"title": "never"}, doc_ids=[2])
        assert workspace.find_chat("sales").title == "never"  # type: ignore[union-attr]
        raise ZeroDivisionError
    sales = workspace.find_chat("sales")
    assert sales is not None and sales.title == "Sales"
