"""isNull, isBlank, isEmpty and the other questions about a value (any receiver, null too)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import ANY, define
from cliqsim.deluge.values import Collection
from cliqsim.deluge.values_dates import parse_date_literal

CAT = "logical"


@define("isNull", CAT, ANY, "", "True for null and for empty text.", function=True)
def is_null(cx: Context, value: Any) -> bool:
    return value is None or value == ""


@define(
    "isBlank",
    CAT,
    ANY,
    "",
    "True for null, empty text and text of only white space.",
    function=True,
)
def is_blank(cx: Context, value: Any) -> bool:
    return value is None or (type(value) is str and not value.strip())


@define(
    "isEmpty",
    CAT,
    ANY,
    "",
    "True for null, empty text, and an empty list, map or collection.",
    function=True,
)
def is_empty(cx: Context, value: Any) -> bool:
    if value is None:
        return True
    if type(value) in (str, list, dict, Collection):
        return len(value) == 0
    return False


@define("isText", CAT, ANY, "", "Whether the value is TEXT.", function=True)
def is_text(cx: Context, value: Any) -> bool:
    return type(value) is str


@define(
    "isDate",
    CAT,
    ANY,
    "",
    "Whether the value is a date or date-time, or text in a date format.",
    function=True,
)
def is_date(cx: Context, value: Any) -> bool:
    if isinstance(value, date):
        return True
    return type(value) is str and parse_date_literal(value) is not None
