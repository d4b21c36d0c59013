"""The key order of maps read from JSON text (cliqsim.deluge.builtins.java_order)."""

from __future__ import annotations

from cliqsim.deluge.builtins.java_order import hash_map_order, java_string_hash


def test_java_string_hash_matches_java() -> None:
    # "hello".hashCode() == 99162322; "polygenelubricants".hashCode() == Integer.MIN_VALUE
    assert java_string_hash("hello") == 99162322
    assert java_string_hash("polygenelubricants") == 0x80000000
    assert java_string_hash("") == 0


def test_the_pages_orders() -> None:
    # functions/string/tomap and functions/xml/toxml print these orders
    assert list(hash_map_order({"company": 1, "product": 2})) == ["product", "company"]
    assert list(hash_map_order({"Name": 1, "OrderNo": 2})) == ["OrderNo", "Name"]


def test_nested_maps_are_reordered_and_values_kept() -> None:
    data = {"x": [{"company": 1, "product": 2}], "company": {"company": 3, "product": 4}}
    ordered = hash_map_order(data)
    assert ordered == data
    assert list(ordered["x"][0]) == ["product", "company"]
    assert list(ordered["company"]) == ["product", "company"]


def test_a_larger_map_uses_a_larger_table() -> None:
    keys = [f"k{i}" for i in range(13)]  # 13 keys: 32 buckets, not 16
    ordered = list(hash_map_order(dict.fromkeys(keys, 0)))
    assert sorted(ordered) == sorted(keys)
    buckets = [(java_string_hash(k) ^ (java_string_hash(k) >> 16)) & 31 for k in ordered]
    assert buckets == sorted(buckets)
