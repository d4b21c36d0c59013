"""What each component asks consent for: its `ConsentManifest`, built from its scripts.

A component's manifest lists the items its handlers' code needs (DESIGN.md § Consent model); an
extension's is the org admin's install consent: its org permissions and what its installation
handlers need. Building one parses every script, so `Manifests` keeps each until the component's
scripts change (or the catalog is reloaded).
"""

from __future__ import annotations

from cliqsim.consent.items import ConsentItem, org_item
from cliqsim.consent.manifest import ConnectionSpec, ConsentManifest, build_manifest
from cliqsim.deluge.source import Source
from cliqsim.platform.packages import ORG_PERMISSIONS, Package
from cliqsim.platform.scripts import parse_script


class Manifests:
    """The manifest of each package, kept with the script texts it was built from."""

    def __init__(self) -> None:
        self._built: dict[str, tuple[tuple[str, ...], ConsentManifest]] = {}

    def clear(self) -> None:
        self._built.clear()

    def of(self, package: Package) -> ConsentManifest:
        if package.type == "extension":
            return self._org(package)
        scripts = package.scripts()
        key = tuple(s.text for s in scripts)
        cached = self._built.get(package.id)
        if cached and cached[0] == key:
            return cached[1]
        parsed = {}
        for script in scripts:
            name = script.handler if script.handler != "menu_handler" else (
                f"menu_handler:{script.display_name}")
            parsed[name] = (Source(script.text, script.display_name), parse_script(script))
        manifest = build_manifest(
            package.id, package.type, parsed, connection_specs(package),
            name=package.display_name, extension_id=package.extension)
        self._built[package.id] = (key, manifest)
        return manifest

    def _org(self, package: Package) -> ConsentManifest:
        scripts = list(package.handlers.values())
        key = ("org", *(s.text for s in scripts))
        cached = self._built.get(package.id)
        if cached and cached[0] == key:
            return cached[1]
        parsed = {s.handler: (Source(s.text, s.display_name), parse_script(s)) for s in scripts}
        items: list[ConsentItem] = [org_item(p, ORG_PERMISSIONS[p])
                                    for p in package.org_permissions]
        manifest = build_manifest(package.id, "extension", parsed, connection_specs(package),
                                  items, name=package.name)
        self._built[package.id] = (key, manifest)
        return manifest


def connection_specs(package: Package) -> dict[str, ConnectionSpec]:
    """The package's connections, as the consent engine describes them."""
    return {name: ConnectionSpec(name, c.service, c.auth,  # type: ignore[arg-type]
                                 c.hosts)
            for name, c in package.connections.items()}
