"""Schedulers on a clock that follows real time: while the window is open they run when they
fall due, as Cliq runs them, and the header's minute stays current.

Without `--now` the window's clock is real time plus however far the person moved it
(`launch.RunningClock`). Before, schedulers ran only when the person moved time (`F7`): one due
at 09:30 while the window was open never ran, and the header kept the minute of the last event.
Every `TICK_SECONDS` the app refreshes the header and, once the earliest `next_due` has come,
runs what is due up to now (`Runtime.advance_to`, which never moves a real clock back), with the
same notice as moving time. With `--now` the clock stands still and nothing runs by itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cliqsim.tui.app import CliqsimApp

TICK_SECONDS = 15.0


class SchedulerTicker:
    """Owned by the app once the runtime is open; `start()` sets the timer."""

    def __init__(self, app: CliqsimApp) -> None:
        self.app = app
        self.next_due: datetime | None = None
        self._minute = ""
        self._busy = False

    def start(self) -> None:
        self.app.spawn(self._learn_next_due(), group="ticker")
        self.app.set_interval(TICK_SECONDS, self.tick)

    def moved(self) -> None:
        """Time was moved by hand (`F7`): what falls due next changed."""
        self.app.spawn(self._learn_next_due(), group="ticker")

    async def _learn_next_due(self) -> None:
        app = self.app
        infos = await app.call(app.runtime.schedulers)
        dues = [i.next_due for i in infos if i.next_due is not None]
        self.next_due = min(dues) if dues else None

    def tick(self) -> None:
        app = self.app
        now = app.runtime.now()
        minute = f"{now:%Y-%m-%d %H:%M}"
        if minute != self._minute and app.chat_screen is not None:
            self._minute = minute
            app.chat_screen.refresh_chrome()
        if self.next_due is not None and self.next_due <= now and not self._busy:
            self._busy = True
            app.spawn(self._run_due(), group="ticker")

    async def _run_due(self) -> None:
        from cliqsim.tui.app import scheduler_summary

        app = self.app
        try:
            outcomes = await app.call(app.runtime.advance_to, app.runtime.now())
            for outcome in outcomes:
                if outcome.status not in ("consent_required", "denied"):
                    app.after(outcome, quiet=True)
            if outcomes:
                app.notify(f"It is {app.local_now():%Y-%m-%d %H:%M %Z}"
                           + scheduler_summary(outcomes), title="Schedulers")
            await self._learn_next_due()
        finally:
            self._busy = False
