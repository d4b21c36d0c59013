"""The person's per-item choice: which of a manifest's items they unticked."""

from __future__ import annotations

from collections.abc import Iterable

from cliqsim.consent.manifest import ConsentManifest
from cliqsim.errors import UsageError


def refused_keys(manifest: ConsentManifest, refused: Iterable[str]) -> frozenset[str]:
    """The keys of the manifest's items named in `refused` (by key or by target); raises
    `UsageError` naming an item the manifest does not have."""
    wanted = set(refused)
    keys = {item.key for item in manifest.items if item.key in wanted or item.target in wanted}
    named = {item.key for item in manifest.items} | {item.target for item in manifest.items}
    unknown = sorted(wanted - named)
    if unknown:
        targets = ", ".join(item.target for item in manifest.items)
        raise UsageError(f"{manifest.display_name} asks for no item {unknown[0]!r} to untick "
                         f"(its items: {targets})")
    return frozenset(keys)
