"""Every table fits its window: no horizontal scrollbar, no column cut in the middle.

The grants and ledger tables (permissions, `F2`) and the extensions table (`F3`) were wider than
80 columns: the last column was cut mid-word ("6 ite") behind a horizontal scrollbar. They are
`FittingTable`s now: the columns that fit whole, by importance, and one flex column cut with `…`;
what they leave out is shown in full under the table for the highlighted row. See docs/tui.md,
"Permissions" and "Extensions".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import allow_nearby, plain, screen_name, wait_for
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.widgets.fitting_table import Column, choose

SIZES = [(80, 24), (60, 20), (140, 45)]


def fits(table: DataTable[object]) -> bool:
    return table.virtual_size.width <= table.scrollable_content_region.width and \
        table.max_scroll_x == 0


def no_screen_scrollbar(app: CliqsimApp) -> bool:
    """The screen itself never scrolls (its scrollbar would narrow the footer); the parts
    under a table scroll inside the rows left."""
    return not app.screen.show_vertical_scrollbar and not app.screen.show_horizontal_scrollbar


def column_labels(table: DataTable[object]) -> list[str]:
    return [str(c.label) for c in table.ordered_columns]


def cells(table: DataTable[object], row: int = 0) -> list[str]:
    return [str(getattr(c, "plain", c)) for c in table.get_row_at(row)]


async def open_screen(pilot: Pilot[None], key: str, name: str) -> None:
    app = pilot.app
    await pilot.press(key)
    await wait_for(pilot, lambda: screen_name(app) == name, name)  # type: ignore[arg-type]
    await pilot.pause(0.2)


@pytest.mark.parametrize("size", SIZES)
async def test_the_grants_and_ledger_tables_fit(
        size: tuple[int, int], app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await allow_nearby(pilot)
        await open_screen(pilot, "f2", "PermissionsScreen")
        grants = app.screen.query_one("#grants", DataTable)
        assert fits(grants) and no_screen_scrollbar(app)
        labels = column_labels(grants)
        assert labels[:3] == ["Component", "Status", "Expires"]
        assert "Items" in labels  # the flex column stays, shortened
        row = cells(grants)
        assert row[0] == "/nearby" and row[1] == "active"
        detail = plain(app.screen.query_one("#grant-items", Static))
        # in the acting user's zone: 09:00 UTC is 14:30 in Chennai
        assert "granted 2026-12-01" in detail and "last used 2026-12-01 14:30" in detail
        assert "Fetches data from maps.googleapis.com" in detail
        await pilot.press("l")
        await pilot.pause(0.2)
        ledger = app.screen.query_one("#ledger", DataTable)
        assert fits(ledger) and no_screen_scrollbar(app)
        assert column_labels(ledger)[:3] == ["When", "Event", "Component"]
        record = plain(app.screen.query_one("#ledger-record", Static))
        assert "GET maps.googleapis.com" in record  # the detail in full


@pytest.mark.parametrize("size", SIZES)
async def test_the_extensions_table_fits(
        size: tuple[int, int], app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for("u_admin")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        await open_screen(pilot, "f3", "ExtensionsScreen")
        table = app.screen.query_one("#extensions", DataTable)
        assert fits(table) and no_screen_scrollbar(app)
        labels = column_labels(table)
        assert labels[0] == "Extension" and "Status" in labels
        row = cells(table)
        assert row[0] == "Poll" and "available" in row
        detail = plain(app.screen.query_one("#extension-detail", Static))
        assert "Quick polls in any chat: create one from a message" in detail
        assert "pollbot, createpoll, vote" in detail


async def test_a_resize_lays_the_columns_out_again(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for("u_admin")
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        await open_screen(pilot, "f3", "ExtensionsScreen")
        table = app.screen.query_one("#extensions", DataTable)
        assert "Components" in column_labels(table)
        await pilot.resize_terminal(60, 20)
        await pilot.pause(0.3)
        assert fits(table) and "Components" not in column_labels(table)
        await pilot.resize_terminal(140, 45)
        await pilot.pause(0.3)
        assert fits(table) and "Components" in column_labels(table)


def test_choose_keeps_whole_columns_by_importance_and_gives_the_rest_to_the_flex_one() -> None:
    columns = [Column("A", "a", 0), Column("B", "b", 2), Column("C", "c", 1, flex=True),
               Column("D", "d", 3)]
    natural = {"a": 10, "b": 10, "c": 50, "d": 30}
    assert choose(columns, natural, 200, 2) == {"a": 10, "b": 10, "c": 50, "d": 30}
    # 40 cells: A (12) and the flex C (at least 12 + 2) first, then B (12): C takes what is left
    assert choose(columns, natural, 40, 2) == {"a": 10, "b": 10, "c": 14}
    assert choose(columns, natural, 30, 2) == {"a": 10, "c": 16}
    # D does not fit after B: it is never shown in B's place either
    assert choose(columns, {"a": 10, "b": 30, "c": 5, "d": 3}, 40, 2) == {"a": 10, "c": 5}
    assert choose(columns, {"a": 10, "b": 10, "c": 5, "d": 3}, 200, 2) == {
        "a": 10, "b": 10, "c": 5, "d": 3}  # a short flex column keeps its own width


@pytest.mark.parametrize("size", SIZES)
async def test_the_widgets_screen_fits(
        size: tuple[int, int], app_for: Callable[..., CliqsimApp]) -> None:
    """The widget (its table, buttons, tabs) fits across; a tall one scrolls inside its body,
    never the screen (whose scrollbar would narrow the footer)."""
    from cliqsim.tui.screens.consent import ConsentScreen
    from cliqsim.tui.screens.widgets import WidgetsScreen

    app = app_for()
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, WidgetsScreen), "the widgets")
        await wait_for(pilot, lambda: "Rahul Verma" in plain(
            app.screen.query_one("#widget-content", Static)), "the widget")
        await pilot.pause(0.2)
        assert no_screen_scrollbar(app)
        body = app.screen.query_one("#widget-body")
        assert not body.show_horizontal_scrollbar
        for widget in app.screen.query("#widget-body *"):
            if widget.display and widget.region.area:
                assert widget.region.right <= app.size.width, widget


async def test_refused_items_are_listed_apart_not_as_may_use(
        app_for: Callable[..., CliqsimApp]) -> None:
    """An item unticked in the dialog was listed under "may use" like the others."""
    from conftest import type_and_send

    from cliqsim.tui.screens.consent import ConsentScreen

    app = app_for()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the dialog")
        await pilot.press("down", "down", "down", "down", "space", "a")  # your first name
        await wait_for(pilot, lambda: app.runtime.grants("u_arjun"), "the grant")
        await open_screen(pilot, "f2", "PermissionsScreen")
        detail = plain(app.screen.query_one("#grant-items", Static))
        may, _, refused = detail.partition("Refused")
        assert "Reads your location (latitude)" in may
        assert "Reads your first name" not in may
        assert "Reads your first name" in refused and "null for the script" in refused
        grants = app.screen.query_one("#grants", DataTable)
        assert "1 refused" in cells(grants)[3]


async def test_an_installed_extensions_detail_says_what_the_organization_allowed(
        installed: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    """Installed, its detail still said "Installing asks the org admin for:"."""
    app = app_for("u_admin", rt=installed)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        await open_screen(pilot, "f3", "ExtensionsScreen")
        detail = plain(app.screen.query_one("#extension-detail", Static))
        assert "The organization allowed it, at install:" in detail
        assert "Installing asks" not in detail
        assert "Read the organization's channels and their members" in detail
