"""The chat window's last line of defence: no text it draws reaches the terminal as control.

Textual writes the text of each segment it paints to the terminal as it is. Every part of the
window that shows what a component supplies makes it `printable` when it builds its text (so it
is measured as drawn), but a part that forgot let the component drive the terminal: a bot named
`Ctrl\\u001b[2Jbot` cleared the screen from the sidebar on every paint. So every line the window
paints passes `terminal.printable` on its way out: `Strip.render` (Textual's one place where a
line's text and styles become terminal output; the cursor moves around lines are added outside
it) is wrapped once, when the app module loads. Textual's own output never holds a control
character in a segment's text; a component's shows as `\\uXXXX`.

A Textual upgrade must keep `Strip.render(console) -> str` and `Strip._segments`; the test
`tests/tui/test_safe_strips.py` fails if a control character gets through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.strip import Strip

from cliqsim.frontend.terminal import printable

if TYPE_CHECKING:
    from rich.console import Console

_render = Strip.render


def _clean_segments(strip: Strip) -> None:
    """Replace the strip's segments by printable ones when one of them is not (rare)."""
    segments = strip._segments
    if all(text.isprintable() for text, _, _ in segments):
        return
    cleaned = [(printable(text), style, control) for text, style, control in segments]
    if any(new[0] != old[0] for new, old in zip(cleaned, segments, strict=True)):
        from rich.segment import Segment

        strip._segments = [Segment(*parts) for parts in cleaned]


def render(self: Strip, console: Console) -> str:
    """`Strip.render`, with every segment's text `printable` first (once per strip)."""
    if self._render_cache is None:
        _clean_segments(self)
    return _render(self, console)


def install() -> None:
    """Wrap `Strip.render` (idempotent)."""
    if Strip.render is not render:
        Strip.render = render  # type: ignore[method-assign]
