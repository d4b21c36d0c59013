"""Business-time built-ins: addBusinessDay/subBusinessDay and addBusinessHour/subBusinessHour.

Zoho's pages (deluge/help/functions/datetime/addbusinessday, add-business-hour):

* `value.addBusinessDay(days, weekends?, holidays?)`: the date moved by `days` working days;
  weekends default to {"Saturday", "Sunday"}, holidays to none; a negative count returns the
  value as it is (subBusinessDay moves back).
* `value.addBusinessHour(hours, weekends?, holidays?, business_hours?)`: the date-time moved by
  `hours` working hours (a negative count moves back; the digits after a DECIMAL's point are
  minutes, see `business_minutes`) inside
  the working window `{"start": 9, "end": 17}` (hours of the day, 24-hour) of working days. A
  moment outside the window starts from the window's next opening (its last closing, moving
  back): 16:59 plus 2 business hours is 10:59 the next working day.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import DATES, Family, as_int, as_map, as_number
from cliqsim.deluge.values import Collection, fail, to_text
from cliqsim.deluge.values_dates import parse_date_literal

define = Family(__name__).define

CAT = "datetime"
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_DAYS = 100_000  # days walked at most, so a calendar with no working day cannot loop


def _elements(value: Any, fn: str) -> Iterable[Any]:
    if value is None:
        return ()
    if type(value) is list:
        return value
    if type(value) is Collection:
        return value.mapping().values() if value.is_map else value.items
    return (value,)


def weekend_days(value: Any, fn: str) -> frozenset[int]:
    """Weekday numbers (Monday 0) of a list of day names; default Saturday and Sunday."""
    if value is None:
        return frozenset({5, 6})
    days: set[int] = set()
    for item in _elements(value, fn):
        name = to_text(item).strip().lower()
        found = [i for i, day in enumerate(DAY_NAMES) if name and day.startswith(name[:3])]
        if len(name) < 3 or not found:
            raise fail(f"'{to_text(item)}' is not a day of the week for the function {fn}")
        days.add(found[0])
    return frozenset(days)


def holiday_dates(value: Any, fn: str) -> frozenset[date]:
    found: set[date] = set()
    for item in _elements(value, fn):
        parsed = item if isinstance(item, date) else parse_date_literal(to_text(item).strip())
        if parsed is None:
            raise fail(f"UnParsable date '{to_text(item)}'")
        found.add(parsed.date() if isinstance(parsed, datetime) else parsed)
    return frozenset(found)


def _working(day: date, weekends: frozenset[int], holidays: frozenset[date]) -> bool:
    return day.weekday() not in weekends and day not in holidays


def _stamp(cx: Context, value: date) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), tzinfo=cx.zone)


def move_business_days(
    value: date, days: int, weekends: frozenset[int], holidays: frozenset[date]
) -> date:
    if len(weekends) >= 7:
        raise fail("Every day of the week is a weekend: there is no business day")
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    if remaining > MAX_DAYS:
        raise fail("Too many business days to add")
    current = value
    walked = 0
    while remaining:
        current = current + timedelta(days=step)
        walked += 1
        if walked > MAX_DAYS + 7 * 366:
            raise fail("No business day found within the range of dates")
        day = current.date() if isinstance(current, datetime) else current
        if _working(day, weekends, holidays):
            remaining -= 1
    return current


def _window(value: Any, fn: str) -> tuple[timedelta, timedelta]:
    if value is None:
        return timedelta(hours=9), timedelta(hours=17)
    hours = as_map(value, fn)
    start = _hour(hours.get("start", 9), fn)
    end = _hour(hours.get("end", 17), fn)
    if not timedelta(0) <= start < end <= timedelta(hours=24):
        raise fail(f"The business hours of {fn} must have 0 <= start < end <= 24")
    return start, end


def _hour(value: Any, fn: str) -> timedelta:
    if type(value) is str and ":" in value:
        hh, _, mm = value.partition(":")
        hour, minute = as_int(hh, fn), as_int(mm, fn)
        if not (0 <= hour <= 24 and 0 <= minute < 60):
            raise fail(f"The business hours of {fn} must be hours of the day (0 to 24)")
        return timedelta(hours=hour, minutes=minute)
    hours = float(as_number(value, fn))
    if not math.isfinite(hours) or not 0 <= hours <= 24:
        raise fail(f"The business hours of {fn} must be hours of the day (0 to 24)")
    return timedelta(hours=hours)


def business_minutes(hours: float) -> int:
    """The business minutes a count of `hours` stands for: whole hours of 60 minutes, and the two
    digits after the point as minutes (0.01 is 1 minute, 0.1 and 0.10 are 10, 0.7 is 70, 1.7 is
    2 hours 10 minutes), as real addBusinessHour results show (TheWorkflowAcademy's
    Adding-Business-Minutes-to-Timestamp: '02-Aug-2022 09:00:00'.addBusinessHour(0.7) returns
    02-Aug-2022 10:10:00). The sign is kept."""
    whole = math.trunc(hours)
    return whole * 60 + round((hours - whole) * 100)


def move_business_hours(
    start: datetime,
    minutes: int,
    weekends: frozenset[int],
    holidays: frozenset[date],
    window: tuple[timedelta, timedelta],
) -> datetime:
    """`start` moved by `minutes` business minutes (back when negative) inside the daily
    `window` (opening, closing after midnight) of working days."""
    if len(weekends) >= 7:
        raise fail("Every day of the week is a weekend: there are no business hours")
    opens, closes = window
    remaining = timedelta(minutes=abs(minutes))
    forward = minutes >= 0
    current = start
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    for _ in range(MAX_DAYS):
        day_open, day_close = midnight + opens, midnight + closes
        if _working(midnight.date(), weekends, holidays):
            if forward and current < day_close:
                current = max(current, day_open)
                if remaining <= day_close - current:
                    return current + remaining
                remaining -= day_close - current
            elif not forward and current > day_open:
                current = min(current, day_close)
                if remaining <= current - day_open:
                    return current - remaining
                remaining -= current - day_open
        midnight = _next_midnight(midnight, 1 if forward else -1)
        current = midnight if forward else midnight + timedelta(days=1)
    raise fail("Too many business hours to add")


def _next_midnight(midnight: datetime, step: int) -> datetime:
    """The midnight of the next (or previous) calendar day, in the same time zone."""
    day = midnight.date() + timedelta(days=step)
    return datetime.combine(day, time(), tzinfo=midnight.tzinfo)


def _business_day(sign: int, fn: str) -> Any:
    def shift(
        cx: Context, value: date, days: Any, weekends: Any = None, holidays: Any = None
    ) -> date:
        count = as_int(days, fn)
        if count < 0:
            # The addBusinessDay and subBusinessDay pages: "A negative number will return the
            # given date-time value as it is."
            return value
        if sign < 0 and count > 365:
            # The subBusinessDay page: "The value of this parameter cannot be more than 365."
            raise fail(f"The number of business days for the function {fn} cannot be more than 365")
        try:
            return move_business_days(
                value, sign * count, weekend_days(weekends, fn), holiday_dates(holidays, fn)
            )
        except OverflowError:
            raise fail("The date is out of range") from None

    return shift


_add_business_days = _business_day(1, "workday")


def _workday(
    cx: Context, value: date, days: Any, weekends: Any = None, holidays: Any = None
) -> date:
    """workday is addBusinessDay without the time (its page: "The date value (without time
    value) will be returned"; "The time value is not taken into account")."""
    if isinstance(value, datetime):
        value = value.date()
    result: date = _add_business_days(cx, value, days, weekends, holidays)
    return result


