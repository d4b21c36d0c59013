"""LIST built-ins: adding, reading, searching, sorting and statistics."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import (
    LIST,
    TEXT,
    Family,
    as_bool,
    as_int,
    as_list,
    as_number,
    check_size,
)
from cliqsim.deluge.builtins.lenient_json import parse_json
from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.values import fail

define = Family(__name__).define

CAT = "list"


def index_error(index: int) -> Exception:
    return fail(f"Given index {index} is greater than the list size")


def list_get(items: list[Any], index: Any) -> Any:
    i = as_int(index, "get")
    if 0 <= i < len(items):
        return items[i]
    raise index_error(i)


def same_value(a: Any, b: Any) -> bool:
    """Deluge equality for searching: like `==` (1 equals 1.0, true never equals 1)."""
    if type(a) is type(b):
        return bool(a == b)
    numeric = (int, float)
    return type(a) in numeric and type(b) in numeric and a == b


def find_index(items: list[Any], value: Any) -> int:
    for i, item in enumerate(items):
        if same_value(item, value):
            return i
    return -1


@define("add", CAT, LIST, "value", "Appends `value` to the list.")
def add(cx: Context, items: list[Any], value: Any) -> None:
    check_size(cx, len(items) + 1)
    items.append(value)


@define("addAll", CAT, LIST, "values", "Appends every element of the list `values`.")
def add_all(cx: Context, items: list[Any], values: Any) -> None:
    more = as_list(values, "addAll")
    if len(more) > 25_000:
        raise fail("addAll takes at most 25,000 elements at a time")
    check_size(cx, len(items) + len(more))
    items.extend(list(more))


@define("insert", CAT, LIST, "value", "Appends `value` to the list (as for a collection).")
def insert(cx: Context, items: list[Any], value: Any) -> None:
    add(cx, items, value)


@define("clear", CAT, LIST, "", "Removes every element.")
def clear(cx: Context, items: list[Any]) -> None:
    items.clear()


@define("contains", CAT, LIST, "value", "Whether the list holds `value`.", function=True)
def contains(cx: Context, items: list[Any], value: Any) -> bool:
    return find_index(items, value) >= 0


@define("notContains", CAT, LIST, "value", "Whether the list does not hold `value`.", function=True)
def not_contains(cx: Context, items: list[Any], value: Any) -> bool:
    return find_index(items, value) < 0


@define("distinct", CAT, LIST, "", "A new list without repeated elements, first ones kept.")
def distinct(cx: Context, items: list[Any]) -> list[Any]:
    result: list[Any] = []
    for item in items:
        if find_index(result, item) < 0:
            result.append(item)
    return result


@define(
    "get",
    CAT,
    LIST,
    "index",
    'The element at 0-based `index`; "Given index N is greater than the list size" '
    "when there is none.",
)
def get(cx: Context, items: list[Any], index: Any) -> Any:
    return list_get(items, index)


@define("indexOf", CAT, LIST, "value", "0-based index of the first `value`, or -1.")
def index_of(cx: Context, items: list[Any], value: Any) -> int:
    return find_index(items, value)


@define("lastIndexOf", CAT, LIST, "value", "0-based index of the last `value`, or -1.")
def last_index_of(cx: Context, items: list[Any], value: Any) -> int:
    for i in range(len(items) - 1, -1, -1):
        if same_value(items[i], value):
            return i
    return -1


@define("intersect", CAT, LIST, "other", "A new list of the elements also in `other`.")
def intersect(cx: Context, items: list[Any], other: Any) -> list[Any]:
    theirs = as_list(other, "intersect")
    return [item for item in distinct(cx, items) if find_index(theirs, item) >= 0]


@define("isEmpty", CAT, LIST, "", "Whether the list has no elements.", function=True)
def is_empty(cx: Context, items: list[Any]) -> bool:
    return not items


@define("remove", CAT, LIST, "index", "Removes the element at 0-based `index` and returns it.")
def remove(cx: Context, items: list[Any], index: Any) -> Any:
    value = list_get(items, index)
    del items[as_int(index, "remove")]
    return value


@define("removeElement", CAT, LIST, "value", "Removes the first element equal to `value`.")
def remove_element(cx: Context, items: list[Any], value: Any) -> None:
    at = find_index(items, value)
    if at >= 0:
        del items[at]


@define("removeAll", CAT, LIST, "values", "Removes every element that is in the list `values`.")
def remove_all(cx: Context, items: list[Any], values: Any) -> None:
    gone = as_list(values, "removeAll")
    items[:] = [item for item in items if find_index(gone, item) < 0]


@define("size", CAT, LIST, "", "The number of elements.", function=True)
def size(cx: Context, items: list[Any]) -> int:
    return len(items)


@define(
    "length",
    CAT,
    LIST,
    "",
    "The number of elements, as `size()` (cliqsim's reading: Zoho's own marketplace samples "
    "call it on lists, `selections.length() > 0`).",
    function=True,
)
def list_length(cx: Context, items: list[Any]) -> int:
    return len(items)


@define(
    "size",
    CAT,
    TEXT,
    "",
    "The size of the list or map a JSON text spells; other text: its number of characters "
    "(cliqsim's reading: real scripts call it on webhook bodies and on plain text).",
    function=True,
)
def text_size(cx: Context, text: str) -> int:
    if text.strip()[:1] in ("{", "["):
        try:
            parsed = parse_json(text, cx.max_collection)
        except DelugeRuntimeError:
            return len(text)
        if type(parsed) in (dict, list):
            return len(parsed)
    return len(text)


def _sort_key(items: list[Any]) -> list[Any] | None:
    kinds = {type(item) for item in items}
    if kinds <= {int, float} or (len(kinds) == 1 and kinds.pop() in (str, bool, date, datetime)):
        return sorted(items)
    return None


def _quoted_number(item: Any) -> int | float | None:
    if type(item) in (int, float):
        return item
    if type(item) is str:
        try:
            return as_number(item, "")
        except DelugeRuntimeError:
            return None
    return None


def _ordered(items: list[Any]) -> list[Any] | None:
    """The elements in ascending order for largest/smallest/nthLargest/nthSmallest: numbers
    compare as numbers even when quoted (`{"40","9","12"}.smallest()` is 9, the functions'
    pages), otherwise as `sort` orders them."""
    if items and any(type(i) is str for i in items):
        numbers = [_quoted_number(i) for i in items]
        known: list[float] = [float(n) for n in numbers if n is not None]
        if len(known) == len(items):
            order = sorted(range(len(items)), key=known.__getitem__)
            return [items[i] for i in order]
    return [] if not items else _sort_key(items)


@define(
    "sort",
    CAT,
    LIST,
    "ascending?",
    "Sorts the list in place, ascending (or descending with false), and returns it; text sorts "
    "by character code, so capitals come first; a list of mixed types gives null, unchanged.",
)
def sort(cx: Context, items: list[Any], ascending: Any = True) -> list[Any] | None:
    """In place, as the sort task page shows (`colors.sort(false);` on its own "will sort these
    elements"), and the list is returned (functions/list/sort: `sortOrder = listVar.sort(true)`)."""
    up = as_bool(ascending, "sort")
    ordered = [] if not items else _sort_key(items)
    if ordered is None:
        return None
    items[:] = ordered if up else ordered[::-1]
    return items


@define(
    "subList", CAT, LIST, "start, end?", "Elements from `start` (included) to `end` (excluded)."
)
def sub_list(cx: Context, items: list[Any], start: Any, end: Any = None) -> list[Any]:
    first = as_int(start, "subList")
    last = len(items) if end is None else as_int(end, "subList")
    if first < 0 or last > len(items) or first > last:
        raise index_error(max(first, last))
    return items[first:last]


def _numbers(items: list[Any], fn: str) -> list[int | float]:
    if not items:
        raise fail(f"The list is empty for the function {fn}")
    return [as_number(item, fn) for item in items]


def _same_kind(result: float, items: list[int | float]) -> int | float:
    if all(type(item) is int for item in items) and float(result).is_integer():
        return int(result)
    return float(result)


@define("sum", CAT, LIST, "", "The sum of the numbers in the list.")
def total(cx: Context, items: list[Any]) -> int | float:
    return sum(_numbers(items, "sum")) if items else 0


@define("average", CAT, LIST, "", "The mean of the numbers in the list (a DECIMAL).", function=True)
def average(cx: Context, items: list[Any]) -> float:
    numbers = _numbers(items, "average")
    return float(sum(numbers)) / len(numbers)


@define("median", CAT, LIST, "", "The median of the numbers in the list.", function=True)
def median(cx: Context, items: list[Any]) -> int | float:
    import statistics  # here, not at the top: 1.7 ms of a cold start (issue #18)

    numbers = _numbers(items, "median")
    return _same_kind(statistics.median(numbers), numbers)


@define("largest", CAT, LIST, "", "The largest element (numbers, texts or dates).")
def largest(cx: Context, items: list[Any]) -> Any:
    ordered = _ordered(items)
    if not ordered:
        raise fail("The list is empty or mixes types for the function largest")
    return ordered[-1]


@define("smallest", CAT, LIST, "", "The smallest element (numbers, texts or dates).")
def smallest(cx: Context, items: list[Any]) -> Any:
    ordered = _ordered(items)
    if not ordered:
        raise fail("The list is empty or mixes types for the function smallest")
    return ordered[0]


@define("nthLargest", CAT, LIST, "n", "The n-th largest element (1 is the largest).")
def nth_largest(cx: Context, items: list[Any], n: Any) -> Any:
    ascending = _ordered(items)
    ordered = None if ascending is None else ascending[::-1]
    k = as_int(n, "nthLargest")
    if not ordered or not 1 <= k <= len(ordered):
        raise index_error(k)
    return ordered[k - 1]


@define("nthSmallest", CAT, LIST, "n", "The n-th smallest element (1 is the smallest).")
def nth_smallest(cx: Context, items: list[Any], n: Any) -> Any:
    ordered = _ordered(items)
    k = as_int(n, "nthSmallest")
    if not ordered or not 1 <= k <= len(ordered):
        raise index_error(k)
    return ordered[k - 1]
