"""A user without a saved location can share one (issue #15 item 11): the `Share location`
button (`system.api` with `locationpermission`, Zoho's "Buttons" page: system API actions)
asks for it, and the command that asked runs again with it."""

from __future__ import annotations

from collections.abc import Callable

from conftest import texts, type_and_send, wait_for

from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.screens.consent import ConsentScreen
from cliqsim.tui.screens.pickers import LocationScreen


async def test_sharing_a_location_runs_the_command_again(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for("u_meera")  # Meera has no saved location in the samples
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent")
        await pilot.press("a")
        await wait_for(pilot, lambda: "I need your location" in texts(app), "the ask")
        chat = app.chat_screen
        assert chat is not None
        asking = next(m for m in chat.message_list.messages if "I need your location" in m.text)
        app.click_button(asking, 0)
        await wait_for(pilot, lambda: isinstance(app.screen, LocationScreen), "the prompt")
        await pilot.press("enter")  # the sample location offered
        await wait_for(pilot, lambda: "Nearby banks" in texts(app), "the banks")
        assert app.locations["u_meera"] == (13.0418, 80.2341)
