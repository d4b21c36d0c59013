"""When a scheduler runs: Cliq's recurrence rules as pure date arithmetic (reference §1.7).

A `Recurrence` is daily, weekly, monthly or yearly, repeating every N of those, at a local time
in a time zone, from a start date, ending never, after N runs, or on a date. `next_after(when,
runs)` gives the first run strictly after `when` (UTC), or None once the schedule has ended.

Choices where Cliq's help says nothing (documented in docs/components.md):
- a monthly day that a month lacks (the 31st in April) and Feb 29 in other years run on the
  month's last day (`short_months = "last_day"`), or not at all that month (`"skip"`);
- a local time that does not exist on a spring-forward day runs at the same UTC offset as
  before the change (02:30 becomes 03:30); a time that happens twice runs once, the first time;
- "every N weeks" counts weeks (Monday to Sunday) from the start date's week.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

Frequency = Literal["daily", "weekly", "monthly", "yearly"]
FREQUENCIES: tuple[str, ...] = ("daily", "weekly", "monthly", "yearly")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SHORT_MONTHS = ("last_day", "skip")
MAX_EVERY = 999
SCHEDULE_FIELDS = {"frequency", "every", "time", "timezone", "starts", "days", "day", "month",
                   "end_after", "end_on", "short_months", "owner"}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_UNIT = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}


class RecurrenceError(ValueError):
    """A schedule that cannot be read: `field` names the key, the message says what to write."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Recurrence(msgspec.Struct, frozen=True):
    frequency: Frequency
    at: time
    timezone: str
    start: date
    every: int = 1
    weekdays: tuple[int, ...] = ()  # weekly: 0 = Monday; empty means the start's weekday
    day: int = 0  # monthly / yearly: day of month; 0 means the start's day
    month: int = 0  # yearly: 1-12; 0 means the start's month
    end_after: int | None = None  # at most this many runs
    end_on: date | None = None  # no run after this local date
    short_months: str = "last_day"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    # --- the next run ------------------------------------------------------------------------

    def first(self) -> datetime | None:
        """The first run (UTC), or None when the schedule ends before it starts."""
        return self.next_after(None, 0)

    def next_after(self, when: datetime | None, runs: int = 0) -> datetime | None:
        """The first run strictly after `when` (any time zone; None: from the start), given that
        `runs` runs have happened (or been skipped) already; None when the schedule has ended."""
        if self.end_after is not None and runs >= self.end_after:
            return None
        zone = self.zone
        candidate = self.start
        if when is not None:
            candidate = max(candidate, when.astimezone(zone).date())
        while True:
            day = self._next_date(candidate)
            if day is None or (self.end_on is not None and day > self.end_on):
                return None
            moment = _local(day, self.at, zone)
            if when is None or moment > when:
                return moment
            candidate = day + timedelta(days=1)

    def _next_date(self, candidate: date) -> date | None:
        """The first local date on or after `candidate` (never before the start) that matches."""
        candidate = max(candidate, self.start)
        if self.frequency == "daily":
            offset = (candidate - self.start).days % self.every
            return candidate + timedelta(days=(self.every - offset) % self.every)
        if self.frequency == "weekly":
            return self._next_weekly(candidate)
        if self.frequency == "monthly":
            return self._next_monthly(candidate)
        return self._next_yearly(candidate)

    def _next_weekly(self, candidate: date) -> date:
        days = set(self.weekdays or (self.start.weekday(),))
        first_monday = self.start - timedelta(days=self.start.weekday())
        day = candidate
        for _ in range(7 * self.every + 7):
            week = (day - first_monday).days // 7
            if week % self.every == 0 and day.weekday() in days:
                return day
            day += timedelta(days=1)
        raise AssertionError("a weekly schedule always has a day within every + 1 weeks")

    def _next_monthly(self, candidate: date) -> date | None:
        wanted = self.day or self.start.day
        start_index = self.start.year * 12 + self.start.month - 1
        index = candidate.year * 12 + candidate.month - 1
        index += (-(index - start_index)) % self.every
        for _ in range(48):  # a day that some month has is found within 4 cycles of 12
            year, month = divmod(index, 12)
            day = self._day_in(year, month + 1, wanted)
            if day is not None and day >= candidate:
                return day
            index += self.every
        return None

    def _next_yearly(self, candidate: date) -> date | None:
        wanted_month = self.month or self.start.month
        wanted_day = self.day or self.start.day
        year = candidate.year
        year += (-(year - self.start.year)) % self.every
        for _ in range(8 * self.every + 8):  # Feb 29 with "skip" waits for a leap year
            day = self._day_in(year, wanted_month, wanted_day)
            if day is not None and day >= candidate:
                return day
            year += self.every
        return None

    def _day_in(self, year: int, month: int, wanted: int) -> date | None:
        if year > 9999:
            return None
        import calendar  # loads when a schedule is worked out, not at every start

        last = calendar.monthrange(year, month)[1]
        if wanted <= last:
            return date(year, month, wanted)
        return date(year, month, last) if self.short_months == "last_day" else None

    # --- words -------------------------------------------------------------------------------

    def summary(self) -> str:
        """The summary line Cliq shows: "Every 2 weeks on Mon, Thu at 09:00 (Asia/Kolkata),
        from 2026-12-01, ends after 10 runs"."""
        unit = _UNIT[self.frequency]
        head = f"Every {unit}" if self.every == 1 else f"Every {self.every} {unit}s"
        if self.frequency == "weekly":
            days = self.weekdays or (self.start.weekday(),)
            head += " on " + ", ".join(WEEKDAYS[d].title() for d in sorted(days))
        elif self.frequency == "monthly":
            head += f" on day {self.day or self.start.day}"
        elif self.frequency == "yearly":
            import calendar

            month = calendar.month_abbr[self.month or self.start.month]
            head += f" on {month} {self.day or self.start.day}"
        text = f"{head} at {self.at:%H:%M} ({self.timezone}), from {self.start.isoformat()}"
        if self.end_after is not None:
            text += f", ends after {self.end_after} run{'s' if self.end_after != 1 else ''}"
        elif self.end_on is not None:
            text += f", ends on {self.end_on.isoformat()}"
        else:
            text += ", never ends"
        return text


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`day` at `at` in `zone`, as UTC. A time skipped by a DST change keeps the offset in force
    before the change (fold=0); a repeated time is its first occurrence."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


