"""The table of Deluge built-ins: the single source for the interpreter, the static checks
(unknown names, arity) and docs/deluge.md.

`lookup(name)` finds a built-in by name, ignoring case (Deluge accepts `subString` and
`substring` alike). Each `BuiltinSpec` says whether it is called in method style (`s.length()`),
function style (`length(s)`, the receiver as first argument) or both, and how many arguments it
takes *besides the receiver*.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BuiltinSpec:
    name: str  # as documented: "subString"
    category: str  # "text", "list", "map", "collection", "datetime", "number", "conversion", ...
    min_args: int  # arguments besides the receiver
    max_args: int | None  # None: any number
    summary: str  # one line for docs/deluge.md
    method: bool = True  # x.name(...)
    function: bool = False  # name(x, ...)


BUILTINS: dict[str, BuiltinSpec] = {}


def register(spec: BuiltinSpec) -> BuiltinSpec:
    BUILTINS[spec.name.lower()] = spec
    return spec


def lookup(name: str) -> BuiltinSpec | None:
    return BUILTINS.get(name.lower())
