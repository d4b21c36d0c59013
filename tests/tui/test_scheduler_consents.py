"""Schedulers in the chat window (issue #15 item 4): a skipped run is counted as skipped, and the
owner is asked on their next visit (and from the command palette), as the skip notice promises.

Zoho page: "Schedulers" (zoho.com/cliq/help/platform/schedulers.html) — a scheduler runs as its
owner with nobody at the keyboard; cliqsim's consent rule for it is in docs/components.md."""

from __future__ import annotations

from collections.abc import Callable

from conftest import notifications, wait_for

from cliqsim.platform.runtime import Outcome, Runtime
from cliqsim.tui.app import CliqsimApp, make_app, scheduler_summary
from cliqsim.tui.screens.consent import ConsentScreen


def test_the_summary_counts_skipped_runs_as_skipped() -> None:
    runs = [Outcome("ok"), Outcome("consent_required"), Outcome("denied"), Outcome("error")]
    assert scheduler_summary(runs) == ("; 4 scheduler runs: 1 ran, 1 failed, 2 skipped "
                                       "(Ctrl+P › Allow schedulers).")
    assert scheduler_summary([Outcome("ok")]) == "; 1 scheduler run: 1 ran."
    assert scheduler_summary([]) == "."


async def test_skipped_schedulers_ask_their_owner_on_the_next_visit(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for("u_admin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.move_time("+1d")
        await wait_for(pilot, lambda: "skipped (Ctrl+P" in notifications(app), "the time toast")
        assert not isinstance(app.screen, ConsentScreen)  # nobody asked while time moved
        await app.switch_user("u_arjun")
        assert not isinstance(app.screen, ConsentScreen)  # not Arjun's schedulers
        app.act_as("u_admin")  # the owner comes back: asked about each skipped scheduler
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent")
        asked = set()
        while isinstance(app.screen, ConsentScreen):
            asked.add(app.screen.pending.component_name)
            await pilot.press("a")
            await pilot.pause(0.2)
        assert asked == {"Birthday wishes", "Status check"}
        await wait_for(pilot, lambda: "runs next at" in notifications(app), "the allowed toast")
    assert {i.consent for i in runtime.schedulers()} == {"allowed"}


async def test_a_new_window_asks_too_and_the_palette_asks_on_demand(runtime: Runtime) -> None:
    runtime.advance_to(runtime.now().replace(day=3))  # runs skipped while nobody was there
    app = make_app(runtime, "u_admin")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent")
        while isinstance(app.screen, ConsentScreen):
            await pilot.press("d")
            await pilot.pause(0.2)
        app.action_allow_schedulers()  # Ctrl+P › Allow schedulers
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "asked again")
        await pilot.press("a")
        await pilot.pause(0.2)
        if isinstance(app.screen, ConsentScreen):
            await pilot.press("a")
        await wait_for(pilot, lambda: "runs next at" in notifications(app), "allowed")
