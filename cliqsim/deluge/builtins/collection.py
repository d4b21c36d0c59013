"""COLLECTION built-ins. A collection is index-value (like a list) or key-value (like a map)."""

from __future__ import annotations

from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import (
    COLLECTION,
    Family,
    as_bool,
    as_int,
    as_list,
    as_map,
    check_size,
)
from cliqsim.deluge.builtins.lists import distinct as list_distinct
from cliqsim.deluge.builtins.lists import find_index, list_get, same_value
from cliqsim.deluge.builtins.lists import sort as list_sort
from cliqsim.deluge.builtins.maps import map_key
from cliqsim.deluge.values import Collection, fail

define = Family(__name__).define

CAT = "collection"


def _items(c: Collection) -> list[Any]:
    return c.items


def _entries(c: Collection) -> dict[str, Any]:
    return c.mapping()


def _is_key_value(value: Any) -> bool:
    return type(value) is dict or (type(value) is Collection and value.is_map)


@define(
    "insert",
    CAT,
    COLLECTION,
    "value_or_key, value?",
    "Adds a value (index-value), or `key` with `value` / every entry of a map (key-value).",
)
def insert(cx: Context, c: Collection, first: Any, second: Any = None) -> None:
    c.decide(keyed=second is not None or _is_key_value(first))
    if c.is_map:
        entries = _entries(c)
        added = as_map(first, "insert") if second is None else {map_key(first, "insert"): second}
        check_size(cx, len(entries) + len(added))
        entries.update(added)
    else:
        if type(first) is Collection and first.is_map:  # `insert(key : value)`
            raise fail("insert takes elements for an index-value collection, not key-value pairs")
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


@define(
    "keys", CAT, COLLECTION, "", "The keys (key-value) or the elements (index-value), as a LIST."
)
def keys(cx: Context, c: Collection) -> list[Any]:
    """functions/collection/keys: `collection("Creator", "CRM", "Mail").keys()` returns
    "Creator", "CRM", "Mail" (the elements, as `values()` does), not their indexes."""
    return list(_entries(c)) if c.is_map else list(_items(c))


@define("values", CAT, COLLECTION, "", "The values as a LIST.")
def values(cx: Context, c: Collection) -> list[Any]:
    return list(_entries(c).values()) if c.is_map else list(_items(c))


@define(
    "getKey",
    CAT,
    COLLECTION,
    "value",
    "The first key holding `value` (null if none), or the index of an element (-1 if none).",
)
def get_key(cx: Context, c: Collection, value: Any) -> Any:
    if c.is_map:
        return next((k for k, v in _entries(c).items() if same_value(v, value)), None)
    return find_index(_items(c), value)  # -1 when absent (the getKey page)


@define(
    "delete",
    CAT,
    COLLECTION,
    "key_or_value",
    "Removes the first element equal to `value`, or the key holding `value` (a key where no "
    "value matches).",
)
def delete(cx: Context, c: Collection, key: Any) -> None:
    if c.is_map:
        # The delete page: the value is deleted along with its key. A key given where no value
        # matches deletes that key (as deleteKey does), which scripts also write.
        entries = _entries(c)
        holder = next((k for k, v in entries.items() if same_value(v, key)), None)
        if holder is None and key is not None:
            holder = map_key(key, "delete")
        if holder is not None:
            entries.pop(holder, None)
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
    "Sorts the collection in place by value (index-value) or by key (key-value), and returns it.",
)
def sort(cx: Context, c: Collection, ascending: Any = True) -> Collection | None:
    """Sorts in place (the sort page: "collection becomes ...") and returns the collection."""
    up = as_bool(ascending, "sort")
    if c.is_map:
        entries = _entries(c)
        ordered_entries = {k: entries[k] for k in sorted(entries, reverse=not up)}
        entries.clear()
        entries.update(ordered_entries)
        return c
    ordered = list_sort(cx, _items(c), up)
    if ordered is None:
        return None
    c.items[:] = ordered
    return c


@define(
    "distinct",
    CAT,
    COLLECTION,
    "",
    "The unique values (key-value) or unique elements (index-value), as a LIST.",
)
def distinct(cx: Context, c: Collection) -> list[Any]:
    """functions/collection/distinct: `collection("Creator" : 5, "CRM" : 2, "Mail" : 5)
    .distinct()` gives 5, 2; `collection("Creator", "CRM", "CRM").distinct()` gives Creator, CRM."""
    return list_distinct(cx, list(_entries(c).values()) if c.is_map else _items(c))


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


@define(
    "containsKey",
    CAT,
    COLLECTION,
    "key_or_index",
    "Whether a key-value collection has `key`, or an index-value one has the index.",
)
def contains_key(cx: Context, c: Collection, key: Any) -> bool:
    """functions/collection/containskey: `collection("Creator", "CRM", "Mail").containsKey(3)`
    is false (indexes 0 to 2); keys are matched with their case."""
    if not c.is_map:
        return type(key) is int and 0 <= key < len(_items(c))
    return key is not None and map_key(key) in _entries(c)


