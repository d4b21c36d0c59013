"""The message-action menu for the selected message."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets.option_list import Option

from cliqsim.platform.runtime import ActionInfo
from cliqsim.tui.screens.pickers import ChoiceScreen


def action_menu(actions: list[ActionInfo], preview: str, now: datetime) -> ChoiceScreen:
    options = [
        Option(Text.assemble((a.name, "bold"), f"  {a.hint}",
                             (f"  {a.consent.label(now)}", "dim")), id=a.id)
        for a in actions
    ]
    note = f"On: {preview[:70]}" if preview else ""
    if not options:
        note += "\nNo message action applies to this message."
    return ChoiceScreen("Message actions", options, note.strip())
