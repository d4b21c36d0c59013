"""The sidebar and acting as another user (issue #15 items 3 and 11): choosing a bot lands in
its chat; unread counts belong to each user and survive a switch."""

from __future__ import annotations

from collections.abc import Callable

from conftest import wait_for
from textual.pilot import Pilot

from cliqsim.platform.runtime import Runtime
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


async def test_denying_a_bots_first_consent_creates_no_chat(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose_in_sidebar(pilot, BOT_PREFIX + "payalerts")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent")
        await pilot.press("d")
        await wait_for(pilot, lambda: "Nothing ran" in titles(app), "the denial toast")
        assert chat_of(app).chat_id == "general"
        assert not [c for c in runtime.chats("u_arjun") if c.type == "bot"]
        # asked again and allowed: the stale "Nothing ran" toast goes away
        await choose_in_sidebar(pilot, BOT_PREFIX + "payalerts")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "asked again")
        await pilot.press("a")
        await wait_for(pilot, lambda: chat_of(app).chat_id == "bot_payalerts_u_arjun",
                       "the bot's chat")
        assert "Nothing ran" not in titles(app)


def titles(app: CliqsimApp) -> list[str]:
    return [n.title for n in app._notifications]


async def test_unread_counts_belong_to_each_user_and_survive_a_switch(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for("u_arjun")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        chat = chat_of(app)
        await chat.open_chat("announcements")
        runtime.submit("u_meera", "general", "lunch at one?")
        await wait_for(pilot, lambda: chat.sidebar.unread.get("general") == 1, "unread")
        await app.switch_user("u_meera")
        assert chat.chat_id == "announcements"  # Meera is in it too: it stays open
        assert chat.sidebar.unread.get("general") is None  # Meera sent it
        await app.switch_user("u_arjun")
        assert chat.sidebar.unread.get("general") == 1  # Arjun's count survived


async def test_switching_to_a_user_outside_the_chat_lands_in_their_first_chat(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for("u_admin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        runtime.submit("u_admin", "dm_u_admin_u_meera", "hi Meera")
        await chat_of(app).open_chat("dm_u_admin_u_meera")
        await app.switch_user("u_arjun")
        assert chat_of(app).chat_id == runtime.chats("u_arjun")[0].id
