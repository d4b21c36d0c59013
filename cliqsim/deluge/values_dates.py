"""Deluge date and date-time text: the accepted literal formats, and Java-style patterns
(`"yyyy-MM-dd HH:mm"`) for `toString(pattern)` and `toDate(pattern)`."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.values import MONTHS, fail

FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The date formats a single-quoted date-time accepts, in the order of Zoho's Date-Time data type
# page (datatypes/date-time: "Supported Date formats"), each with or without a time of day.
DATE_FORMATS = (
    "dd-MMM-yy",
    "dd-MMM-yyyy",
    "dd-MMMM-yy",
    "dd-MMMM-yyyy",
    "MM-dd-yy",
    "yy-MM-dd",
    "dd-MM-yy",
    "dd-MM-yyyy",
    "MM-dd-yyyy",
    "yyyy-MM-dd",
    "yy/MM/dd",
    "dd/MM/yy",
    "MM/dd/yy",
    "yyyy/MM/dd",
    "MM/dd/yyyy",
    "dd/MM/yyyy",
    "dd MMM,yy",
    "MMM dd,yy",
    "dd MMM,yyyy",
    "MMM dd,yyyy",
    "dd MMMM,yy",
    "MMMM dd,yy",
    "dd MMMM,yyyy",
    "MMMM dd,yyyy",
    "E,MMMM dd,yyyy",
    "E,MMM dd,yyyy",
    "MMM dd yy",
    "dd MMM yy",
    "MMM dd yyyy",
    "dd MMM yyyy",
    "MMMM dd yy",
    "dd MMMM yy",
    "dd MMMM yyyy",
    "MMMM dd yyyy",
    "dd.MM.yy",
    "MM.dd.yy",
    "yy.MM.dd",
    "dd MM yyyy",
    "dd.MM.yyyy",
    "MM.dd.yyyy",
    "yyyy.MM.dd",
    "yyyyMMdd",
)
# Forms that name a zone or a T, tried before the date formats.
ZONED_FORMATS = (
    "yyyy-MM-dd'T'HH:mm:ssXXX",
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
    "yyyy-MM-dd'T'HH:mm:ss",
    # A Zoho date-time field's value with the T replaced by a space (TheWorkflowAcademy's
    # Date-Time-Format-Conversion: "the date-time is now in a Deluge-parsable format").
    "yyyy-MM-dd HH:mm:ssXXX",
)
# A date format's time of day: 24-hour or 12-hour, with or without seconds.
_TIME_OF_DAY = re.compile(
    r"(?P<date>.+?)\s+(?P<time>\d{1,2}:\d{1,2}(?P<seconds>:\d{1,2})?(?P<half>\s*[AaPp][Mm])?)"
)

_TOKEN = re.compile(r"'[^']*'|''|([a-zA-Z])\1*|.", re.S)


def _tokens(pattern: str) -> list[str]:
    return [m.group(0) for m in _TOKEN.finditer(pattern)]


# Java's three-letter time zone IDs (java.time.ZoneId.SHORT_IDS, which TimeZone.getTimeZone
# also takes): Deluge's zone arguments are Java time zone IDs.
SHORT_ZONE_IDS = {
    "ACT": "Australia/Darwin", "AET": "Australia/Sydney",
    "AGT": "America/Argentina/Buenos_Aires", "ART": "Africa/Cairo", "AST": "America/Anchorage",
    "BET": "America/Sao_Paulo", "BST": "Asia/Dhaka", "CAT": "Africa/Harare",
    "CNT": "America/St_Johns", "CST": "America/Chicago", "CTT": "Asia/Shanghai",
    "EAT": "Africa/Addis_Ababa", "ECT": "Europe/Paris",
    "IET": "America/Indiana/Indianapolis", "IST": "Asia/Kolkata", "JST": "Asia/Tokyo",
    "MIT": "Pacific/Apia", "NET": "Asia/Yerevan", "NST": "Pacific/Auckland",
    "PLT": "Asia/Karachi", "PNT": "America/Phoenix", "PRT": "America/Puerto_Rico",
    "PST": "America/Los_Angeles", "SST": "Pacific/Guadalcanal", "VST": "Asia/Ho_Chi_Minh",
}
# An offset, alone or after GMT/UTC/UT as Java's custom IDs write it: "+05:30", "GMT+5:30",
# "GMT+0530", "GMT-8", "UTC+02:00".
GMT = timezone(timedelta(0), "GMT")
_OFFSET_ZONE = re.compile(r"(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d\d))?", re.I)


def zone_named(name: str) -> tzinfo:
    """A time zone by Java ID: an IANA name (`Asia/Kolkata`), `UTC`/`GMT`, an offset (`+05:30`,
    `GMT+5:30`, `GMT-8`) or a three-letter ID (`IST`, `PST`). Raises for any other name."""
    name = SHORT_ZONE_IDS.get(name.strip().upper(), name.strip())
    offset = _OFFSET_ZONE.fullmatch(name)
    if offset is not None:
        sign, hours, minutes = offset.group(1), int(offset.group(2)), int(offset.group(3) or 0)
        if hours <= 23 and minutes <= 59:
            span = timedelta(hours=hours, minutes=minutes)
            shown = f"GMT{sign}{hours:02d}:{minutes:02d}" if span else "GMT"
            return timezone(-span if sign == "-" else span, shown)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    if name.upper() in ("UTC", "GMT", "UT", "Z"):
        return GMT
    raise fail(f"Unknown time zone '{name}': use a name like 'Asia/Kolkata' or 'UTC'")


def java_zone(name: str) -> tzinfo:
    """A zone argument of a Deluge function: `zone_named`, or GMT for a name Java does not know
    (TimeZone.getTimeZone's fallback; the unix-epoch page: "GMT" for a zone that is not valid)."""
    try:
        return zone_named(name)
    except DelugeRuntimeError:
        return GMT


# --------------------------------------------------------------------------- formatting


def _sunday_index(value: date) -> int:
    """0 for Sunday ... 6 for Saturday."""
    return value.isoweekday() % 7


def _week_year(value: date) -> int:
    """Java's week year for Zoho's (US) week: weeks run Sunday to Saturday and week 1 is the one
    holding 1 January, so 29-Dec-2019 (a Sunday) is in week year 2020."""
    week_start = value.toordinal() - _sunday_index(value)
    next_jan1 = date(value.year + 1, 1, 1).toordinal()
    return value.year + 1 if week_start + 6 >= next_jan1 else value.year


def _week_of_year(value: date) -> int:
    """Java's `w` for the US week: the week of the week year, week 1 holding 1 January."""
    year = _week_year(value)
    jan1 = date(year, 1, 1)
    first_week_start = jan1.toordinal() - _sunday_index(jan1)
    week_start = value.toordinal() - _sunday_index(value)
    return (week_start - first_week_start) // 7 + 1


def format_date(value: date, pattern: str, zone: tzinfo | None = None) -> str:
    """`value` in a Java-style pattern; a date-time is first moved to `zone` when one is given."""
    if isinstance(value, datetime) and zone is not None:
        value = value.astimezone(zone)
    out: list[str] = []
    for token in _tokens(pattern):
        out.append(_format_token(value, token))
    return "".join(out)


def _format_token(value: date, token: str) -> str:
    letter, width = token[0], len(token)
    if token == "''":
        return "'"
    if letter == "'":
        return token[1:-1]
    if not letter.isalpha():
        return token
    stamp = value if isinstance(value, datetime) else None
    hour = stamp.hour if stamp else 0
    if letter == "y":
        return f"{value.year % 100:02d}" if width == 2 else f"{value.year:0{width}d}"
    if letter in "ML":
        if width >= 4:
            return FULL_MONTHS[value.month - 1]
        if width == 3:
            return MONTHS[value.month - 1]
        return f"{value.month:0{width}d}"
    if letter == "d":
        return f"{value.day:0{width}d}"
    if letter == "D":
        return f"{value.timetuple().tm_yday:0{width}d}"
    if letter == "E":
        name = DAYS[value.weekday()]
        return name if width >= 4 else name[:3]
    if letter == "u":
        return str(value.isoweekday())
    if letter == "H":
        return f"{hour:0{width}d}"
    if letter == "k":
        return f"{hour or 24:0{width}d}"
    if letter == "h":
        return f"{(hour % 12) or 12:0{width}d}"
    if letter == "K":
        return f"{hour % 12:0{width}d}"
    if letter == "m":
        return f"{stamp.minute if stamp else 0:0{width}d}"
    if letter == "s":
        return f"{stamp.second if stamp else 0:0{width}d}"
    if letter == "S":
        return f"{(stamp.microsecond // 1000) if stamp else 0:03d}"[:width].ljust(width, "0")
    if letter == "a":
        return "AM" if hour < 12 else "PM"
    if letter in "zZX":
        return _zone_text(stamp, letter, width)
    if letter == "Y":
        year = _week_year(value)
        return f"{year % 100:02d}" if width == 2 else f"{year:0{width}d}"
    if letter == "w":
        return f"{_week_of_year(value):0{width}d}"
    if letter == "W":
        first = value.replace(day=1)
        return f"{(value.day - 1 + _sunday_index(first)) // 7 + 1:0{width}d}"
    if letter == "F":
        return f"{(value.day - 1) // 7 + 1:0{width}d}"
    if letter == "G":
        return "AD"
    raise fail(f"Illegal pattern character '{letter}' in the date format")


def _zone_text(stamp: datetime | None, letter: str, width: int) -> str:
    if stamp is None or stamp.utcoffset() is None:
        return ""
    offset = stamp.utcoffset() or timedelta(0)
    if letter == "z":
        return stamp.tzname() or ""
    if letter == "X" and offset == timedelta(0):
        return "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    if letter == "X" and width == 1:  # Java's X is the hours only: "+05" for +05:30
        return f"{sign}{hours:02d}"
    if letter == "Z" or width < 3:
        return f"{sign}{hours:02d}{mins:02d}"
    return f"{sign}{hours:02d}:{mins:02d}"


# --------------------------------------------------------------------------- parsing

_NUMERIC = dict.fromkeys("dHhmskK", r"\d{1,2}") | {"y": r"\d{4}", "S": r"\d{1,3}", "D": r"\d{1,3}"}


@lru_cache(maxsize=256)
def _compile_pattern(
    pattern: str, lenient_year: bool = False
) -> tuple[re.Pattern[str], tuple[str, ...]]:
    parts: list[str] = []
    fields: list[str] = []
    for token in _tokens(pattern):
        letter, width = token[0], len(token)
        if token == "''":
            parts.append("'")
        elif letter == "'":
            parts.append(re.escape(token[1:-1]))
        elif not letter.isalpha():
            # Java skips spaces before a field: "MMM dd,yyyy" reads "Aug 15, 1947"
            parts.append(r"\s+" if token == " " else r",\s*" if token == "," else re.escape(token))
        else:
            group = f"f{len(fields)}"
            if letter == "y":  # Java reads "19" in yyyy as the year 19 (the toTime page)
                rx = r"\d{2}" if width == 2 else r"\d{1,4}" if lenient_year else r"\d{4}"
            elif letter == "M":
                rx = r"[A-Za-z]+" if width >= 3 else r"\d{1,2}"
            elif letter == "E":
                rx = r"[A-Za-z]+"
            elif letter == "a":
                rx = r"[AaPp][Mm]"
            elif letter in "XZz":
                rx = r"Z|[+-]\d\d(?::?\d\d)?|[A-Za-z_/]+"
            elif letter in _NUMERIC:
                rx = _NUMERIC[letter]
            else:
                raise fail(f"Illegal pattern character '{letter}' in the date format")
            parts.append(f"(?P<{group}>{rx})")
            fields.append(token)
    return re.compile("".join(parts), re.I), tuple(fields)


def _month_number(text: str) -> int | None:
    lowered = text.lower()
    for index, name in enumerate(FULL_MONTHS):
        if lowered == name.lower() or lowered == name[:3].lower():
            return index + 1
    return None


def _two_digit_year(yy: int) -> int:
    """Java's SimpleDateFormat reads a two-digit `yy` as the year within 80 years before and 20
    after today (the Date-Time data type page shows '15-Aug-47' as 1947)."""
    start = date.today().year - 80
    year = start // 100 * 100 + yy
    return year + 100 if year < start else year


def parse_with_pattern(text: str, pattern: str, prefix: bool = False) -> date | datetime | None:
    """Parse `text` exactly in the Java-style `pattern` (with `prefix`, the pattern may match the
    start of the text only, as Java's parse does: `toDate("01,11,2019 1:30:00 pm", "MM,d,yyyy")`
    is 11-Jan-2019, the toDate page). A DATE when the pattern has no time fields, else a naive
    DATE-TIME (or an aware one when the pattern has a zone); None when the text does not match
    or names an impossible date."""
    regex, fields = _compile_pattern(pattern, prefix)
    match = regex.match(text.strip()) if prefix else regex.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, micro = 1970, 1, 1, 0, 0, 0, 0
    has_time, pm, zone = False, None, None
    for index, token in enumerate(fields):
        raw = match.group(f"f{index}")
        letter = token[0]
        if letter == "y":
            year = _two_digit_year(int(raw)) if len(token) == 2 else int(raw)
        elif letter == "M":
            number = int(raw) if raw.isdigit() else _month_number(raw)
            if number is None:
                return None
            month = number
        elif letter == "d":
            day = int(raw)
        elif letter in "Hk":
            hour, has_time = int(raw) % 24 if letter == "k" else int(raw), True
        elif letter in "hK":
            hour, has_time = int(raw) % 12, True
        elif letter == "m":
            minute, has_time = int(raw), True
        elif letter == "s":
            second, has_time = int(raw), True
        elif letter == "S":
            micro = int(raw.ljust(3, "0")) * 1000
        elif letter == "a":
            pm = raw.lower() == "pm"
        elif letter in "XZz":
            zone = zone_named("UTC" if raw.upper() == "Z" else raw)
            has_time = True
    if pm is not None and pm:
        hour = hour % 12 + 12
    # The add/sub date pages: an hour of 24 or more resets the time to 00:00:00, minutes of 60
    # or more reset mm:ss to 00:00, seconds of 60 or more reset ss to 00.
    if hour >= 24:
        hour = minute = second = 0
    elif minute >= 60:
        minute = second = 0
    elif second >= 60:
        second = 0
    try:
        if not has_time:
            return date(year, month, day)
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        return None


def parse_date_literal(text: str) -> date | datetime | None:
    """A single-quoted literal in one of the documented formats: a DATE, a DATE-TIME (naive
    unless the text names its zone), or None when it is not a date at all."""
    if not text or not text[0].isalnum() or not any(c.isdigit() for c in text):
        return None
    for pattern in ZONED_FORMATS:
        value = parse_with_pattern(text, pattern)
        if value is not None:
            return value
    clock = _TIME_OF_DAY.fullmatch(text.strip())
    day_part, time_pattern = text, ""
    if clock is not None:
        day_part = clock.group("date")
        time_pattern = " hh:mm" if clock.group("half") else " HH:mm"
        time_pattern += ":ss" if clock.group("seconds") else ""
        time_pattern += " a" if clock.group("half") else ""
    for pattern in DATE_FORMATS:
        if parse_with_pattern(day_part, pattern) is not None:
            return parse_with_pattern(text, pattern + time_pattern)
    return None


def parse_date_text(text: str, zone: tzinfo, pattern: str | None = None) -> date | datetime:
    """`toDate()`/`toDateTime()` of a text: in `pattern` if given, else in any literal format.
    Raises Deluge's "UnParsable date" error otherwise. Date-times come back aware in `zone`."""
    value = (
        parse_with_pattern(text, pattern, prefix=True)
        if pattern is not None
        else parse_date_literal(text)
    )
    if value is None:
        raise fail(f"UnParsable date '{text}'")
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value
