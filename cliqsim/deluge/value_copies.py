"""Copies of values across the interpreter's boundary made without walking them in Python,
where they are plain JSON data: the conversions of `values` walk every map, list and text.

`Template`: a value converted once and handed out as fresh copies, each cheap to make.
A host that gives scripts the same data again and again (the platform's offline fixtures: the
same parsed JSON for every `invokeurl` that matches) would otherwise have the interpreter
convert and check it on every call (`values.from_plain`). `Template` converts it once; a copy
is made by `marshal.loads` the first time, then by a function compiled from the converted value
as one literal (it builds the maps and lists and shares the texts and numbers, which cannot
change): compiling pays off only when the same data is handed out again, and a process that
runs one command (a cold `cliqsim run`) hands it out once (issue #18). `values.Converted` tells
`from_plain` that the copy needs no conversion.

Only maps, lists, texts, NUMBERs, DECIMALs, BOOLEANs and null (what JSON holds, and what
`marshal` writes exactly) are copied this way; `from_plain` never turns them into anything
else. A value holding a date, a file or a collection is not (`Template.copy` gives None and
the host hands out the plain value as before). A list referenced twice is copied twice (the
literal names it twice; format version 2 of `marshal` writes no back-references), as
`from_plain` copies it.

`plain_copy`: a returned value or an effect's argument as plain data for the host (what
`check_text_size` then `to_plain` give), for a map or list of JSON data, copied by `marshal`.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable
from datetime import UTC
from operator import countOf
from types import ModuleType
from typing import Any

from cliqsim.deluge.errors import DelugeError
from cliqsim.deluge.values import MAX_NESTING, Converted, from_plain

MOST_LITERAL_BYTES = 64 * 1024  # larger ones copy by `marshal.loads` (compiling ~20 ms at most)


class Template:
    """`plain` (host data) converted to Deluge values once; `copy()` gives a fresh copy for one
    call, or None when `plain` cannot be copied this way (it is not plain JSON data, or does
    not convert: the caller converts it the usual way, which raises the usual error).

    The first copy is made by `marshal.loads`. From the second on, a copy is made by a function
    compiled from the value as one literal (`_literal`: a tree of `ast` nodes whose leaves are
    the texts and numbers themselves, never source text), so making it only builds the maps and
    lists, sharing the texts, which cannot change; `marshal.loads` goes on making them where
    that function cannot be compiled (or the value is larger than `MOST_LITERAL_BYTES`)."""

    __slots__ = ("_bytes", "_make", "_compile")

    def __init__(self, plain: Any) -> None:
        self._bytes: bytes | None = None
        self._make: Callable[[], Any] | None = None
        self._compile = False  # compile the literal at the next copy
        try:
            converted = from_plain(plain, UTC, "the value")
            self._bytes = marshal.dumps(converted, 2)
        except (DelugeError, ValueError, RecursionError):
            return

    def copy(self) -> Converted | None:
        if self._make is not None:
            return Converted(self._make())
        if self._bytes is None:
            return None
        if self._compile:  # handed out before: worth compiling (once)
            self._compile = False
            self._make = _maker(marshal.loads(self._bytes))
            if self._make is not None:
                return Converted(self._make())
        else:
            self._compile = len(self._bytes) <= MOST_LITERAL_BYTES
        return Converted(marshal.loads(self._bytes))


def _maker(value: Any) -> Callable[[], Any] | None:
    """A function without arguments that returns a fresh copy of `value`, or None."""
    import ast  # Python's AST classes load only for a value handed out twice

    try:
        arguments = ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[],
                                  defaults=[])
        tree = ast.Expression(ast.Lambda(arguments, _literal(value, 0, ast)))
        code = compile(ast.fix_missing_locations(tree), "<value copy>", "eval")
    except (TypeError, ValueError, RecursionError, MemoryError, SyntaxError):
        return None
    made: Callable[[], Any] = eval(code, {"__builtins__": {}})  # noqa: S307 - a literal only
    return made


_LEAVES = (str, int, float, bool, type(None))


def _literal(value: Any, depth: int, ast: ModuleType) -> Any:
    """`value` as a tree of nodes of `ast` (the `ast` module, loaded by `_maker`): an
    `ast.expr`."""
    if depth > MAX_NESTING:
        raise RecursionError
    kind = type(value)
    if kind is dict:
        keys = [ast.Constant(key) for key in value]
        items = [_literal(item, depth + 1, ast) for item in value.values()]
        return ast.Dict(keys=keys, values=items)
    if kind is list:
        return ast.List(elts=[_literal(item, depth + 1, ast) for item in value], ctx=ast.Load())
    if kind not in _LEAVES:
        raise TypeError(kind.__name__)
    return ast.Constant(value)


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
    chars = limit  # every text (a key too) adds at least its length to the size
    for _ in range(MAX_NESTING + 1):
        inner: list[Any] = []
        for node in level:
            budget -= len(node)
            if budget < 0:
                return None  # large, or one list referenced many times: the general way
            if type(node) is dict:
                if countOf(map(type, node), str) != len(node):
                    return None
                chars -= sum(map(len, node))
                node = node.values()
            for item in node:
                kind = type(item)
                if kind is str:
                    chars -= len(item)
                elif kind is dict or kind is list:
                    inner.append(item)
            if chars < 0:
                return None  # `marshal` would write it out whole first (a text met 1,000 times)
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
