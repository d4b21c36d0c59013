"""Schedulers run when they fall due while the window is open on a clock that follows real time.

Before, a scheduler ran only when the person moved time (`F7`): Birthday wishes, due at 09:00
India time, never ran in a window left open across 09:00, and the header kept the minute of the
last event. `ticker.SchedulerTicker` now runs what is due (and refreshes the header) every
`TICK_SECONDS`. Zoho page: "Schedulers" (a scheduler runs at its set time, with nobody at the
keyboard). See docs/tui.md, "Simulation controls".
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from conftest import START, wait_for
from textual.widgets import Static

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import make_app


def birthdays(runtime: Runtime) -> object:
    return next(s for s in runtime.schedulers() if s.id == "birthdays")


async def test_a_scheduler_due_while_the_window_is_open_runs(tmp_path: Path) -> None:
    clock = SimulatedClock(START)  # stands in for real time: the test moves it as time passes
    runtime = Runtime(bundled_components(), tmp_path / "data", clock)
    app = make_app(runtime, "u_admin", live_clock=True)
    async with app.run_test(size=(120, 40)) as pilot:
        ticker = app.ticker
        assert ticker is not None
        await wait_for(pilot, lambda: ticker.next_due is not None, "the next due run")
        due = ticker.next_due
        assert due is not None
        assert birthdays(runtime).runs == 0  # type: ignore[attr-defined]
        clock.set(due + timedelta(minutes=1))  # the minute after it falls due
        ticker.tick()
        await wait_for(pilot, lambda: birthdays(runtime).runs == 1,  # type: ignore[attr-defined]
                       "the run")
        await wait_for(pilot, lambda: ticker.next_due is not None and ticker.next_due > due,
                       "the run after it")
        chat = app.chat_screen
        assert chat is not None
        header = str(chat.query_one("#chat-header", Static).render())
        # the header follows the clock, in the acting user's zone: Birthday wishes runs at
        # 09:00 India time, and the header says 09:01 IST a minute later
        assert "09:01 IST" in header, header


async def test_with_a_fixed_clock_nothing_ticks(runtime: Runtime) -> None:
    app = make_app(runtime, "u_admin")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        assert app.ticker is None
