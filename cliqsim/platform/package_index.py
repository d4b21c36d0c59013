"""The package index: a components folder's loaded catalog, kept on disk so a cold run reads
one JSON file instead of parsing every package's TOML (issue #18).

    load_catalog(root) -> Catalog     # what packages.load_packages(root) gives, from the index
                                      # when nothing it depends on changed

The index is an accelerator only: it is used when it was written for this folder, by this
version of the loader, from files with exactly the contents the folder holds now; anything else
(no cache directory, a missing, stale, damaged or planted file, a folder being edited) means
loading the packages as usual. So it never changes what loads, and the consent gate sees the
same packages and scripts it would have seen without it.

- **Where**: `<cache dir>/packages/<hash of the folder's path>.json` (`paths.cache_dir`:
  `$CLIQSIM_CACHE`, empty for none, else the per-user cache directory). One file per folder.
- **Key**: the folder as given and as resolved; the loader's version (Python's, the size and
  modification time of every loader module, and the Deluge front end's stamp, since loading
  checks each script's syntax); and a BLAKE2b digest (`digests.blake2b`, 32 bytes) over the
  folder's whole tree: every directory and file name, every symbolic link's target, every
  file's bytes. Contents, not modification times: an edit within the same clock tick, or one
  that keeps the time, is still seen. Hashing the bundled samples (about 60 files) takes under
  a millisecond.
- **Written** only after a load whose folder hashed the same before and after it, and only
  when the JSON reads back equal to what was loaded (a TOML date inside a fixture's body, which
  JSON cannot keep, means no index for that folder). Written atomically (temporary file, then
  rename).
- **Read** as data (msgspec decoding into the package model's types, never a pickle: a planted
  file cannot run code), and refused unless every package folder and script lies inside the
  components folder, as the loader would have them.

Written without `from __future__ import annotations`, as `package_model` is (and for the same
reason: its records' field types are read by msgspec, and typed as text they would be compiled).
"""

import os
import sys
from pathlib import Path
from typing import Any

import msgspec

from cliqsim.digests import blake2b, sha256
from cliqsim.paths import cache_dir
from cliqsim.platform.package_model import Catalog, Package
from cliqsim.platform.package_reader import LoadError

FORMAT = 1
MAX_FILES = 5_000
MAX_BYTES = 64 * 1024 * 1024
"""A folder larger than this is loaded without an index (hashing it would cost more than the
index saves)."""

_HERE = Path(__file__).resolve().parent
LOADER_FILES: tuple[Path, ...] = (
    *(_HERE / name for name in (
        "package_index.py", "packages.py", "package_model.py", "package_reader.py",
        "package_sections.py", "component_types.py", "recurrence.py", "trigger_kind.py")),
    _HERE.parent / "deluge" / "effects.py",  # package_sections reads hosts with it
    *sorted(_HERE / "triggers" / name  # the handler keys each type may declare
            for name in os.listdir(_HERE / "triggers") if name.endswith(".py")),
)
"""The modules whose code decides what a folder loads as."""


class _Error(msgspec.Struct, frozen=True):
    path: str
    reason: str
    field: str | None
    line: int | None


class _Index(msgspec.Struct):
    format: int
    root: str
    resolved: str
    loader: str
    tree: str
    packages: dict[str, Package]
    errors: list[_Error]


def load_catalog(root: Path) -> Catalog:
    """The catalog of `root` as `packages.load_packages(root)` gives it (the same errors
    raised), from the index when it is current."""
    path = _index_path(root)
    tree = _tree_digest(root) if path is not None else None
    loader = _loader_stamp() if tree is not None else None
    if path is not None and tree is not None:
        found = _read(path, root, loader, tree)
        if found is not None:
            return found
    from cliqsim.platform.packages import load_packages  # the TOML reader only on a miss

    catalog = load_packages(root)
    if path is None or tree is None:
        return catalog
    if loader is not None and _tree_digest(root) == tree:  # not edited while it loaded
        _write(path, root, loader, tree, catalog)
    return catalog


def _index_path(root: Path) -> Path | None:
    base = cache_dir()
    if base is None:
        return None
    name = sha256(f"{root}\0{root.resolve()}".encode()).hexdigest()[:32]
    return base / "packages" / f"{name}.json"


