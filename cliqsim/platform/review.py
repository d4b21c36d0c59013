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

from cliqsim.consent.items import CodeLocation
from cliqsim.consent.manifest import ConsentManifest
from cliqsim.platform.manifests import Manifests
from cliqsim.platform.packages import MANIFEST, LoadError, Package, load_packages


@dataclass(frozen=True)
class ComponentReview:
    """One component: its package, its manifest (as the consent dialog shows it) and the path
    of each of its handler files by the name its locations use."""

    package: Package
    manifest: ConsentManifest
    paths: dict[str, Path] = field(default_factory=dict)

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
        scripts = package.scripts()
        components.append(
            ComponentReview(
                package,
                manifests.of(package),
                {script.display_name: script.path for script in scripts},
            )
        )
    return FolderReview(folder, tuple(components), tuple(catalog.errors))


def _shown(path: Path) -> str:
    """`path` relative to the working directory when it lies under it, else as it is."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)
