"""The footer every screen shows: the keys of what has focus, as many as fit.

Textual's footer lays its keys out in one row and docks the palette key (`^p palette`) at the
right; keys that do not fit run on under the palette key and show through beside it (at 80
columns the chat's footer read `f4 ▏^p paletten`). This one shows keys in their order (the
screens list the important ones first) while they fit beside the palette key, and drops the
rest: every key stays reachable in the palette.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def key_width(key: FooterKey, *, compact: bool, palette: bool) -> int:
    """Columns a key takes (its text, padding, margin; the palette key its border too)."""
    text = cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)
    if compact:
        return text + 1  # its margin-right, or the palette key's border-left
    return text + 2 + (2 if palette else 0)  # " key desc " (+ border-left, padding-right)


class FittingFooter(Footer):
    def __init__(self, *, compact: bool = True) -> None:
        super().__init__(compact=compact)
        self._width = 0

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        room = self.app.size.width
        for key in items:
            if isinstance(key, FooterKey) and key.has_class("-command-palette"):
                room -= key_width(key, compact=self.compact, palette=True)
        for item in items:
            if isinstance(item, FooterKey) and not item.has_class("-command-palette"):
                room -= key_width(item, compact=self.compact, palette=False)
                if room < 0:
                    continue  # (and every key after it: the order is the screen's priority)
            yield item

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.refresh(recompose=True)
