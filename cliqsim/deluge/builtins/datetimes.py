"""DATE and DATE-TIME built-ins: adding and subtracting, reading parts, differences."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.conversion import epoch_ms
from cliqsim.deluge.builtins.define import DATES, NUMBER, TEXT, Family, as_int, cast_error
from cliqsim.deluge.values import fail, to_text, type_name

define, alias = Family(__name__).functions()

CAT = "datetime"


def as_date(value: Any, fn: str) -> date:
    if isinstance(value, date):
        return value
    if type(value) is str:
        from cliqsim.deluge.values_dates import parse_date_literal

        parsed = parse_date_literal(value)
        if parsed is not None:
            return parsed
        raise fail(f"UnParsable date '{value}'")
    if value is None:
        raise cast_error(value, "DATE-TIME", fn)
    # Zoho's error-messages page, DATE-TIME functions.
    raise fail(
        f"Incompatible types for {fn} function at argument index 1 Required : [DATE-TIME, DATE] "
        f"Found : {type_name(value)}"
    )


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _stamp(cx: Context, value: date) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), tzinfo=cx.zone)


def add_months(value: date, months: int) -> date:
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise fail("The date is out of range after adding months")
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return value.replace(year=year, month=month + 1, day=day)


def _shift(value: date, delta: timedelta) -> date:
    try:
        return value + delta
    except OverflowError:
        raise fail("The date is out of range") from None


def _adder(unit: str, sign: int) -> Callable[[Context, date, Any], date]:
    def shift(cx: Context, value: date, amount: Any) -> date:
        n = sign * as_int(amount, ("add" if sign > 0 else "sub") + unit)
        try:
            return _shift_by(cx, value, n)
        except OverflowError:  # a count no date can be moved by (timedelta's own range)
            raise fail("The date is out of range") from None

    def _shift_by(cx: Context, value: date, n: int) -> date:
        # A DATE comes back a DATE-TIME at 00:00:00: the add/sub pages' "Return Type" is
        # Date-Time and their examples show it ('01-Jan-2019'.addDay(11) returns
        # '12-Jan-2019 00:00:00', functions/datetime/addday; subDay, subWeek likewise).
        value = _stamp(cx, value)
        if unit == "Day":
            return _shift(value, timedelta(days=n))
        if unit == "Week":
            return _shift(value, timedelta(weeks=n))
        if unit == "Month":
            return add_months(value, n)
        if unit == "Year":
            return add_months(value, 12 * n)
        stamp = _stamp(cx, value)
        if unit == "Hour":
            return _shift(stamp, timedelta(hours=n))
        if unit == "Minutes":
            return _shift(stamp, timedelta(minutes=n))
        if unit == "Seconds":
            return _shift(stamp, timedelta(seconds=n))
        raise AssertionError(f"unknown unit {unit}")

    return shift


for _unit, _what in (
    ("Day", "days"),
    ("Week", "weeks"),
    ("Month", "months"),
    ("Year", "years"),
    ("Hour", "hours"),
    ("Minutes", "minutes"),
    ("Seconds", "seconds"),
):
    define(
        f"add{_unit}",
        CAT,
        DATES,
        "count",
        f"The date moved forward by `count` {_what} (a negative count moves back).",
        function=True,
    )(_adder(_unit, 1))
    define(
        f"sub{_unit}",
        CAT,
        DATES,
        "count",
        f"The date moved back by `count` {_what}.",
        function=True,
    )(_adder(_unit, -1))


def _part(getter: Callable[[date], int]) -> Callable[[Context, date], int]:
    def read(cx: Context, value: date) -> int:
        return getter(value)

    return read


def _hour(value: date) -> int:
    return value.hour if isinstance(value, datetime) else 0


def _minute(value: date) -> int:
    return value.minute if isinstance(value, datetime) else 0


def _second(value: date) -> int:
    return value.second if isinstance(value, datetime) else 0


def _weekday(value: date) -> int:
    return value.isoweekday() % 7 + 1  # Sunday is 1 ... Saturday is 7


def _week_of_year(value: date, first_day: int = 6) -> int:
    """The week of the year, weeks starting on `first_day` (Monday 0 ... Sunday 6)."""
    jan1 = date(value.year, 1, 1)
    offset = (jan1.weekday() - first_day) % 7
    return (value.timetuple().tm_yday - 1 + offset) // 7 + 1


@define(
    "getWeekOfYear",
    CAT,
    DATES,
    "start_day?",
    'The week of the year; weeks start on `start_day` (default "Sunday").',
    function=True,
)
def week_of_year(cx: Context, value: date, start_day: Any = None) -> int:
    if start_day is None:
        return _week_of_year(value)
    name = to_text(start_day).strip().lower()
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    found = [i for i, day in enumerate(days) if len(name) >= 3 and day.startswith(name)]
    if not found:
        raise fail(
            f"'{to_text(start_day)}' is not a day of the week for the function getWeekOfYear"
        )
    return _week_of_year(value, found[0])


_PARTS: tuple[tuple[tuple[str, ...], Callable[[date], int], str], ...] = (
    (("getDay", "day"), lambda v: v.day, "The day of the month (1-31)."),
    (("getMonth", "month"), lambda v: v.month, "The month (1-12)."),
    (("getYear", "year"), lambda v: v.year, "The year."),
    (("getHour", "hour"), _hour, "The hour (0-23)."),
    (("getMinutes", "minute"), _minute, "The minutes (0-59)."),
    (("getSeconds", "second"), _second, "The seconds (0-59)."),
    (("getDayOfYear",), lambda v: v.timetuple().tm_yday, "The day of the year (1-366)."),
    (("getDayOfWeek", "weekday"), _weekday, "The day of the week: 1 is Sunday, 7 is Saturday."),
)
for _names, _getter, _summary in _PARTS:
    for _name in _names:
        define(_name, CAT, DATES, "", _summary, function=True)(_part(_getter))


# getDate: on no Zoho page; Zoho's own OneDrive sample for Cliq reads the month name out of
# `modified.getDate()` next to `modified.getDay()`, so it is the date part of the value, a DATE
# (`"12-Jan-2024"` as text), as `toDate()` gives it (docs/deluge.md).
@define("getDate", CAT, DATES, "", "The date part, a DATE (no time of day).", function=True)
def get_date(cx: Context, value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


@define(
    "daysBetween",
    CAT,
    DATES,
    "end",
    "Whole days from the date to `end`, the end day not counted "
    "(daysBetween('1-Jan-2019', '31-Dec-2019') is 364).",
    function=True,
)
def days_between(cx: Context, start: date, end: Any) -> int:
    return (_day(as_date(end, "daysBetween")) - _day(start)).days


@define(
    "days360",
    CAT,
    DATES,
    "end",
    "Days to `end` on the 360-day (30/360 US) calendar.",
    function=True,
)
def days360(cx: Context, start: date, end: Any) -> int:
    a, b = _day(start), _day(as_date(end, "days360"))
    d1 = min(a.day, 30)
    d2 = 30 if b.day == 31 and d1 == 30 else b.day
    return (b.year - a.year) * 360 + (b.month - a.month) * 30 + (d2 - d1)


@define(
    "hoursBetween", CAT, DATES, "end", "Whole hours from the date-time to `end`.", function=True
)
def hours_between(cx: Context, start: date, end: Any) -> int:
    delta = _stamp(cx, as_date(end, "hoursBetween")) - _stamp(cx, start)
    return (
        int(delta.total_seconds() // 3600)
        if delta >= timedelta(0)
        else -int((-delta).total_seconds() // 3600)
    )


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and end.day < start.day:
        months -= 1
    elif months < 0 and end.day > start.day:
        months += 1
    return months


@define(
    "monthsBetween",
    CAT,
    DATES,
    "end",
    "Months from the date to `end` counted in 30-day months, the time not counted "
    "(monthsBetween('01-Feb-2020', '01-Mar-2020') is 0, its page).",
    function=True,
)
def months_between(cx: Context, start: date, end: Any) -> int:
    return _whole_units((_day(as_date(end, "monthsBetween")) - _day(start)).days, 30)


@define(
    "yearsBetween",
    CAT,
    DATES,
    "end",
    "Years from the date to `end` counted in 365-day years "
    "(yearsBetween('1-Jan-2020', '31-Dec-2020') is 1, its page).",
    function=True,
)
def years_between(cx: Context, start: date, end: Any) -> int:
    return _whole_units((_day(as_date(end, "yearsBetween")) - _day(start)).days, 365)


def _whole_units(days: int, size: int) -> int:
    return days // size if days >= 0 else -(-days // size)


@define(
    "totalMonth",
    CAT,
    DATES,
    "end",
    "Whole calendar months from the date to `end` (totalMonth('31-Dec-1989', '01-Feb-1990') "
    "is 1, its page).",
    function=True,
)
def total_month(cx: Context, start: date, end: Any) -> int:
    return _months_between(_day(start), _day(as_date(end, "totalMonth")))


alias("totalMonths", "totalMonth")  # the totalMonth page's examples call it so


@define(
    "totalYear",
    CAT,
    DATES,
    "end",
    "Whole calendar years from the date to `end` (totalYear('1-Jan-2019', '1-Jan-2020') is 1).",
    function=True,
)
def total_year(cx: Context, start: date, end: Any) -> int:
    return int(_months_between(_day(start), _day(as_date(end, "totalYear"))) / 12)


alias("totalYears", "totalYear")  # the totalYear page's examples call it so


@define(
    "workDaysBetween",
    CAT,
    DATES,
    "end, weekends?, holidays?",
    "Working days from the date to `end`, the start day not counted (negative when `end` is "
    "earlier); `weekends` (day names, default Saturday and Sunday) and `holidays` (dates) are "
    "not working days (functions/datetime/work-days-between).",
    function=True,
)
def work_days_between(
    cx: Context, start: date, end: Any, weekends: Any = None, holidays: Any = None
) -> int:
    from cliqsim.deluge.builtins.business_time import holiday_dates, weekend_days

    a, b = _day(start), _day(as_date(end, "workDaysBetween"))
    off_days = weekend_days(weekends, "workDaysBetween")
    off_dates = holiday_dates(holidays, "workDaysBetween")
    sign = 1
    if b < a:  # the start day is still the one not counted: the days from `end` up to it
        a, b, sign = b - timedelta(days=1), a - timedelta(days=1), -1
    weeks, extra = divmod((b - a).days, 7)
    per_week = 7 - len(off_days)
    count = weeks * per_week + sum(
        1 for i in range(1, extra + 1) if (a + timedelta(days=i)).weekday() not in off_days
    )
    count -= sum(1 for day in off_dates if a < day <= b and day.weekday() not in off_days)
    return sign * count


@define(
    "edate",
    CAT,
    DATES,
    "months",
    "The DATE `months` months later (same day, clamped; a date-time's time is dropped).",
    function=True,
)
def edate(cx: Context, start: date, months: Any) -> date:
    return add_months(_day(start), as_int(months, "edate"))  # the time is not counted (its page)


@define(
    "eomonth",
    CAT,
    DATES,
    "months",
    "The last day of the month `months` months later.",
    function=True,
)
def eomonth(cx: Context, start: date, months: Any) -> date:
    moved = add_months(_day(start).replace(day=1), as_int(months, "eomonth"))
    return moved.replace(day=calendar.monthrange(moved.year, moved.month)[1])


@define("toStartOfMonth", CAT, DATES, "", "The first day of the date's month.", function=True)
def start_of_month(cx: Context, value: date) -> date:
    return _midnight(value).replace(day=1)


@define(
    "toStartOfWeek",
    CAT,
    DATES,
    "",
    "The Sunday starting the date's week (a date-time at 00:00:00, its page).",
    function=True,
)
def start_of_week(cx: Context, value: date) -> date:
    return _shift(_midnight(value), timedelta(days=-(_weekday(value) - 1)))


def _midnight(value: date) -> date:
    if isinstance(value, datetime):
        return value.replace(hour=0, minute=0, second=0, microsecond=0)
    return value


@define(
    "unixEpoch",
    CAT,
    DATES,
    "time_zone?",
    "Milliseconds since 1970-01-01 00:00 UTC; with `time_zone` the date-time's clock time is read "
    "in that zone (GMT for a zone name that is not valid, functions/datetime/unix-epoch).",
    function=True,
)
def unix_epoch(cx: Context, value: date, time_zone: Any = None) -> int:
    if time_zone is None:
        return epoch_ms(cx, value)
    from cliqsim.deluge.values_dates import java_zone

    zone = java_zone(to_text(time_zone))
    wall = value if isinstance(value, datetime) else datetime.combine(value, time())
    return epoch_ms(cx, wall.replace(tzinfo=zone))


@define(
    "toDateTimeString",
    CAT,
    DATES + NUMBER + TEXT,
    "date_time_format?, time_zone?",
    "The date-time as text in `date_time_format` (Java-style, default dd-MMM-yyyy HH:mm:ss) in "
    "`time_zone` (default the script's zone); a NUMBER is Unix time in milliseconds, a TEXT must "
    "spell a date-time (functions/datetime/todatetimestring).",
    function=True,
)
def to_date_time_string(
    cx: Context, value: Any, date_time_format: Any = None, time_zone: Any = None
) -> str:
    from cliqsim.deluge.builtins.conversion import from_epoch_ms
    from cliqsim.deluge.values_dates import format_date, java_zone, parse_date_text

    if type(value) is int:
        value = from_epoch_ms(cx, value)
    elif type(value) is str:
        value = parse_date_text(value.strip(), cx.zone)
    stamp = _stamp(cx, value)
    pattern = "dd-MMM-yyyy HH:mm:ss" if date_time_format is None else to_text(date_time_format)
    where = java_zone(to_text(time_zone)) if time_zone is not None else None
    return format_date(stamp, pattern, where)


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day_number(value: Any, fn: str) -> int:
    """Monday 0 ... Sunday 6 for a day's full name, any case (the pages' "Allowed Values")."""
    name = to_text(value).strip().lower() if value is not None else ""
    if name not in _DAY_NAMES:
        raise fail(
            f"'{to_text(value)}' is not a day of the week for the function {fn}: "
            "use Sunday, Monday, Tuesday, Wednesday, Thursday, Friday or Saturday"
        )
    return _DAY_NAMES.index(name)


@define(
    "nextWeekDay",
    CAT,
    DATES,
    "day",
    'The first date after the value that falls on `day` ("Monday" ... "Sunday"), a week later '
    "when the value is that day already ('20-Jul-2021'.nextWeekDay(\"Tuesday\") is 27-Jul-2021, "
    "its page); weekends count like any day.",
    function=True,
)
def next_week_day(cx: Context, value: date, day: Any) -> date:
    ahead = (_day_number(day, "nextWeekDay") - value.weekday() - 1) % 7 + 1
    return _shift(value, timedelta(days=ahead))


@define(
    "previousWeekDay",
    CAT,
    DATES,
    "day",
    "The last date before the value that falls on `day`, a week earlier when the value is that "
    "day already ('21-Jul-2021'.previousWeekDay(\"Wednesday\") is 14-Jul-2021, its page).",
    function=True,
)
def previous_week_day(cx: Context, value: date, day: Any) -> date:
    back = (value.weekday() - _day_number(day, "previousWeekDay") - 1) % 7 + 1
    return _shift(value, timedelta(days=-back))