# --- reading a [schedule] table --------------------------------------------------------------


def parse_schedule(spec: Mapping[str, Any], default_start: date) -> Recurrence:
    """A `Recurrence` from a package's `[schedule]` table. Raises `RecurrenceError` naming the
    field and what to write instead. `default_start` is used when `starts` is absent."""
    unknown = sorted(set(spec) - SCHEDULE_FIELDS)
    if unknown:
        raise RecurrenceError(f"schedule.{unknown[0]}", f"unknown field 'schedule.{unknown[0]}';"
                              f" allowed: {', '.join(sorted(SCHEDULE_FIELDS))}")
    frequency = spec.get("frequency")
    if frequency not in FREQUENCIES:
        raise RecurrenceError("schedule.frequency", "'schedule.frequency' is required: daily, "
                              f"weekly, monthly or yearly (not {frequency!r})")
    every = spec.get("every", 1)
    if isinstance(every, bool) or not isinstance(every, int) or not 1 <= every <= MAX_EVERY:
        raise RecurrenceError("schedule.every", f"'schedule.every' must be a whole number from 1 "
                              f"to {MAX_EVERY} (repeats every N {_UNIT[frequency]}s)")
    at = _time_of_day(spec.get("time", "09:00"))
    zone_name = spec.get("timezone", "UTC")
    if not isinstance(zone_name, str):
        raise RecurrenceError("schedule.timezone", "'schedule.timezone' must be a time zone name "
                              "such as \"Asia/Kolkata\"")
    try:
        ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise RecurrenceError("schedule.timezone", f"unknown time zone {zone_name!r}; use an IANA "
                              "name such as \"Asia/Kolkata\" or \"America/New_York\"") from None
    start = _date(spec, "starts") or default_start
    weekdays = _weekdays(spec.get("days"), frequency)
    day = spec.get("day", 0)
    if "day" in spec and (frequency not in ("monthly", "yearly") or isinstance(day, bool)
                          or not isinstance(day, int) or not 1 <= day <= 31):
        raise RecurrenceError("schedule.day", "'schedule.day' is a day of the month, 1 to 31, "
                              "for monthly and yearly schedules")
    month = spec.get("month", 0)
    if "month" in spec and (frequency != "yearly" or isinstance(month, bool)
                            or not isinstance(month, int) or not 1 <= month <= 12):
        raise RecurrenceError("schedule.month", "'schedule.month' is 1 to 12, for yearly "
                              "schedules")
    if frequency == "yearly" and month and day:
        import calendar

        if day > calendar.monthrange(2024, month)[1]:
            raise RecurrenceError("schedule.day", f"{calendar.month_name[month]} has no day "
                                  f"{day}")
    end_after = spec.get("end_after")
    if end_after is not None and (isinstance(end_after, bool) or not isinstance(end_after, int)
                                  or end_after < 1):
        raise RecurrenceError("schedule.end_after", "'schedule.end_after' is the number of runs "
                              "after which the scheduler ends: a whole number, 1 or more")
    end_on = _date(spec, "end_on")
    if end_after is not None and end_on is not None:
        raise RecurrenceError("schedule.end_on", "give one end: 'end_after' (a number of runs) "
                              "or 'end_on' (a date), not both")
    if end_on is not None and end_on < start:
        raise RecurrenceError("schedule.end_on", f"'schedule.end_on' {end_on} is before the "
                              f"start {start}")
    short = spec.get("short_months", "last_day")
    if short not in SHORT_MONTHS:
        raise RecurrenceError("schedule.short_months", "'schedule.short_months' is \"last_day\" "
                              "(run on a shorter month's last day) or \"skip\"")
    return Recurrence(frequency=frequency, at=at, timezone=zone_name, start=start, every=every,
                      weekdays=weekdays, day=day, month=month, end_after=end_after,
                      end_on=end_on, short_months=short)


def _time_of_day(value: Any) -> time:
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise RecurrenceError("schedule.time", f"'schedule.time' must be HH:MM on a 24-hour "
                              f"clock, such as \"09:00\" (not {value!r})")
    return time(int(match.group(1)), int(match.group(2)))


def _date(spec: Mapping[str, Any], key: str) -> date | None:
    if key not in spec:
        return None
    value = spec[key]
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise RecurrenceError(f"schedule.{key}", f"'schedule.{key}' must be a date, YYYY-MM-DD "
                          f"(not {value!r})")


def _weekdays(value: Any, frequency: str) -> tuple[int, ...]:
    if value is None:
        return ()
    if frequency != "weekly":
        raise RecurrenceError("schedule.days", "'schedule.days' (days of the week) is for "
                              "weekly schedules")
    if not isinstance(value, list) or not value:
        raise RecurrenceError("schedule.days", "'schedule.days' lists days of the week, such as "
                              "[\"mon\", \"thu\"]")
    found = []
    for item in value:
        key = str(item).strip().lower()[:3]
        if key not in WEEKDAYS:
            raise RecurrenceError("schedule.days", f"{item!r} is not a day of the week; use "
                                  f"{', '.join(WEEKDAYS)}")
        found.append(WEEKDAYS.index(key))
    return tuple(sorted(set(found)))
