"""Live reload: watch the components folder and hand each batch of changes to the chat window.

Uses `watchfiles` (inotify on Linux, with polling as its own fallback). Only what a package is
made of counts: `component.toml`, `workspace.toml` and scripts, fixture and body files; editor
swap files, caches and hidden folders are ignored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import anyio
from watchfiles import Change, DefaultFilter, awatch

DEBOUNCE_MS = 300
_KINDS = {Change.added: "added", Change.modified: "changed", Change.deleted: "removed"}


class PackageFilter(DefaultFilter):
    """watchfiles' default filter, less hidden and `_` folders (cliqsim skips those too)."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self._root = root

    def __call__(self, change: Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        try:
            parts = Path(path).relative_to(self._root).parts
        except ValueError:
            return False
        return not any(part.startswith((".", "_")) for part in parts)


async def component_changes(root: Path, stop: anyio.Event | None = None
                            ) -> AsyncIterator[list[str]]:
    """Yield, for each burst of edits under `root`, lines such as `changed poll/vote.dg`
    (relative paths, sorted). Ends when `stop` is set."""
    root = root.resolve()
    async for changes in awatch(root, watch_filter=PackageFilter(root), debounce=DEBOUNCE_MS,
                                stop_event=stop):
        yield sorted({f"{_KINDS[kind]} {Path(path).relative_to(root)}"
                      for kind, path in changes})
