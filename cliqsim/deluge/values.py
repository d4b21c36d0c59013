"""Deluge values at run time, their text forms, and the conversions to and from plain data.

Deluge values are represented by Python objects chosen for speed, never exposed as Python objects
to a script (a script reaches them only through operators and the built-in table):

| Deluge       | Python                                                   |
|--------------|----------------------------------------------------------|
| TEXT         | `str`                                                    |
| NUMBER       | `int` (kept within 64 bits; bool is never a number)      |
| DECIMAL      | `float`                                                  |
| BOOLEAN      | `bool`                                                   |
| null         | `None`                                                   |
| DATE         | `datetime.date`                                          |
| DATE-TIME    | `datetime.datetime`, always timezone-aware               |
| KEY-VALUE    | `dict` (insertion-ordered, case-sensitive keys)          |
| LIST         | `list`                                                   |
| COLLECTION   | `Collection`                                             |
| FILE         | `File`                                                   |
| caught error | `CaughtError` (the `e` of `catch (e)`)                   |
"""

from __future__ import annotations

import json
import math
import re
import threading
from array import array
from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from functools import cache
from operator import countOf
from typing import Any

import msgspec

from cliqsim.deluge.errors import DelugeLimitError, DelugeRuntimeError
from cliqsim.deluge.small_ints import all_small_ints

MIN_NUMBER = -(2**63)
MAX_NUMBER = 2**63 - 1
MAX_NESTING = 200  # maps/lists inside maps/lists, for text forms and conversions
DEFAULT_MAX_TEXT = 10_000_000  # characters in one text, unless the run says otherwise

# The text limit of the run going on in this thread (the interpreter sets it): text forms of
# maps and lists are measured against it before they are built.
_run = threading.local()


def text_limit() -> int:
    return int(getattr(_run, "max_text", DEFAULT_MAX_TEXT))


def set_text_limit(limit: int | None) -> int | None:
    """Make `limit` the text limit of this thread's run; returns the one it replaces."""
    previous: int | None = getattr(_run, "max_text", None)
    _run.max_text = limit
    if limit is None:
        del _run.max_text
    return previous


def text_size(value: Any, limit: int) -> int:
    """At least how many characters the text (or JSON) form of `value` has, counting a text
    each time it is referenced; stops counting once past `limit`. Cheap next to building it."""
    total = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack and total <= limit:
        item, depth = stack.pop()
        kind = type(item)
        if kind is str:
            total += len(item)
        elif kind is dict or kind is list or kind is Collection:
            if depth > MAX_NESTING:
                raise DelugeLimitError(
                    f"Value nested more than {MAX_NESTING} levels deep (or containing itself)"
                )
            if kind is Collection:
                item = item.entries if item.is_map else item.items
            total += 2 + len(item)
            if type(item) is dict:
                total += sum(len(k) for k in item if type(k) is str)
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)
        else:
            total += 1
    return total


def check_text_size(value: Any, what: str, limit: int | None = None) -> None:
    """Raise "Text too long" before building a text form of `value` past the text limit."""
    limit = text_limit() if limit is None else limit
    size = text_size(value, limit)
    if size > limit:
        raise DelugeLimitError(
            f"Text too long: {what} has more than {limit:,} characters (the limit)"
        )


def fail(message: str) -> DelugeRuntimeError:
    """A run-time error without a span yet; the interpreter adds the span of the failing code."""
    return DelugeRuntimeError(message)


# --------------------------------------------------------------------------- value classes


class Converted(msgspec.Struct, frozen=True):
    """Deluge values a host made for the one call that receives them (a fresh copy of a value
    converted once, `value_copies.Template`): `from_plain` takes `value` as it is."""

    value: Any


