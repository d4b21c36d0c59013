"""`cliqsim import`: turn a Cliq project kept in the wild into cliqsim component packages.

    report = import_project(Path("my-extension"), Path("components"))
    report.to_json()   # {"packages": [{"id", "type", "name", "handlers": {handler: source}}],
                       #  "guesses": [...], "unplaced": [...], "skipped": [...], "todo": [...]}

Every placement is a guess from folder names, file names and the handler inputs a script reads
(see `vocabulary.py`); the report lists each guess with its reason, every script it could not
place, and what is left to fill in by hand (connections' accounts and hosts, fixtures,
schedules, link domains). The written packages are loaded once more with cliqsim's own loader so
that any remaining mistake is reported with its file, field and reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cliqsim.errors import UsageError
from cliqsim.platform.importer.placement import Plan, find_scripts, place
from cliqsim.platform.importer.vocabulary import SCRIPT_SUFFIXES
from cliqsim.platform.importer.writer import write_packages


@dataclass
class ImportReport:
    source: Path
    dest: Path
    plan: Plan
    todo: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        packages, guesses = [], []
        for package in self.plan.packages:
            handlers = {key: str(g.source) for key, g in package.handlers.items()}
            entry: dict[str, Any] = {"id": package.id, "type": package.kind,
                                     "name": package.name, "handlers": handlers}
            if package.function_type:
                entry["function_type"] = package.function_type
            if package.menu:
                entry["menu"] = {name: str(g.source) for name, g in package.menu.items()}
            packages.append(entry)
            for handler, guess in [*package.handlers.items(),
                                   *(("menu: " + n, g) for n, g in package.menu.items())]:
                guesses.append({"source": str(guess.source), "package": package.id,
                                "handler": handler, "reason": guess.reason})
        return {
            "source": str(self.source), "dest": str(self.dest), "packages": packages,
            "guesses": guesses,
            "unplaced": [{"source": s, "reason": r} for s, r in self.plan.unplaced],
            "skipped": [{"source": s, "reason": r} for s, r in self.plan.skipped],
            "todo": self.todo,
        }

    def to_text(self) -> str:
        data = self.to_json()
        lines = [f"Imported {len(data['guesses'])} scripts from {self.source} into "
                 f"{len(data['packages'])} packages in {self.dest}", ""]
        for package in self.plan.packages:
            kind = package.kind.replace("_", " ")
            if package.function_type:
                kind = f"{package.function_type} function"
            lines.append(f"{package.id}/  {kind} {package.name!r}")
            for handler, guess in package.handlers.items():
                lines.append(f"  {handler:<15} ← {guess.source}   ({guess.reason})")
            for name, guess in package.menu.items():
                lines.append(f"  menu {name!r:<10} ← {guess.source}   ({guess.reason})")
        for title, rows in (("Not placed", data["unplaced"]), ("Skipped", data["skipped"])):
            if rows:
                lines += ["", f"{title}:"]
                lines += [f"  {row['source']}: {row['reason']}" for row in rows]
        if self.todo:
            lines += ["", "Left to do:"] + [f"  - {item}" for item in self.todo]
        return "\n".join(lines)


def import_project(source: Path, dest: Path) -> ImportReport:
    """Place every script under `source` and write the packages into `dest` (which must not
    exist or be empty). Raises `UsageError` for a missing source or a non-empty destination."""
    if not source.is_dir():
        raise UsageError(f"{source} is not a folder; give the folder that holds the project's "
                         "scripts")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UsageError(f"{dest} already exists and is not empty; give a new folder with --out")
    if not find_scripts(source):
        raise UsageError(f"{source} holds no Deluge scripts (files ending in "
                         f"{', '.join(sorted(SCRIPT_SUFFIXES))}, outside hidden and _ folders); "
                         "give the folder that holds the project's scripts")
    plan = place(source)
    todo = write_packages(plan, source, dest)
    return ImportReport(source, dest, plan, todo)
