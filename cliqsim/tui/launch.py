"""`cliqsim` with no subcommand: open the chat window (Textual is imported only here)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from cliqsim.clock import SimulatedClock

if TYPE_CHECKING:
    from cliqsim.platform.runtime import Runtime


class RunningClock(SimulatedClock):
    """Real time plus however far the person moved it (the chat shows real minutes passing)."""

    def __init__(self) -> None:
        super().__init__()
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        self._offset += delta
        return self.now()

    def set(self, when: datetime) -> datetime:
        self._offset = when.astimezone(UTC) - datetime.now(UTC)
        return self.now()


def launch(args: argparse.Namespace) -> int:
    from cliqsim.frontend.options import components_option, data_option, now_option
    from cliqsim.tui.app import make_app

    folder = components_option(args)  # the headless commands' own check and message
    online = bool(getattr(args, "online", False))
    start = now_option(args)
    clock = SimulatedClock(start) if start is not None else RunningClock()
    data = data_option(args)
    def open_runtime() -> Runtime:
        from cliqsim.platform.runtime import Runtime  # in the background, after the first paint

        return Runtime(folder, data, clock, online=online)

    app = make_app(open_runtime, getattr(args, "user", None),
                   watch=not getattr(args, "no_watch", False), live_clock=start is None)
    app.run()
    return app.return_code or 0
