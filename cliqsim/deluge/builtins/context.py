"""What a built-in may use besides its arguments: the run's time zone, clock and size caps.

Built-ins never reach the host's effects; the clock comes from the host through `now`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo


@dataclass(slots=True)
class Context:
    zone: tzinfo = UTC
    max_text: int = 10_000_000
    max_collection: int = 50_000
    now: Callable[[], datetime] = lambda: datetime(2026, 1, 1, tzinfo=UTC)
    random: random.Random = field(default_factory=random.Random)
