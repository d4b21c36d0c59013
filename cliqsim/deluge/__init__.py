"""The Deluge language: parse, check, and the error family.

Kept light: importing `cliqsim.deluge` (or any module under it, such as `cliqsim.deluge.ast`)
does not import Lark. `parse` and `check` load the parser on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cliqsim.deluge.errors import (
    DelugeError,
    DelugeLimitError,
    DelugeRuntimeError,
    DelugeSyntaxError,
    Diagnostic,
    EffectBlocked,
)
from cliqsim.deluge.source import Source, Span

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cliqsim.deluge import ast as dast


def parse(text: str, name: str = "<input>") -> dast.Script:
    """Parse a Deluge script; raises only `DelugeSyntaxError` (see `cliqsim.deluge.parser`)."""
    from cliqsim.deluge.parser import parse as _parse

    return _parse(text, name)


def check(script: dast.Script, predeclared: Iterable[str] = ()) -> list[Diagnostic]:
    """Static checks of a parsed script (see `cliqsim.deluge.checks`)."""
    from cliqsim.deluge.checks import check as _check

    return _check(script, predeclared)


__all__ = [
    "DelugeError",
    "DelugeLimitError",
    "DelugeRuntimeError",
    "DelugeSyntaxError",
    "Diagnostic",
    "EffectBlocked",
    "Source",
    "Span",
    "check",
    "parse",
]
