"""Recurrence math: daily / weekly / monthly / yearly, every N, time zones and DST, month ends,
Feb 29, and the three kinds of end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliqsim.platform.recurrence import Recurrence, RecurrenceError, parse_schedule

START = date(2026, 12, 1)


def runs(rule: Recurrence, count: int) -> list[datetime]:
    found: list[datetime] = []
    when = None
    while len(found) < count:
        nxt = rule.next_after(when, len(found))
        if nxt is None:
            break
        found.append(nxt)
        when = nxt
    return found


def schedule(**spec: object) -> Recurrence:
    return parse_schedule(spec, START)


def test_daily_at_a_local_time_in_a_time_zone() -> None:
    rule = schedule(frequency="daily", time="09:00", timezone="Asia/Kolkata")
    first = runs(rule, 3)
    assert first == [datetime(2026, 12, d, 3, 30, tzinfo=UTC) for d in (1, 2, 3)]


def test_every_three_days_counts_from_the_start() -> None:
    rule = schedule(frequency="daily", every=3, time="00:00", starts="2026-12-30")
    assert [r.date() for r in runs(rule, 3)] == [date(2026, 12, 30), date(2027, 1, 2),
                                                  date(2027, 1, 5)]
    # asked from the middle of a cycle, the next run stays on the 3-day grid
    assert rule.next_after(datetime(2027, 1, 3, tzinfo=UTC)) == datetime(2027, 1, 5, tzinfo=UTC)


def test_next_after_is_strictly_after() -> None:
    rule = schedule(frequency="daily", time="10:00")
    at_ten = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    assert rule.next_after(at_ten) == at_ten + timedelta(days=1)
    assert rule.next_after(at_ten - timedelta(seconds=1)) == at_ten


def test_local_time_stays_fixed_across_daylight_saving_changes() -> None:
    rule = parse_schedule({"frequency": "daily", "time": "09:00",
                           "timezone": "America/New_York"}, date(2027, 3, 12))
    utc_hours = [r.hour for r in runs(rule, 4)]
    assert utc_hours == [14, 14, 13, 13]  # EST (-5) until Mar 14 2027, then EDT (-4)
    autumn = parse_schedule({"frequency": "daily", "time": "09:00",
                             "timezone": "Europe/Berlin"}, date(2027, 10, 30))
    assert [r.hour for r in runs(autumn, 2)] == [7, 8]  # CEST (+2), then CET (+1)


def test_a_time_skipped_by_spring_forward_keeps_the_old_offset() -> None:
    rule = parse_schedule({"frequency": "daily", "time": "02:30",
                           "timezone": "America/New_York"}, date(2027, 3, 13))
    before, gap, after = runs(rule, 3)
    assert before == datetime(2027, 3, 13, 7, 30, tzinfo=UTC)
    assert gap == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)  # 03:30 EDT: the first instant after
    assert after == datetime(2027, 3, 15, 6, 30, tzinfo=UTC)


def test_a_repeated_hour_runs_once() -> None:
    rule = parse_schedule({"frequency": "daily", "time": "01:30",
                           "timezone": "America/New_York"}, date(2027, 11, 6))
    days = [r.date() for r in runs(rule, 3)]
    assert days == [date(2027, 11, 6), date(2027, 11, 7), date(2027, 11, 8)]


def test_weekly_on_chosen_days_every_two_weeks() -> None:
    rule = schedule(frequency="weekly", every=2, days=["mon", "Thursday"], time="08:00")
    # 2026-12-01 is a Tuesday: its week counts as week 0
    assert [r.date() for r in runs(rule, 4)] == [date(2026, 12, 3), date(2026, 12, 14),
                                                  date(2026, 12, 17), date(2026, 12, 28)]


def test_weekly_defaults_to_the_start_weekday() -> None:
    rule = schedule(frequency="weekly", time="08:00")
    assert [r.date().weekday() for r in runs(rule, 3)] == [1, 1, 1]


@pytest.mark.parametrize(("short", "expected"), [
    ("last_day", [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]),
    ("skip", [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31), date(2027, 7, 31)]),
])
def test_monthly_on_the_31st(short: str, expected: list[date]) -> None:
    rule = schedule(frequency="monthly", day=31, time="18:00", short_months=short,
                    starts="2027-01-01")
    assert [r.date() for r in runs(rule, 4)] == expected


def test_monthly_every_three_months_across_a_year_boundary() -> None:
    rule = schedule(frequency="monthly", every=3, day=15, time="12:00")
    assert [r.date() for r in runs(rule, 3)] == [date(2026, 12, 15), date(2027, 3, 15),
                                                  date(2027, 6, 15)]


@pytest.mark.parametrize(("short", "years"), [("last_day", [(2028, 29), (2029, 28), (2030, 28),
                                                            (2031, 28), (2032, 29)]),
                                              ("skip", [(2028, 29), (2032, 29), (2036, 29)])])
def test_yearly_on_february_29(short: str, years: list[tuple[int, int]]) -> None:
    rule = parse_schedule({"frequency": "yearly", "month": 2, "day": 29, "time": "09:00",
                           "short_months": short}, date(2028, 1, 1))
    assert [(r.year, r.day) for r in runs(rule, len(years))] == years


def test_ends_after_n_runs_and_on_a_date() -> None:
    after = schedule(frequency="daily", time="09:00", end_after=3)
    assert len(runs(after, 10)) == 3
    assert after.next_after(None, 3) is None
    on = schedule(frequency="daily", time="09:00", end_on="2026-12-04")
    assert [r.day for r in runs(on, 10)] == [1, 2, 3, 4]


def test_end_on_is_a_local_date() -> None:
    rule = schedule(frequency="daily", time="23:30", timezone="Asia/Kolkata",
                    end_on="2026-12-02")
    # 23:30 in Kolkata is 18:00 UTC the same day: both local dates are in range
    assert [r.day for r in runs(rule, 5)] == [1, 2]


def test_summary_reads_like_cliq() -> None:
    rule = schedule(frequency="weekly", every=2, days=["thu", "mon"], time="09:00",
                    timezone="Asia/Kolkata", end_after=10)
    assert rule.summary() == ("Every 2 weeks on Mon, Thu at 09:00 (Asia/Kolkata), from "
                              "2026-12-01, ends after 10 runs")
    assert schedule(frequency="daily").summary().endswith("never ends")


@pytest.mark.parametrize(("spec", "field", "words"), [
    ({}, "schedule.frequency", "daily, weekly, monthly or yearly"),
    ({"frequency": "hourly"}, "schedule.frequency", "'hourly'"),
    ({"frequency": "daily", "every": 0}, "schedule.every", "1 to 999"),
    ({"frequency": "daily", "time": "9am"}, "schedule.time", "HH:MM"),
    ({"frequency": "daily", "time": "24:00"}, "schedule.time", "HH:MM"),
    ({"frequency": "daily", "timezone": "Mars/Olympus"}, "schedule.timezone", "IANA"),
    ({"frequency": "daily", "days": ["mon"]}, "schedule.days", "weekly"),
    ({"frequency": "weekly", "days": ["funday"]}, "schedule.days", "'funday'"),
    ({"frequency": "monthly", "day": 32}, "schedule.day", "1 to 31"),
    ({"frequency": "yearly", "month": 4, "day": 31}, "schedule.day", "April has no day 31"),
    ({"frequency": "daily", "end_after": 0}, "schedule.end_after", "1 or more"),
    ({"frequency": "daily", "end_after": 2, "end_on": "2027-01-01"}, "schedule.end_on",
     "not both"),
    ({"frequency": "daily", "end_on": "2026-11-01"}, "schedule.end_on", "before the start"),
    ({"frequency": "daily", "starts": "tomorrow"}, "schedule.starts", "YYYY-MM-DD"),
    ({"frequency": "daily", "at": "09:00"}, "schedule.at", "unknown field"),
])
def test_bad_schedules_name_the_field(spec: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(RecurrenceError) as caught:
        parse_schedule(spec, START)
    assert caught.value.field == field
    assert words in caught.value.message


FREQ = st.sampled_from(["daily", "weekly", "monthly", "yearly"])
ZONES = st.sampled_from(["UTC", "Asia/Kolkata", "America/New_York", "Europe/Berlin",
                         "Australia/Lord_Howe", "Pacific/Chatham"])


@settings(max_examples=60, deadline=None)
@given(freq=FREQ, every=st.integers(1, 5), zone=ZONES, hour=st.integers(0, 23),
       minute=st.integers(0, 59), day=st.integers(1, 31),
       start=st.dates(date(2026, 1, 1), date(2030, 12, 31)))
def test_runs_increase_and_land_on_the_local_time(freq: str, every: int, zone: str, hour: int,
                                                  minute: int, day: int, start: date) -> None:
    spec: dict[str, object] = {"frequency": freq, "every": every, "timezone": zone,
                               "time": f"{hour:02d}:{minute:02d}"}
    if freq in ("monthly", "yearly"):
        spec["day"] = min(day, 28) if freq == "yearly" else day
    rule = parse_schedule(spec, start)
    found = runs(rule, 6)
    assert len(found) == 6
    assert all(a < b for a, b in zip(found, found[1:], strict=False))
    for moment in found:
        local = moment.astimezone(rule.zone)
        assert local.date() >= start
        # the local wall time is the scheduled one, unless a DST gap moved it forward
        shift = (local.hour * 60 + local.minute) - (hour * 60 + minute)
        assert 0 <= shift <= 60
    # asking from just before any run gives that run again
    for moment in found[1:]:
        assert rule.next_after(moment - timedelta(seconds=1)) == moment
