"""The runtime's machinery (being written; `runtime.Runtime` is the stable surface)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cliqsim.clock import Clock, SimulatedClock


class Engine:
    def __init__(
        self,
        components_dir: Path | None,
        data_dir: Path | None,
        clock: Clock | None,
        *,
        online: bool = False,
    ) -> None:
        self.clock: Clock = clock or SimulatedClock()

    def __getattr__(self, name: str) -> Any:
        raise NotImplementedError(f"Runtime.{name} is not written yet")
