"""Python's cyclic garbage collector while a `cliqsim` process starts (issue #18).

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

START_THRESHOLD = 70_000  # allocations between young-generation passes while starting
_normal: tuple[int, int, int] | None = None
_frozen = False


def begin() -> None:
    """Collect rarely from now until `done()` (the command line's first call)."""
    global _normal
    if _normal is None:
        _normal = gc.get_threshold()
        gc.set_threshold(START_THRESHOLD, *_normal[1:])


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
