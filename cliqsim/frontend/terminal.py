"""Text on the terminal is data: control characters a component supplies never reach it raw.

A component (or its package) supplies much of what cliqsim prints: replies, `info` lines, names,
descriptions, the URLs and addresses consent items quote, error texts, code lines. Written raw,
an escape sequence in any of them would act on the person's terminal instead of being shown:
`ESC [2J` clears the screen, `ESC ]0;...` retitles the window, `ESC ]52;...` writes the
clipboard, a carriage return or cursor movement prints over the line above (a "Blocked" line
overwritten by "Allowed"), and Unicode bidirectional controls (U+202E, ...) show a code line in
the consent prompt in another order than it runs ("Trojan Source", CVE-2021-42574).

So every headless command prints through one filter (`safe_output`, set up once by
`cliqsim.cli.main`): each C0 control but newline and tab, DEL, each C1 control and each
bidirectional control becomes the visible escape `\\uXXXX` (which is also valid inside a JSON
string, so `--json` output stays valid JSON). The Rich console cliqsim prints styled lines with
(`console`) applies the same filter to the text of what it renders and only then adds its own
styles, so cliqsim's colours still work and a component's never do.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import IO, TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import (
        Console,
        ConsoleOptions,
        ConsoleRenderable,
        RenderableType,
        RenderHook,
        RenderResult,
    )

T = TypeVar("T")

__all__ = ["Printable", "console", "printable", "printable_all", "safe_output"]

# C0 controls but \t and \n, DEL, C1 controls, the Unicode bidirectional controls (embeddings,
# overrides, isolates, marks) and the line/paragraph separators some terminals break lines on.
# Each is a character `str.isprintable()` refuses (tests/frontend/test_printable_fast_path.py).
_UNSAFE_CHARACTERS = (
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@cache
def _unsafe() -> re.Pattern[str]:
    """The pattern of `_UNSAFE_CHARACTERS`, compiled when first needed (compiling it is about
    1 ms of a cold `cliqsim run`, whose output has no control character to escape)."""
    return re.compile(_UNSAFE_CHARACTERS)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str) -> str:
    """`text` with every control character that would act on a terminal written as `\\uXXXX`
    (newline and tab are kept)."""
    if text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return text  # no character `str.isprintable()` refuses: none to escape
    return _unsafe().sub(_escape, text)


def printable_all(value: T) -> T:
    """`value` — a message, or any msgspec struct, tuple, list or dict of them — with every
    string in it `printable`; the very same object wherever nothing needed it (the common case
    costs one scan per string). The Rich renderer cleans a message with it *before* laying it
    out: `Printable` cleans after, when the widths are already measured, so a card whose text
    held an escape (`\\u001b` drawn in place of one zero-width character) lost its right border
    on that line."""
    if isinstance(value, str):
        return printable(value)  # type: ignore[return-value]  # the same object when clean
    if isinstance(value, tuple | list):
        items = [printable_all(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, dict):
        pairs = [(printable_all(k), printable_all(v)) for k, v in value.items()]
        if all(k is old_k and v is old_v for (k, v), (old_k, old_v)
               in zip(pairs, value.items(), strict=True)):
            return value
        return dict(pairs)  # type: ignore[return-value]
    fields = getattr(type(value), "__struct_fields__", None)
    if fields is None:
        return value
    changes = {}
    for name in fields:
        old = getattr(value, name)
        new = printable_all(old)
        if new is not old:
            changes[name] = new
    if not changes:
        return value
    import msgspec

    return msgspec.structs.replace(value, **changes)  # type: ignore[type-var]


class SafeStream(io.TextIOBase):
    """A text stream that writes `printable(text)` to `inner` (stdout or stderr)."""

    def __init__(self, inner: IO[str]) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self.inner, "encoding", "utf-8") or "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.inner, "errors", None)


def raw_stream(stream: IO[str]) -> IO[str]:
    """The stream under a `SafeStream` (for the console, which filters by itself)."""
    return stream.inner if isinstance(stream, SafeStream) else stream


@contextmanager
def safe_output() -> Iterator[None]:
    """While inside, everything printed to `sys.stdout` and `sys.stderr` goes through
    `printable`; the streams are put back after."""
    saved = sys.stdout, sys.stderr
    sys.stdout = SafeStream(raw_stream(sys.stdout))
    sys.stderr = SafeStream(raw_stream(sys.stderr))
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        sys.stdout, sys.stderr = saved


class Printable:
    """A renderable drawn with every text segment `printable`; Rich's own control segments
    (cursor moves it makes itself) are kept. The shared renderer wraps each message in one, so
    the chat window (Textual writes segment text to the terminal as it is) shows a component's
    control characters as `\\uXXXX` too."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        for segment in console.render(self.inner, options):
            text = segment.text
            if segment.control or text.isprintable():  # (every unsafe character is not)
                yield segment
            else:
                yield Segment(printable(text), segment.style)


def _hook() -> RenderHook:
    from rich.console import RenderHook

    class PrintableHook(RenderHook):
        def process_renderables(
                self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
            return [Printable(r) for r in renderables]

    return PrintableHook()


def console(file: IO[str] | None = None, *, force_terminal: bool | None = None) -> Console:
    """The Rich console of the headless commands: no markup, no `:emoji:` codes, no highlighting,
    and every text it renders `printable`. Writes to `file`, else the real stdout under
    `safe_output` (so its own colours are not escaped)."""
    from rich.console import Console

    out = Console(file=file or raw_stream(sys.stdout), highlight=False, soft_wrap=False,
                  markup=False, emoji=False, force_terminal=force_terminal)
    out.push_render_hook(_hook())
    return out
