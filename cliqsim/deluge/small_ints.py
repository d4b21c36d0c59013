"""One C-speed pass that tells whether a list holds only small whole numbers: `int`s (exactly,
no subclass, no `bool`) between -2**31 and 2**31 - 1.

The input conversion (`values.from_plain`) uses it to copy such a list without checking each
NUMBER's 64-bit range, and the compiler (`compiler_bounded`) to know, before a loop over a list
starts, that every element it will meet is a NUMBER no larger than 2**31 in magnitude.

How: `marshal` (format version 2) writes a list as `[` and a 4-byte length, then each element;
an exact `int` that fits in 32 bits as `i` and 4 bytes, any other value otherwise (`T`/`F`
for booleans, `l` and more bytes for a larger int, ...), and refuses what is not of an exact
built-in type (an `int` subclass, an object with `__index__`). So the list is all small ints
exactly when the output is 5 + 5n bytes long and every 5th byte from the 6th is `i`: parsing
record by record, each record that starts with `i` is 5 bytes, so the next one starts 5 bytes
later. Version 2 writes no back-references, so no flag bit is ever added to a type byte.

The check at import (`_works`) turns the fast answer off (always False: callers take their
general way) should a Python ever write these records differently.
"""

from __future__ import annotations

import marshal
from operator import countOf
from typing import Any

SMALL = 2**31  # |element| <= SMALL for a list `all_small_ints` accepts


def _small_ints(items: list[Any]) -> bool:
    try:
        out = marshal.dumps(items, 2)
    except (ValueError, RecursionError):  # an unmarshallable element, or too deep
        return False
    n = len(items)
    return len(out) == 5 + 5 * n and out[5::5] == b"i" * n


def _works() -> bool:
    class Sub(int):
        pass

    accepted: list[list[Any]] = [[], [0, 1, -1, 2**31 - 1, -(2**31)], [7] * 300]
    refused: list[list[Any]] = [
        [2**31], [-(2**31) - 1], [True], [1, False], [Sub(1)], [1.0], [None], ["i"], [[1]],
        [2**63], [1, 2**40],
    ]  # fmt: skip
    return all(_small_ints(x) for x in accepted) and not any(_small_ints(x) for x in refused)


_FAST = _works()


def all_small_ints(items: list[Any]) -> bool:
    """Whether `items` (a `list`) holds only exact `int`s with -2**31 <= x < 2**31 (True for
    an empty list). False when unsure: the caller then checks the elements its general way.
    Every element's type is checked (one C pass) before `marshal` writes anything: a list of
    a thousand references to one long text would otherwise be written out a thousand times."""
    if items and type(items[0]) is not int:  # a list of texts (or maps, ...) costs nothing
        return False
    return _FAST and countOf(map(type, items), int) == len(items) and _small_ints(items)
