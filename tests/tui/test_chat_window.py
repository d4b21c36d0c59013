"""The chat window itself: composer completion and recall, sidebar and unread, the message
cursor, the inspector, a 10,000-message chat, and errors that leave the app usable."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import (
    START,
    allow_nearby,
    notifications,
    plain,
    screen_name,
    texts,
    type_and_send,
    wait_for,
)
from textual.widgets import OptionList

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.messages import Message, Sender
from cliqsim.platform.runtime import Runtime
from cliqsim.tui import app as app_module
from cliqsim.tui.app import CliqsimApp, make_app
from cliqsim.tui.screens.consent import ConsentScreen
from cliqsim.tui.widgets.message_list import WINDOW


def _completion_text(app: CliqsimApp) -> str:
    chat = app.chat_screen
    assert chat is not None
    options = chat.composer.completion
    return "\n".join(str(o.prompt) for o in options.options) if options.display else ""


async def test_slash_lists_commands_with_hint_and_consent_state(
        app_for: Callable[..., CliqsimApp], runtime: Runtime) -> None:
    asked = runtime.submit("u_arjun", "general", "/nearby bank")
    assert asked.pending is not None
    runtime.decide(asked.pending, True)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("/")
        await wait_for(pilot, lambda: "/announce" in _completion_text(app), "completion")
        shown = _completion_text(app)
        assert "bank | restaurant | hospital" in shown
        assert "allowed until 2027-01-30" in shown  # /nearby
        assert "will ask" in shown  # /announce


async def test_tab_completes_and_live_suggestions_follow_the_arguments(
        app_for: Callable[..., CliqsimApp], runtime: Runtime) -> None:
    asked = runtime.submit("u_arjun", "general", "/nearby bank")
    assert asked.pending is not None
    runtime.decide(asked.pending, True)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None
        await pilot.press(*"/ne")
        await wait_for(pilot, lambda: "/nearby" in _completion_text(app), "completion")
        await pilot.press("tab")
        assert chat.composer.input.value == "/nearby "
        await pilot.press("r")
        await wait_for(pilot, lambda: "restaurant" in _completion_text(app),
                       "suggestions from the suggestion handler")
        assert "hospital" not in _completion_text(app)  # filtered by what was typed


async def test_at_completes_bots_and_users(
        installed: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for(rt=installed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("@")
        await wait_for(pilot, lambda: "@PollBot" in _completion_text(app), "completion")
        assert "@Meera" in _completion_text(app)
        await pilot.press("M")
        await wait_for(pilot, lambda: "@PollBot" not in _completion_text(app), "filtering")
        assert "@Meera" in _completion_text(app)


async def test_enter_sends_and_up_recalls(app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "hello team")
        await wait_for(pilot, lambda: "hello team" in texts(app), "the message")
        chat = app.chat_screen
        assert chat is not None
        assert chat.composer.input.value == ""
        await pilot.press("up")
        assert chat.composer.input.value == "hello team"


async def test_unread_count_and_next_unread(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None and chat.chat_id == "general"
        runtime.submit("u_admin", "sales", "numbers are in")  # someone else, another chat
        await wait_for(pilot, lambda: chat.sidebar.unread.get("sales") == 1, "an unread count")
        labels = "\n".join(str(o.prompt) for o in chat.sidebar.options)
        assert "Sales  1" in labels
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: chat.chat_id == "sales", "the unread chat to open")
        assert "numbers are in" in texts(app)
        assert "sales" not in chat.sidebar.unread


async def test_sidebar_opens_a_chat(app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None
        chat.sidebar.focus()
        chat.sidebar.highlighted = chat.sidebar.get_option_index("sales")
        await pilot.press("enter")
        await wait_for(pilot, lambda: chat.chat_id == "sales", "#sales")
        assert "Sales" in plain(chat.query_one("#chat-header"))


async def test_message_cursor_moves_from_the_composer_too(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None
        messages = chat.message_list.messages
        await pilot.press("alt+up")
        assert chat.message_list.selected_message == messages[-1]
        await pilot.press("alt+up")
        assert chat.message_list.selected_message == messages[-2]
        await pilot.press("alt+down")
        assert chat.message_list.selected_message == messages[-1]
        assert chat.composer.input.has_focus


async def test_inspector_shows_the_run(app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await allow_nearby(pilot)
        await pilot.press("f4")
        chat = app.chat_screen
        assert chat is not None
        shown = plain(chat.query_one("#runs"))
        assert "nearby" in shown and "execution_handler" in shown
        assert "GET https://maps.googleapis.com" in shown
        assert "info: found 5 bank places" in shown
        assert "consent allowed" in shown


async def test_a_chat_of_10000_messages_opens_windowed_and_loads_earlier(
        tmp_path: Path) -> None:
    runtime = Runtime(bundled_components(), tmp_path / "data", SimulatedClock(START))
    author = Sender("u_meera", "Meera Iyer", "user")
    runtime.seed_messages(  # test data written in one go, not 10,000 triggers
        Message(f"m_big{n}", "announcements", author, START - timedelta(minutes=10_000 - n),
                text=f"update {n}")
        for n in range(10_000))
    app = make_app(runtime, "u_arjun")
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None
        await chat.open_chat("announcements")
        await pilot.pause()
        shown = chat.message_list.messages
        assert len(shown) == WINDOW and shown[-1].text == "update 9999"
        chat.message_list.focus()
        await pilot.press("home", "up")
        await wait_for(pilot, lambda: len(chat.message_list.messages) == 2 * WINDOW,
                       "earlier messages")
        assert chat.message_list.messages[0].text == f"update {10_000 - 2 * WINDOW}"


async def test_a_broken_component_is_reported_and_the_rest_works(
        tmp_path: Path) -> None:
    import shutil

    components = tmp_path / "components"
    shutil.copytree(bundled_components(), components)
    (components / "translate" / "component.toml").write_text("type = \n", encoding="utf-8")
    runtime = Runtime(components, tmp_path / "data", SimulatedClock(START))
    app = make_app(runtime, "u_arjun")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "component.toml" in notifications(app),
                       "the bad package notice")
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent")


async def test_a_deluge_error_shows_a_message_and_the_app_stays_usable(
        tmp_path: Path) -> None:
    import shutil

    components = tmp_path / "components"
    shutil.copytree(bundled_components(), components)
    script = components / "nearby" / "execution.dg"
    script.write_text('x = 1 / 0;\nreturn {"text": "never"};\n', encoding="utf-8")
    runtime = Runtime(components, tmp_path / "data", SimulatedClock(START))
    app = make_app(runtime, "u_arjun")
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen)
                       or "error" in notifications(app).lower(), "consent or the error")
        if isinstance(app.screen, ConsentScreen):
            await pilot.press("a")
        await wait_for(pilot, lambda: "error" in notifications(app).lower(), "the error")
        assert screen_name(app) == "ChatScreen"
        await type_and_send(pilot, "still here")
        await wait_for(pilot, lambda: "still here" in texts(app), "a plain message")


async def test_switching_user_changes_the_header_and_chats(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await wait_for(pilot, lambda: screen_name(app) == "ChoiceScreen", "the user chooser")
        choices = app.screen.query_one("#choices", OptionList)
        choices.highlighted = choices.get_option_index("u_admin")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.user_id == "u_admin", "the switch")
        chat = app.chat_screen
        assert chat is not None
        await wait_for(pilot, lambda: "Priya Sharma" in plain(chat.query_one("#chat-header")),
                       "the header")
        assert "org admin" in plain(chat.query_one("#chat-header"))


async def test_a_damaged_data_file_is_named_and_the_app_quits_cleanly(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    Runtime(bundled_components(), data, SimulatedClock(START))
    (data / "workspace.json").write_text("{ not json", encoding="utf-8")

    def open_runtime() -> Runtime:
        return Runtime(bundled_components(), data, SimulatedClock(START))

    app = make_app(open_runtime, "u_arjun")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "ErrorScreen", "the error")

        def shown() -> str:
            return "\n".join(plain(w) for w in app.screen.query("Static"))

        await wait_for(pilot, lambda: "workspace.json" in shown(), "the file named")
        assert "Damaged data file" in shown() and "move it aside" in shown()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.return_code == 1, "the app to quit")


async def test_f9_toggles_online_http(app_for: Callable[..., CliqsimApp],
                                      runtime: Runtime) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None
        assert "offline fixtures" in plain(chat.query_one("#chat-header"))
        await pilot.press("f9")
        assert runtime.online
        await wait_for(pilot, lambda: "online HTTP" in plain(chat.query_one("#chat-header")),
                       "the header to say online")
        await pilot.press("f9")
        assert not runtime.online


async def test_slash_typed_in_the_message_list_starts_a_command(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None
        chat.message_list.focus()
        await pilot.press("/", "n", "e")
        assert chat.composer.input.has_focus
        assert chat.composer.input.value == "/ne"
        assert app.user_id == "u_arjun"  # no key binding fired on the way


async def test_a_trigger_holds_frames_until_it_ends_or_the_hold_runs_out(
        app_for: Callable[..., CliqsimApp], monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        go_on = threading.Event()

        def slow() -> None:
            go_on.wait(10)
            raise RuntimeError("the component blew up")

        monkeypatch.setattr(app_module, "FRAME_HOLD", 0.05)
        app.start_trigger(slow)
        assert app._batch_count == 1  # nothing painted while it starts
        await wait_for(pilot, lambda: app._batch_count == 0, "the hold to run out")
        assert not go_on.is_set()  # still running: the window paints meanwhile
        go_on.set()
        await wait_for(pilot, lambda: screen_name(app) == "ErrorScreen", "the error dialog")
        await pilot.press("escape")

        def failing() -> None:
            raise RuntimeError("the component blew up again")

        monkeypatch.setattr(app_module, "FRAME_HOLD", 600.0)
        app.start_trigger(failing)
        assert app._batch_count == 1
        await wait_for(pilot, lambda: app._batch_count == 0, "the end of the trigger")
        await wait_for(pilot, lambda: screen_name(app) == "ErrorScreen", "the error dialog")


async def test_messages_show_cliq_formatting_in_the_chat_window(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    """Issue #15 item 9, in the window itself: Zoho's "Message Formatting" page's markdown is
    drawn (no asterisks left), message text is never Rich markup."""
    from cliqsim.tui.widgets.message_view import lay_out

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        runtime.submit("u_meera", "general", "*bold* _it_ [lnk](https://z.com)\n---\n"
                                             "!quoted [red]x[/red]")
        chat = app.chat_screen
        assert chat is not None
        await wait_for(pilot, lambda: "lnk" in chat.message_list.messages[-1].text, "it")
        layout = lay_out(chat.message_list.messages[-1], 70, app.console)
        shown = "\n".join(strip.text for strip in layout.body)
        assert "bold it lnk" in shown and "*" not in shown
        assert "▎ quoted [red]x[/red]" in shown and "────" in shown
