"""The gate is asked at the moment the effects happen (docs/consents.md, threat model class 14).

A scheduler's runs that were missed while the simulated clock moved on (`--now`, the chat
window's time travel) are made up when the schedulers next advance. They once asked the gate
at the time each run was *due*, so runs due before day 60 posted on day 72 under a consent
that had lapsed, and runs due before a revocation posted after it. Every run now asks at the
clock's now, when it really runs, on every road (`Pipeline.admit` takes no other time)."""

from __future__ import annotations

import inspect
from datetime import timedelta
from pathlib import Path

import pytest
from test_schedulers import START, allow_schedulers, posts, scheduler

from cliqsim.clock import SimulatedClock
from cliqsim.platform.pipeline import Pipeline
from cliqsim.platform.runtime import Runtime


@pytest.fixture
def world(tmp_path: Path) -> tuple[Runtime, SimulatedClock]:
    root = tmp_path / "components"
    scheduler(root, "morning", 'frequency = "daily"\ntime = "09:00"\n'
              'timezone = "Asia/Kolkata"\nstarts = "2026-12-01"',
              'zoho.cliq.postToChannel("general", "Morning");\n')
    clock = SimulatedClock(START)
    runtime = Runtime(root, tmp_path / "data", clock)
    assert allow_schedulers(runtime, "u_admin") == 1
    runtime.advance(timedelta(days=2))
    assert len(posts(runtime)) == 2
    return runtime, clock


def test_missed_runs_made_up_after_the_consent_lapsed_do_not_run(
    world: tuple[Runtime, SimulatedClock]
) -> None:
    runtime, clock = world
    clock.set(clock.now() + timedelta(days=70))  # time moved on without the schedulers
    outcomes = runtime.advance(timedelta(hours=1))
    assert outcomes and all(o.status != "ok" for o in outcomes)
    assert len(posts(runtime)) == 2


def test_missed_runs_made_up_after_a_revocation_do_not_run(
    world: tuple[Runtime, SimulatedClock]
) -> None:
    runtime, clock = world
    clock.set(clock.now() + timedelta(days=5))
    assert runtime.revoke("u_admin", component="morning") == 1
    runtime.advance(timedelta(hours=1))
    assert len(posts(runtime)) == 2


def test_the_road_asks_the_gate_at_no_other_time() -> None:
    assert list(inspect.signature(Pipeline.admit).parameters) == ["self", "package", "user_id"]
