"""No notice covers what a person must reach: a dialog's buttons, the composer.

At 80x24 the consent dialog takes the whole screen, and the "Nothing ran" toast of a denial
(8 s) covered its Allow once and Deny buttons when the person tried again; any notice raised
while a dialog was open (a live reload, a scheduler) did the same. In the chat, toasts covered
the composer and the completion list. Now every dialog (`screens/dialog.py`) shows notices on a
line of its own, toasts from before wait under it, and the chat's toasts float at the top right.
See docs/tui.md, "Notices".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import type_and_send, wait_for
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Static

from cliqsim.platform.messages import Confirm
from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.screens.consent import ConsentScreen
from cliqsim.tui.screens.dialog import Dialog

SIZES = [(80, 24), (60, 20), (140, 45)]


def reachable(widget: Widget) -> bool:
    """A click on the middle of `widget` lands on it (nothing drawn over it)."""
    screen = widget.screen
    region = widget.region
    if not region.area or not screen.region.contains_region(region):
        return False
    found, _ = screen.get_widget_at(region.x + region.width // 2, region.y + region.height // 2)
    return found is widget or widget in found.ancestors


async def deny_then_ask_again(pilot: Pilot[None]) -> ConsentScreen:
    app = pilot.app
    await type_and_send(pilot, "/nearby bank")
    await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent dialog")
    await pilot.press("d")
    await wait_for(pilot, lambda: not isinstance(app.screen, ConsentScreen), "the denial")
    await wait_for(pilot, lambda: app._notifications, "the Nothing ran toast")
    await type_and_send(pilot, "/nearby bank")
    await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the dialog again")
    await pilot.pause(0.3)  # the dialog fits itself, the toast rack is refreshed
    dialog = app.screen
    assert isinstance(dialog, ConsentScreen)
    return dialog


@pytest.mark.parametrize("size", SIZES)
async def test_an_earlier_toast_does_not_cover_the_consent_buttons(
        size: tuple[int, int], app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=size, notifications=True) as pilot:
        dialog = await deny_then_ask_again(pilot)
        assert app._notifications  # the denial's toast is still live, under the dialog
        buttons = list(dialog.query(Button))
        assert len(buttons) == 4
        assert all(reachable(b) for b in buttons), [b.id for b in buttons if not reachable(b)]
        await pilot.press("escape")  # deny again: the chat shows the live toasts again
        await wait_for(pilot, lambda: not isinstance(app.screen, ConsentScreen), "the chat")


@pytest.mark.parametrize("size", SIZES)
async def test_a_notice_while_the_consent_dialog_is_open_shows_inside_it(
        size: tuple[int, int], app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=size, notifications=True) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the dialog")
        dialog = app.screen
        app.notify("Reloaded after: changed nearby/execution.dg [b]x[/b]",
                   title="Components changed")
        await pilot.pause(0.3)
        line = dialog.query_one(".dialog-notice", Static)
        assert "Components changed: Reloaded after: changed nearby/execution.dg [b]x[/b]" \
            in str(line.render())
        assert not app._notifications  # no toast
        assert all(reachable(b) for b in dialog.query(Button))
        assert reachable(line)


def _dialogs() -> dict[str, Callable[[], Dialog[object]]]:
    from cliqsim.platform.dry_run import DryRun
    from cliqsim.tui.screens.dry_run import DryRunScreen
    from cliqsim.tui.screens.error import ErrorScreen
    from cliqsim.tui.screens.message_ops import EditScreen, StatusScreen, delete_screen
    from cliqsim.tui.screens.pickers import ConfirmScreen, LocationScreen, TimeScreen

    def delete() -> Dialog[object]:
        from datetime import UTC, datetime

        from cliqsim.platform.messages import Message, Sender

        return delete_screen(Message(id="m1", chat_id="general",
                                     sender=Sender("u1", "Ann", "user"),
                                     time=datetime(2026, 12, 1, tzinfo=UTC), text="hello"))

    return {
        "time": lambda: TimeScreen("2026-12-01 09:00"),
        "confirm": lambda: ConfirmScreen(Confirm(title="Sure?", description="It posts.",
                                                 input="Why"), "Post"),
        "location": LocationScreen,
        "edit": lambda: EditScreen("hello"),
        "status": StatusScreen,
        "error": lambda: ErrorScreen("Script error", "It broke.", "nearby/execution.dg:3"),
        "dry run": lambda: DryRunScreen(DryRun("nearby", (), "Nearby banks", None)),
        "delete": delete,
    }


@pytest.mark.parametrize("name", list(_dialogs()))
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_dialog_shows_notices_inside_and_keeps_its_controls_reachable(
        name: str, size: tuple[int, int], app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        app.notify("from before the dialog", title="Earlier", timeout=30)
        await pilot.pause(0.1)
        dialog = _dialogs()[name]()
        app.push_screen(dialog)
        await wait_for(pilot, lambda: app.screen is dialog, "the dialog")
        app.notify("a scheduler posted to #general", title="Scheduler", severity="warning")
        await pilot.pause(0.3)
        assert "Scheduler: a scheduler posted to #general" in str(
            dialog.query_one(".dialog-notice", Static).render())
        controls = list(dialog.query("Button, Input, OptionList"))
        assert controls
        assert all(reachable(c) for c in controls), [c for c in controls if not reachable(c)]


@pytest.mark.parametrize("size", SIZES)
async def test_the_chats_toasts_leave_the_composer_and_the_newest_reply_free(
        size: tuple[int, int], app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        chat = app.chat_screen
        assert chat is not None
        for _ in range(4):  # a stack of them, as a reload with bad packages gives
            app.notify("a long notice\nof three\nlines", title="Skipped a bad package")
        await pilot.pause(0.3)
        box = chat.composer.input
        right = box.region.right - 4  # the toasts sit on the right
        found, _ = chat.get_widget_at(right, box.region.y + 1)
        assert found is box
        found, _ = chat.get_widget_at(right, box.region.y - 2)  # just above: the newest lines
        assert found is chat.message_list or chat.message_list in found.ancestors
