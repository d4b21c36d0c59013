"""The consent dialog at every size (issue #15 items 5 and 6): the items come first and are
never cut silently, the code pane gives way, long lines are shown from the column the item
points at, and the footer lists the dialog's own keys.

Zoho page: "Platform Consents" — what a component touches is listed before it runs; cliqsim's
dialog is described in docs/tui.md § The consent dialog."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import plain, type_and_send, wait_for
from textual.pilot import Pilot
from textual.widgets import Button, Footer, Static

from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.screens.consent import (
    ConsentItems,
    ConsentScreen,
    code_window,
    hidden_items,
    more_text,
)


async def ask(pilot: Pilot[None], text: str) -> ConsentScreen:
    app = pilot.app
    await type_and_send(pilot, text)
    await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent dialog")
    await pilot.pause(0.3)  # the dialog fits itself after the first layout
    dialog = app.screen
    assert isinstance(dialog, ConsentScreen)
    return dialog


def on_screen(dialog: ConsentScreen, widget_id: str) -> bool:
    widget = dialog.query_one(f"#{widget_id}")
    return widget.display and dialog.region.contains_region(widget.region) and \
        widget.region.height > 0


@pytest.mark.parametrize("size", [(80, 24), (140, 45)])
async def test_every_nearby_item_shows(size: tuple[int, int],
                                       app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=size) as pilot:
        dialog = await ask(pilot, "/nearby bank")
        items = dialog.query_one(ConsentItems)
        assert len(dialog._items) == 6
        assert hidden_items(items) == (0, 0)
        assert "maps.googleapis.com" in "".join(str(o.prompt) for o in items.options)
        assert on_screen(dialog, "allow") and on_screen(dialog, "deny")
        assert not dialog.query_one("#consent-more").display


async def test_pollbots_fifteen_items_show_at_140x45(
        installed: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for(rt=installed)
    async with app.run_test(size=(140, 45)) as pilot:
        dialog = await ask(pilot, "@PollBot new poll")
        items = dialog.query_one(ConsentItems)
        assert len(dialog._items) >= 15
        assert hidden_items(items) == (0, 0)
        assert "Posts messages to Cliq channels" in "".join(str(o.prompt) for o in items.options)
        assert on_screen(dialog, "consent-code-box")  # room left for the code too


async def test_at_40x12_a_count_and_the_keys_reach_the_rest(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(40, 12)) as pilot:
        dialog = await ask(pilot, "/nearby bank")
        items = dialog.query_one(ConsentItems)
        more = dialog.query_one("#consent-more", Static)
        above, below = hidden_items(items)
        assert above == 0 and below > 0
        assert more.display and f"{below} more items below" in plain(more)
        assert not dialog.query_one("#consent-code-box").display  # the code gave way
        assert on_screen(dialog, "allow") and on_screen(dialog, "consent-items")
        for _ in range(5):  # the sixth would wrap to the first
            await pilot.press("down")
        await pilot.pause(0.1)
        assert hidden_items(items)[1] == 0  # the last item is reachable
        assert "maps.googleapis.com" in dialog._shown.target
        await pilot.press("a")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConsentScreen), "allowed")


async def test_long_lines_show_from_the_column_the_item_points_at(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    """Poll's installation handler reads app_info.current_version at column 282 of line 6."""
    app = app_for("u_admin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.start_trigger(app.runtime.install_extension, "u_admin", "poll")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the dialog")
        await pilot.pause(0.3)
        dialog = app.screen
        assert isinstance(dialog, ConsentScreen)
        shown = plain(dialog.query_one("#consent-code", Static))
        assert 'app_info.get("current_version")' in shown and "…" in shown
        await pilot.press("d")


def test_code_window_keeps_the_column_in_the_left_third() -> None:
    assert code_window(9, 60, 100) == 0  # fits: from the start
    assert code_window(50, 300, 100) == 0  # the column already shows
    start = code_window(282, 341, 95)
    assert 0 < start < 282 < start + 95


def test_more_text_names_the_keys_first() -> None:
    assert str(more_text(0, 4)) == "↓: 4 more items below"
    assert str(more_text(1, 3)) == "↑↓: 1 more item above, 3 below"
    assert str(more_text(0, 0)) == ""


async def test_the_footer_lists_the_dialogs_keys(app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await ask(pilot, "/nearby bank")
        footer = dialog.query_one(Footer)
        shown = {b.description for (_, b, enabled, _) in dialog.active_bindings.values()
                 if b.show and enabled}
        assert {"Prev item", "Next item", "Allow", "Deny"} <= shown
        assert footer.region.y == 23
        assert "Consents" not in shown and "Unread" not in shown
        allow = dialog.query_one("#allow", Button)
        assert allow.label.plain == "Allow (a)"
        await pilot.press("d")


async def test_a_highlight_arriving_after_the_parts_went_is_ignored(
        app_for: Callable[..., CliqsimApp]) -> None:
    """A highlight message queued before the dialog was answered can arrive while its parts are
    being removed; it must not raise (this once failed a test run under load with "no
    #consent-code")."""
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await ask(pilot, "/nearby bank")
        item = dialog._items[0]
        await dialog.query_one("#consent-code-box").remove()
        dialog._show_code(item)  # raised NoMatches before
        dialog._show_code(None)
