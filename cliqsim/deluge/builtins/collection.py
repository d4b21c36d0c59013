"""COLLECTION built-ins. A collection is index-value (like a list) or key-value (like a map)."""

from __future__ import annotations

from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import COLLECTION, as_bool, as_int, as_map, check_size, define
from cliqsim.deluge.builtins.lists import distinct as list_distinct
from cliqsim.deluge.builtins.lists import find_index, list_get, same_value
from cliqsim.deluge.builtins.lists import sort as list_sort
from cliqsim.deluge.builtins.maps import map_key
from cliqsim.deluge.values import Collection, fail

CAT = "collection"


def _items(c: Collection) -> list[Any]:
    return c.items


def _entries(c: Collection) -> dict[str, Any]:
    return c.mapping()


@define(
    "insert",
    CAT,
    COLLECTION,
    "value_or_key, value?",
    "Adds a value (index-value), or `key` with `value` / every entry of a map (key-value).",
)
def insert(cx: Context, c: Collection, first: Any, second: Any = None) -> None:
    if c.is_map:
        entries = _entries(c)
        added = as_map(first, "insert") if second is None else {map_key(first, "insert"): second}
        check_size(cx, len(entries) + len(added))
        entries.update(added)
    else:
        items = _items(c)
        check_size(cx, len(items) + (1 if second is None else 2))
        items.extend([first] if second is None else [first, second])


@define(
    "get", CAT, COLLECTION, "key_or_index", "The value at an index or of a key (null if no key)."
)
def get(cx: Context, c: Collection, key: Any) -> Any:
    if c.is_map:
        return _entries(c).get(map_key(key, "get"))
    return list_get(_items(c), key)


@define("keys", CAT, COLLECTION, "", "The keys (key-value) or indexes (index-value) as a LIST.")
def keys(cx: Context, c: Collection) -> list[Any]:
    return list(_entries(c)) if c.is_map else list(range(len(_items(c))))


@define("values", CAT, COLLECTION, "", "The values as a LIST.")
def values(cx: Context, c: Collection) -> list[Any]:
    return list(_entries(c).values()) if c.is_map else list(_items(c))


@define("getKey", CAT, COLLECTION, "value", "The first key (or index) holding `value`, or null.")
def get_key(cx: Context, c: Collection, value: Any) -> Any:
    if c.is_map:
        return next((k for k, v in _entries(c).items() if same_value(v, value)), None)
    at = find_index(_items(c), value)
    return None if at < 0 else at


@define(
    "delete",
    CAT,
    COLLECTION,
    "key_or_value",
    "Removes a key (key-value) or the first equal value (index-value).",
)
def delete(cx: Context, c: Collection, key: Any) -> None:
    if c.is_map:
        _entries(c).pop(map_key(key, "delete"), None)
        return
    at = find_index(_items(c), key)
    if at >= 0:
        del _items(c)[at]


@define("update", CAT, COLLECTION, "key_or_index, value", "Replaces the value of a key or index.")
def update(cx: Context, c: Collection, key: Any, value: Any) -> None:
    if c.is_map:
        _entries(c)[map_key(key, "update")] = value
        return
    items = _items(c)
    list_get(items, key)
    items[as_int(key, "update")] = value


@define(
    "sort",
    CAT,
    COLLECTION,
    "ascending?",
    "A new collection sorted by value (index-value) or by key (key-value).",
)
def sort(cx: Context, c: Collection, ascending: Any = True) -> Collection | None:
    up = as_bool(ascending, "sort")
    if c.is_map:
        entries = _entries(c)
        return Collection(entries={k: entries[k] for k in sorted(entries, reverse=not up)})
    ordered = list_sort(cx, _items(c), up)
    return None if ordered is None else Collection(items=ordered)


@define("distinct", CAT, COLLECTION, "", "A new collection without repeated values.")
def distinct(cx: Context, c: Collection) -> Collection:
    if c.is_map:
        return Collection(entries=dict(_entries(c)))
    return Collection(items=list_distinct(cx, _items(c)))


@define("size", CAT, COLLECTION, "", "The number of elements.", function=True)
def size(cx: Context, c: Collection) -> int:
    return len(c)


@define("isEmpty", CAT, COLLECTION, "", "Whether the collection is empty.", function=True)
def is_empty(cx: Context, c: Collection) -> bool:
    return len(c) == 0


@define(
    "contains",
    CAT,
    COLLECTION,
    "value",
    "Whether some element (or key's value) equals `value`.",
    function=True,
)
def contains(cx: Context, c: Collection, value: Any) -> bool:
    pool = _entries(c).values() if c.is_map else _items(c)
    return any(same_value(v, value) for v in pool)


@define("containsKey", CAT, COLLECTION, "key", "Whether a key-value collection has `key`.")
def contains_key(cx: Context, c: Collection, key: Any) -> bool:
    if not c.is_map:
        raise fail("containsKey needs a key-value collection")
    return key is not None and map_key(key) in _entries(c)


@define("clear", CAT, COLLECTION, "", "Removes every element.")
def clear(cx: Context, c: Collection) -> None:
    if c.is_map:
        _entries(c).clear()
    else:
        _items(c).clear()
