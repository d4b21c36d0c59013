"""A consent covers the 60 days after it was given, never the time before it (docs/consents.md,
threat model row 38).

A grant was judged by its end alone (`now < expires_at`): given at a later clock (a `--now` in
the future, or a clock set back since), it covered every run before it too, so a consent given
"on 2027-12-01" ran a component all through 2027 and for 60 days after: more than a year under
a 60-day consent. Now a grant is in force only from `granted_at` up to `expires_at`; before it,
the person is asked again, and listings say why."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from platform_helpers import START, allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.commands.consents import status_text
from cliqsim.platform.runtime import Runtime


def _hello(tmp_path: Path, clock: SimulatedClock) -> Runtime:
    root = tmp_path / "c"
    write_package(root, "hello", 'type = "command"\nname = "hello"\n[handlers]\n'
                  'execution = "execution.dg"\n',
                  {"execution.dg": 'zoho.cliq.postToChat(chat.get("id"), "hi");\n'
                                   'return {"text": "done"};\n'})
    return Runtime(root, tmp_path / "d", clock)


def test_a_consent_given_later_does_not_cover_earlier_runs(tmp_path: Path) -> None:
    clock = SimulatedClock(START + timedelta(days=365))
    runtime = _hello(tmp_path, clock)
    assert allow(runtime, runtime.submit("u_arjun", "sales", "/hello")).status == "ok"
    clock.set(START)  # a year before the consent was given
    asked = runtime.submit("u_arjun", "sales", "/hello")
    assert asked.status == "consent_required"
    assert "later than now" in (asked.notice or "")
    assert not [m for m in runtime.messages("sales") if m.text == "hi" and m.time == START]
    grant = runtime.grants("u_arjun")[0]
    assert status_text(grant, START).startswith("not in force")


def test_the_window_still_runs_from_the_moment_given(tmp_path: Path) -> None:
    clock = SimulatedClock(START)
    runtime = _hello(tmp_path, clock)
    allow(runtime, runtime.submit("u_arjun", "sales", "/hello"))
    clock.set(START + timedelta(days=59, hours=23))
    assert runtime.submit("u_arjun", "sales", "/hello").status == "ok"
    clock.set(START - timedelta(seconds=1))
    assert runtime.submit("u_arjun", "sales", "/hello").status == "consent_required"


def test_a_scheduler_run_before_its_consent_was_given_is_skipped(tmp_path: Path) -> None:
    clock = SimulatedClock(START)
    root = tmp_path / "c"
    write_package(root, "tick", 'type = "scheduler"\nname = "tick"\n[handlers]\n'
                  'execution = "tick.dg"\n[schedule]\nfrequency = "daily"\ntime = "10:00"\n'
                  'starts = "2026-12-01"\n',
                  {"tick.dg": 'zoho.cliq.postToChannel("sales", "tick");\n'})
    runtime = Runtime(root, tmp_path / "d", clock)
    runtime.advance(timedelta(0))  # the scheduler is first seen now
    clock.set(START + timedelta(days=30))  # the owner allows it at a later clock
    for request in runtime.scheduler_consents("u_admin"):
        assert request.pending is not None
        runtime.decide(request.pending, True)
    clock.set(START)
    runtime.advance(timedelta(days=2))
    assert not [m for m in runtime.messages("sales") if m.text == "tick"]
    skipped = [r for r in runtime.ledger() if r.event == "skipped"]
    assert skipped and "after this time" in skipped[-1].detail
