"""What a `cliqsim` process does first, to start fast (issue #18): the collector, and msgspec.

**msgspec without typing_extensions.** msgspec (every record, the data files) looks for the
optional `typing_extensions` when it loads, only to read class annotations with it; importing
that package imports `inspect` (with `ast`, `dis`, `tokenize`), about 5 ms of a cold run, and
cliqsim's annotations need nothing beyond `typing`. So `begin()` loads msgspec first with that
package hidden for the length of the import (msgspec then uses `typing.get_type_hints`, as it
does where the package is not installed) and puts it back at once: any later import of
`typing_extensions` (Textual's, in the chat window) gets the real package. Nothing changes when
either is already loaded.

**The collector.**

Starting allocates mostly objects that live as long as the process: modules, classes,
functions, the runtime's tables. The collector's passes over them found nothing to free and cost
a cold `cliqsim run` about 5 ms (45 passes). So the command line calls `begin()` first: the
collector runs a hundred times less often while modules load; and the runtime calls `done()`
once it is built: everything made so far is frozen out of later passes (`gc.freeze`, once per
process) and the usual thresholds come back. Objects are still freed by reference counting
meanwhile; only cyclic garbage waits, and a command that opens no runtime keeps the higher
threshold, which still collects.
"""

from __future__ import annotations

import gc
import sys

START_THRESHOLD = 70_000  # allocations between young-generation passes while starting
_normal: tuple[int, int, int] | None = None
_frozen = False


def begin() -> None:
    """Collect rarely from now until `done()`, and load msgspec (the command line's first
    call)."""
    global _normal
    if _normal is None:
        _normal = gc.get_threshold()
        gc.set_threshold(START_THRESHOLD, *_normal[1:])
    load_msgspec()


def load_msgspec() -> None:
    """Import msgspec with `typing_extensions` hidden from it, unless either is loaded."""
    if "msgspec" in sys.modules or "typing_extensions" in sys.modules:
        return
    sys.modules["typing_extensions"] = None  # type: ignore[assignment]  # import fails
    try:
        import msgspec  # noqa: F401
    finally:
        del sys.modules["typing_extensions"]


def done() -> None:
    """Start-up is over (the runtime is built): freeze what it made, once per process, and
    collect as usual again. Does nothing unless `begin()` was called."""
    global _normal, _frozen
    if _normal is None:
        return
    if not _frozen:
        gc.freeze()
        _frozen = True
    gc.set_threshold(*_normal)
    _normal = None
