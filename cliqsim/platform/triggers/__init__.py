"""Every trigger Cliq has, one module per family, each kind declared once (`TriggerKind`).

| module | triggers |
|---|---|
| `chat.py` | slash commands and their suggestions; what is typed in a chat (routing) |
| `bots.py` | bot welcome, message, context, mention, menu, webhook, participation, status, call |
| `actions.py` | message actions |
| `functions.py` | buttons and forms (submit, change, dynamic select) |
| `widgets.py` | widget view and widget buttons |
| `links.py` | link previews and their action buttons |
| `schedulers.py` | scheduler runs on the simulated clock |
| `installs.py` | extension install and uninstall |
| `saved.py` | saved Deluge functions with parameters (`cliqsim call`) |

A trigger module resolves what happened to a component, a handler and its inputs, and hands a
`RunContext` to the pipeline (`cliqsim.platform.pipeline`), using only its public API. A new
trigger kind is a `TriggerKind` in one of these modules (listed in its `KINDS`) plus the method
that builds its inputs; the engine wires the module's class once.
"""

from __future__ import annotations

from cliqsim.platform.trigger_kind import TriggerKind
from cliqsim.platform.triggers import (
    actions,
    bots,
    chat,
    functions,
    installs,
    links,
    saved,
    schedulers,
    widgets,
)

KINDS: tuple[TriggerKind, ...] = (
    *chat.KINDS, *bots.KINDS, *actions.KINDS, *functions.KINDS, *widgets.KINDS, *links.KINDS,
    *schedulers.KINDS, *installs.KINDS, *saved.KINDS,
)

HANDLERS: dict[str, dict[str, str]] = {}
"""For each component type, its `[handlers]` keys in component.toml and the Cliq handler each
names (`execution` → `execution_handler`): what the package loader accepts."""
for _kind in KINDS:
    if _kind.key is not None:
        HANDLERS.setdefault(_kind.component, {})[_kind.key] = _kind.handler

HANDLER_INPUTS: frozenset[str] = frozenset().union(*(kind.inputs for kind in KINDS))
"""Every name Cliq binds for some handler: the predeclared names of the static checks and the
Cliq objects of the effect inventory (a `.dg` file's handler is not known from the file)."""
