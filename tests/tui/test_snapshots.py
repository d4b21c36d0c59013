"""SVG snapshots of every screen at 80x24 and at 120x40 (fixed clock, fresh data, no cursor
blink): the chat with a card, the consent dialog, a form, permissions (grants and ledger),
extensions, widgets, the message-action menu, a bot's Actions menu, moving time, acting as
another user, the revoke question and the location prompt."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from conftest import wait_for
from textual.pilot import Pilot
from textual.widgets import Input

from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp, make_app
from cliqsim.tui.screens.consent import ConsentScreen
from cliqsim.tui.screens.form import FormScreen

pytestmark = pytest.mark.snapshot

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Steps = Callable[[Pilot[None]], Awaitable[None]]


def _steady(app: CliqsimApp) -> None:
    for box in app.screen.query(Input):
        box.cursor_blink = False


def _app(pilot: Pilot[None]) -> CliqsimApp:
    app = pilot.app
    assert isinstance(app, CliqsimApp)
    return app


async def _ask_nearby(pilot: Pilot[None]) -> None:
    app = _app(pilot)
    _steady(app)
    await pilot.press(*"/nearby bank", "escape", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
    await pilot.pause(0.3)


async def _nearby_allowed(pilot: Pilot[None]) -> None:
    await _ask_nearby(pilot)
    await pilot.press("a")
    app = _app(pilot)
    await wait_for(pilot, lambda: app.chat_screen is not None and any(
        m.card for m in app.chat_screen.message_list.messages), "the card")
    await pilot.pause()


async def _screen(pilot: Pilot[None], key: str, name: str) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == name, name)
    _steady(_app(pilot))
    await pilot.pause(0.3)


async def _permissions(pilot: Pilot[None]) -> None:
    await _nearby_allowed(pilot)
    await _screen(pilot, "f2", "PermissionsScreen")


async def _ledger(pilot: Pilot[None]) -> None:
    await _permissions(pilot)
    await pilot.press("l")
    await pilot.pause(0.3)


async def _revoke_question(pilot: Pilot[None]) -> None:
    await _permissions(pilot)
    await _screen(pilot, "x", "ConfirmScreen")


async def _form(pilot: Pilot[None]) -> None:
    app = _app(pilot)
    _steady(app)
    await pilot.press(*"/announce Office closed", "escape", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, (ConsentScreen, FormScreen)),
                   "consent or the form")
    if isinstance(app.screen, ConsentScreen):
        await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
    _steady(app)
    await pilot.pause(0.3)


async def _extensions(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await _screen(pilot, "f3", "ExtensionsScreen")


async def _widgets(pilot: Pilot[None]) -> None:
    app = _app(pilot)
    await pilot.pause()
    await pilot.press("f10")
    await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent")
    await pilot.press("a")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "WidgetsScreen" and
                   app.screen.shown is not None, "the widget")  # type: ignore[attr-defined]
    await pilot.pause(0.3)


async def _message_actions(pilot: Pilot[None]) -> None:
    await _nearby_allowed(pilot)
    await pilot.press("alt+up")
    await _screen(pilot, "f8", "ChoiceScreen")


async def _bot_menu(pilot: Pilot[None]) -> None:
    app = _app(pilot)
    await pilot.pause()
    outcome = app.runtime.open_bot("u_arjun", "pollbot")
    if outcome.pending is not None:
        app.runtime.decide(outcome.pending, True)
    chat = app.chat_screen
    assert chat is not None
    await chat.open_chat("bot_pollbot_u_arjun")
    _steady(app)
    await _screen(pilot, "ctrl+b", "ChoiceScreen")


async def _move_time(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await _screen(pilot, "f7", "TimeScreen")


async def _act_as(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await _screen(pilot, "f6", "ChoiceScreen")


async def _location(pilot: Pilot[None]) -> None:
    app = _app(pilot)
    await pilot.pause()
    app.spawn(app.share_location("general"))
    await wait_for(pilot, lambda: type(app.screen).__name__ == "LocationScreen", "the prompt")
    _steady(app)
    await pilot.pause(0.3)


SCREENS: dict[str, Steps] = {
    "chat_with_a_card": _nearby_allowed,
    "consent_dialog": _ask_nearby,
    "form": _form,
    "permissions_screen": _permissions,
    "permissions_ledger": _ledger,
    "revoke_question": _revoke_question,
    "extensions": _extensions,
    "widgets": _widgets,
    "message_actions": _message_actions,
    "bot_menu": _bot_menu,
    "move_time": _move_time,
    "act_as": _act_as,
    "location_prompt": _location,
}


@pytest.fixture
def snapshot_app(snapshot_runtime: Runtime) -> CliqsimApp:
    outcome = snapshot_runtime.install_extension("u_admin", "poll")
    if outcome.pending is not None:
        snapshot_runtime.decide(outcome.pending, True)
    return make_app(snapshot_runtime, "u_arjun")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(screen: str, size: tuple[int, int], snap_compare: Any,
                snapshot_app: CliqsimApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=size, run_before=SCREENS[screen])
