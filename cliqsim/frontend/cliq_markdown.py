"""Cliq's message markdown read into styled spans, without Rich: the one reading of it behind
both the Rich text the chat window draws (`cliqsim.frontend.markdown.cliq_markup`) and the plain
text a headless command prints (`cliqsim.frontend.plain`).

A span is `(text, look)`: `text` exactly as the component supplied it (never read as Rich or
Textual markup, never `:emoji:` codes), `look` a dict of style attributes in Rich's own names
(`bold`, `italic`, `underline`, `strike`, `reverse`, `dim`, `color`, `bgcolor`, `link`), or
None for unstyled text. What is drawn is listed in `cliqsim.frontend.markdown`'s docstring
(Zoho's "Message Formatting" / "Posting to Zoho Cliq" and "Buttons" pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Look = dict[str, "bool | str"]
"""Style attributes in Rich's names: `{"bold": True, "color": "cyan", "link": "https://..."}`."""
Span = tuple[str, "Look | None"]

HEADING_LOOK: Look = {"bold": True, "underline": True}
SMALL_HEADING_LOOK: Look = {"bold": True}
_FENCE = "```"
RULE_WIDTH = 40
CODE_LOOK: Look = {"bgcolor": "grey19"}
QUOTE_BAR = "▎ "
QUOTE_BAR_LOOK: Look = {"color": "cyan", "bold": True}
BUTTON_LOOK: Look = {"bold": True, "reverse": True}
DIM: Look = {"dim": True}

# Each format as (a character every match of it holds, its pattern, the look of its first
# group, whether that group is formatted further). A pattern is compiled when a text first
# holds its character (`_pattern`): plain text, the most common, compiles and searches none.
_Styler = Callable[[re.Match[str]], Look]
_INLINE: tuple[tuple[str, str, _Styler, bool], ...] = (
    ("*", r"\*(\S(?:[^*\n]*\S)?)\*", lambda _m: {"bold": True}, True),
    ("_", r"(?<![\w])_(\S(?:[^_\n]*\S)?)_(?![\w])", lambda _m: {"italic": True}, True),
    ("~", r"~(\S(?:[^~\n]*\S)?)~", lambda _m: {"strike": True}, True),
    ("`", r"```([^`\n]+)```", lambda _m: CODE_LOOK, False),
    ("`", r"`([^`\n]+)`", lambda _m: {"reverse": True}, False),
    ("[", r"\[([^\]\n]+)\]\(\$([^)\s]+)\)", lambda _m: BUTTON_LOOK, False),
    ("[", r"\[[+-]?([^\]\n]+)\]\((invoke\.function\|[^)\s]*)\)", lambda _m: BUTTON_LOOK, False),
    ("[", r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)", lambda m: {"link": m.group(2)}, True),
)
# line formats, each tried only on a line that starts with (or holds) its character
_HEADING = r"^(#{1,3})\s*(.+)$"
_QUOTE = r"^!\s?(.*)$"
_RULE = r"^\s*-{3,}\s*$"
_compiled: dict[str, re.Pattern[str]] = {}


def _pattern(source: str) -> re.Pattern[str]:
    found = _compiled.get(source)
    if found is None:
        found = _compiled[source] = re.compile(source)
    return found


def cliq_spans(text: str) -> list[Span]:
    """`text` (Cliq markdown) as spans, lines separated by a `("\\n", None)` span."""
    spans: list[Span] = []
    in_code = False
    for number, line in enumerate(text.split("\n")):
        if number:
            spans.append(("\n", None))
        if line.strip() == _FENCE or (line.startswith(_FENCE) and not in_code
                                      and line.count(_FENCE) == 1):
            in_code = not in_code  # the fence line itself shows as a thin bar
            spans.append(("▁" * 3 if in_code else "▔" * 3, DIM))
            continue
        if in_code:
            spans.append((QUOTE_BAR, DIM))
            spans.append((line or " ", CODE_LOOK))
            continue
        heading = _pattern(_HEADING).match(line) if line.startswith("#") else None
        quote = _pattern(_QUOTE).match(line) if line.startswith("!") else None
        if heading:
            small = len(heading.group(1)) == 3
            _inline(spans, heading.group(2), SMALL_HEADING_LOOK if small else HEADING_LOOK)
        elif "---" in line and _pattern(_RULE).match(line):
            spans.append(("─" * RULE_WIDTH, DIM))
        elif quote:
            spans.append((QUOTE_BAR, QUOTE_BAR_LOOK))
            _inline(spans, quote.group(1), {"italic": True})
        else:
            _inline(spans, line, {})
    return spans


def _inline(spans: list[Span], text: str, look: Look) -> None:
    """Append `text` in `look`, with the inline formats applied (the leftmost format first; at
    one position, the first in `_INLINE`)."""
    formats = [(_pattern(source), styler, nested)
               for mark, source, styler, nested in _INLINE if mark in text]
    position = 0
    while formats and position < len(text):
        found: tuple[re.Match[str], _Styler, bool] | None = None
        for pattern, styler, nested in formats:
            match = pattern.search(text, position)
            if match is not None and (found is None or match.start() < found[0].start()):
                found = (match, styler, nested)
        if found is None:
            break
        match, styler, nested = found
        if match.start() > position:
            spans.append((text[position:match.start()], look or None))
        added = styler(match)
        inner = {**look, **added}
        if added is BUTTON_LOOK:  # an instant button: its label on a button face
            spans.append((f" {match.group(1)} ", inner))
        elif nested:
            _inline(spans, match.group(1), inner)
        else:
            spans.append((match.group(1), inner))
        position = match.end()
    if position < len(text):
        spans.append((text[position:], look or None))
