"""Schedulers end to end on the simulated clock: on time across a time-zone and month boundary,
in order, skipped once the owner's grant lapses on day 60 (ledger, notice, reminder a week
before), running again after the owner allows it on their next visit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.clock import SimulatedClock
from cliqsim.errors import UsageError
from cliqsim.platform.runtime import Runtime

# 2026-11-30 20:00 UTC: it is already Dec 1 01:30 in Kolkata (UTC+05:30)
START = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)


def scheduler(root: Path, name: str, schedule: str, script: str) -> None:
    write_package(root, name, f"""
        type = "scheduler"
        name = "{name.title()}"
        [handlers]
        execution = "run.dg"
        [schedule]
        {schedule}
        """, {"run.dg": script})


@pytest.fixture
def world(tmp_path: Path) -> tuple[Runtime, SimulatedClock]:
    root = tmp_path / "components"
    scheduler(root, "morning", 'frequency = "daily"\ntime = "09:00"\n'
              'timezone = "Asia/Kolkata"\nstarts = "2026-12-01"',
              'zoho.cliq.postToChannel("general", "Morning " + zoho.currenttime.toString('
              '"yyyy-MM-dd HH:mm"));\n')
    scheduler(root, "monthend", 'frequency = "monthly"\nday = 31\ntime = "23:30"\n'
              'timezone = "America/New_York"\nstarts = "2026-12-01"\nowner = "u_arjun"',
              'zoho.cliq.postToChannel("general", "Month closed");\n')
    clock = SimulatedClock(START)
    return Runtime(root, tmp_path / "data", clock), clock


def allow_schedulers(runtime: Runtime, user_id: str) -> int:
    requests = runtime.scheduler_consents(user_id)
    for request in requests:
        assert request.pending is not None
        assert runtime.decide(request.pending, True).status == "ok"
    return len(requests)


def posts(runtime: Runtime) -> list[tuple[datetime, str]]:
    return [(m.time, m.text) for m in runtime.messages("general")
            if m.component in ("morning", "monthend")]


def test_lists_schedulers_with_their_summary_owner_and_next_run(
        world: tuple[Runtime, SimulatedClock]) -> None:
    runtime, _ = world
    found = {s.id: s for s in runtime.schedulers()}
    assert found["morning"].summary.startswith("Every day at 09:00 (Asia/Kolkata)")
    assert found["morning"].owner == "u_admin"
    assert found["morning"].next_due == datetime(2026, 12, 1, 3, 30, tzinfo=UTC)
    assert found["monthend"].owner == "u_arjun"
    assert found["monthend"].consent == "ask"
    # Dec 31 23:30 in New York is Jan 1 04:30 UTC: across the month and year boundary
    assert found["monthend"].next_due == datetime(2027, 1, 1, 4, 30, tzinfo=UTC)


def test_runs_fire_on_time_in_order_across_zones_and_month_ends(
        world: tuple[Runtime, SimulatedClock]) -> None:
    runtime, clock = world
    assert allow_schedulers(runtime, "u_admin") == 1
    assert allow_schedulers(runtime, "u_arjun") == 1
    outcomes = runtime.advance_to(datetime(2027, 1, 2, 6, 0, tzinfo=UTC))
    assert all(o.status == "ok" for o in outcomes)
    times = [t for t, _ in posts(runtime)]
    assert times == sorted(times)
    mornings = [t for t, text in posts(runtime) if text.startswith("Morning")]
    assert len(mornings) == 33  # Dec 1 .. Jan 2 (09:00 IST is 03:30 UTC, before 06:00)
    assert all(t.hour == 3 and t.minute == 30 for t in mornings)
    # the script saw the simulated time of its run, on its owner's clock (Asia/Kolkata):
    # 03:30 UTC is 09:00 there
    assert posts(runtime)[0][1] == "Morning 2026-12-01 09:00"
    closed = [t for t, text in posts(runtime) if text == "Month closed"]
    assert closed == [datetime(2027, 1, 1, 4, 30, tzinfo=UTC)]
    month_end_index = [text for _, text in posts(runtime)].index("Month closed")
    assert posts(runtime)[month_end_index - 1][0] < closed[0] < posts(runtime)[
        month_end_index + 1][0]
    assert clock.now() == datetime(2027, 1, 2, 6, 0, tzinfo=UTC)


def test_skips_after_the_grant_lapses_and_resumes_after_renewal(
        world: tuple[Runtime, SimulatedClock]) -> None:
    runtime, clock = world
    allow_schedulers(runtime, "u_admin")  # granted 2026-11-30 20:00, lapses on day 60
    lapse = START + timedelta(days=60)
    runtime.advance_to(lapse + timedelta(days=3))
    morning = [(t, text) for t, text in posts(runtime) if text.startswith("Morning")]
    assert morning[-1][0] < lapse  # nothing ran after the lapse
    assert len(morning) == 60
    skipped = [r for r in runtime.ledger("u_admin") if r.event == "skipped"
               and r.component_id == "morning"]
    assert len(skipped) == 3
    assert "expired on 2027-01-29 20:00 UTC" in skipped[0].detail
    reminded = [r for r in runtime.ledger("u_admin") if r.event == "reminded"]
    assert [r.at for r in reminded] == [lapse - timedelta(days=7)]
    inbox = [m.text for m in runtime.messages("bot_cliqsim_u_admin")]
    assert any("lapses on 2027-01-29" in text for text in inbox)
    skip_notices = [text for text in inbox if "did not run" in text]
    assert len(skip_notices) == 1  # one notice per lapse, not one per skipped run
    assert "expired" in skip_notices[0]
    info = next(s for s in runtime.schedulers() if s.id == "morning")
    assert (info.skipped, info.last_status, info.consent) == (3, "skipped", "expired")
    # the owner's next visit: asked, allows, and the next run goes ahead
    assert allow_schedulers(runtime, "u_admin") == 1
    outcomes = runtime.advance(timedelta(days=2))
    assert [o.status for o in outcomes] == ["ok", "ok"]
    assert posts(runtime)[-1][0] > clock.now() - timedelta(days=2)


def test_a_revoked_grant_skips_and_says_so(world: tuple[Runtime, SimulatedClock]) -> None:
    runtime, _ = world
    allow_schedulers(runtime, "u_admin")
    runtime.advance(timedelta(days=1))
    runtime.revoke("u_admin", component="morning")
    outcomes = runtime.advance(timedelta(days=1))
    assert [o.status for o in outcomes] == ["consent_required"]
    assert outcomes[0].error is not None and "revoked" in outcomes[0].error.message


def test_a_never_allowed_scheduler_never_runs(world: tuple[Runtime, SimulatedClock]) -> None:
    runtime, _ = world
    outcomes = runtime.advance(timedelta(days=5))
    assert outcomes and all(o.status == "consent_required" for o in outcomes)
    assert posts(runtime) == []
    assert len([m for m in runtime.messages("bot_cliqsim_u_admin")
                if "did not run" in m.text]) == 1


def test_state_survives_a_restart(world: tuple[Runtime, SimulatedClock], tmp_path: Path) -> None:
    runtime, clock = world
    allow_schedulers(runtime, "u_admin")
    runtime.advance(timedelta(days=3))
    again = Runtime(tmp_path / "components", tmp_path / "data", SimulatedClock(clock.now()))
    info = next(s for s in again.schedulers() if s.id == "morning")
    assert info.runs == 3 and info.last_status == "ok"
    assert info.next_due == datetime(2026, 12, 4, 3, 30, tzinfo=UTC)
    outcomes = again.advance(timedelta(days=1))
    assert len(outcomes) == 1  # no run repeated after the restart


def test_end_after_n_runs(tmp_path: Path) -> None:
    root = tmp_path / "c"
    scheduler(root, "thrice", 'frequency = "weekly"\ndays = ["mon"]\nend_after = 3\n'
              'time = "10:00"', 'info "ran";\n')
    runtime = Runtime(root, tmp_path / "d", SimulatedClock(START))
    outcomes = runtime.advance(timedelta(days=60))
    assert [o.status for o in outcomes] == ["ok"] * 3  # touches nothing: needs no consent
    assert next(iter(runtime.schedulers())).next_due is None


def test_a_failing_scheduler_tells_its_owner(tmp_path: Path) -> None:
    root = tmp_path / "c"
    scheduler(root, "broken", 'frequency = "daily"\ntime = "10:00"',
              'x = {"a":1};\ny = x.get("a") / 0;\n')
    runtime = Runtime(root, tmp_path / "d", SimulatedClock(START))
    outcomes = runtime.advance(timedelta(days=1))
    assert [o.status for o in outcomes] == ["error"]
    notice = outcomes[0].messages[-1]
    assert notice.chat_id == "bot_cliqsim_u_admin" and "line 2" in notice.text


@pytest.mark.parametrize(("schedule", "words"), [
    ('frequency = "hourly"', "daily, weekly, monthly or yearly"),
    ('frequency = "daily"\ntimezone = "Nowhere/Land"', "unknown time zone"),
])
def test_bad_schedules_fail_the_package(tmp_path: Path, schedule: str, words: str) -> None:
    root = tmp_path / "c"
    scheduler(root, "bad", schedule, 'info "x";\n')
    runtime = Runtime(root, tmp_path / "d", SimulatedClock(START))
    assert len(runtime.load_errors) == 1
    assert words in runtime.load_errors[0].message
    assert "component.toml" in runtime.load_errors[0].message


def test_advancing_needs_a_simulated_clock(tmp_path: Path) -> None:
    from cliqsim.clock import SystemClock

    root = tmp_path / "c"
    scheduler(root, "x", 'frequency = "daily"', 'info "x";\n')
    runtime = Runtime(root, tmp_path / "d", SystemClock())
    with pytest.raises(UsageError, match="simulated clock"):
        runtime.advance(timedelta(days=1))


def test_two_processes_never_run_the_same_run_twice(world: tuple[Runtime, SimulatedClock],
                                                    tmp_path: Path) -> None:
    runtime, clock = world
    allow_schedulers(runtime, "u_admin")
    other = Runtime(tmp_path / "components", tmp_path / "data", SimulatedClock(clock.now()))
    assert other.schedulers()[0].runs == 0  # the other process has seen the state
    assert len(runtime.advance(timedelta(days=2))) == 2
    again = other.advance(timedelta(days=2))  # same two days, seen from the other process
    assert again == ()
    mornings = [t for t, text in posts(other) if text.startswith("Morning")]
    assert len(mornings) == len(set(mornings)) == 2


def test_an_unknown_owner_is_named(tmp_path: Path) -> None:
    root = tmp_path / "c"
    scheduler(root, "ghost", 'frequency = "daily"\nowner = "u_ghost"', 'info "x";\n')
    runtime = Runtime(root, tmp_path / "d", SimulatedClock(START))
    with pytest.raises(UsageError, match=r"owner = 'u_ghost'.*no user 'u_ghost'.*u_admin"):
        runtime.advance(timedelta(days=1))


def test_a_handler_reads_the_time_on_the_acting_persons_clock(tmp_path: Path) -> None:
    """docs/components.md § Time zones: `zoho.currenttime` is the simulated instant in the
    acting user's workspace time zone, as real scripts assume ("only 8 AM to 11 PM")."""
    root = tmp_path / "c"
    (root / "clock").mkdir(parents=True)
    (root / "clock" / "component.toml").write_text(
        'type = "command"\nname = "clock"\n[handlers]\nexecution = "run.dg"\n')
    (root / "clock" / "run.dg").write_text(
        'h = zoho.currenttime.getHour();\n'
        'return {"text": zoho.currenttime.toString("yyyy-MM-dd HH:mm") + " awake=" + '
        '(h >= 8 && h < 23)};')
    clock = SimulatedClock(datetime(2026, 12, 1, 4, 30, tzinfo=UTC))  # 10:00 in Kolkata
    runtime = Runtime(root, tmp_path / "data", clock)
    outcome = runtime.submit("u_admin", "general", "/clock")  # reads no Cliq object: no consent
    assert outcome.messages[-1].text == "2026-12-01 10:00 awake=true"
