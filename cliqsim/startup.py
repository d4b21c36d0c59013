"""What a `cliqsim` process does first, to start fast (issue #18): the collector, and msgspec.

**msgspec without what cliqsim never uses.** msgspec (every record, the data files) loads, with
itself, modules that cliqsim never calls into; `load_msgspec()` (from `begin()`) imports it
first, leaving them out for the length of the import, and puts everything back at once, so
that any later import gets the real modules:

- `typing_extensions`, optional, which msgspec looks for only to read class annotations with
  it: importing it imports `inspect` (with `ast`, `dis`, `tokenize`), about 5 ms of a cold run,
  and cliqsim's annotations need nothing beyond `typing`. Hidden, msgspec uses
  `typing.get_type_hints`, as it does where the package is not installed; Textual, in the chat
  window, later gets the real package.
- `platform`, which `uuid` (msgspec's support for UUIDs) imports on Linux and the BSDs only to
  ask `platform.system()` whether this is Linux or AIX: `platform` compiles eight regular
  expressions when it loads (about 2 ms). `uuid` is imported first, on its own, with a
  stand-in answering `system()` as `platform` does there (`os.uname().sysname`); `uuid` uses
  the module for nothing else.
- `msgspec.inspect` and `msgspec._json_schema` (with `textwrap`), its type introspection and
  JSON Schema generation (about 2.5 ms): `msgspec.inspect` is loaded lazily, on first use of
  one of its names (`importlib.util.LazyLoader`), and `msgspec.json.schema` /
  `schema_components` load `msgspec._json_schema` when first called.

Nothing changes when msgspec is already loaded, or when one of the others is (it is used as
it is). `tests/test_startup.py` checks that each is left out and stays importable, whole.

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
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.machinery import ModuleSpec, PathFinder
from importlib.util import LazyLoader
from types import ModuleType
from typing import Any

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
    """Import msgspec without the modules it loads that cliqsim never uses (module doc)."""
    if "msgspec" in sys.modules:
        return
    if "uuid" not in sys.modules and "platform" not in sys.modules and hasattr(os, "uname"):
        with _standing_in({"platform": _platform()}):
            import uuid  # noqa: F401
    stand_ins: dict[str, ModuleType | None] = {"msgspec._json_schema": _json_schema()}
    if "typing_extensions" not in sys.modules:
        stand_ins["typing_extensions"] = None  # its import fails
    lazily = _Lazily({"msgspec.inspect"})
    sys.meta_path.insert(0, lazily)
    try:
        with _standing_in(stand_ins):
            import msgspec  # noqa: F401
    finally:
        sys.meta_path.remove(lazily)


@contextmanager
def _standing_in(modules: dict[str, ModuleType | None]) -> Iterator[None]:
    """`modules` in `sys.modules` for the length of the block (where no module of that name is
    loaded yet), then taken out again."""
    placed = {name: module for name, module in modules.items() if name not in sys.modules}
    sys.modules.update(placed)  # type: ignore[arg-type]
    try:
        yield
    finally:
        for name, module in placed.items():
            if name in sys.modules and sys.modules[name] is module:
                del sys.modules[name]


def _platform() -> ModuleType:
    """What `uuid` asks of `platform` when it loads: `system()`, as `platform.system()` gives
    it on a system with `os.uname` (it changes only "Microsoft" and empty names, neither of which
    is "Linux" or "AIX", the two names `uuid` compares it with)."""
    module = ModuleType("platform", "platform.system() alone, while uuid loads (cliqsim.startup)")
    module.system = lambda: os.uname().sysname  # type: ignore[attr-defined]
    return module


def _json_schema() -> ModuleType:
    """A stand-in for `msgspec._json_schema` whose functions load the real module when called
    and answer with its functions (what `msgspec.json` imports from it)."""
    module = ModuleType("msgspec._json_schema", "loaded when first called (cliqsim.startup)")

    def real() -> Any:
        import importlib

        loaded = importlib.import_module("msgspec._json_schema")
        if loaded is module:  # called while msgspec loads: not possible, but never recurse
            raise ImportError("msgspec._json_schema is still loading")
        return loaded

    def schema(*args: Any, **kwargs: Any) -> Any:
        return real().schema(*args, **kwargs)

    def schema_components(*args: Any, **kwargs: Any) -> Any:
        return real().schema_components(*args, **kwargs)

    module.schema = schema  # type: ignore[attr-defined]
    module.schema_components = schema_components  # type: ignore[attr-defined]
    return module


class _Lazily:
    """A finder (on `sys.meta_path`) of the modules named: finds them as Python would, and
    loads them lazily, on first use of one of their names (`importlib.util.LazyLoader`)."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname not in self.names:
            return None
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = LazyLoader(spec.loader)
        return spec


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
