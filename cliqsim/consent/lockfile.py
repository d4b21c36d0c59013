"""`consent.lock`: the consent items each component may ask for, kept in version control.

`render_lock(manifests)` writes the lock: TOML, one table per component (sorted by id) and one
line per item (sorted as the dialog sorts them), with purposes but no code locations, so a pull
request that makes a component need more shows up as an added line a reviewer reads.
`parse_lock(text, path)` reads it back; `compare(manifests, lock)` says, per component, what the
code needs beyond the lock (items are compared by their identity, `ConsentItem.key`, exactly as
the gate compares a grant with the code) and what the lock still lists that the code no longer
needs.

    # consent.lock — written by `cliqsim consents lock`; `cliqsim consents verify` fails
    # when a component needs more than recorded here. Review changes to it like code.
    version = 1

    [components.nearby]
    type = "command"
    name = "/nearby"
    items = [
      { kind = "object", target = "location.latitude", credentials = "user", purpose = "..." },
      { kind = "api", target = "GET maps.googleapis.com", credentials = "admin", connection = "googlemaps", purpose = "..." },
    ]
"""  # noqa: E501

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import ConsentManifest, ManifestDiff
from cliqsim.errors import CliqsimError

LOCK_FILE = "consent.lock"
LOCK_VERSION = 1
_HEADER = (
    "# consent.lock - written by `cliqsim consents lock`; `cliqsim consents verify` fails when a\n"
    "# component needs more than recorded here. Review changes to it like code.\n"
)
_ITEM_FIELDS = ("kind", "target", "credentials", "connection", "flagged", "purpose")


class LockError(CliqsimError):
    """A `consent.lock` that cannot be read: the file and why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}", "Bad consent lock")


@dataclass(frozen=True, slots=True)
class LockedComponent:
    """What the lock records for one component."""

    id: str
    type: str
    name: str
    items: tuple[ConsentItem, ...]


@dataclass(frozen=True, slots=True)
class LockChange:
    """One component's difference from the lock. `new` is true when the lock does not know the
    component at all (every item is then `added`); `gone` when the code no longer has it."""

    component_id: str
    name: str
    diff: ManifestDiff
    new: bool = False
    gone: bool = False

    @property
    def needs_more(self) -> bool:
        return bool(self.diff.added)


def render_lock(manifests: Iterable[ConsentManifest]) -> str:
    """The text of `consent.lock` for these manifests (stable: same items, same bytes)."""
    out = [_HEADER, f"version = {LOCK_VERSION}\n"]
    for manifest in sorted(manifests, key=lambda m: m.component_id):
        out.append(f"\n[components.{_toml_key(manifest.component_id)}]\n")
        out.append(f"type = {_toml_str(manifest.component_type)}\n")
        out.append(f"name = {_toml_str(manifest.display_name)}\n")
        if not manifest.items:
            out.append("items = []\n")
            continue
        out.append("items = [\n")
        for item in sorted(manifest.items, key=lambda i: i.sort_key):
            out.append(f"  {_item_line(item)},\n")
        out.append("]\n")
    return "".join(out)


def _item_line(item: ConsentItem) -> str:
    data = item.to_json()
    parts = []
    for name in _ITEM_FIELDS:
        if name not in data:
            continue
        value = data[name]
        shown = "true" if value is True else _toml_str(str(value))
        parts.append(f"{name} = {shown}")
    return "{ " + ", ".join(parts) + " }"


def _toml_str(text: str) -> str:
    """A TOML basic string. JSON's escapes are TOML's; TOML also wants DEL escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_key(key: str) -> str:
    bare = key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
    return key if bare else _toml_str(key)


def parse_lock(text: str, path: Path) -> dict[str, LockedComponent]:
    """The components a lock records, by id (raises `LockError` naming what is wrong)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LockError(path, f"is not valid TOML ({error}); write it again with "
                              "`cliqsim consents lock`") from None
    version = data.get("version")
    if version != LOCK_VERSION:
        raise LockError(path, f"has version {version!r}; this cliqsim reads version "
                              f"{LOCK_VERSION} (write it again with `cliqsim consents lock`)")
    components = data.get("components", {})
    if not isinstance(components, dict):
        raise LockError(path, "'components' must be a table of [components.ID]")
    locked: dict[str, LockedComponent] = {}
    for component_id, table in components.items():
        where = f"components.{component_id}"
        if not isinstance(table, dict) or not isinstance(table.get("items", []), list):
            raise LockError(path, f"[{where}] must be a table with an 'items' list")
        items = []
        for index, entry in enumerate(table.get("items", [])):
            if not isinstance(entry, dict) or not all(
                isinstance(entry.get(name), str) for name in ("kind", "target", "credentials")
            ):
                raise LockError(path, f"{where}.items[{index}] needs kind, target and "
                                      "credentials as text")
            items.append(ConsentItem.from_json(entry))
        locked[component_id] = LockedComponent(
            component_id, str(table.get("type", "")), str(table.get("name", component_id)),
            tuple(items),
        )
    return locked


def compare(
    manifests: Iterable[ConsentManifest], lock: dict[str, LockedComponent]
) -> list[LockChange]:
    """Each component whose manifest differs from the lock (by item identity), in id order,
    then the components the lock has and the code does not."""
    changes: list[LockChange] = []
    seen: set[str] = set()
    for manifest in sorted(manifests, key=lambda m: m.component_id):
        seen.add(manifest.component_id)
        locked = lock.get(manifest.component_id)
        diff = manifest.diff_from(locked.items if locked is not None else ())
        if not diff.empty or (locked is None and manifest.items):
            changes.append(LockChange(manifest.component_id, manifest.display_name, diff,
                                      new=locked is None))
    for component_id in sorted(set(lock) - seen):
        locked = lock[component_id]
        changes.append(LockChange(component_id, locked.name, ManifestDiff((), locked.items),
                                  gone=True))
    return changes
