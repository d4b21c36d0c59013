"""The organization a new workspace starts with: `workspace.toml` in the components folder
(else the bundled one, else `DEFAULT_SEED`), read and checked for shape; and the people of a
data directory read without opening (or writing) its workspace."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cliqsim.errors import CliqsimError
from cliqsim.paths import bundled_components

SEED_FILE = "workspace.toml"
DEFAULT_SEED: dict[str, Any] = {
    "organization": {"id": "org_zylker", "name": "Zylker"},
    "users": [
        {"id": "u_admin", "first_name": "Priya", "last_name": "Sharma",
         "email": "priya@zylker.com", "admin": True},
        {"id": "u_arjun", "first_name": "Arjun", "last_name": "Rao",
         "email": "arjun@zylker.com", "admin": False},
        {"id": "u_meera", "first_name": "Meera", "last_name": "Iyer",
         "email": "meera@zylker.com", "admin": False},
    ],
    "channels": [
        {"unique_name": "general", "title": "General", "members": ["*"]},
        {"unique_name": "sales", "title": "Sales", "members": ["u_admin", "u_arjun"]},
        {"unique_name": "announcements", "title": "Announcements", "members": ["*"]},
    ],
}


def people(data_dir: Path, components_dir: Path | None) -> list[dict[str, Any]]:
    """The workspace's users (`{id, admin, ...}`), read without writing anything: from the data
    directory's workspace.json when there is one, else from the seed it would be made from."""
    path = data_dir / "workspace.json"
    if path.is_file():
        try:
            tables = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CliqsimError(f"{path}: cannot read the workspace: {error}",
                               "Damaged data file") from None
        users = tables.get("users") if isinstance(tables, dict) else None
        if isinstance(users, dict):
            return [dict(u) for u in users.values() if isinstance(u, dict) and "id" in u]
    seed = read_seed(components_dir)
    return [dict(u) for u in seed.get("users") or DEFAULT_SEED["users"]]


def read_seed(components_dir: Path | None) -> dict[str, Any]:
    import tomllib  # only when a workspace is made (or described), not on every open

    for folder in (components_dir, bundled_components()):
        if folder is None:
            continue
        path = folder / SEED_FILE
        if path.is_file():
            try:
                return tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as error:
                raise CliqsimError(f"{path}: cannot read the workspace seed: {error}",
                                   "Bad workspace seed") from None
    return DEFAULT_SEED


def seed_tables(value: Any, key: str, *, of_arrays: bool = False) -> list[tuple[str, Any]]:
    """The `NAME = ...` entries of workspace.toml's `[databases]` or `[properties]` table,
    checked for shape: arrays of tables (databases) or tables (properties)."""
    wanted = "[[databases.NAME]] tables of records" if of_arrays else \
        "[properties.EXTENSION_ID] tables of key = value"
    if not isinstance(value, dict):
        raise CliqsimError(f"{SEED_FILE}: '{key}' must be {wanted}", "Bad workspace seed")
    for name, entry in value.items():
        if not isinstance(entry, list if of_arrays else dict):
            raise CliqsimError(f"{SEED_FILE}: '{key}.{name}' must be {wanted}",
                               "Bad workspace seed")
    return list(value.items())
