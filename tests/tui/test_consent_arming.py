"""Keys typed ahead never answer the consent dialog with Allow.

Typing `/nearby bank`, Enter and going on typing (or pressing `a` for the previous prompt) sent
the next letters to the dialog that had just opened: the `a` of "nearby" allowed /nearby before
the person saw what it asks. Allow and Allow once now work only `ConsentScreen.ARM_SECONDS`
after the dialog was first painted, as browsers delay their permission prompts' buttons; Deny,
Dry run and the ticks work at once. See docs/tui.md, "The consent dialog".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import plain, type_and_send, wait_for
from textual.widgets import Button, Static

from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.screens.consent import ConsentScreen


@pytest.fixture
def slow_to_arm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ConsentScreen, "ARM_SECONDS", 3600.0)  # never arms by itself here


@pytest.mark.parametrize("key", ["a", "o"])
async def test_allow_keys_typed_ahead_do_not_answer(
        key: str, slow_to_arm: None, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the dialog")
        dialog = app.screen
        assert isinstance(dialog, ConsentScreen)
        await pilot.press(key)
        await pilot.click("#allow")
        await pilot.pause(0.2)
        assert app.screen is dialog  # still asking
        assert dialog.query_one("#allow", Button).disabled
        assert dialog.query_one("#once", Button).disabled
        assert "waits a moment" in plain(dialog.query_one(".dialog-notice", Static))
        assert app.runtime.grants("u_arjun") == []
        dialog._arm()  # the moment has passed
        await pilot.pause()
        assert not dialog.query_one(".dialog-notice").display
        await pilot.press(key)
        await wait_for(pilot, lambda: app.screen is not dialog, "the answer")


async def test_deny_and_dry_run_work_at_once(
        slow_to_arm: None, app_for: Callable[..., CliqsimApp]) -> None:
    from cliqsim.tui.screens.dry_run import DryRunScreen

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the dialog")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, DryRunScreen), "the dry run")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the dialog again")
        await pilot.press("d")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConsentScreen), "the denial")
        assert [r.event for r in app.runtime.ledger("u_arjun")] == ["denied"]


async def test_an_install_offers_no_untick_and_no_allow_once_in_its_footer(
        app_for: Callable[..., CliqsimApp]) -> None:
    """An extension install is all or nothing: the footer does not offer keys that do
    nothing there."""
    from cliqsim.tui.widgets.footer import FittingFooter

    app = app_for("u_admin")
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        app.action_extensions()
        await pilot.pause(0.2)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the dialog")
        await pilot.pause(0.2)
        footer = " ".join(str(k.render()) for k in app.screen.query_one(FittingFooter).children)
        assert "Allow" in footer and "Deny" in footer
        assert "Untick" not in footer and "Allow once" not in footer
