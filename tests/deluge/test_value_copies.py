"""Copies made in C at the interpreter's boundary (`cliqsim.deluge.value_copies`, issue #18) give
exactly what the general conversions give: `plain_copy` what `check_text_size` then `to_plain`
give (or the general way runs), a `Template` copy what `from_plain` gives, fresh each time."""

from __future__ import annotations

import math
from datetime import UTC, date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliqsim.deluge import value_copies
from cliqsim.deluge.errors import DelugeError
from cliqsim.deluge.value_copies import Template, plain_copy
from cliqsim.deluge.values import (
    MAX_NESTING,
    Collection,
    Converted,
    File,
    check_text_size,
    from_plain,
    to_plain,
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=8),  # lone surrogates included
    st.sampled_from(["\ud800", "a\udfffb", "é", "\U0001f600", "\xed\xa0"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.text(max_size=4), inner, max_size=5),
    ),
    max_leaves=30,
)


def _general(value: Any, limit: int) -> tuple[str, Any]:
    try:
        check_text_size(value, "the value", limit)
        return ("value", to_plain(value))
    except DelugeError as error:
        return ("error", error.message)


def _same(value: Any, limit: int) -> Any:
    copied = plain_copy(value, limit)
    if copied is not None:
        assert ("value", copied) == _general(value, limit)
        assert copied is not value
    return copied


@settings(max_examples=300, deadline=None)
@given(VALUES, st.sampled_from([0, 3, 20, 100, 10_000_000]))
def test_a_plain_copy_is_what_the_general_conversion_gives(value: Any, limit: int) -> None:
    _same(value, limit)


def test_json_data_is_copied_and_the_copy_is_fresh() -> None:
    row = {"Name": "A", "n": 1, "r": 4.5, "ok": True, "x": None}
    value: dict[str, Any] = {"text": "Hi", "rows": [row]}
    copied = _same(value, 10_000)
    assert copied == value
    copied["rows"][0]["Name"] = "B"
    assert value["rows"][0]["Name"] == "A"


@pytest.mark.parametrize(
    "value",
    [
        {"t": "a\ud800"},  # a lone surrogate becomes "?"
        {"d": date(2026, 1, 1)},
        [Collection.undecided()],
        {"f": File("a.txt", b"x")},
        {1: "a"},  # not a text key: the general way writes it as text
        ["x" * 50],  # past the limit of 100 (2 x what marshal writes): the general way decides
        "text",
    ],
)
def test_other_values_go_the_general_way(value: Any) -> None:
    assert plain_copy(value, 100) is None


def test_nesting_past_the_limit_goes_the_general_way_and_fails_there() -> None:
    deepest: Any = []
    for _ in range(MAX_NESTING):
        deepest = [deepest]
    assert _same(deepest, 10_000_000) is not None  # MAX_NESTING levels inside the outer list
    assert plain_copy([deepest], 10_000_000) is None
    assert _general([deepest], 10_000_000)[0] == "error"


def test_a_list_referenced_many_times_is_not_expanded() -> None:
    inner = list(range(1000))
    wide = [[inner] * 1000] * 1000  # a thousand million elements, each met through references
    assert plain_copy(wide, 10_000_000) is None


def test_a_text_referenced_many_times_is_refused_before_marshal_writes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A script can list one 9 MB text a thousand times at no cost; written out by `marshal`
    that is 9 GB (the limits benchmark's "return 1,000 references to a 9 MB text")."""
    written: list[Any] = []
    monkeypatch.setattr(value_copies.marshal, "dumps", lambda *a: written.append(a) or b"")
    big = "x" * 1000
    assert plain_copy([big] * 100, 50_000) is None
    assert plain_copy({"k": [big] * 100}, 50_000) is None
    assert plain_copy({big: 1, "k" * 49_500: 2}, 50_000) is None  # keys count too
    assert written == []


def _copies(template: Template) -> list[Converted | None]:
    """Three copies: the first made by `marshal`, the next two by the compiled literal."""
    return [template.copy() for _ in range(3)]


def test_a_template_gives_fresh_copies_of_what_from_plain_gives() -> None:
    place = {"name": "Bank", "rating": 4.5, "open": True}
    plain: dict[str, Any] = {"results": [place], "status": "OK"}
    template = Template(plain)
    first, second, third = _copies(template)
    assert isinstance(first, Converted) and isinstance(second, Converted)
    assert isinstance(third, Converted)
    assert first.value == second.value == third.value == from_plain(plain, UTC)
    first.value["results"][0]["name"] = "changed"
    second.value["results"][0]["rating"] = 1
    assert second.value["results"][0]["name"] == third.value["results"][0]["name"] == "Bank"
    assert third.value["results"][0]["rating"] == 4.5
    assert plain["results"][0]["name"] == "Bank"
    assert from_plain(first, UTC) is first.value
    assert from_plain(third, UTC) is third.value


def test_a_template_compiles_its_literal_only_when_copied_again() -> None:
    template = Template({"rows": [1, 2]})
    template.copy()
    assert template._make is None  # one copy (a cold run's one invokeurl): marshal alone
    template.copy()
    assert template._make is not None


@pytest.mark.parametrize("plain", [{"n": 2**64}, {"d": date(2026, 1, 1)}, b"bytes"])
def test_a_template_of_what_does_not_copy_this_way_gives_none(plain: Any) -> None:
    # a number past 64 bits fails to convert (the general way raises the error), a date or a
    # file is no JSON data
    assert Template(plain).copy() is None


def test_a_template_copies_the_converted_value() -> None:
    # a key in its text form, a tuple as a list
    for copy in _copies(Template({(1,): [2, (3, 4)]})):
        assert copy is not None and copy.value == from_plain({(1,): [2, (3, 4)]}, UTC)


@settings(max_examples=200, deadline=None)
@given(VALUES)
def test_any_template_copy_is_what_from_plain_gives(value: Any) -> None:
    copies = _copies(Template(value))
    for copy in copies:
        assert copy is not None
        assert copy.value == from_plain(value, UTC)
    if isinstance(value, dict | list):
        first, second, third = (copy.value for copy in copies)  # type: ignore[union-attr]
        assert first is not second and second is not third


def test_a_template_keeps_every_number_exactly() -> None:
    plain = {"nan": math.nan, "inf": -math.inf, "zero": -0.0, "big": 2**63 - 1, "s": "\ud800"}
    for copy in _copies(Template(plain)):
        assert copy is not None
        value = copy.value
        assert math.isnan(value["nan"]) and value["inf"] == -math.inf
        assert math.copysign(1, value["zero"]) == -1
        assert value["big"] == 2**63 - 1 and value["s"] == "\ud800"


@pytest.mark.parametrize("size", [10, value_copies.MOST_LITERAL_BYTES])
def test_deep_and_large_templates_copy_too(size: int) -> None:
    deep: Any = ["x"]
    for _ in range(MAX_NESTING):
        deep = [deep]
    for plain in (deep, {"rows": [{"n": i, "t": "x" * 20} for i in range(size // 20)]}):
        first, second, third = _copies(Template(plain))
        assert first is not None and second is not None and third is not None
        assert first.value == second.value == third.value == from_plain(plain, UTC)
        assert first.value is not second.value and second.value is not third.value
