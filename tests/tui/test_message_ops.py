"""Editing and deleting your own message and setting a custom status in the chat window (#13):
the same events `cliqsim trigger --event edit|delete|status` fires headless, so a channel's
participant bots hear `message_edited` / `message_deleted` (Zoho, "Bot Participation Handler")
and subscribed bots' status change handlers run (Zoho, "Bot Status Change Handler",
https://www.zoho.com/cliq/help/platform/bot-statuschangehandler.html: state Available | Busy)."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import plain, texts, wait_for
from textual.pilot import Pilot

from cliqsim.clock import SimulatedClock
from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp, make_app
from cliqsim.tui.screens.consent import ConsentScreen
from cliqsim.tui.screens.message_ops import EditScreen, StatusScreen
from cliqsim.tui.screens.pickers import ChoiceScreen


def write_package(root: Path, name: str, manifest: str, files: dict[str, str]) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "component.toml").write_text(textwrap.dedent(manifest), encoding="utf-8")
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def listening(tmp_path: Path) -> Runtime:
    """A bot in #general that says what it heard, and answers status changes."""
    root = tmp_path / "components"
    write_package(root, "echo", """
        type = "bot"
        name = "Echo"
        [handlers]
        participation = "part.dg"
        status_change = "status.dg"
        """, {"part.dg": 'if(operation == "added") { return {"text":"hi"}; }\n'
                         'return {"text":"heard " + operation + ": " + '
                         'data.get("message").get("text")};\n',
              "status.dg": 'return {"text":"now " + current_status.get("text") + " ("'
                           ' + current_status.get("state") + "), was [" '
                           '+ existing_status.get("text") + "]"};\n'})
    runtime = Runtime(root, tmp_path / "data", SimulatedClock(START))
    for handler in ("participation", "status_change"):  # allowed once, before the window
        asked = runtime.trigger("u_arjun", "echo", handler)
        if asked.pending is not None:
            runtime.decide(asked.pending, True)
    runtime.add_bot_to_channel("u_admin", "echo", "general")
    runtime.open_bot("u_arjun", "echo")
    return runtime


async def _select_own(pilot: Pilot[None], app: CliqsimApp, text: str) -> None:
    chat = app.chat_screen
    assert chat is not None
    await wait_for(pilot, lambda: any(m.text == text for m in chat.message_list.messages),
                   "the message")
    chat.message_list.focus()
    mine = next(m for m in chat.message_list.messages if m.text == text)
    while chat.message_list.selected_message != mine:
        await pilot.press("up")


async def _settle_consent(pilot: Pilot[None], app: CliqsimApp) -> None:
    await pilot.pause(0.2)
    if isinstance(app.screen, ConsentScreen):
        await pilot.press("a")


async def test_edit_from_the_message_menu_fires_message_edited(listening: Runtime) -> None:
    app = make_app(listening, "u_arjun", chat_id="general")
    async with app.run_test(size=(120, 40)) as pilot:
        listening.submit("u_arjun", "general", "lunch at 1")
        await _select_own(pilot, app, "lunch at 1")
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the menu")
        ids = [o.id for o in app.screen.query_one("#choices").options]  # type: ignore[attr-defined]
        assert ids[:3] == ["_thread", "_edit", "_delete"]  # first, on your own message
        app.screen.query_one("#choices").highlighted = 1  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EditScreen), "the edit box")
        box = app.screen.query_one("#edit-text")
        box.value = "lunch at 2 [b]sharp[/b]"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await _settle_consent(pilot, app)
        await wait_for(pilot, lambda: "heard message_edited: lunch at 2 [b]sharp[/b]"
                       in texts(app), "the bot hearing the edit")
        edited = next(m for m in listening.messages("general")
                      if m.text == "lunch at 2 [b]sharp[/b]")
        assert edited.sender.id == "u_arjun" and edited.edited_at is not None


async def test_ctrl_e_and_delete_keys_on_your_own_message(listening: Runtime) -> None:
    app = make_app(listening, "u_arjun", chat_id="general")
    async with app.run_test(size=(120, 40)) as pilot:
        listening.submit("u_arjun", "general", "typo here")
        await _select_own(pilot, app, "typo here")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditScreen), "the edit box")
        await pilot.press("!")  # typed keys add after the text; they do not replace it
        assert app.screen.query_one("#edit-text").value == "typo here!"  # type: ignore[attr-defined]
        await pilot.press("escape")  # nothing changes
        await wait_for(pilot, lambda: app.screen is app.chat_screen, "back")
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), "are you sure")
        await pilot.press("enter")  # Delete is first
        await _settle_consent(pilot, app)
        await wait_for(pilot, lambda: "heard message_deleted: typo here" in texts(app),
                       "the bot hearing the delete")
        assert "This message was deleted" in texts(app)


