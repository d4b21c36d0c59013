"""The Deluge integration tasks cliqsim simulates, by name.

`zoho.cliq.*` acts on the workspace (`cliq.py`), `zoho.crm.*` and `zoho.desk.*` on local
simulated records (`crm.py`, `desk.py`), `sendmail` lands in the outbox (`mail.py`). A task not
in `TASKS` fails with a clear "not simulated" error, never silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.source import Span
from cliqsim.platform.services.context import ServiceContext

Task = Callable[[ServiceContext, list[Any], Span], Any]

TASKS: dict[str, Task] = {}


def task(name: str) -> Callable[[Task], Task]:
    def register(fn: Task) -> Task:
        TASKS[name.lower()] = fn
        return fn

    return register


def call(ctx: ServiceContext, name: str, args: list[Any], span: Span) -> Any:
    _load()
    fn = TASKS.get(name.lower())
    if fn is None:
        services = sorted({n.rsplit(".", 1)[0] for n in TASKS})
        raise DelugeRuntimeError(
            f"{name} is not simulated by cliqsim, so it did not run. Simulated services: "
            f"{', '.join(s + '.*' for s in services)} (see docs/components.md)",
            span,
        )
    return fn(ctx, args, span)


_loaded = False


def _load() -> None:
    global _loaded
    if not _loaded:
        from cliqsim.platform.services import (  # noqa: F401  (register tasks)
            cliq,
            cliq_databases,
            crm,
            desk,
        )

        _loaded = True
