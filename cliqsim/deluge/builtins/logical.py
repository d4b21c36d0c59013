"""isNull, isBlank, isEmpty and the other questions about a value (any receiver, null too)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import ANY, Family
from cliqsim.deluge.values import Collection
from cliqsim.deluge.values_dates import parse_date_literal

define = Family(__name__).define

CAT = "logical"


@define(
    "isNull",
    CAT,
    ANY,
    "",
    "True for null and for empty text (text of spaces is not null).",
    function=True,
)
def is_null(cx: Context, value: Any) -> bool:
    return value is None or value == ""


@define(
    "isBlank",
    CAT,
    ANY,
    "",
    "True for null, empty text, text of only white space, and an empty list, map or collection.",
    function=True,
)
def is_blank(cx: Context, value: Any) -> bool:
    if value is None:
        return True
    if type(value) is str:
        return not value.strip()
    if type(value) in (list, dict, Collection):
        return len(value) == 0
    return False


@define(
    "isEmpty",
    CAT,
    ANY,
    "",
    "True for null, empty text, and an empty list, map or collection (text of spaces is not "
    "empty: see the notes on the isEmpty table).",
    function=True,
)
def is_empty(cx: Context, value: Any) -> bool:
    if value is None:
        return True
    if type(value) is str:
        return value == ""
    if type(value) in (list, dict, Collection):
        return len(value) == 0
    return False


def _spells_number(text: str) -> bool:
    try:
        number = float(text.strip())
    except ValueError:
        return False
    return math.isfinite(number) and text.strip().lower() not in ("nan", "inf", "infinity")


@define(
    "isText",
    CAT,
    ANY,
    "",
    "Whether the value is TEXT that is not a number or a date (empty text is text); null for a "
    "list, map or boolean.",
    function=True,
)
def is_text(cx: Context, value: Any) -> bool | None:
    if type(value) in (list, dict, Collection, bool):
        return None
    if type(value) is not str:
        return False
    if not value.strip():
        return True
    return not _spells_number(value) and parse_date_literal(value.strip()) is None


@define(
    "isDate",
    CAT,
    ANY,
    "",
    "Whether the value is a date or date-time, or text in a date format; null for a list or map.",
    function=True,
)
def is_date(cx: Context, value: Any) -> bool | None:
    if type(value) in (list, dict, Collection):
        return None
    if isinstance(value, date):
        return True
    return type(value) is str and parse_date_literal(value.strip()) is not None
