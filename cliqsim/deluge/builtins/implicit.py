"""Deluge's implicit conversion of the value a built-in is called on.

Deluge converts a receiver to the type a function needs when the function has no form for the
receiver's own type (Zoho's help pages: text functions take "any value whose text form" is
used; date-time functions take a TEXT that spells a date-time; map functions take JSON text):

* NUMBER, DECIMAL, BOOLEAN, DATE, DATE-TIME -> its text form: `42.contains("4")` is true
* TEXT in a date or date-time format -> DATE / DATE-TIME: `"01-Jan-2020".addHour(5)`
* TEXT holding a JSON object -> KEY-VALUE: `'{"a":1}'.get("a")` is 1 (a webhook `body`)
* TEXT holding a JSON array -> LIST: `"[1,2]".size()` is 2
* other TEXT, for `get(index)` only -> the LIST of its comma-separated parts:
  `arguments.get(0)` (Zoho's marketplace commands; no page shows it)
* TEXT spelling a number -> NUMBER / DECIMAL: `"2.5".round()` is 3
* COLLECTION -> LIST (index-value) or KEY-VALUE (key-value): `collection(1, 2).sum()`; an
  open collection (`{}`) becomes the kind the function needs (`rows = {}; rows.add(1)`)
* LIST and KEY-VALUE -> COLLECTION, in place: `rows.insertAll(more)`, `ids.containsValue(x)`

`convert(impls, receiver)` returns `(impl entry, converted receiver)` or None when no
conversion applies. A TEXT that cannot be read as the needed type fails with Deluge's own cast
message ("'TEXT' can not be cast to '[DATE-TIME, DATE]' for the function addHour").
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from typing import Any

from cliqsim.deluge.builtins.lenient_json import parse_json
from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.values import Collection, fail, to_text
from cliqsim.deluge.values_dates import parse_date_literal

Entry = tuple[Any, int, int | None]

_TEXT_FORM = (int, float, bool, date, datetime)


def convert(
    impls: dict[type, Entry], receiver: Any, name: str, zone: tzinfo
) -> tuple[Entry, Any] | None:
    kind = type(receiver)
    if kind in _TEXT_FORM and str in impls:
        return impls[str], to_text(receiver)
    if kind is Collection:
        if receiver.open:
            if list in impls and dict not in impls:
                return impls[list], receiver.decide(keyed=False).items
            if dict in impls and list not in impls:
                return impls[dict], receiver.decide(keyed=True).mapping()
        if receiver.is_map and dict in impls:
            return impls[dict], receiver.mapping()
        if not receiver.is_map and list in impls:
            return impls[list], receiver.items
        if str in impls:
            return impls[str], to_text(receiver)
        return None
    if kind is list and Collection in impls:
        return impls[Collection], Collection(items=receiver)
    if kind is dict and Collection in impls:
        return impls[Collection], Collection(entries=receiver)
    if kind is not str:
        return None
    return _from_text(impls, receiver, name, zone)


def _from_text(
    impls: dict[type, Entry], text: str, name: str, zone: tzinfo
) -> tuple[Entry, Any] | None:
    stripped = text.strip()
    if (dict in impls or list in impls) and stripped[:1] in ("{", "["):
        try:
            parsed = parse_json(stripped)
        except DelugeRuntimeError:  # not JSON: try the other conversions
            parsed = None
        if type(parsed) is dict and dict in impls:
            return impls[dict], parsed
        if type(parsed) is list and list in impls:
            return impls[list], parsed
    if name.lower() == "get" and list in impls:
        return _TEXT_GET, text
    if date in impls or datetime in impls:
        value = parse_date_literal(stripped)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        if value is not None:
            return impls.get(type(value)) or impls[date if date in impls else datetime], value
    if int in impls or float in impls:
        number = _number(stripped)
        if number is not None:
            entry = impls.get(type(number)) or impls.get(float) or impls.get(int)
            if entry is not None:
                return entry, number
    if name.lower() in _NULL_GETTERS and _null_date_text(stripped):
        return _GIVES_NULL, stripped
    wanted = _wanted(impls)
    if wanted:
        raise fail(f"'TEXT' can not be cast to '[{wanted}]' for the function {name}")
    return None


# The getDay/day, getMonth/month, getYear/year, weekday and toStartOfMonth pages (toStartOfWeek
# shares their text): "The function returns a null value if the month value is specified in less
# than 3 characters, the hour, minutes or seconds value in more than 2 digits, the date value in
# more than 2 digits, the year value has more than 4 digits" (a date past the month's end, or a
# month name of 3 or more letters that is not one, is a run-time error, as for every date
# function).
_NULL_GETTERS = frozenset(
    (
        "getday",
        "day",
        "getmonth",
        "month",
        "getyear",
        "year",
        "weekday",
        "getdayofweek",
        "tostartofmonth",
        "tostartofweek",
    )
)
_DATE_SHAPE = re.compile(r"(\d+)-([A-Za-z]+)-(\d+)(?:[ T]+(\d+):(\d+)(?::(\d+))?)?", re.ASCII)


def _null_date_text(text: str) -> bool:
    found = _DATE_SHAPE.fullmatch(text)
    if found is None:
        return False
    day, month, year, *clock = found.groups()
    return (
        len(day) > 2
        or len(month) < 3
        or len(year) > 4
        or any(part is not None and len(part) > 2 for part in clock)
    )


def _null(cx: Any, receiver: Any) -> None:
    return None


_GIVES_NULL: Entry = (_null, 0, 0)


def _text_get(cx: Any, text: str, index: Any) -> Any:
    """`get(index)` on a TEXT that is not JSON: the element of the list the text spells,
    split at commas as `List(text)` and `toListString()` split it (`"hello".get(0)` is
    "hello"), null for the empty text. Zoho's own marketplace commands read a command's
    `arguments` so; no page shows it (docs/deluge.md). A key that is no index is the cast
    error it always was."""
    if type(index) is str and _number(index.strip()) is None or type(index) in (dict, list):
        raise fail("'TEXT' can not be cast to '[MAP, LIST]' for the function get")
    from cliqsim.deluge.builtins.lists import list_get

    if not text:  # a command typed with no argument: the samples test `get(0) == null`
        return None
    return list_get(text.split(","), index)


_TEXT_GET: Entry = (_text_get, 1, 1)


def _number(text: str) -> int | float | None:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def _wanted(impls: dict[type, Entry]) -> str:
    names = []
    if date in impls or datetime in impls:
        names.append("DATE-TIME, DATE")
    if int in impls or float in impls:
        names.append("DECIMAL, NUMBER")
    if dict in impls:
        names.append("MAP")
    if list in impls:
        names.append("LIST")
    return ", ".join(names)
