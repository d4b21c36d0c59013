"""The table of Deluge built-ins: the single source for the interpreter, the static checks
(unknown names, arity) and docs/deluge.md.

`lookup(name)` finds a built-in by name, ignoring case (Deluge accepts `subString` and
`substring` alike). Each `BuiltinSpec` says whether it is called in method style (`s.length()`),
function style (`length(s)`, the receiver as first argument) or both, and how many arguments it
takes *besides the receiver*.

The implementations live in the family modules of this package (`text`, `lists`, `maps`, ...),
which fill `impls` when this package is imported: for each receiver type (a Python type from
`cliqsim.deluge.values`, or `object` for any value) the callable and its own arity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

# An implementation: impl(context, receiver, *arguments) -> value.
Impl = Callable[..., Any]


@dataclass(frozen=True, slots=True)
class BuiltinForm:
    """One receiver type's form of a built-in, for docs/deluge.md."""

    receivers: str  # "TEXT", "LIST", "DATE, DATE-TIME", "any"
    signature: str  # "subString(start, end?)"
    summary: str


@dataclass(frozen=True, slots=True)
class BuiltinSpec:
    name: str  # as documented: "subString"
    category: str  # "text", "list", "map", "collection", "datetime", "number", "conversion", ...
    min_args: int  # arguments besides the receiver
    max_args: int | None  # None: any number
    summary: str  # one line for docs/deluge.md
    method: bool = True  # x.name(...)
    function: bool = False  # name(x, ...)
    # Added by the interpreter: receiver type -> (impl, min_args, max_args); the per-type forms
    # for the docs; `effect` marks built-ins that are effects on the host (getUrl, postUrl).
    impls: dict[type, tuple[Impl, int, int | None]] = field(default_factory=dict, compare=False)
    forms: tuple[BuiltinForm, ...] = ()
    effect: bool = False


BUILTINS: dict[str, BuiltinSpec] = {}


def register(spec: BuiltinSpec) -> BuiltinSpec:
    BUILTINS[spec.name.lower()] = spec
    return spec


def lookup(name: str) -> BuiltinSpec | None:
    return BUILTINS.get(name.lower())


# Importing the families fills BUILTINS (they import `register` from this module). The order
# matters: a name's category is that of its first family (`get` is a list built-in first).
FAMILIES = ("text", "lists", "maps", "collection", "datetimes", "business_time", "numbers",
            "conversion", "logical",
            "utilities", "encryption", "xpath", "files", "archives", "caught")  # fmt: skip
for _family in FAMILIES:
    import_module(f"{__name__}.{_family}")
