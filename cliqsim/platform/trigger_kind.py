"""How a trigger kind is declared: `TriggerKind`, cheap to import.

The trigger modules (`triggers/`) declare their kinds at import time, and `cliqsim check` reads
the declared input names without opening a runtime; so this module (and the declarations) import
nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TriggerKind:
    """One kind of trigger, declared once in its trigger module.

    `name`: the trigger as run records and consent requests name it (`command`, `bot_message`).
    `handler`: the handler it runs (`execution_handler`). `inputs`: every variable Cliq binds
    for that handler (the pipeline refuses a run whose inputs are not all declared here; the
    union over all kinds is what the static checks and the effect inventory take as predeclared
    names). `response`: the shape the handler is expected to return, in words. `page`: the Zoho
    page that documents the handler.
    """

    name: str
    handler: str
    inputs: frozenset[str]
    response: str
    page: str
