"""Text a component supplies, as Rich `Text`: shown literally (`literal`), or as Cliq's message
markdown (`cliq_markup`) built span by span. Neither ever reads Rich/Textual markup (`[b]`,
`[@click=...]`) or `:emoji:` codes in it.

Drawn today: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, `[label](url)` links, and a line
that starts with `#`, `##` or `###` as a heading. Formats nest (`*_both_*`); code is shown as
written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.style import Style
from rich.text import Text

_HEADING = re.compile(r"^#{1,3}\s*(.+)$")
_HEADING_STYLE = Style(bold=True, underline=True)

# (pattern, the style of its first group, whether that group is formatted further)
_Styler = Callable[[re.Match[str]], Style]
_INLINE: tuple[tuple[re.Pattern[str], _Styler, bool], ...] = (
    (re.compile(r"\*(\S(?:[^*\n]*\S)?)\*"), lambda _m: Style(bold=True), True),
    (re.compile(r"(?<![\w])_(\S(?:[^_\n]*\S)?)_(?![\w])"), lambda _m: Style(italic=True), True),
    (re.compile(r"~(\S(?:[^~\n]*\S)?)~"), lambda _m: Style(strike=True), True),
    (re.compile(r"`([^`\n]+)`"), lambda _m: Style(reverse=True), False),
    (re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)"), lambda m: Style(link=m.group(2)), True),
)


def literal(text: object, style: str = "") -> Text:
    """Text a component or package supplied, shown exactly as it is. Use it (or `Text(...)`)
    for every name, label, message, title and error text that did not come from cliqsim; the
    style goes on a span, so padding around it (a panel title's) stays unstyled."""
    return Text.assemble((str(text), style)) if style else Text(str(text))


def cliq_markup(text: str) -> Text:
    """`text` (Cliq markdown) as Rich text: `*bold*`, `_italic_`, `~strike~`, `` `code` ``
    (reverse), `[label](url)` (a terminal link) and `#` headings (bold, underlined)."""
    result = Text()
    for number, line in enumerate(text.split("\n")):
        if number:
            result.append("\n")
        heading = _HEADING.match(line)
        if heading:
            _append_inline(result, heading.group(1), _HEADING_STYLE)
        else:
            _append_inline(result, line, Style())
    return result


def _append_inline(result: Text, text: str, style: Style) -> None:
    """Append `text` to `result` in `style`, with the inline formats applied (the leftmost
    format first; at one position, the first in `_INLINE`)."""
    position = 0
    while position < len(text):
        found: tuple[re.Match[str], _Styler, bool] | None = None
        for pattern, styler, nested in _INLINE:
            match = pattern.search(text, position)
            if match is not None and (found is None or match.start() < found[0].start()):
                found = (match, styler, nested)
        if found is None:
            break
        match, styler, nested = found
        if match.start() > position:
            result.append(text[position:match.start()], style or None)
        inner_style = style + styler(match)
        if nested:
            _append_inline(result, match.group(1), inner_style)
        else:
            result.append(match.group(1), inner_style)
        position = match.end()
    if position < len(text):
        result.append(text[position:], style or None)