class Collection(msgspec.Struct, eq=False):
    """A Deluge COLLECTION: index-value (`Collection("a", "b")`) or key-value
    (`Collection("Name": "Shawn")`). Exactly one of `items` / `entries` is in use.

    An *open* collection (`{}` or `collection()`, empty) is not yet either: it shows and reads
    as an empty map, and the first function that needs one kind decides it (`rows = {};
    rows.add(x)` makes a list, `m = {}; m.put(k, v)` a map), as real scripts rely on."""

    items: list[Any] = msgspec.field(default_factory=list)
    entries: dict[Any, Any] | None = None
    open: bool = False

    @classmethod
    def undecided(cls) -> Collection:
        return cls(entries={}, open=True)

    @property
    def is_map(self) -> bool:
        return self.entries is not None

    def decide(self, keyed: bool) -> Collection:
        """Fix an open collection as key-value (`keyed`) or index-value; no-op once decided."""
        if self.open:
            self.open = False
            if not keyed:
                self.entries = None
        return self

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Collection)
            and self.items == other.items
            and self.entries == other.entries
        )

    def __ne__(self, other: object) -> bool:  # a Struct's own `!=` compares identity
        return not self == other

    def __len__(self) -> int:
        return len(self.entries) if self.entries is not None else len(self.items)

    def mapping(self) -> dict[Any, Any]:
        return self.entries if self.entries is not None else {}


class File(msgspec.Struct, eq=False):
    """A Deluge FILE: attachments, `invokeurl` responses with `response-format: FILE`, `toFile`."""

    name: str
    content: bytes = b""
    content_type: str = "application/octet-stream"
    param_name: str = "file"
    extra: dict[str, Any] = msgspec.field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, File) and self.name == other.name and self.content == other.content

    def __ne__(self, other: object) -> bool:  # a Struct's own `!=` compares identity
        return not self == other


class CaughtError(msgspec.Struct, eq=False):
    """The value bound by `catch (e)`: `e.lineNo`, `e.message`, `info e`."""

    line: int | None
    message: str

    def text(self) -> str:
        return f"Error at line : {self.line if self.line is not None else '?'}, {self.message}"


# --------------------------------------------------------------------------- type names

TYPE_NAMES: dict[type, str] = {
    str: "TEXT",
    int: "NUMBER",
    float: "DECIMAL",
    bool: "BOOLEAN",
    type(None): "NULL",
    date: "DATE",
    datetime: "DATE-TIME",
    dict: "KEY-VALUE",
    list: "LIST",
    Collection: "COLLECTION",
    File: "FILE",
    CaughtError: "ERROR",
}


def type_name(value: object) -> str:
    """The Deluge name of a value's type, as error messages show it (`TEXT`, `KEY-VALUE`, ...)."""
    return TYPE_NAMES.get(type(value), "UNKNOWN")


def check_number(value: int) -> int:
    if MIN_NUMBER <= value <= MAX_NUMBER:
        return value
    raise fail("Number out of range: the result does not fit in a 64-bit NUMBER")


def check_decimal(value: float) -> float:
    if math.isfinite(value):
        return value
    raise fail("A DECIMAL operation gave no finite value")


# --------------------------------------------------------------------------- text forms

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def decimal_text(value: float) -> str:
    return repr(check_decimal(value))


