"""The key order of a map Deluge reads from JSON text: Java's `HashMap` iteration order.

Deluge parses JSON text into a `HashMap`, so `toMap()` and `toXml()` give the keys in the order
of their hash buckets, not as the text wrote them. The functions/string/tomap page shows
`"{company:Zoho, product:Creator}".toMap()` as `{"product":"Creator","company":"Zoho"}`, and the
functions/xml/toxml page puts `OrderNo` before `Name` for `{Name:..., OrderNo:[...]}`; both are
the order below (docs/deluge.md, "Where Zoho's pages are silent or disagree").

The order: a table of 16 buckets that doubles whenever it would be more than three quarters
full; a key's bucket is its Java `String.hashCode()` with the high half folded into the low
half (`h ^ (h >>> 16)`), masked to the table size; keys of one bucket keep their text order.
"""

from __future__ import annotations

from typing import Any

_MASK = 0xFFFFFFFF


def java_string_hash(text: str) -> int:
    """`String.hashCode()` over the text's UTF-16 code units, as an unsigned 32-bit number."""
    h = 0
    data = text.encode("utf-16-be", "surrogatepass")
    for i in range(0, len(data), 2):
        h = (31 * h + (data[i] << 8 | data[i + 1])) & _MASK
    return h


def _table_size(entries: int) -> int:
    size = 16
    while entries > size * 3 // 4:
        size *= 2
    return size


def hash_map_order(mapping: dict[str, Any]) -> dict[str, Any]:
    """`mapping` with its keys in `HashMap` iteration order, nested maps (also inside lists)
    reordered the same way; other values are kept as they are."""
    mask = _table_size(len(mapping)) - 1

    def bucket(key: str) -> int:
        h = java_string_hash(key)
        return (h ^ (h >> 16)) & mask

    return {key: _reordered(mapping[key]) for key in sorted(mapping, key=bucket)}


def _reordered(value: Any) -> Any:
    if type(value) is dict:
        return hash_map_order(value)
    if type(value) is list:
        return [_reordered(item) for item in value]
    return value
