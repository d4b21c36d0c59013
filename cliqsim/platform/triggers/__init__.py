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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cliqsim.platform.trigger_kind import TriggerKind

    KINDS: tuple[TriggerKind, ...]
    HANDLERS: dict[str, dict[str, str]]
    HANDLER_INPUTS: frozenset[str]

__all__ = ["HANDLERS", "HANDLER_INPUTS", "KINDS"]


def __getattr__(name: str) -> Any:
    """`KINDS`, `HANDLERS` and `HANDLER_INPUTS`, made when first read: importing one trigger
    module (the engine's `chat` for a cold `cliqsim run "/nearby bank"`) imports this package
    first, and need not import every other family with it (issue #18)."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _declare()
    return globals()[name]


def _declare() -> None:
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

    kinds: tuple[TriggerKind, ...] = (
        *chat.KINDS, *bots.KINDS, *actions.KINDS, *functions.KINDS, *widgets.KINDS,
        *links.KINDS, *schedulers.KINDS, *installs.KINDS, *saved.KINDS,
    )
    # For each component type, its `[handlers]` keys in component.toml and the Cliq handler
    # each names (`execution` → `execution_handler`): what the package loader accepts.
    handlers: dict[str, dict[str, str]] = {}
    for kind in kinds:
        if kind.key is not None:
            handlers.setdefault(kind.component, {})[kind.key] = kind.handler
    # Every name Cliq binds for some handler: the predeclared names of the static checks and
    # the Cliq objects of the effect inventory (a `.dg` file's handler is not known from the
    # file). Written out in `platform/handler_inputs.py` too, for who must not import these.
    inputs = frozenset().union(*(kind.inputs for kind in kinds))
    globals().update(KINDS=kinds, HANDLERS=handlers, HANDLER_INPUTS=inputs)
