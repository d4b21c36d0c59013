"""Conversions between Deluge types: toString, toLong, toDecimal, toDate, toList, toMap, ..."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import (
    ANY,
    COLLECTION,
    DATES,
    DECIMAL,
    LIST,
    MAP,
    NUMBER,
    NUMERIC,
    TEXT,
    Family,
    as_text,
    cast_error,
    check_size,
    check_text,
)
from cliqsim.deluge.builtins.java_order import hash_map_order
from cliqsim.deluge.builtins.lenient_json import INVALID, parse_json
from cliqsim.deluge.builtins.number_format import is_number_pattern, number_format
from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.values import (
    Collection,
    File,
    check_decimal,
    check_number,
    fail,
    joined_text,
    to_text,
)
from cliqsim.deluge.values_dates import (
    format_date,
    java_zone,
    parse_date_text,
    parse_with_pattern,
)

define, alias = Family(__name__).functions()

CAT = "conversion"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_ms(cx: Context, value: date) -> int:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), tzinfo=cx.zone)
    return (value - EPOCH) // timedelta(milliseconds=1)


def from_epoch_ms(cx: Context, millis: int) -> datetime:
    try:
        return (EPOCH + timedelta(milliseconds=millis)).astimezone(cx.zone)
    except OverflowError:
        raise fail(f"{millis} milliseconds is outside the range of dates") from None


@define(
    "toString",
    CAT,
    ANY,
    "pattern?, zone?",
    "The value as text; a DATE-TIME (or a NUMBER of milliseconds, or a TEXT that spells a "
    "date-time) in the Java-style `pattern` and time `zone` when given; a number in a number "
    'pattern such as "0.00" or "#,##0.##"; a LIST\'s elements joined by `pattern` '
    '(`parts.toString("&")`).',
    function=True,
)
def to_string(cx: Context, value: Any, pattern: Any = None, zone: Any = None) -> str | None:
    if pattern is None:
        return to_text(value)
    shape = as_text(pattern, "toString")
    # A list's "pattern" is the separator between its elements (real code builds query strings
    # with `parts.toString("&")`; no Zoho page shows it: docs/deluge.md).
    if type(value) is list:
        return check_text(cx, joined_text(value, shape))
    if type(value) is Collection and not value.is_map:
        return check_text(cx, joined_text(value.items, shape))
    if type(value) in (int, float) and is_number_pattern(shape):
        return number_format(value, shape)
    if type(value) is int:
        value = from_epoch_ms(cx, value)
    elif type(value) is str:
        value = parse_date_text(value, cx.zone)  # a text that spells a date formats as one
    if not isinstance(value, date):
        return to_text(value)
    if not isinstance(value, datetime):  # a DATE is its midnight in the script's zone
        value = datetime.combine(value, time(), tzinfo=cx.zone)
    where = java_zone(as_text(zone, "toString")) if zone is not None else None
    try:
        return format_date(value, as_text(pattern, "toString"), where)
    except DelugeRuntimeError as error:
        # functions/common/to-text: a letter that is no date-time literal, unquoted, gives null.
        if error.message.startswith("Illegal pattern character"):
            return None
        raise


alias("toText", "toString")


def _number_from_text(text: str, fn: str) -> int:
    cleaned = text.strip()
    try:
        return check_number(int(cleaned))
    except ValueError:
        pass
    try:
        number = float(cleaned)
        if math.isfinite(number) and cleaned.lower() not in ("nan", "inf", "infinity"):
            return check_number(int(number))
    except ValueError:
        pass
    raise fail(f"'{text[:60]}' can not be converted to a NUMBER for the function {fn}")


@define(
    "toLong",
    CAT,
    TEXT + NUMERIC + DATES,
    "",
    "The value as a NUMBER: decimals are truncated; a DATE-TIME gives milliseconds since "
    "1970-01-01 UTC; text must be a number.",
    function=True,
)
def to_long(cx: Context, value: Any) -> int:
    if type(value) is int:
        return value
    if type(value) is float:
        return check_number(int(check_decimal(value)))
    if type(value) is str:
        return _number_from_text(value, "toLong")
    return epoch_ms(cx, value)


alias("toNumber", "toLong")
alias("toBigInt", "toLong")


@define("toDecimal", CAT, TEXT + NUMERIC, "", "The value as a DECIMAL.", function=True)
def to_decimal(cx: Context, value: Any) -> float:
    if type(value) is str:
        try:
            result = float(value.strip())
        except ValueError:
            raise fail(
                f"'{value[:60]}' can not be converted to a DECIMAL for the function toDecimal"
            ) from None
        if not math.isfinite(result):
            raise fail(f"'{value[:60]}' can not be converted to a DECIMAL")
        return result
    return float(value)


@define(
    "toDate",
    CAT,
    TEXT + NUMBER + DATES,
    "pattern?",
    "The DATE a text spells (in `pattern`, else any literal format), or the date part of "
    "a DATE-TIME; a NUMBER is milliseconds since 1970-01-01 UTC (or digits in `pattern`); "
    'otherwise "UnParsable date".',
    function=True,
)
def to_date(cx: Context, value: Any, pattern: Any = None) -> date:
    if type(value) is int:
        return _from_number(cx, value, pattern, "toDate").date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_date_text(
        value, cx.zone, None if pattern is None else as_text(pattern, "toDate")
    )
    return parsed.date() if isinstance(parsed, datetime) else parsed


@define(
    "toDateTime",
    CAT,
    TEXT + NUMBER + DATES,
    "pattern?, zone?",
    "The DATE-TIME a text spells (in `pattern`, else any literal format; read in time `zone` "
    "when given); a NUMBER is milliseconds since 1970-01-01 UTC, or digits in `pattern`.",
    function=True,
)
def to_date_time(cx: Context, value: Any, pattern: Any = None, zone: Any = None) -> datetime:
    if type(value) is int:
        return _from_number(cx, value, pattern, "toDateTime")
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=cx.zone)
    where = None if pattern is None else as_text(pattern, "toDateTime")
    # The toTime page: the text is read in `zone` and shown in the script's zone.
    read_in = cx.zone if zone is None else java_zone(as_text(zone, "toDateTime"))
    parsed = parse_date_text(value, read_in, where)
    if not isinstance(parsed, datetime):
        parsed = datetime.combine(parsed, time(), tzinfo=read_in)
    return parsed.astimezone(cx.zone)


alias("toTime", "toDateTime")


def _from_number(cx: Context, value: int, pattern: Any, fn: str) -> datetime:
    """A NUMBER is milliseconds since 1970-01-01 UTC (the toDate page: 1000 is one second after
    the epoch). With a pattern its digits are read in it first (`20240131.toDate("yyyyMMdd")`,
    which real scripts write; the page ignores the pattern for numbers)."""
    if pattern is not None:
        parsed = parse_with_pattern(str(value), as_text(pattern, fn))
        if parsed is not None:
            if isinstance(parsed, datetime):
                return parsed if parsed.tzinfo else parsed.replace(tzinfo=cx.zone)
            return datetime.combine(parsed, time(), tzinfo=cx.zone)
    return from_epoch_ms(cx, value)


@define(
    "toList",
    CAT,
    TEXT,
    "separator?",
    "The text split at each `separator`; with no separator, or one that does not occur, a "
    "one-element list of the whole text (functions/string/tolist), but a JSON array text "
    '(`"[1,2]"`) is that list; "" splits into characters.',
    function=True,
)
def text_to_list(cx: Context, value: str, separator: Any = None) -> list[Any]:
    if separator is None:
        # The toList page: "If a separator is not provided ..., the entire source text is
        # returned as a single element of a list." A JSON array text (an API's "data" read as
        # text) is the list it spells, as real scripts calling toList() on it rely on.
        if value.strip().startswith("["):
            try:
                parsed = parse_json(value, cx.max_collection)
            except DelugeRuntimeError:
                parsed = None
            if type(parsed) is list:
                return parsed
        return [value]
    sep = as_text(separator, "toList")
    parts = list(value) if sep == "" else value.split(sep)
    check_size(cx, len(parts))
    return parts


@define(
    "toList", CAT, LIST + COLLECTION, "", "A copy as a LIST (a collection's values).", function=True
)
def list_to_list(cx: Context, value: Any) -> list[Any]:
    if type(value) is Collection:
        return list(value.mapping().values()) if value.is_map else list(value.items)
    return list(value)


@define(
    "toListString",
    CAT,
    TEXT + LIST + COLLECTION,
    "",
    'A LIST of TEXT: comma-separated text split at each "," (`"1,2,3".toListString()` is '
    "`{\"1\", \"2\", \"3\"}`, functions/list/to-list-string), or a list's elements as text.",
    function=True,
)
def to_list_string(cx: Context, value: Any) -> list[Any]:
    if type(value) is str:
        parts: list[Any] = value.split(",")
    else:
        parts = [None if item is None else to_text(item) for item in list_to_list(cx, value)]
    check_size(cx, len(parts))
    return parts


@define(
    "toMap",
    CAT,
    TEXT,
    "",
    "The KEY-VALUE a JSON text spells (lenient: `{company:Zoho}` works too), its keys in Java "
    'HashMap order as the toMap page shows; otherwise "Invalid JSON Format String".',
    function=True,
)
def text_to_map(cx: Context, value: str) -> dict[Any, Any]:
    if len(value) > min(cx.max_text, 5_000_000):
        raise fail("The text for toMap must be smaller than 5 MB")
    parsed = parse_json(value, cx.max_collection)
    if type(parsed) is not dict:
        raise fail(INVALID)
    return hash_map_order(parsed)  # the page's order (cliqsim.deluge.builtins.java_order)


@define(
    "toMap",
    CAT,
    MAP + COLLECTION,
    "",
    "The map itself (a key-value collection's entries).",
    function=True,
)
def map_to_map(cx: Context, value: Any) -> dict[Any, Any]:
    if type(value) is Collection:
        if not value.is_map:
            raise cast_error(value, "MAP", "toMap")
        return dict(value.mapping())
    return value


@define(
    "toJSONList",
    CAT,
    TEXT,
    "",
    'The LIST a JSON array text spells; otherwise "Invalid JSON Format String".',
    function=True,
)
def text_to_json_list(cx: Context, value: str) -> list[Any]:
    parsed = parse_json(value, cx.max_collection)
    if type(parsed) is not list:
        raise fail(INVALID)
    return parsed


@define("toJSONList", CAT, LIST, "", "The list itself.", function=True)
def list_to_json_list(cx: Context, value: list[Any]) -> list[Any]:
    return value


@define("toJSONList", CAT, MAP, "", "A one-element list holding the map.", function=True)
def map_to_json_list(cx: Context, value: dict[Any, Any]) -> list[Any]:
    return [value]


@define(
    "toFile", CAT, TEXT, "file_name", "A FILE named `file_name` holding the text.", function=True
)
def to_file(cx: Context, value: str, name: Any) -> File:
    return File(as_text(name, "toFile"), value.encode("utf-8", "replace"), "text/plain")


@define("toHex", "number", NUMBER, "", "The number in hexadecimal digits.", function=True)
def to_hex(cx: Context, value: int) -> str:
    return format(value, "x") if value >= 0 else format(value + 2**64, "x")


# toWords' languages (functions/number/towords) as num2words names them; English (the default,
# "en-us" and "en-gb") is spelled here: "one thousand nine hundred eighty-nine".
_WORD_LANGUAGES = {"en-in": "en_IN", "fr": "fr", "de": "de", "it": "it", "ja": "ja", "ko": "ko",
                   "es": "es", "zh": "zh"}  # fmt: skip


@define(
    "toWords",
    "number",
    NUMBER + DECIMAL,
    "language?",
    'The number in words: English by default ("one thousand nine hundred eighty-nine", a '
    'DECIMAL\'s digits after "point"), or in `language` (en-us, en-gb, en-in, fr, de, it, ja, '
    "ko, es).",
    function=True,
)
def to_words(cx: Context, value: Any, language: Any = None) -> str:
    lang = "en-us" if language is None else as_text(language, "toWords").strip().lower()
    text = f"{Decimal(repr(abs(value))):f}" if type(value) is float else str(abs(value))
    if len(text.replace(".", "")) > (18 if type(value) is int else 15 + 1):
        raise fail("toWords takes a NUMBER of up to 18 digits, a DECIMAL of up to 15")
    if lang in ("en", "en-us", "en-gb"):
        if type(value) is float:
            whole, _, digits = text.partition(".")
            sign = "minus " if value < 0 else ""
            fraction = (
                "" if digits in ("", "0") else " point " + " ".join(_ONES[int(d)] for d in digits)
            )
            return sign + number_words(int(whole)) + fraction
        return number_words(value)
    if lang not in _WORD_LANGUAGES:
        raise fail(f"'{lang}' is not a language toWords knows (en-us, en-gb, en-in, fr, de, ...)")
    try:
        from num2words import num2words  # 13 ms to import: only when toWords runs

        words = str(num2words(value, lang=_WORD_LANGUAGES[lang]))
    except (NotImplementedError, OverflowError, ValueError):
        raise fail(f"toWords can not spell {to_text(value)} in '{lang}' in cliqsim") from None
    return words.replace(",", "").replace(" and ", " ") if lang == "en-in" else words


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = (
    (10**18, "quintillion"),
    (10**15, "quadrillion"),
    (10**12, "trillion"),
    (10**9, "billion"),
    (10**6, "million"),
    (1000, "thousand"),
    (100, "hundred"),
)


def number_words(n: int) -> str:
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("" if ones == 0 else "-" + _ONES[ones])
    for scale, word in _SCALES:
        if n >= scale:
            head, rest = divmod(n, scale)
            return f"{number_words(head)} {word}" + ("" if rest == 0 else " " + number_words(rest))
    raise AssertionError("unreachable")
