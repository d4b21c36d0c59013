"""The person's per-item choice: which of a manifest's items they unticked."""

from __future__ import annotations

from collections.abc import Iterable

from cliqsim.consent.destination import task_name
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import ConsentManifest
from cliqsim.errors import UsageError


def refused_keys(manifest: ConsentManifest, refused: Iterable[str]) -> frozenset[str]:
    """The keys of the manifest's items named in `refused` (by key, by target, or for a task by
    its name alone: `zoho.cliq.postToChannel` names every item of that task, whatever its
    destinations); raises `UsageError` naming an item the manifest does not have."""
    wanted = set(refused)

    def names(item: ConsentItem) -> set[str]:
        found = {item.key, item.target}
        if item.kind == "task" and item.mail is None:
            found.add(task_name(item.target))
        return found

    keys = {item.key for item in manifest.items if names(item) & wanted}
    named = set().union(*(names(item) for item in manifest.items))
    unknown = sorted(wanted - named)
    if unknown:
        targets = ", ".join(item.target for item in manifest.items)
        raise UsageError(f"{manifest.display_name} asks for no item {unknown[0]!r} to untick "
                         f"(its items: {targets})")
    return frozenset(keys)
