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