def _business_hour(sign: int, fn: str) -> Any:
    def shift(
        cx: Context,
        value: date,
        hours: Any,
        weekends: Any = None,
        holidays: Any = None,
        business_hours: Any = None,
    ) -> datetime:
        amount = sign * float(as_number(hours, fn))
        if not math.isfinite(amount) or abs(amount) > 24 * MAX_DAYS:
            raise fail(f"Too many business hours for the function {fn}")
        try:
            return move_business_hours(
                _stamp(cx, value),
                business_minutes(amount),
                weekend_days(weekends, fn),
                holiday_dates(holidays, fn),
                _window(business_hours, fn),
            )
        except OverflowError:
            raise fail("The date is out of range") from None

    return shift


define(
    "addBusinessDay",
    CAT,
    DATES,
    "count, weekends?, holidays?",
    "The date moved forward by `count` working days; `weekends` (day names, default Saturday "
    "and Sunday) and `holidays` (dates) are not working days; a negative count returns the date "
    "as it is.",
    function=True,
)(_business_day(1, "addBusinessDay"))
define(
    "workday",
    CAT,
    DATES,
    "count, weekends?, holidays?",
    "The DATE `count` working days later, as addBusinessDay without the time (its page: "
    "weekends, holidays, a negative count returns the date as it is).",
    function=True,
)(_workday)
define(
    "subBusinessDay",
    CAT,
    DATES,
    "count, weekends?, holidays?",
    "The date moved back by `count` working days (weekends and holidays as for addBusinessDay); "
    "a negative count returns the date as it is, a count above 365 is a run-time error (its page).",
    function=True,
)(_business_day(-1, "subBusinessDay"))
define(
    "addBusinessHour",
    CAT,
    DATES,
    "count, weekends?, holidays?, business_hours?",
    "The date-time moved by `count` working hours (negative moves back; the digits after a "
    "DECIMAL's point are minutes: 0.01 is 1 minute, 0.3 is 30, 1.7 is 2 hours 10 minutes) inside "
    '`business_hours` `{"start": 9, "end": 17}` of working days.',
    function=True,
)(_business_hour(1, "addBusinessHour"))
define(
    "subBusinessHour",
    CAT,
    DATES,
    "count, weekends?, holidays?, business_hours?",
    "The date-time moved back by `count` working hours (as for addBusinessHour).",
    function=True,
)(_business_hour(-1, "subBusinessHour"))