@define("clear", CAT, COLLECTION, "", "Removes every element.")
def clear(cx: Context, c: Collection) -> None:
    if c.is_map:
        _entries(c).clear()
    else:
        _items(c).clear()


@define(
    "insertAll",
    CAT,
    COLLECTION,
    "values",
    "Adds every element of a list (index-value) or every entry of a map (key-value).",
)
def insert_all(cx: Context, c: Collection, more: Any) -> None:
    c.decide(keyed=_is_key_value(more))
    if c.is_map:
        added = as_map(more, "insertAll")
        entries = _entries(c)
        check_size(cx, len(entries) + len(added))
        entries.update({map_key(k, "insertAll"): v for k, v in added.items()})
        return
    if _is_key_value(more):
        raise fail("insertAll takes elements for an index-value collection, not key-value pairs")
    items = as_list(more, "insertAll")
    check_size(cx, len(_items(c)) + len(items))
    _items(c).extend(list(items))


@define(
    "deleteKey", CAT, COLLECTION, "key", "Removes `key` (key-value) or the element at index `key`."
)
def delete_key(cx: Context, c: Collection, key: Any) -> None:
    if c.is_map:
        _entries(c).pop(map_key(key, "deleteKey"), None)
        return
    list_get(_items(c), key)
    del _items(c)[as_int(key, "deleteKey")]


@define("deleteKeys", CAT, COLLECTION, "keys", "Removes every key (or index) in the list `keys`.")
def delete_keys(cx: Context, c: Collection, keys_: Any) -> None:
    gone = as_list(keys_, "deleteKeys")
    if c.is_map:
        entries = _entries(c)
        for key in gone:
            entries.pop(map_key(key, "deleteKeys"), None)
        return
    indexes = {as_int(i, "deleteKeys") for i in gone}
    for i in indexes:
        list_get(_items(c), i)
    c.items = [v for i, v in enumerate(_items(c)) if i not in indexes]


@define(
    "deleteAll",
    CAT,
    COLLECTION,
    "values",
    "Removes every element in the list `values` (index-value), or every key holding one of "
    "`values` (key-value).",
)
def delete_all(cx: Context, c: Collection, values_: Any) -> None:
    gone = as_list(values_, "deleteAll")
    if c.is_map:
        entries = _entries(c)
        for key in [k for k, v in entries.items() if find_index(gone, v) >= 0]:
            del entries[key]
        return
    c.items = [v for v in _items(c) if find_index(gone, v) < 0]


@define(
    "getLastKey",
    CAT,
    COLLECTION,
    "value",
    "The last key holding `value` (null if none), or the last index of an element (-1 if none).",
)
def get_last_key(cx: Context, c: Collection, value: Any) -> Any:
    if c.is_map:
        found = [k for k, v in _entries(c).items() if same_value(v, value)]
        return found[-1] if found else None
    items = _items(c)
    for i in range(len(items) - 1, -1, -1):
        if same_value(items[i], value):
            return i
    return -1


@define(
    "sortKey",
    CAT,
    COLLECTION,
    "ascending?",
    "Sorts a key-value collection by its keys, in place (descending with false).",
)
def sort_key(cx: Context, c: Collection, ascending: Any = True) -> None:
    if not c.is_map:
        raise fail("sortKey needs a key-value collection")
    entries = _entries(c)
    ordered = {k: entries[k] for k in sorted(entries, reverse=not as_bool(ascending, "sortKey"))}
    entries.clear()
    entries.update(ordered)


@define(
    "duplicate",
    CAT,
    COLLECTION,
    "start?, end?",
    "A new collection of the elements from `start` (included) to `end` (excluded), or all.",
)
def duplicate(cx: Context, c: Collection, start: Any = None, end: Any = None) -> Collection:
    if c.is_map:
        return Collection(entries=dict(_entries(c)))
    items = _items(c)
    first = 0 if start is None else as_int(start, "duplicate")
    last = len(items) if end is None else as_int(end, "duplicate")
    if first < 0 or last > len(items) or first > last:
        raise fail(f"Given index {max(first, last)} is greater than the list size")
    return Collection(items=items[first:last])


@define(
    "containsValue",
    CAT,
    COLLECTION,
    "value",
    "Whether some element (or key's value) equals `value`.",
)
def contains_value(cx: Context, c: Collection, value: Any) -> bool:
    return contains(cx, c, value)


@define(
    "notContains",
    CAT,
    COLLECTION,
    "value",
    "Whether no element (or key's value) equals `value`.",
    function=True,
)
def not_contains(cx: Context, c: Collection, value: Any) -> bool:
    return not contains(cx, c, value)


@define("intersect", CAT, COLLECTION, "other", "A LIST of the elements also in `other`.")
def intersect(cx: Context, c: Collection, other: Any) -> list[Any]:
    mine = list(_entries(c).values()) if c.is_map else _items(c)
    if type(other) is Collection:
        theirs = list(other.mapping().values()) if other.is_map else other.items
    else:
        theirs = as_list(other, "intersect")
    return [item for item in list_distinct(cx, mine) if find_index(theirs, item) >= 0]
