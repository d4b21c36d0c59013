"""Copies of values across the interpreter's boundary made in C (`marshal`), where they are
plain JSON data: the conversions of `values` walk every map, list and text in Python.

`Template`: a value converted once and handed out as fresh copies, each cheap to make.

A host that gives scripts the same data again and again (the platform's offline fixtures: the
same parsed JSON for every `invokeurl` that matches) would otherwise have the interpreter
convert and check it on every call (`values.from_plain`, a walk in Python of every map, list
and text). `Template` converts it once and copies the converted value with `marshal`, in C;
`values.Converted` tells `from_plain` that the copy needs no conversion.

Only values `marshal` writes exactly are copied this way: maps, lists, texts, NUMBERs,
DECIMALs, BOOLEANs and null (what JSON holds), which `from_plain` never turns into anything
else. A value holding a date, a file or a collection is not (`Template.copy` gives None and
the host hands out the plain value as before). Version 2 of the format writes no
back-references, so a list referenced twice is copied twice, as `from_plain` copies it.

`plain_copy`: a returned value or an effect's argument as plain data for the host (what
`check_text_size` then `to_plain` give), for a map or list of JSON data.
"""

from __future__ import annotations

import marshal
import re
from datetime import UTC
from operator import countOf
from typing import Any

from cliqsim.deluge.errors import DelugeError
from cliqsim.deluge.values import MAX_NESTING, Converted, from_plain


class Template:
    """`plain` (host data) converted to Deluge values once; `copy()` gives a fresh copy for one
    call, or None when `plain` cannot be copied this way (it is not plain JSON data, or does
    not convert: the caller converts it the usual way, which raises the usual error)."""

    __slots__ = ("_bytes",)

    def __init__(self, plain: Any) -> None:
        self._bytes: bytes | None = None
        try:
            converted = from_plain(plain, UTC, "the value")
            self._bytes = marshal.dumps(converted, 2)
        except (DelugeError, ValueError, RecursionError):
            return

    def copy(self) -> Converted | None:
        return None if self._bytes is None else Converted(marshal.loads(self._bytes))


# A lone surrogate (which `to_plain` replaces by "?") as `marshal` writes it (UTF-8 with
# "surrogatepass"); other bytes may match too, which only sends the value the general way.
_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")
MOST_ELEMENTS = 100_000  # elements (every time met) of a value `plain_copy` copies


def plain_copy(value: Any, limit: int) -> Any:
    """`to_plain(value)` for a map or list of JSON data (maps with text keys, lists, texts with
    no lone surrogate, NUMBERs, DECIMALs, BOOLEANs, null) nested at most `MAX_NESTING` levels,
    whose text form surely has at most `limit` characters (so `check_text_size` passes): a
    copy made in C. None for any other value: the caller takes the general way, which gives
    the same result or raises its error.

    The bound: `marshal` writes at least one byte for a scalar and 5 plus its UTF-8 length for
    a text (a key too), 5 for a list and 2 for a map, so (by induction) the size `text_size`
    counts is less than twice the length of what `marshal` writes."""
    if type(value) is not dict and type(value) is not list:
        return None
    level: list[Any] = [value]
    budget = min(limit, MOST_ELEMENTS)  # each element adds at least 1 to the size
    for _ in range(MAX_NESTING + 1):
        inner: list[Any] = []
        for node in level:
            budget -= len(node)
            if budget < 0:
                return None  # large, or one list referenced many times: the general way
            if type(node) is dict:
                if countOf(map(type, node), str) != len(node):
                    return None
                node = node.values()
            for item in node:
                kind = type(item)
                if kind is dict or kind is list:
                    inner.append(item)
        if not inner:
            break
        level = inner
    else:
        return None  # nested deeper (or containing itself): the general way raises the error
    try:
        out = marshal.dumps(value, 2)
    except ValueError:  # a date, a file, a collection, ...
        return None
    if 2 * len(out) > limit or _SURROGATE.search(out):
        return None
    return marshal.loads(out)
