"""The permissions screen (issue #15 items 10-12): revoking asks to confirm, both tabs list
their keys in the footer, and at 80x24 the table keeps its Status column."""

from __future__ import annotations

from collections.abc import Callable

from conftest import allow_nearby, screen_name, wait_for
from textual.pilot import Pilot
from textual.widgets import DataTable

from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.screens.pickers import ConfirmScreen


def shown_keys(app: CliqsimApp) -> set[str]:
    return {b.description for (_, b, enabled, _) in app.screen.active_bindings.values()
            if b.show and enabled}


async def open_permissions(pilot: Pilot[None]) -> None:
    app = pilot.app
    await allow_nearby(pilot)
    await pilot.press("f2")
    await wait_for(pilot, lambda: screen_name(app) == "PermissionsScreen", "permissions")
    await pilot.pause()


async def test_revoking_asks_to_confirm(runtime: Runtime,
                                        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_permissions(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("escape")  # Keep
        await pilot.pause()
        assert [g.status(runtime.now()) for g in runtime.grants("u_arjun")] == ["active"]
        await pilot.press("X")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("enter")  # Revoke
        await wait_for(pilot, lambda: [g.status(runtime.now()) for g in runtime.grants(
            "u_arjun")] == ["revoked"], "the revocation")


async def test_both_tabs_list_their_keys(app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_permissions(pilot)
        assert {"Revoke selected", "Revoke all", "Ledger", "Back to chat"} <= shown_keys(app)
        await pilot.press("l")
        await pilot.pause()
        keys = shown_keys(app)
        assert {"Grants", "Back to chat"} <= keys and "Revoke selected" not in keys
        assert app.focused is not None and app.focused.id == "ledger"


async def test_at_80x24_the_status_column_shows(app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(pilot)
        table = app.screen.query_one("#grants", DataTable)
        status_x = sum(c.get_render_width(table) for c in list(table.columns.values())[:-1])
        assert status_x + 6 <= table.scrollable_content_region.width  # "active" fits
        assert table.scroll_x == 0
