"""The command palette offers `cliqsim trigger`'s handlers and events (#16 item 5)."""

from __future__ import annotations

from collections.abc import Callable

from conftest import SIZE, wait_for

from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.screens.consent import ConsentScreen


async def _run_entry(pilot, app: CliqsimApp, title: str) -> None:  # type: ignore[no-untyped-def]
    from cliqsim.tui.commands import SimulationCommands

    provider = SimulationCommands(app.screen)
    entries = {name: callback for name, _, callback in provider._entries()}
    assert title in entries, sorted(entries)
    entries[title]()  # type: ignore[operator]


async def test_palette_join_event_and_trigger(app_for: Callable[..., CliqsimApp],
                                              installed: Runtime) -> None:
    app = app_for("u_meera", installed)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat window")
        await _run_entry(pilot, app, "Event: join #Sales")
        await wait_for(pilot, lambda: "u_meera" in installed.chat("sales").members,
                       "Meera in #sales")
        await _run_entry(pilot, app, "Trigger: PollBot welcome")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
        await pilot.press("a")
        await wait_for(pilot, lambda: any(m.sender.name == "PollBot" for m in
                                          installed.messages("bot_pollbot_u_meera")),
                       "the welcome reply", limit=15)
