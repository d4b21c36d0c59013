"""What a built-in may use besides its arguments: the run's time zone, size caps and random source.

Built-ins never reach the host's effects; `now` and `today` are read once per run by the
compiled script (`RunState.now`), not by built-ins.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, tzinfo


@dataclass(slots=True)
class Context:
    zone: tzinfo = UTC
    max_text: int = 10_000_000
    max_collection: int = 50_000
    random: random.Random = field(default_factory=random.Random)
