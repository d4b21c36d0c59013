"""Focus (issue #15 item 10): the focused region carries an unmistakable mark, and after a
dialog or screen closes focus returns where it was."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import allow_nearby, wait_for

from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.widgets.message_list import MessageList
from cliqsim.tui.widgets.sidebar import Sidebar


async def test_the_focused_region_has_an_accent_edge(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        chat = app.chat_screen
        assert chat is not None
        sidebar, messages = chat.query_one(Sidebar), chat.query_one(MessageList)
        sidebar.focus()
        await pilot.pause()
        assert sidebar.styles.border_right[0] == "thick"
        assert messages.styles.border_left[0] == "blank"
        messages.focus()
        await pilot.pause()
        assert messages.styles.border_left[0] == "thick"
        assert sidebar.styles.border_right[0] == "vkey"


@pytest.mark.parametrize("key", ["f2", "f3", "f7", "f6"])
async def test_focus_returns_after_a_screen_or_dialog(
        key: str, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await allow_nearby(pilot)
        chat = app.chat_screen
        assert chat is not None
        chat.message_list.focus()
        await pilot.pause()
        await pilot.press(key)
        await wait_for(pilot, lambda: app.screen is not chat, "the screen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is chat, "back in the chat")
        await pilot.pause()
        assert app.focused is chat.message_list


async def test_focus_returns_to_the_composer_after_the_consent_dialog(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await allow_nearby(pilot)
        chat = app.chat_screen
        assert chat is not None
        await pilot.pause()
        assert app.focused is chat.composer.input


@pytest.mark.parametrize("key,screen", [("f7", "TimeScreen"), ("f6", "ChoiceScreen"),
                                        ("f2", "PermissionsScreen"), ("f3", "ExtensionsScreen")])
async def test_every_screen_lists_its_own_keys(key: str, screen: str,
                                               app_for: Callable[..., CliqsimApp]) -> None:
    from textual.widgets import Footer

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await wait_for(pilot, lambda: type(app.screen).__name__ == screen, screen)
        await pilot.pause()
        assert app.screen.query(Footer)  # the screen's own footer, not the chat's under it
        shown = {b.description for (_, b, enabled, _) in app.screen.active_bindings.values()
                 if b.show and enabled}
        assert shown & {"Choose", "Back to chat", "Cancel"}


async def test_at_80_columns_the_inspector_takes_the_sidebars_place(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        chat = app.chat_screen
        assert chat is not None
        await pilot.press("f4")
        await pilot.pause()
        assert not chat.sidebar.display
        assert chat.message_list.size.width >= 28
        await pilot.press("f4")
        await pilot.pause()
        assert chat.sidebar.display
