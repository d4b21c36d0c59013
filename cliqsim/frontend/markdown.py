"""Text a component supplies, as Rich `Text`: shown literally (`literal`), or as Cliq's message
markdown (`cliq_markup`) built span by span. Neither ever reads Rich/Textual markup (`[b]`,
`[@click=...]`) or `:emoji:` codes in it.

Drawn, as Zoho's "Message Formatting" / "Posting to Zoho Cliq" pages list Cliq's markdown:

- inline: `*bold*`, `_italic_`, `~strike~`, `` `quote` `` (highlighted), `[label](url)` links
  (any label), and instant buttons `[Label]($key)` (drawn as a button face; Zoho's "Buttons"
  page, instant buttons with `references`) and `[+Label](invoke.function|name|owner|key)`
  (the form Cliq's function template shows; `cliqsim.platform.instant_buttons`). Formats nest
  (`*_both_*`); quoted text is shown as written.
- per line: `#` / `##` headings (bold, underlined), `###` small headings (bold), `!quote`
  (a bar and italics), `---` alone (a horizontal rule).
- blocks: ```` ``` ```` fences around lines (a code box: verbatim, on a dark band, with a bar);
  ```` ```text``` ```` on one line is a box too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.style import Style
from rich.text import Text

_HEADING = re.compile(r"^(#{1,3})\s*(.+)$")
_HEADING_STYLE = Style(bold=True, underline=True)
_SMALL_HEADING_STYLE = Style(bold=True)
_QUOTE = re.compile(r"^!\s?(.*)$")
_RULE = re.compile(r"^\s*-{3,}\s*$")
_FENCE = "```"
RULE_WIDTH = 40
CODE_STYLE = Style(bgcolor="grey19")
QUOTE_BAR = "▎ "
BUTTON_STYLE = Style(bold=True, reverse=True)

# (pattern, the style of its first group, whether that group is formatted further)
_Styler = Callable[[re.Match[str]], Style]
_INLINE: tuple[tuple[re.Pattern[str], _Styler, bool], ...] = (
    (re.compile(r"\*(\S(?:[^*\n]*\S)?)\*"), lambda _m: Style(bold=True), True),
    (re.compile(r"(?<![\w])_(\S(?:[^_\n]*\S)?)_(?![\w])"), lambda _m: Style(italic=True), True),
    (re.compile(r"~(\S(?:[^~\n]*\S)?)~"), lambda _m: Style(strike=True), True),
    (re.compile(r"```([^`\n]+)```"), lambda _m: CODE_STYLE, False),
    (re.compile(r"`([^`\n]+)`"), lambda _m: Style(reverse=True), False),
    (re.compile(r"\[([^\]\n]+)\]\(\$([^)\s]+)\)"), lambda _m: BUTTON_STYLE, False),
    (re.compile(r"\[[+-]?([^\]\n]+)\]\((invoke\.function\|[^)\s]*)\)"), lambda _m: BUTTON_STYLE,
     False),
    (re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)"), lambda m: Style(link=m.group(2)), True),
)


def literal(text: object, style: str = "") -> Text:
    """Text a component or package supplied, shown exactly as it is. Use it (or `Text(...)`)
    for every name, label, message, title and error text that did not come from cliqsim; the
    style goes on a span, so padding around it (a panel title's) stays unstyled."""
    return Text.assemble((str(text), style)) if style else Text(str(text))


def cliq_markup(text: str) -> Text:
    """`text` (Cliq markdown, see the module docstring) as Rich text."""
    result = Text()
    in_code = False
    for number, line in enumerate(text.split("\n")):
        if number:
            result.append("\n")
        if line.strip() == _FENCE or (line.startswith(_FENCE) and not in_code
                                      and line.count(_FENCE) == 1):
            in_code = not in_code  # the fence line itself shows as a thin bar
            result.append("▁" * 3 if in_code else "▔" * 3, Style(dim=True))
            continue
        if in_code:
            result.append(QUOTE_BAR, Style(dim=True))
            result.append(line or " ", CODE_STYLE)
            continue
        heading = _HEADING.match(line)
        quote = _QUOTE.match(line)
        if heading:
            small = len(heading.group(1)) == 3
            _append_inline(result, heading.group(2),
                           _SMALL_HEADING_STYLE if small else _HEADING_STYLE)
        elif _RULE.match(line):
            result.append("─" * RULE_WIDTH, Style(dim=True))
        elif quote:
            result.append(QUOTE_BAR, Style(color="cyan", bold=True))
            _append_inline(result, quote.group(1), Style(italic=True))
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
        if styler(match) is BUTTON_STYLE:  # an instant button: its label on a button face
            result.append(f" {match.group(1)} ", inner_style)
        elif nested:
            _append_inline(result, match.group(1), inner_style)
        else:
            result.append(match.group(1), inner_style)
        position = match.end()
    if position < len(text):
        result.append(text[position:], style or None)