def date_text(value: date) -> str:
    if isinstance(value, datetime):
        return (
            f"{value.day:02d}-{MONTHS[value.month - 1]}-{value.year:04d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        )
    return f"{value.day:02d}-{MONTHS[value.month - 1]}-{value.year:04d}"


def to_text(value: Any) -> str:
    """How a value reads when joined into text with `+` or converted with `toString()`:
    null is empty, lists are their elements joined by commas, maps are JSON."""
    kind = type(value)
    if kind is str:
        return value
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        return decimal_text(value)
    if kind is list:
        check_text_size(value, "the text form of the list")
        return ",".join(_json_or_text(item, 1) for item in value)
    if kind is date or kind is datetime:
        return date_text(value)
    if kind is CaughtError:
        return value.text()
    if kind is File:
        return value.name
    if kind is Collection and not value.is_map:
        check_text_size(value, "the text form of the collection")
        return ",".join(_json_or_text(item, 1) for item in value.items)
    return to_json(value)


def joined_text(items: list[Any], separator: str) -> str:
    """A list's text form with `separator` between its elements instead of a comma:
    `list.toString("&")` (elements read as in `to_text`: nested lists and maps as JSON)."""
    check_text_size(items, "the text form of the list")
    return separator.join(_json_or_text(item, 1) for item in items)


def info_text(value: Any) -> str:
    """What `info value;` prints: like `to_text`, except that null shows as `null`."""
    return "null" if value is None else to_text(value)


def _json_or_text(value: Any, depth: int) -> str:
    if type(value) in (dict, list, Collection):
        return _json(value, depth)
    return to_text(value)


def to_json(value: Any) -> str:
    """Compact JSON, the form Deluge shows a map in: `{"a":1,"b":[1,2]}`."""
    if type(value) in (dict, list, Collection):
        check_text_size(value, "the JSON form of the value")
    return _json(value, 0)


def _json(value: Any, depth: int) -> str:
    if depth > MAX_NESTING:
        raise DelugeLimitError(
            f"Value nested more than {MAX_NESTING} levels deep (or containing itself)"
        )
    kind = type(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return decimal_text(value)
    if kind is str:
        return json.dumps(value, ensure_ascii=False)
    if kind is dict:
        parts = [
            f"{json.dumps(to_text(k), ensure_ascii=False)}:{_json(v, depth + 1)}"
            for k, v in value.items()
        ]
        return "{" + ",".join(parts) + "}"
    if kind is list:
        return "[" + ",".join(_json(item, depth + 1) for item in value) + "]"
    if kind is Collection:
        return _json(value.entries if value.is_map else value.items, depth)
    return json.dumps(to_text(value), ensure_ascii=False)


# --------------------------------------------------------------------------- plain data


_FLAT = frozenset({str, bool, float, type(None)})


def _fits_64_bits(numbers: list[int] | tuple[int, ...]) -> bool:
    """Whether every int of `numbers` is a NUMBER (fits in 64 bits)."""
    try:
        array("q", numbers)
    except OverflowError:
        return False
    return True


def from_plain(value: Any, zone: tzinfo, where: str = "input", depth: int = 0) -> Any:
    """Convert caller data (dict/list/str/int/float/bool/None/date/datetime/File) to Deluge values.

    Naive date-times are taken to be in `zone`. Anything else is refused with a clear message.
    """
    if depth > MAX_NESTING:
        raise fail(f"The {where} is nested more than {MAX_NESTING} levels deep")
    kind = type(value)
    if value is None or kind in (str, bool, float):
        return value
    if kind is Converted:
        return value.value
    if kind is int:
        if not MIN_NUMBER <= value <= MAX_NUMBER:
            raise fail(f"The {where} holds a number that does not fit in 64 bits: {value}")
        return value
    if isinstance(value, Mapping):
        return {
            (k if isinstance(k, str) else to_text(from_plain(k, zone, where, depth + 1))): (
                from_plain(v, zone, where, depth + 1)
            )
            for k, v in value.items()
        }
    if kind is list and all_small_ints(value):  # one C pass (cliqsim.deluge.small_ints)
        return list(value)
    if kind in (list, tuple):
        # A large list of one flat type is copied as it is, checked at C speed: its types in one
        # pass (`countOf`), and for NUMBERs the 64-bit range by packing them (`array("q")`).
        one = type(value[0]) if value else str
        if countOf(map(type, value), one) == len(value):
            if one in _FLAT or (one is int and _fits_64_bits(value)):
                return list(value)
        else:
            kinds = set(map(type, value))
            if kinds <= _FLAT:
                return list(value)
        return [from_plain(item, zone, where, depth + 1) for item in value]
    if kind is datetime:
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    if kind is date or kind is File or kind is Collection:
        return value
    if kind is bytes:
        return File("file", value)
    raise fail(f"The {where} holds a {kind.__name__} value, which Deluge has no type for")


def from_plain_inputs(
    inputs: Mapping[str, Any], zone: tzinfo
) -> tuple[dict[str, Any], tuple[list[Any], ...]]:
    """A run's inputs converted (`from_plain`, each named `input '<name>'` in errors) and keyed
    by their names in lower case (Deluge matches variables without case), and the converted
    lists that hold only small NUMBERs (`small_ints.all_small_ints`, the check the conversion
    makes anyway). Each of those is a fresh copy that nothing but the run holds, so a loop that
    is the only thing ever to get hold of it may skip checking it again
    (`compiler_runtime.bounded`, `compiler_types.only_walked`)."""
    values: dict[str, Any] = {}
    small: list[list[Any]] = []
    for name, value in inputs.items():
        if type(value) is list and all_small_ints(value):
            values[name.lower()] = converted = list(value)
            small.append(converted)
        else:
            values[name.lower()] = from_plain(value, zone, f"input '{name}'")
    return values, tuple(small)


_PLAIN_FLAT = frozenset({str, int, bool, float, type(None)})


def plain_text(text: str) -> str:
    """`text` as it leaves the interpreter: a lone surrogate (`"\\ud800"` in a script, legal in
    Deluge's UTF-16 texts) becomes `?`, as Java writes it in UTF-8, so no output, file or
    terminal ever meets text it cannot encode. (A text has one exactly when UTF-8 cannot
    encode it: the pattern, about 0.6 ms to compile, is compiled only for such a text.)"""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _lone_surrogate().sub("?", text)
    return text


@cache
def _lone_surrogate() -> re.Pattern[str]:
    return re.compile("[\ud800-\udfff]")


def to_plain(value: Any, depth: int = 0) -> Any:
    """Convert a Deluge value to plain data for the host: dict/list/str/int/float/bool/None/
    date/datetime. Collections become lists or dicts, files become a descriptive dict."""
    if depth > MAX_NESTING:
        raise DelugeLimitError(
            f"Value nested more than {MAX_NESTING} levels deep (or containing itself)"
        )
    kind = type(value)
    if kind is str:
        return plain_text(value)
    if value is None or kind in (int, bool, float, date, datetime):
        return value
    if kind is dict:
        return {
            plain_text(k if type(k) is str else to_text(k)): to_plain(v, depth + 1)
            for k, v in value.items()
        }
    if kind is list:
        if set(map(type, value)) <= _PLAIN_FLAT:
            return [plain_text(v) if type(v) is str else v for v in value]
        return [to_plain(item, depth + 1) for item in value]
    if kind is Collection:
        return to_plain(value.entries if value.is_map else value.items, depth)
    if kind is File:
        return {
            "file_name": value.name,
            "content_type": value.content_type,
            "size": len(value.content),
            "param_name": value.param_name,
            "content": value.content.decode("utf-8", errors="replace"),
        }
    if kind is CaughtError:
        return {"lineNo": value.line, "message": value.message}
    return to_text(value)


def from_json(value: Any, max_collection: int | None = None) -> Any:
    """A value parsed by `json.loads` as a Deluge value (numbers past 64 bits become decimals).
    With `max_collection`, a list or map longer than it is refused before it is converted."""
    kind = type(value)
    if kind is int and not MIN_NUMBER <= value <= MAX_NUMBER:
        return float(value)
    if kind is dict or kind is list:
        if max_collection is not None and len(value) > max_collection:
            raise collection_too_large(len(value), max_collection)
        if kind is dict:
            return {k: from_json(v, max_collection) for k, v in value.items()}
        return [from_json(item, max_collection) for item in value]
    return value


def collection_too_large(size: int, limit: int) -> DelugeLimitError:
    return DelugeLimitError(
        f"Collection too large: {size:,} elements, more than the limit of {limit:,}"
    )
