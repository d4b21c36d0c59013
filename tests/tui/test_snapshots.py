"""SVG snapshots of the main screens (fixed clock, fresh data, no cursor blink)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SIZE, wait_for
from textual.pilot import Pilot
from textual.widgets import Input

from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp, make_app
from cliqsim.tui.screens.consent import ConsentScreen
from cliqsim.tui.screens.form import FormScreen

pytestmark = pytest.mark.snapshot


def _steady(app: CliqsimApp) -> None:
    for box in app.screen.query(Input):
        box.cursor_blink = False


async def _ask_nearby(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, CliqsimApp)
    _steady(app)
    await pilot.press(*"/nearby bank", "escape", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
    await pilot.pause()


async def _nearby_allowed(pilot: Pilot[None]) -> None:
    await _ask_nearby(pilot)
    await pilot.press("a")
    app = pilot.app
    assert isinstance(app, CliqsimApp)
    await wait_for(pilot, lambda: app.chat_screen is not None and any(
        m.card for m in app.chat_screen.message_list.messages), "the card")
    await pilot.pause()


@pytest.fixture
def snapshot_app(snapshot_runtime: Runtime) -> CliqsimApp:
    return make_app(snapshot_runtime, "u_arjun")


def test_chat_with_a_card(snap_compare: Any, snapshot_app: CliqsimApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=_nearby_allowed)


def test_consent_dialog(snap_compare: Any, snapshot_app: CliqsimApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=_ask_nearby)


def test_permissions_screen(snap_compare: Any, snapshot_app: CliqsimApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _nearby_allowed(pilot)
        await pilot.press("f2")
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "PermissionsScreen",
                       "permissions")
        await pilot.pause()

    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=run_before)


def test_form(snap_compare: Any, snapshot_app: CliqsimApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, CliqsimApp)
        _steady(app)
        await pilot.press(*"/announce Office closed", "escape", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, (ConsentScreen, FormScreen)),
                       "consent or the form")
        if isinstance(app.screen, ConsentScreen):
            await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        _steady(app)
        await pilot.pause()

    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=run_before)