def _loader_stamp() -> str | None:
    """The loader's version: Python's, each loader module's size and modification time, and
    the Deluge front end's stamp. None when one cannot be read (no index then)."""
    from cliqsim.deluge.cache_format import frontend_stamp

    front = frontend_stamp()
    if front is None:
        return None
    digest = sha256(f"{FORMAT}\0{sys.version_info[:2]}\0{front}".encode())
    try:
        for file in LOADER_FILES:
            info = file.stat()
            digest.update(f"\0{file.name}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    except OSError:
        return None
    return digest.hexdigest()


def _tree_digest(root: Path) -> str | None:
    """BLAKE2b (32 bytes) over every name under `root` (sorted), each symbolic link's target
    and each file's bytes; None when the folder is missing, unreadable, loops, or is too
    large."""
    digest = blake2b(digest_size=32)
    seen: set[tuple[int, int]] = set()
    budget = [MAX_FILES, MAX_BYTES]

    def walk(folder: str, relative: str) -> bool:
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:  # a link back up: load without an index
            return False
        seen.add((info.st_dev, info.st_ino))
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            name = f"{relative}/{entry.name}"
            budget[0] -= 1
            if budget[0] < 0:
                return False
            if entry.is_symlink():
                digest.update(f"L\0{name}\0{os.readlink(entry.path)}\0".encode())
            if entry.is_dir():
                digest.update(f"D\0{name}\0".encode())
                if not walk(entry.path, name):
                    return False
            elif entry.is_file():
                with open(entry.path, "rb") as handle:
                    data = handle.read()
                budget[1] -= len(data)
                if budget[1] < 0:
                    return False
                digest.update(f"F\0{name}\0{len(data)}\0".encode())
                digest.update(data)
            else:
                digest.update(f"O\0{name}\0".encode())  # a dangling link, a socket...
        return True

    try:
        if not root.is_dir() or not walk(str(root), "."):
            return None
    except (OSError, RecursionError):
        return None
    return digest.hexdigest()


def _read(path: Path, root: Path, loader: str | None, tree: str) -> Catalog | None:
    try:
        index = msgspec.json.decode(path.read_bytes(), type=_Index, dec_hook=_decode)
    except Exception:  # noqa: BLE001 - missing, damaged or of another version: load instead
        return None
    if (loader is None or index.format != FORMAT or index.root != str(root)
            or index.resolved != str(root.resolve()) or index.loader != loader
            or index.tree != tree or not _inside(index, root)):
        return None
    return Catalog(index.packages, [LoadError(Path(e.path), e.reason, e.field, e.line)
                                    for e in index.errors])


def _inside(index: _Index, root: Path) -> bool:
    """Every package folder under `root`, every script in its package's folder (as the loader
    makes them: a planted index naming other places is not used)."""
    for package_id, package in index.packages.items():
        if package.id != package_id or not package.dir.is_relative_to(root):
            return False
        if any(not script.path.is_relative_to(package.dir) for script in package.scripts()):
            return False
    return True


def _write(path: Path, root: Path, loader: str, tree: str, catalog: Catalog) -> None:
    try:
        index = _Index(FORMAT, str(root), str(root.resolve()), loader, tree, catalog.packages,
                       [_error(e) for e in catalog.errors])
        data = msgspec.json.encode(index, enc_hook=_encode)
        again = msgspec.json.decode(data, type=_Index, dec_hook=_decode)
        if not _same_packages(again, catalog) or not _same_errors(again, catalog):
            return  # something JSON cannot keep as it is (a TOML date): no index
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except Exception:  # noqa: BLE001 - an unwritable index only costs the next load
        return


def _same_packages(index: _Index, catalog: Catalog) -> bool:
    """The packages read back equal the loaded ones, field by field (their load errors are
    compared by `_same_errors`: exceptions compare by identity)."""
    fields = [name for name in Package.__struct_fields__ if name != "bundle_errors"]
    return list(index.packages) == list(catalog.packages) and all(
        getattr(index.packages[key], name) == getattr(package, name)
        for key, package in catalog.packages.items() for name in fields)


def _same_errors(index: _Index, catalog: Catalog) -> bool:
    def same(read: list[LoadError], loaded: list[LoadError]) -> bool:
        return len(read) == len(loaded) and all(
            type(b) is LoadError and a.to_dict() == b.to_dict()
            for a, b in zip(read, loaded, strict=True))

    return same([LoadError(Path(e.path), e.reason, e.field, e.line) for e in index.errors],
                catalog.errors) and all(
        same(index.packages[key].bundle_errors, package.bundle_errors)
        for key, package in catalog.packages.items())


def _error(error: LoadError) -> _Error:
    if type(error) is not LoadError:
        raise TypeError(f"not kept in the index: {type(error).__name__}")
    return _Error(str(error.path), error.reason, error.field, error.line)


def _encode(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, LoadError):
        error = _error(value)
        return {"path": error.path, "reason": error.reason, "field": error.field,
                "line": error.line}
    raise NotImplementedError(f"not kept in the index: {type(value).__name__}")


def _decode(kind: type, value: Any) -> Any:
    if kind is Path and isinstance(value, str):
        return Path(value)
    if kind is LoadError and isinstance(value, dict):
        error = msgspec.convert(value, _Error)
        return LoadError(Path(error.path), error.reason, error.field, error.line)
    raise NotImplementedError(f"not read from the index: {kind}")