async def test_someone_elses_message_cannot_be_edited(listening: Runtime) -> None:
    app = make_app(listening, "u_arjun", chat_id="general")
    async with app.run_test(size=(120, 40)) as pilot:
        listening.submit("u_admin", "general", "from Priya")
        chat = app.chat_screen
        assert chat is not None
        await wait_for(pilot, lambda: any(m.text == "from Priya"
                                          for m in chat.message_list.messages), "it")
        chat.message_list.focus()
        while chat.message_list.selected_message is None or \
                chat.message_list.selected_message.text != "from Priya":
            await pilot.press("up")
        await pilot.press("ctrl+e")
        await pilot.pause(0.1)
        assert app.screen is chat
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the menu")
        ids = [o.id for o in app.screen.query_one("#choices").options]  # type: ignore[attr-defined]
        assert "_edit" not in ids and "_delete" not in ids and "_thread" in ids


async def test_reply_in_thread_from_the_message_menu_opens_the_thread(
        listening: Runtime) -> None:
    """Threads (#13): the first reply starts the thread; the channel's participant bots
    follow it (`auto_followed_thread`) and hear the reply (`message_sent`)."""
    app = make_app(listening, "u_arjun", chat_id="general")
    async with app.run_test(size=(120, 40)) as pilot:
        parent = listening.submit("u_admin", "general", "Release on Friday?").messages[0]
        chat = app.chat_screen
        assert chat is not None
        await wait_for(pilot, lambda: any(m.id == parent.id
                                          for m in chat.message_list.messages), "it")
        chat.message_list.focus()
        while chat.message_list.selected_message is None or \
                chat.message_list.selected_message.id != parent.id:
            await pilot.press("up")
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the menu")
        await pilot.press("enter")  # Reply in thread is first
        await wait_for(pilot, lambda: isinstance(app.screen, EditScreen), "the reply box")
        app.screen.query_one("#edit-text").value = "Yes, after QA"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await _settle_consent(pilot, app)
        await _settle_consent(pilot, app)
        await wait_for(pilot, lambda: chat.chat_id == f"thread_{parent.id}", "the thread")
        await wait_for(pilot, lambda: "Yes, after QA" in texts(app), "the reply")
        assert f"thread_{parent.id}" in [c.id for c in listening.chats("u_arjun")]


async def test_setting_a_custom_status_runs_the_status_change_handler(
        listening: Runtime) -> None:
    app = make_app(listening, "u_arjun", chat_id="general")
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None
        chat.message_list.focus()
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusScreen), "the status box")
        await pilot.press("enter")  # no text yet: it says so and stays
        assert isinstance(app.screen, StatusScreen)
        app.screen.query_one("#status-text").value = "In a meeting"  # type: ignore[attr-defined]
        app.screen.query_one("#status-text").focus()
        await pilot.press("enter", "down", "enter")  # the text, then Busy
        await _settle_consent(pilot, app)
        bot_chat = next(c.id for c in listening.chats("u_arjun") if c.type == "bot")
        await wait_for(pilot, lambda: any(
            m.text == "now In a meeting (Busy), was []"
            for m in listening.messages(bot_chat)), "the bot's answer")
        assert listening.user("u_arjun").status == "In a meeting"
        await wait_for(pilot, lambda: "In a meeting (Busy)" in plain(
            chat.query_one("#chat-header")), "the status in the header")
        await pilot.press("s")  # the dialog starts from the status set
        await wait_for(pilot, lambda: isinstance(app.screen, StatusScreen), "the status box")
        assert app.screen.query_one("#status-text").value == "In a meeting"  # type: ignore[attr-defined]


def test_the_window_and_the_cli_fire_the_same_event(listening: Runtime) -> None:
    """Headless: `cliqsim trigger --event status TEXT STATE` is `Runtime.trigger_event`, the
    call the window makes; so is edit and delete."""
    outcome = listening.trigger_event("u_arjun", "status", ["Lunch", "Available"])
    assert outcome.status == "ok", outcome.error
    assert any("now Lunch (Available)" in (m.text or "") for m in outcome.messages)


async def test_a_status_and_a_thread_title_are_shown_as_typed(listening: Runtime) -> None:
    """Data is never markup: a status or a message that looks like Textual markup shows
    literally in the header and the sidebar (and clicking it runs nothing)."""
    trap = "[@click=app.quit]free pizza[/]"
    listening.change_status("u_arjun", trap, "Busy")
    parent = listening.submit("u_admin", "general", trap).messages[0]
    listening.reply_in_thread("u_arjun", parent.id, "where?")
    app = make_app(listening, "u_arjun", chat_id=f"thread_{parent.id}")
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None
        await wait_for(pilot, lambda: chat.chat_id == f"thread_{parent.id}", "the thread")
        header = plain(chat.query_one("#chat-header"))
        assert f"{trap} (Busy)" in header
        assert "↳ [@click=app.quit]free p…" in header
        assert "where?" in texts(app)
