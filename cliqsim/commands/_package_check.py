"""`cliqsim check DIR`: validate the component packages under DIR the way the loader does.

The messages are the loader's own (`LoadError`: file, line, field, reason), so what `check`
reports is exactly what would make `cliqsim run` or the chat window skip a package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "component.toml"


@dataclass
class PackageResult:
    """One package folder (or a components folder-level problem) and its load errors."""

    path: Path
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "ok": self.ok, "errors": self.errors}


def package_folders(directory: Path) -> list[Path]:
    """The outermost folders under `directory` (itself included) that hold a `component.toml`;
    an extension's bundled components are checked through their extension."""
    found: list[Path] = []
    for manifest in sorted(directory.rglob(MANIFEST), key=lambda p: (len(p.parts), p)):
        folder = manifest.parent
        if any(part.startswith((".", "_")) for part in folder.relative_to(directory).parts):
            continue
        if not any(folder.is_relative_to(outer) for outer in found):
            found.append(folder)
    return found


def check_packages(directories: list[Path]) -> list[PackageResult]:
    """Load every package folder under `directories` with cliqsim's loader; one result per
    package folder, in a stable order."""
    if not directories:
        return []
    from cliqsim.platform.packages import load_packages

    folders: dict[Path, None] = {}
    for directory in directories:
        folders.update(dict.fromkeys(package_folders(directory)))
    results = {folder: PackageResult(folder) for folder in folders}
    for root in dict.fromkeys(folder.parent for folder in folders):
        catalog = load_packages(root)
        for error in catalog.errors:
            owner = next((f for f in results if error.path.is_relative_to(f)), None)
            if owner is not None:
                results[owner].errors.append(error.to_dict())
    return sorted(results.values(), key=lambda result: result.path)


def print_package_errors(results: list[PackageResult]) -> int:
    """Print each load error as `file:line: error: [field] reason`; returns the count."""
    count = 0
    for result in results:
        for error in result.errors:
            line = f":{error['line']}" if error["line"] else ""
            what = f"[{error['field']}] " if error["field"] else ""
            print(f"{error['file']}{line}: error: {what}{error['reason']} [package]")
            count += 1
    return count
