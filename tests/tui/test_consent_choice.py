"""Pilot tests of the consent dialog's per-item choice and Allow once."""

from __future__ import annotations

from collections.abc import Callable

from conftest import texts, type_and_send, wait_for
from textual.widgets import OptionList

from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.screens.consent import ConsentScreen


def _highlight(dialog: ConsentScreen, target: str) -> None:
    items = dialog.query_one("#consent-items", OptionList)
    index = next(i for i, o in enumerate(items.options)
                 if o.id and o.id.startswith("item")
                 and dialog._items[int(o.id[4:])].target == target)
    items.highlighted = index


async def test_unticking_an_item_runs_without_it_and_the_ledger_says_so(
        app_for: Callable[..., CliqsimApp], runtime: Runtime) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
        dialog = app.screen
        assert isinstance(dialog, ConsentScreen)
        _highlight(dialog, "user.first_name")
        await pilot.press("space")
        items = dialog.query_one("#consent-items", OptionList)
        shown = "\n".join(str(o.prompt) for o in items.options)
        assert "[ ] • Reads your first name" in shown and "refused: null for the script" in shown
        assert "[x] • Reads your location (latitude)" in shown
        await pilot.press("a")
        await wait_for(pilot, lambda: "Nearby banks" in texts(app), "the /nearby card")
        assert "Hi , here are the banks" in texts(app)  # first_name reached it as null
    assert runtime.consent_state("u_arjun", "nearby").state == "allowed"
    refused = [r for r in runtime.ledger("u_arjun") if r.event == "refused"]
    assert refused and refused[0].detail == "unticked: user.first_name"


async def test_allow_once_runs_once_then_asks_again(
        app_for: Callable[..., CliqsimApp], runtime: Runtime) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
        await pilot.press("o")
        await wait_for(pilot, lambda: "Nearby banks" in texts(app), "the /nearby card")
        assert runtime.consent_state("u_arjun", "nearby").state == "ask"
        await type_and_send(pilot, "/nearby hospital")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "asked again")
        await pilot.click("#once")
        await wait_for(pilot, lambda: "Nearby hospitals" in texts(app), "the second card")
    events = [r.event for r in runtime.ledger("u_arjun")]
    assert events.count("allowed_once") == 2 and "granted" not in events


async def test_the_dialog_shows_where_each_fields_value_goes(
        app_for: Callable[..., CliqsimApp]) -> None:
    from conftest import plain

    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
        dialog = app.screen
        assert isinstance(dialog, ConsentScreen)
        _highlight(dialog, "location.latitude")
        await pilot.pause()
        code = plain(dialog.query_one("#consent-code"))
        assert "Where its value goes:" in code
        assert "→ the parameters of GET maps.googleapis.com  nearby/execution.dg line 21" in code
        assert "→ the reply" in code


async def test_dry_run_shows_what_would_happen_then_asks_again(
        app_for: Callable[..., CliqsimApp], runtime: Runtime) -> None:
    from conftest import plain

    from cliqsim.tui.screens.dry_run import DryRunScreen

    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
        dialog = app.screen
        assert isinstance(dialog, ConsentScreen)
        _highlight(dialog, "user.first_name")
        await pilot.press("space")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, DryRunScreen), "the dry run")
        shown = "\n".join(plain(w) for w in app.screen.query(".dry-run-effect"))
        assert "your first name: Arjun" in shown
        assert "would send GET https://maps.googleapis.com/maps/api/place/nearbysearch/json" \
            in shown and "line 21" in shown
        assert "Nearby banks" not in texts(app)  # nothing was applied
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "asked again")
        again = app.screen
        assert isinstance(again, ConsentScreen)
        assert len(again.unticked) == 1  # the ticks survive the dry run
        await pilot.press("a")
        await wait_for(pilot, lambda: "Nearby banks" in texts(app), "the card after allowing")
    assert [r.event for r in runtime.ledger("u_arjun")][:2] == ["granted", "refused"]
