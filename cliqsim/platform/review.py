"""What a reviewer reads about a folder of components, without running or writing anything.

`review_folder(folder)` loads the packages as the runtime does (`load_packages`) and takes each
one's consent manifest from the runtime's own `Manifests`, so the review tools (`cliqsim consents
manifest|lock|verify|report`) show exactly the items the consent dialog would. Nothing runs, no
data directory is opened, no file is written (the per-user parse cache aside, which is only an
accelerator: see `platform/scripts.py`).

Locations in a manifest name a handler file as people see it (`nearby/execution.dg`); a
`ComponentReview` maps them back to the file's path as found under the folder
(`sample_components/nearby/execution.dg`), so a terminal or CI log can link to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cliqsim.consent.dataflow import DataFlow, data_flows
from cliqsim.consent.items import CodeLocation
from cliqsim.consent.manifest import ConsentManifest
from cliqsim.consent.privacy import Finding, lint
from cliqsim.platform.manifests import Manifests, connection_specs, consent_scripts
from cliqsim.platform.packages import MANIFEST, LoadError, Package, load_packages


@dataclass(frozen=True)
class ComponentReview:
    """One component: its package, its manifest (as the consent dialog shows it), where each
    Cliq object field ends up (`flows`), the privacy lint's `findings`, and the path of each of
    its handler files by the name its locations use."""

    package: Package
    manifest: ConsentManifest
    paths: dict[str, Path] = field(default_factory=dict)
    flows: tuple[DataFlow, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def id(self) -> str:
        return self.package.id

    @property
    def package_file(self) -> Path:
        """The component's `component.toml`."""
        return self.package.dir / MANIFEST

    def path_of(self, location: CodeLocation) -> str:
        """The file of `location` as a path under the folder (its shown name if unknown)."""
        path = self.paths.get(location.file)
        return _shown(path) if path is not None else location.file

    def where(self, location: CodeLocation, *, column: bool = True) -> str:
        """`sample_components/nearby/execution.dg:14:5` (`:14` without the column)."""
        where = f"{self.path_of(location)}:{location.line}"
        return f"{where}:{location.column}" if column else where

    def finding_place(self, finding: Finding) -> tuple[str, int, int, int, int]:
        """(path, line, column, end line, end column) of a finding; a component.toml finding
        points at the line of its field (1 when not found)."""
        if finding.location is not None:
            loc = finding.location
            return (self.path_of(loc), loc.line, loc.column, loc.end_line, loc.end_column)
        line = toml_line(self.package_file, finding.subject)
        return (_shown(self.package_file), line, 1, line, 1)


@dataclass(frozen=True)
class FolderReview:
    """Every component that loaded, in id order, and the packages that did not."""

    folder: Path
    components: tuple[ComponentReview, ...]
    errors: tuple[LoadError, ...] = ()

    def component(self, component_id: str) -> ComponentReview | None:
        return next((c for c in self.components if c.id == component_id), None)


def review_folder(folder: Path) -> FolderReview:
    """The review of every package under `folder` (raises `CliqsimError` when it is missing)."""
    catalog = load_packages(folder)
    manifests = Manifests()
    components = []
    for package in sorted(catalog.packages.values(), key=lambda p: p.id):
        components.append(review_package(package, manifests))
    return FolderReview(folder, tuple(components), tuple(catalog.errors))


def review_package(package: Package, manifests: Manifests | None = None) -> ComponentReview:
    """One package's review: the runtime's manifest, its data flows and privacy findings."""
    manifests = manifests or Manifests()
    scripts = consent_scripts(package)
    found = data_flows(scripts, manifests.objects)
    return ComponentReview(
        package,
        manifests.of(package),
        {script.display_name: script.path for script in package.scripts()},
        found,
        lint(scripts, connection_specs(package), manifests.objects, flows=found),
    )


def toml_line(path: Path, subject: str) -> int:
    """The line of `[connections.NAME]` (or of `hosts` inside it for `connections.NAME.hosts`)
    in a component.toml; 1 when it cannot be found."""
    import re

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    parts = subject.split(".")
    header = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(map(re.escape, parts[:2])) + r"\s*\]")
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        return 1
    if len(parts) > 2:
        key = re.compile(r"^\s*" + re.escape(parts[2]) + r"\s*=")
        for i in range(start + 1, len(lines)):
            if lines[i].lstrip().startswith("["):
                break
            if key.match(lines[i]):
                return i + 1
    return start + 1


def _shown(path: Path) -> str:
    """`path` relative to the working directory when it lies under it, else as it is."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)
