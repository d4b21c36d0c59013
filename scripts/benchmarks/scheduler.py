"""A simulated year of daily schedulers: 100 components, each running once a day through the
whole runtime (consent gate, guard, interpreter, ledger, state), the owner renewing the grants
when they lapse every 60 days, as the TUI's "+1 day" would drive it.

Two kinds of scheduler script: `quiet` (reads the owner, computes, writes `info`) and `posting`
(also posts a message to a channel, so the workspace file grows by 100 messages a day).
Baseline, measured in the same run: the same number of handler runs straight through the
interpreter (`scripts.run_handler` with a plain recording host), so the ratio is what the
platform adds around each run. Target: well under one second of work per simulated day.

    .venv/bin/python scripts/bench.py scheduler            # a full year
    CLIQSIM_BENCH_DAYS=30 .venv/bin/python scripts/bench.py scheduler
"""

from __future__ import annotations

import os
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import Report, median, percentile

from cliqsim.clock import SimulatedClock
from cliqsim.platform.runtime import Runtime

TITLE = "Schedulers: a simulated year of 100 daily schedulers"
COMPONENTS = 100
START = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)

QUIET = """\
name = user.get("first_name");
total = 0;
for each  n in {1,2,3,4,5,6,7,8,9,10}
{
\ttotal = total + n;
}
info "hello " + name + ", " + total;
"""
POSTING = QUIET + 'zoho.cliq.postToChannel("general", "Daily report for " + name + ": " + total);\n'


def _write(root: Path, script: str) -> None:
    for n in range(COMPONENTS):
        folder = root / f"sched{n:03d}"
        folder.mkdir(parents=True)
        minute = n % 60
        hour = 6 + n // 60
        (folder / "component.toml").write_text(textwrap.dedent(f"""\
            type = "scheduler"
            name = "Scheduler {n}"
            [handlers]
            execution = "run.dg"
            [schedule]
            frequency = "daily"
            time = "{hour:02d}:{minute:02d}"
            timezone = "Asia/Kolkata"
            starts = "2026-12-01"
            """), encoding="utf-8")
        (folder / "run.dg").write_text(script, encoding="utf-8")


class _Year:
    """What one simulation measured."""

    def __init__(self) -> None:
        self.days: list[float] = []  # seconds of scheduler work (advance) per simulated day
        self.visits: list[float] = []  # seconds of the owner's visits that renewed consents
        self.renewed = 0
        self.ran = 0
        self.skipped = 0


def _simulate(script: str, days: int) -> _Year:
    year = _Year()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "components"
        _write(root, script)
        runtime = Runtime(root, Path(tmp) / "data", SimulatedClock(START))
        for _ in range(days):
            started = time.perf_counter()
            requests = runtime.scheduler_consents("u_admin")  # the owner's daily visit
            for request in requests:
                assert request.pending is not None
                runtime.decide(request.pending, True)
            if requests:
                year.visits.append(time.perf_counter() - started)
                year.renewed += len(requests)
            started = time.perf_counter()
            for outcome in runtime.advance(timedelta(days=1)):
                if outcome.status == "ok":
                    year.ran += 1
                else:
                    year.skipped += 1
            year.days.append(time.perf_counter() - started)
    return year


class _Host:
    """The least a host can do: answer the time, accept info and tasks."""

    def now(self) -> datetime:
        return START

    def system_variable(self, name: str, span: Any) -> Any:
        return ""

    def call_task(self, name: str, args: list[Any], span: Any) -> Any:
        return {"status": "SUCCESS"}

    def invoke_url(self, request: dict[str, Any], span: Any) -> Any:
        return {}

    def send_mail(self, params: dict[str, Any], span: Any) -> None:
        return None

    def info(self, text: str, span: Any) -> None:
        return None


def _baseline(script: str, runs: int) -> float:
    from cliqsim.platform.packages import Script
    from cliqsim.platform.scripts import run_handler

    handler = Script("scheduler_handler", Path("bench/run.dg"), script)
    inputs = {"user": {"first_name": "Priya"}}
    host = _Host()
    started = time.perf_counter()
    for _ in range(runs):
        run_handler(handler, host, inputs)
    return time.perf_counter() - started


def run(report: Report) -> None:
    days = int(os.environ.get("CLIQSIM_BENCH_DAYS", "365"))
    for label, script in (("quiet", QUIET), ("posting", POSTING)):
        year = _simulate(script, days)
        runs = year.ran + year.skipped
        work = sum(year.days)
        baseline = _baseline(script, runs)
        ordered = sorted(year.days)
        report.line(f"{label}: {days} days x {COMPONENTS} schedulers", f"{work:.1f} s",
                    f"{year.ran} runs, {year.skipped} skipped")
        report.line(f"{label}: scheduler work per simulated day", f"{work / days * 1e3:.0f} ms",
                    f"median {median(ordered) * 1e3:.0f} ms, 95th percentile "
                    f"{percentile(ordered, 95) * 1e3:.0f} ms, slowest "
                    f"{ordered[-1] * 1e3:.0f} ms (target: well under 1000 ms)")
        report.line(f"{label}: last 30 days, per simulated day",
                    f"{sum(year.days[-30:]) / min(30, days) * 1e3:.0f} ms",
                    "(the workspace and ledger are largest then)")
        report.ratio(f"{label}: per run vs interpreter alone", work / max(runs, 1),
                     baseline / max(runs, 1))
        if year.renewed:
            report.line(f"{label}: owner renewing consents (every 60 days)",
                        f"{sum(year.visits) / year.renewed * 1e3:.0f} ms",
                        f"per consent; {year.renewed} renewals in {len(year.visits)} visits")
