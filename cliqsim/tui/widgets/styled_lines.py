"""Textual's line styler for the message list, remembering each styled line by the line of
content it was drawn from.

Textual styles a widget's lines (its border, padding, background) in a cache kept by screen
row, which every scroll empties: a new message scrolls the chat, so every line on screen was
styled again although only the new message's lines changed. The message list hands out the
same `Strip` for a line that did not change (`MessageList._drawn`), so this cache keeps the
styled line by that strip (and everything else the styling reads) and gives it back until one
of them changes. Rows with a top or bottom border, padding or outline are styled as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.css.styles import StylesBase
from textual.geometry import Size, Spacing
from textual.strip import Strip

if TYPE_CHECKING:
    from rich.terminal_theme import TerminalTheme
    from textual.widget import Widget

KEPT = 2000  # styled lines remembered at most (a screen has about 50)


class StyledLines(StylesCache):
    def __init__(self) -> None:
        super().__init__()
        self._styled: dict[int, tuple[Strip, tuple[object, ...], Strip]] = {}

    def render_line(
        self,
        styles: StylesBase,
        y: int,
        size: Size,
        content_size: Size,
        padding: Spacing,
        base_background: Color,
        background: Color,
        render_content_line: Callable[[int], Strip],
        border_title: Any,
        border_subtitle: Any,
        opacity: float,
        ansi_theme: TerminalTheme,
        native_ansi: bool,
    ) -> Strip:
        border_top, _, border_bottom, _ = styles.border
        plain_row = (not border_top[0] and not border_bottom[0] and not padding.top
                     and not padding.bottom and not any(edge for edge, _ in styles.outline)
                     and border_title is None and border_subtitle is None
                     and y < content_size.height)
        if not plain_row:
            return super().render_line(styles, y, size, content_size, padding, base_background,
                                       background, render_content_line, border_title,
                                       border_subtitle, opacity, ansi_theme, native_ansi)
        content = render_content_line(y)
        key = (size, content_size, padding, base_background, background, styles.border,
               styles.tint, styles.text_opacity,
               styles.hatch if styles.has_rule("hatch") else None, opacity, id(ansi_theme),
               native_ansi)
        known = self._styled.get(id(content))
        if known is not None and known[0] is content and known[1] == key:
            return known[2]
        styled = super().render_line(styles, y, size, content_size, padding, base_background,
                                     background, _always(content), None, None, opacity,
                                     ansi_theme, native_ansi)
        if len(self._styled) >= KEPT:
            self._styled.clear()
        self._styled[id(content)] = (content, key, styled)
        return styled

    def prestyle(self, widget: Widget, lines: list[Strip]) -> None:
        """Style `lines` (content lines of `widget`) now, as its next paint will, and run them
        through the app's line filters, so that the paint finds them done."""
        base_background, background = widget.background_colors
        styles = widget.styles
        app = widget.app
        filters = widget.get_line_filters()
        for line in lines:
            styled = self.render_line(styles, 0, widget.region.size, widget.content_region.size,
                                      styles.padding, base_background, background,
                                      _always(line), None, None, widget.opacity,
                                      app.ansi_theme, app.native_ansi_color)
            for line_filter in filters:  # (each strip keeps what a filter made of it)
                styled = styled.apply_filter(line_filter, background)


def _always(line: Strip) -> Callable[[int], Strip]:
    """A content-line callback that gives `line` for any row."""
    return lambda _: line

