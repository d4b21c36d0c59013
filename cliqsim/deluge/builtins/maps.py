"""KEY-VALUE (map) built-ins. Keys are text: other key values are stored under their text form."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import MAP, TEXT, Family, as_map, check_size, null_error
from cliqsim.deluge.builtins.lenient_json import INVALID, parse_json
from cliqsim.deluge.builtins.lists import same_value
from cliqsim.deluge.values import fail, to_text

define, alias = Family(__name__).functions()

CAT = "map"


def map_key(key: Any, fn: str = "put") -> str:
    """The key a value is stored under: text as is, other values in their text form; a DATE
    key gets the time 00:00:00 (create-map and put pages: "If a date value is specified without
    a time value, 00:00:00 will be added as the time value by default")."""
    if type(key) is str:
        return key
    if key is None:
        raise null_error(fn)
    if type(key) is date:
        return to_text(datetime.combine(key, time()))
    return to_text(key)


def map_value(value: Any, cx: Context) -> Any:
    """A value as a map stores it: a DATE becomes the DATE-TIME at its 00:00:00 in the run's
    zone (the create-map and put pages: "If a date value is specified without a time value,
    00:00:00 will be added as the time value by default"); anything else as it is."""
    if type(value) is date:
        return datetime.combine(value, time(), tzinfo=cx.zone)
    return value


_NO_VALUE: Any = object()


@define("put", CAT, MAP, "key, value?",
        "Sets `key` to `value` (replacing any old value); `put(map)` copies a map's entries.")
def put(cx: Context, entries: dict[str, Any], key: Any, value: Any = _NO_VALUE) -> None:
    if value is _NO_VALUE:  # `response.put({"text": ...})`: published scripts save and run it
        _copy_entries(cx, entries, key, "put")
        return
    name = map_key(key)
    if name not in entries:
        check_size(cx, len(entries) + 1)
    entries[name] = value if type(value) is not date else map_value(value, cx)


@define("putAll", CAT, MAP, "other", "Copies every entry of the map `other` into this one.")
def put_all(cx: Context, entries: dict[str, Any], other: Any) -> None:
    _copy_entries(cx, entries, other, "putAll")


def _copy_entries(cx: Context, entries: dict[str, Any], other: Any, fn: str) -> None:
    more = as_map(other, fn)
    check_size(cx, len(entries) + len(more))
    entries.update(more)


@define("get", CAT, MAP, "key", "The value of `key`, or null when the map has no such key.")
def get(cx: Context, entries: dict[str, Any], key: Any) -> Any:
    return entries.get(key if type(key) is str else map_key(key, "get"))


@define("getJSON", CAT, MAP, "key", "Like get: the value of `key`, or null.", function=True)
def get_json(cx: Context, entries: dict[str, Any], key: Any) -> Any:
    return entries.get(map_key(key, "getJSON"))


@define(
    "getJSON",
    CAT,
    TEXT,
    "key",
    "The value of `key` in the JSON object the text spells, or null; text that is not JSON "
    'fails ("Invalid JSON Format String").',
    function=True,
)
def text_get_json(cx: Context, text: str, key: Any) -> Any:
    parsed = parse_json(text, cx.max_collection)
    if type(parsed) is dict:
        return parsed.get(map_key(key, "getJSON"))
    if type(parsed) is list:
        return [item.get(map_key(key, "getJSON")) for item in parsed if type(item) is dict]
    raise fail(INVALID)  # the getJSON page: text that is not JSON is a run-time error


@define("containKey", CAT, MAP, "key", "Whether the map has `key` (case-sensitive).")
def contain_key(cx: Context, entries: dict[str, Any], key: Any) -> bool:
    return key is not None and map_key(key, "containKey") in entries


alias("containsKey", "containKey")


@define("containValue", CAT, MAP, "value", "Whether some key has `value`.")
def contain_value(cx: Context, entries: dict[str, Any], value: Any) -> bool:
    return any(same_value(v, value) for v in entries.values())


alias("containsValue", "containValue")


@define("contains", CAT, MAP, "key",
        "Whether the map has `key`: the opposite of `notContains`, whose page checks a map's keys "
        "(`product_details.notContains(\"price\")`); real bots test a JSON answer with "
        "`response.contains(\"choices\")`.", function=True)
def contains(cx: Context, entries: dict[str, Any], key: Any) -> bool:
    return key is not None and map_key(key) in entries


@define("notContains", CAT, MAP, "key", "Whether the map does not have `key`.", function=True)
def not_contains(cx: Context, entries: dict[str, Any], key: Any) -> bool:
    return key is None or map_key(key) not in entries


@define("keys", CAT, MAP, "", "The keys, in insertion order, as a LIST.")
def keys(cx: Context, entries: dict[str, Any]) -> list[Any]:
    return list(entries)


@define("values", CAT, MAP, "", "The values, in insertion order, as a LIST.")
def values(cx: Context, entries: dict[str, Any]) -> list[Any]:
    return list(entries.values())


@define("remove", CAT, MAP, "key", "Removes `key` and returns its value (null if absent).")
def remove(cx: Context, entries: dict[str, Any], key: Any) -> Any:
    return entries.pop(map_key(key, "remove"), None)


@define("size", CAT, MAP, "", "The number of keys.", function=True)
def size(cx: Context, entries: dict[str, Any]) -> int:
    return len(entries)


@define("isEmpty", CAT, MAP, "", "Whether the map has no keys.", function=True)
def is_empty(cx: Context, entries: dict[str, Any]) -> bool:
    return not entries


@define("clear", CAT, MAP, "", "Removes every key.")
def clear(cx: Context, entries: dict[str, Any]) -> None:
    entries.clear()
