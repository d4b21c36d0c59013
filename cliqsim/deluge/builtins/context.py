"""What a built-in may use besides its arguments: the run's time zone, size caps, deadline and
random source.

Built-ins never reach the host's effects; `now` and `today` are read once per run by the
compiled script (`RunState.now`), not by built-ins. The deadline is the run's one wall-clock
limit (a `time.monotonic()` value): the statement checkpoints, every built-in call, every effect
and every regular expression match check it (docs/deluge.md, "Limits").
"""

from __future__ import annotations

import math
import time
from datetime import UTC, tzinfo
from typing import TYPE_CHECKING

import msgspec

from cliqsim.deluge.errors import DelugeLimitError

if TYPE_CHECKING:
    import random


class Context(msgspec.Struct):
    zone: tzinfo = UTC
    max_text: int = 10_000_000
    max_collection: int = 50_000
    deadline: float = math.inf  # time.monotonic() when the run must stop
    timeout_s: float = math.inf  # the limit the deadline came from, for the message
    _random: random.Random | None = None

    @property
    def random(self) -> random.Random:
        """The run's random source, made on first use (seeding one reads 2.5 KB from the
        system's random source: about 8 µs, more than a short handler's whole run)."""
        if self._random is None:
            import random  # loads on first use: most runs draw no random number

            self._random = random.Random()
        return self._random

    def time_left(self) -> float:
        """Seconds until the deadline; raises the time-limit error once it has passed."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise time_limit_error(self.timeout_s)
        return left


def time_limit_error(timeout_s: float) -> DelugeLimitError:
    """The error for a run that passed its wall-clock limit of `timeout_s` seconds."""
    return DelugeLimitError(
        f"Execution time limit ({timeout_s:g} s) exceeded: the script runs too long"
    )
