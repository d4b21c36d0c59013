"""How often a scheduler runs is part of its consent (docs/consents.md, threat model row 41).

A scheduler runs as its owner with nobody at the keyboard, but its schedule was neither shown
nor enforced: allowed as "daily at 09:00", a package changed to run every minute of every day
(or yearly to daily) kept running on the same consent, and the dialog never said it runs by
itself at all. Now the schedule is an item ("Runs by itself, with nobody at the keyboard, as
you: Every day at 09:00 (Asia/Kolkata), ..."): another schedule is another item, so the owner
is asked again (runs are skipped meanwhile), and a schedule unticked means it does not run."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from platform_helpers import START, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.platform.runtime import Runtime

TOML = ('type = "scheduler"\nname = "tick"\n[handlers]\nexecution = "tick.dg"\n'
        '[schedule]\nfrequency = "{frequency}"\ntime = "10:00"\nstarts = "2026-12-01"\n')


def _tick(root: Path, frequency: str) -> None:
    write_package(root, "tick", TOML.replace("{frequency}", frequency),
                  {"tick.dg": 'zoho.cliq.postToChannel("sales", "tick");\n'})


def _ticks(runtime: Runtime) -> int:
    return len([m for m in runtime.messages("sales") if m.text == "tick"])


def _allow_all(runtime: Runtime, **answer: object) -> list[str]:
    purposes = []
    for request in runtime.scheduler_consents("u_admin"):
        assert request.pending is not None and request.consent is not None
        purposes += [item.purpose for item in request.consent.items]
        runtime.decide(request.pending, True, **answer)  # type: ignore[arg-type]
    return purposes


def test_the_dialog_says_how_often_it_runs_by_itself(tmp_path: Path) -> None:
    clock = SimulatedClock(START)
    _tick(tmp_path / "c", "yearly")
    runtime = Runtime(tmp_path / "c", tmp_path / "d", clock)
    purposes = _allow_all(runtime)
    assert any(p.startswith("Runs by itself, with nobody at the keyboard, as you: Every year")
               for p in purposes)


def test_running_more_often_asks_the_owner_again(tmp_path: Path) -> None:
    clock = SimulatedClock(START)
    _tick(tmp_path / "c", "yearly")
    runtime = Runtime(tmp_path / "c", tmp_path / "d", clock)
    runtime.advance(timedelta(0))
    _allow_all(runtime)
    _tick(tmp_path / "c", "daily")  # the package now runs every day
    runtime.reload()
    runtime.advance(timedelta(days=3))
    assert _ticks(runtime) == 0  # skipped: the owner allowed a yearly run
    asked = runtime.scheduler_consents("u_admin")
    assert asked and asked[0].consent is not None
    assert asked[0].consent.reason == "changed"
    assert asked[0].consent.diff is not None
    assert any("Every day" in item.purpose for item in asked[0].consent.diff.added)


def test_a_schedule_unticked_does_not_run(tmp_path: Path) -> None:
    clock = SimulatedClock(START)
    _tick(tmp_path / "c", "daily")
    runtime = Runtime(tmp_path / "c", tmp_path / "d", clock)
    runtime.advance(timedelta(0))
    requests = runtime.scheduler_consents("u_admin")
    assert requests[0].pending is not None and requests[0].consent is not None
    schedule = next(i.target for i in requests[0].consent.items
                    if i.target.startswith("scheduler "))
    runtime.decide(requests[0].pending, True, refused=[schedule])
    runtime.advance(timedelta(days=2))
    assert _ticks(runtime) == 0
    skipped = [r for r in runtime.ledger() if r.event == "skipped"]
    assert skipped and "you unticked" in skipped[-1].detail


def test_allowed_as_shown_it_runs(tmp_path: Path) -> None:
    clock = SimulatedClock(START)
    _tick(tmp_path / "c", "daily")
    runtime = Runtime(tmp_path / "c", tmp_path / "d", clock)
    runtime.advance(timedelta(0))
    _allow_all(runtime)
    runtime.advance(timedelta(days=2))
    assert _ticks(runtime) == 2
