"""Issue #12, "internal errors instead of Deluge errors": every built-in in the table, called
with awkward values (huge, negative, NaN-like text, empty, nested, lone surrogates, the wrong
type), returns a value or raises a Deluge error, nothing else.

Each built-in is called as compiled scripts call it (through its dispatcher), and the Python
error a built-in did not expect (the dispatcher's "Invalid arguments for the function" net) is
a failure too: every such case must be guarded with a Deluge message of its own.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cliqsim.deluge.builtins import BUILTINS
from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.compiler_runtime import dispatcher_for
from cliqsim.deluge.errors import DelugeError
from cliqsim.deluge.values import MAX_NUMBER, MIN_NUMBER, CaughtError, Collection, File

NET = "Invalid arguments for the function"

_TEXTS = [
    "",
    " ",
    "a",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "1e999",
    "-1",
    "0",
    "9" * 30,
    "-" + "9" * 30,
    "1.5",
    "\ud800",
    "a\udfffb",
    "01-Jan-2020",
    "2020-13-45",
    "31-Feb-2020 25:61:61",
    "{",
    "[1,[2,[3]]]",
    '{"a":{"b":[1,2]}}',
    "{a:b}",
    "%",
    "%zz",
    "\\",
    "$1",
    "(a",
    "[",
    "*",
    "x" * 5000,
    "é" * 3,
    "\x00",
    "dd-MMM-yyyy",
    "hex",
    "base64",
    "yyyy'T'HH",
]
_NUMBERS = [0, 1, -1, 2, 7, 255, 10**6, MAX_NUMBER, MIN_NUMBER, 2**31, -(2**31), 999_999_999_999]
_DECIMALS = [0.0, -0.0, 0.5, -1.5, 2.5, 1e-300, 5e-324, 1e300, -1e308, 1.7976931348623157e308]
_DATES = [
    date(2020, 1, 1),
    date(1, 1, 1),
    date(9999, 12, 31),
    datetime(2020, 2, 29, 23, 59, 59, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
    datetime(1, 1, 1, 0, 0, tzinfo=UTC),
]

scalars = st.one_of(
    st.sampled_from(_TEXTS),
    st.text(max_size=20),
    st.sampled_from(_NUMBERS),
    st.integers(MIN_NUMBER, MAX_NUMBER),
    st.sampled_from(_DECIMALS),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(_DATES),
    st.booleans(),
    st.none(),
    st.just(File("a.txt", b"\xff\xfe bytes", "text/plain")),
    st.just(CaughtError(3, "Boom")),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["a", "", "\ud800", "key"]), inner, max_size=3),
        st.lists(inner, max_size=3).map(lambda items: Collection(items=items)),
        st.dictionaries(st.sampled_from(["k", "v"]), inner, max_size=2).map(
            lambda entries: Collection(entries=entries)
        ),
    ),
    max_leaves=8,
)

CALLABLE = sorted(name for name, spec in BUILTINS.items() if not spec.effect)


def _context() -> Context:
    cx = Context(UTC, max_text=200_000, max_collection=2_000)
    cx.deadline, cx.timeout_s = time.monotonic() + 5, 5
    return cx


@pytest.mark.parametrize("name", CALLABLE)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_built_in_gives_a_value_or_a_deluge_error(name: str, data: st.DataObject) -> None:
    spec = BUILTINS[name]
    receivers = [kind for kind in spec.impls if kind is not object]
    receiver = data.draw(
        st.one_of(values, st.sampled_from(receivers).flatmap(_of_type)) if receivers else values,
        label="receiver",
    )
    low = spec.min_args
    high = spec.max_args if spec.max_args is not None else low + 3
    count = data.draw(st.integers(low, min(high, low + 3)), label="argument count")
    args = [data.draw(values, label=f"argument {i}") for i in range(count)]
    call = dispatcher_for(name)
    try:
        call(_context(), receiver, *args)
    except DelugeError as error:
        assert NET not in error.message, f"{spec.name}: unguarded Python error: {error.message}"


def _of_type(kind: type) -> st.SearchStrategy[Any]:
    """Values of one receiver type, so each form of a built-in is reached, not only errors."""
    by_type: dict[type, st.SearchStrategy[Any]] = {
        str: st.one_of(st.sampled_from(_TEXTS), st.text(max_size=20)),
        int: st.one_of(st.sampled_from(_NUMBERS), st.integers(MIN_NUMBER, MAX_NUMBER)),
        float: st.one_of(
            st.sampled_from(_DECIMALS), st.floats(allow_nan=False, allow_infinity=False)
        ),
        bool: st.booleans(),
        date: st.sampled_from([d for d in _DATES if type(d) is date]),
        datetime: st.sampled_from([d for d in _DATES if type(d) is datetime]),
        list: st.lists(values, max_size=5),
        dict: st.dictionaries(st.sampled_from(["a", "b", "\ud800"]), values, max_size=3),
        Collection: st.lists(values, max_size=3).map(lambda items: Collection(items=items)),
        File: st.just(File("a.txt", b"\xff\xfe bytes", "text/plain")),
        CaughtError: st.just(CaughtError(3, "Boom")),
    }
    return by_type.get(kind, values)
