"""How a trigger kind is declared: `TriggerKind`, cheap to import.

The trigger modules (`triggers/`) declare their kinds at import time, and `cliqsim check` and the
package loader read the declarations without opening a runtime; so this module (and the
declarations) import nothing heavy.
"""

from __future__ import annotations

from typing import Literal

import msgspec

Returns = Literal["message", "raw", "suggestions", "options", "form_modification", "install"]
"""How the pipeline reads what the handler returned (`responses.normalize`): `message` (a reply:
text, card, banner, form, context, edit, form errors, as `replies` allows), `raw` (the value as
returned, read by the trigger module: an applet map, a link preview, a scheduler's ignored
value), `suggestions` (a list of {title, description, imageurl}), `options` (a dynamic select's
{options}), `form_modification` (a change handler's {type, actions}), `install` ({status, ...})."""


class TriggerKind(msgspec.Struct, frozen=True):
    """One kind of trigger, declared once in its trigger module.

    `name`: the trigger as run records and consent requests name it (`command`, `bot_message`).
    `component`: the component type whose handler it runs; `key`: the handler's key under
    `[handlers]` in component.toml (None when the package names it elsewhere: a bot's `[[menu]]`);
    `handler`: Cliq's name for the handler (`execution_handler`). `inputs`: every variable Cliq
    binds for that handler (the pipeline refuses a run whose inputs are not all declared here;
    the union over all kinds is what the static checks and the effect inventory take as
    predeclared names). `returns` and `replies`: how the response is read and, for a `message`,
    which replies Cliq allows (`message`, `banner`, `form`, `context`, `message_edit`,
    `suggestions`, `form_error`; empty: any). `response`: the same in words. `page`: the Zoho
    page that documents the handler.
    """

    name: str
    handler: str
    inputs: frozenset[str]
    response: str
    page: str
    component: str  # (given by name)
    key: str | None
    returns: Returns = "message"
    replies: frozenset[str] = frozenset()
