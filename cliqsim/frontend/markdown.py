"""Text a component supplies, as Rich `Text`: shown literally (`literal`), or as Cliq's message
markdown (`cliq_markup`) built span by span from `cliq_markdown.cliq_spans` (the reading the
plain headless renderer shares). Neither ever reads Rich/Textual markup (`[b]`, `[@click=...]`)
or `:emoji:` codes in it.

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

from rich.style import Style
from rich.text import Text

from cliqsim.frontend.cliq_markdown import (
    BUTTON_LOOK,
    CODE_LOOK,
    QUOTE_BAR,
    RULE_WIDTH,
    Look,
    cliq_spans,
)

__all__ = ["BUTTON_STYLE", "CODE_STYLE", "QUOTE_BAR", "RULE_WIDTH", "cliq_markup", "literal",
           "style_of"]

CODE_STYLE = Style(**CODE_LOOK)  # type: ignore[arg-type]
BUTTON_STYLE = Style(**BUTTON_LOOK)  # type: ignore[arg-type]


def literal(text: object, style: str = "") -> Text:
    """Text a component or package supplied, shown exactly as it is. Use it (or `Text(...)`)
    for every name, label, message, title and error text that did not come from cliqsim; the
    style goes on a span, so padding around it (a panel title's) stays unstyled."""
    return Text.assemble((str(text), style)) if style else Text(str(text))


def style_of(look: Look | None) -> Style | None:
    """A look (`cliqsim.frontend.cliq_markdown`) as a Rich style; None for none."""
    return Style(**look) if look else None  # type: ignore[arg-type]


def cliq_markup(text: str) -> Text:
    """`text` (Cliq markdown, see the module docstring) as Rich text, read by
    `cliqsim.frontend.cliq_markdown.cliq_spans`."""
    result = Text()
    for piece, look in cliq_spans(text):
        result.append(piece, style_of(look))
    return result
