#!/usr/bin/env python3
"""cliqsim's benchmarks: each section times cliqsim against a baseline measured in the same run
and prints the ratio beside its target. Nothing here asserts; read the numbers.

    .venv/bin/python scripts/bench.py              # every section
    .venv/bin/python scripts/bench.py parse consent  # only these sections

Sections live in scripts/benchmarks/<name>.py, each with `TITLE` and `run(report: Report)`.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import benchmarks  # noqa: E402


class Report:
    """Prints one aligned line per measurement, and keeps the measures that have a target
    (`goal`) for the summary printed at the end of the run."""

    def __init__(self) -> None:
        self.goals: list[tuple[str, str, str, bool]] = []

    def line(self, name: str, value: str, note: str = "") -> None:
        print(f"  {name:<52} {value:>16}  {note}")

    def goal(self, name: str, value: str, target: str, met: bool) -> None:
        """A measure with a target (issue #18's table and the like), for the summary."""
        self.goals.append((name, value, target, met))

    def summary(self) -> None:
        if not self.goals:
            return
        print("\nTargets (each measured in this run)")
        for name, value, target, met in self.goals:
            print(f"  {name:<58} {value:>12}  target {target:<10} {'met' if met else 'NOT met'}")

    def ratio(self, name: str, measured: float, baseline: float, target: str = "") -> None:
        ratio = measured / baseline if baseline else float("inf")
        times = f"({measured * 1e3:.2f} ms vs {baseline * 1e3:.2f} ms)"
        self.line(name, f"{ratio:.2f}x", f"{times} {target}")


def best_of(fn: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """The best time of `repeat` rounds of `number` calls, per call, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def time_command(argv: list[str], repeat: int = 5) -> float:
    """Best wall time of running a command to completion, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    names = sorted(info.name for info in pkgutil.iter_modules(benchmarks.__path__))
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("sections", nargs="*", choices=[[]] + names, help="sections to run")
    chosen = parser.parse_args().sections or names
    report = Report()
    for name in chosen:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"\n{module.TITLE}")
        module.run(report)
    report.summary()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
