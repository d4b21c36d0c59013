"""The sidebar and acting as another user (issue #15 items 3 and 11): choosing a bot lands in
its chat; unread counts belong to each user and survive a switch."""

from __future__ import annotations

from collections.abc import Callable

from conftest import wait_for
from textual.pilot import Pilot

from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.screens.chat import ChatScreen
from cliqsim.tui.screens.consent import ConsentScreen
from cliqsim.tui.widgets.sidebar import BOT_PREFIX, Sidebar


def chat_of(app: CliqsimApp) -> ChatScreen:
    chat = app.chat_screen
    assert chat is not None
    return chat


async def choose_in_sidebar(pilot: Pilot[None], option_id: str) -> None:
    app = pilot.app
    assert isinstance(app, CliqsimApp)
    sidebar = chat_of(app).query_one(Sidebar)
    sidebar.focus()
    sidebar.highlighted = sidebar.get_option_index(option_id)
    await pilot.press("enter")


async def test_choosing_a_bot_lands_in_its_chat(app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert chat_of(app).chat_id == "general"
        await choose_in_sidebar(pilot, BOT_PREFIX + "payalerts")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent")
        await pilot.press("a")
        await wait_for(pilot, lambda: chat_of(app).chat_id == "bot_payalerts_u_arjun",
                       "the bot's chat")
        await wait_for(pilot, lambda: chat_of(app).message_list.messages, "the welcome")
        assert chat_of(app).composer.input.has_focus
