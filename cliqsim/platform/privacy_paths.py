"""The privacy lint over files and folders as `cliqsim check --privacy PATH...` names them.

A `.dg` file that belongs to a component package (a folder with `component.toml` above it) is
linted with its whole package, so the lint knows the package's connections and also reports
component.toml findings (a connection no code uses). Any other `.dg` file is linted alone, as a
handler script with no connections. Nothing runs; nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from cliqsim.consent.privacy import Finding, lint
from cliqsim.deluge.errors import DelugeSyntaxError
from cliqsim.deluge.parser import parse
from cliqsim.deluge.source import Source
from cliqsim.platform.manifests import Manifests
from cliqsim.platform.packages import MANIFEST, Catalog, LoadError, Package, load_packages
from cliqsim.platform.review import review_package


@dataclass(frozen=True, slots=True)
class Located:
    """A finding with the file as the person named it and its region (1-based; end column
    exclusive)."""

    finding: Finding
    path: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class PrivacyReport:
    findings: tuple[Located, ...]
    problems: tuple[str, ...]  # packages that do not load, scripts that do not parse
    files: int


def lint_files(files: Iterable[Path], read: Callable[[Path], str]) -> PrivacyReport:
    """Lint `files` (`read` turns a path into its text, raising `UsageError` when it cannot)."""
    files = list(files)
    roots: dict[Path, Catalog] = {}
    packages: dict[str, tuple[Package, set[Path]]] = {}
    standalone: list[Path] = []
    problems: list[str] = []
    for path in files:
        package = _package_of(path, roots)
        if package is None:
            standalone.append(path)
        else:
            packages.setdefault(str(package.dir), (package, set()))[1].add(path.resolve())
    for catalog in roots.values():
        problems.extend(_load_problem(error) for error in catalog.errors)
    located: list[Located] = []
    manifests = Manifests()
    for package, wanted in packages.values():
        review = review_package(package, manifests)
        shown = {script.display_name: script.path for script in package.scripts()}
        named = {p.resolve(): p for p in files}
        for finding in review.findings:
            if finding.location is not None:
                file = shown.get(finding.location.file)
                if file is None or file.resolve() not in wanted:
                    continue
                loc = finding.location
                located.append(Located(finding, str(named[file.resolve()]), loc.line,
                                       loc.column, loc.end_line, loc.end_column))
            else:
                where = review.finding_place(finding)
                located.append(Located(finding, *where))
    for path in standalone:
        text = read(path)
        try:
            script = parse(text, str(path))
        except DelugeSyntaxError as error:
            problems.append(f"{path}:{error.line or 1}: {error.message} (fix it first: "
                            "`cliqsim check` shows where)")
            continue
        for finding in lint({str(path): (Source(text, str(path)), script)}, {},
                            manifests.objects):
            assert finding.location is not None
            loc = finding.location
            located.append(Located(finding, str(path), loc.line, loc.column, loc.end_line,
                                   loc.end_column))
    return PrivacyReport(tuple(located), tuple(problems), len(files))


def _load_problem(error: LoadError) -> str:
    return error.message


def _package_of(path: Path, roots: dict[Path, Catalog]) -> Package | None:
    """The loaded package whose handler (or menu action) `path` is, or None."""
    resolved = path.resolve()
    top = None
    for folder in resolved.parents:
        if (folder / MANIFEST).is_file():
            top = folder
        elif top is not None:
            break
    if top is None:
        return None
    root = top.parent
    if root not in roots:
        roots[root] = load_packages(root)
    for package in roots[root].packages.values():
        if any(script.path.resolve() == resolved for script in package.scripts()):
            return package
    return None
