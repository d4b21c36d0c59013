"""What an item's target holds after the task's name, and how a name from the code is shown.

A posting task's or record task's item target is the task as Zoho spells it, a space, then JSON
(`zoho.crm.getRecords {"in": [["Leads"]]}`); `cliqsim.consent.destination` and
`cliqsim.consent.records` read and write those, and both show names written in the code the
same way."""

from __future__ import annotations

import json
from typing import Any


def target_data(target: str) -> tuple[str, dict[str, Any]] | None:
    """`(task, data)` for a target `task {json object}`; None when there is no JSON object
    after the task (an item stored before its task carried a target)."""
    name, _, rest = target.partition(" ")
    if not rest:
        return None
    try:
        data = json.loads(rest)
    except ValueError:
        return None
    return (name, data) if isinstance(data, dict) else None


def shown_name(text: str, breaking: str) -> str:
    """`text` as written when it is plain printable ASCII with none of the `breaking`
    characters (which would read as more of the sentence around it), else as a JSON string."""
    plain = text.isascii() and text.isprintable() and not any(c in text for c in breaking)
    return text if plain else json.dumps(text)


# What ends a clause inside a sentence: a name holding one could make the consent sentence
# around it say more than it does ("with your Google Maps. It never reads your email connection").
_CLAUSE_BREAKS = (". ", ", ", "; ", ": ", "! ", "? ", '"')
LABEL_LIMIT = 60


def shown_label(text: str) -> str:
    """A name a package gives, as consent texts and notices show it (a component's or
    extension's name, a connection's service, its owner): as written when it is a plain label
    (printable, so one line; at most `LABEL_LIMIT` characters; no clause break such as `". "`),
    else as a JSON string with every character that is not printable written `\\uXXXX`, so a
    package can neither draw a line of its own into the dialog (a fake item) nor make the
    sentence around its name say more than it does."""
    if (text.isprintable() and 0 < len(text) <= LABEL_LIMIT
            and not any(mark in text for mark in _CLAUSE_BREAKS)):
        return text
    return quoted(text)


def quoted(text: str) -> str:
    """`text` as a JSON string in which every character that is not printable (line breaks,
    controls, bidirectional and zero-width characters) is written `\\uXXXX`."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}"
                   for c in json.dumps(text, ensure_ascii=False))


def shown_target(target: str) -> str:
    """An item's target as listings print it: as it is when every character is printable,
    else quoted (`quoted`), so a key from the code (`user.get("x\\n- object ...")`) never
    prints a line that reads as another item."""
    return target if target.isprintable() else quoted(target)
