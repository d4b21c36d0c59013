"""Instant buttons written in a message's own markdown: `[Label](invoke.function|name|owner|key)`.

Cliq's editor starts every new button function with a comment that shows this form ("Use the
below given instant button's syntax to see how the function code is invoked! [What's
this?](invoke.function|NAME)"), and real extensions put such buttons in message text and in
table cells (github.com/HKHARI/ZohoCliq_ZohoDesk-Integration: `[+:thumbsup: Work
Done](invoke.function|HandleTicket|owner@zylker.com|<record id>)` in a table's Action column).
Zoho's pages name the parts only through that comment; cliqsim reads them as the button object
does (Zoho, "Button Object": `invoke.function` with `data {name, owner}` and a `key`):

- the label, a leading `+` or `-` giving the button's type (green or red outline);
- the function's name, then the owner's email or id, then the button's key, each optional
  after the name (`arguments.key` is empty without one; `target.name` is the label).

Each becomes a clickable button of the message, kept with its `references` under the markdown
that wrote it, so two buttons with the same target and different labels stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from cliqsim.platform.messages import Button, Slide

INSTANT = re.compile(r"\[([^\]\n]+)\]\((invoke\.function\|[^)\s]*)\)")
"""`[Label](invoke.function|...)`: group 1 the label, group 2 the target."""
MARK = "](invoke.function|"
"""The text every instant button's markdown holds: a part without it holds none."""
MAX_INSTANT_BUTTONS = 100  # cliqsim's bound on one message (no Zoho page gives one)


def instant_buttons(text: str, slides: Iterable[Slide]) -> dict[str, Button]:
    """The instant buttons of a message's text and its slides' cells, list items and labels,
    in reading order: `{markdown: Button}` (the first of a repeated markdown counts)."""
    found: dict[str, Button] = {}
    parts = [part for part in (text, *_slide_texts(slides)) if MARK in part]
    for part in parts:  # only those that can hold one (most messages have none)
        for match in INSTANT.finditer(part):
            if match.group(0) in found:
                continue
            if len(found) == MAX_INSTANT_BUTTONS:
                return found
            found[match.group(0)] = instant_button(match.group(1), match.group(2))
    return found


def instant_button(label: str, target: str) -> Button:
    """One instant button from its label (`+Done`) and target
    (`invoke.function|name|owner|key`)."""
    style = label[0] if label[:1] in ("+", "-") else None
    shown = label[1:].strip() if style else label.strip()
    parts = target.split("|")
    name = parts[1] if len(parts) > 1 else ""
    data: dict[str, Any] = {"name": name}
    if len(parts) > 2 and parts[2]:
        data["owner"] = parts[2]
    key = "|".join(parts[3:]) if len(parts) > 3 else None
    return Button(shown or label, "invoke.function", data, type=style, key=key or None)


def _slide_texts(slides: Iterable[Slide]) -> list[str]:
    """The texts of the slides' table cells, list items and labels, in reading order."""
    texts: list[str] = []
    for slide in slides:
        if slide.type == "table" and isinstance(slide.data, dict):
            for row in slide.data.get("rows", []):
                if isinstance(row, dict):
                    texts += [v for v in row.values() if isinstance(v, str)]
        elif slide.type == "list" and isinstance(slide.data, list):
            texts += [v for v in slide.data if isinstance(v, str)]
        elif slide.type == "label" and isinstance(slide.data, list):
            for entry in slide.data:
                if isinstance(entry, dict):
                    texts += [v for v in entry.values() if isinstance(v, str)]
        elif slide.type == "text" and isinstance(slide.data, str):
            texts.append(slide.data)
    return texts
