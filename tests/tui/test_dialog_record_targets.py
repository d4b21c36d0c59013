"""The chat window's consent dialog names the module a record task acts on (red team: a
record task's target is part of its consent item; tests/platform/test_consent_record_targets.py
checks the items and the guard). Zoho page: "Get Records from Zoho CRM"
(https://www.zoho.com/deluge/help/crm/get-records.html): the module is the first argument."""

from __future__ import annotations

from collections.abc import Callable

from conftest import wait_for

from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.screens.consent import ConsentItems, ConsentScreen


async def test_the_sales_board_dialog_shows_the_crm_module(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("f10")  # the widget asks before it first runs
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent")
        await pilot.pause(0.3)
        items = app.screen.query_one(ConsentItems)
        shown = "\n".join(str(option.prompt) for option in items.options)
        assert "Reads records from Zoho CRM (Leads) as you" in shown
        assert "Updates records in Zoho CRM (Leads) as you" in shown
        assert "Reads records from Zoho CRM as you" not in shown
