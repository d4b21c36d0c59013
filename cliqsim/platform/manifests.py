"""What each component asks consent for: its `ConsentManifest`, built from its scripts.

A component's manifest lists the items its handlers' code needs (DESIGN.md § Consent); an
extension's is the org admin's install consent: its org permissions and what its installation
handlers need. Building one parses every script, so `Manifests` keeps each until the component's
scripts change (or the catalog is reloaded).
"""

from __future__ import annotations

from cliqsim.consent.items import ConsentItem, Credentials, org_item
from cliqsim.consent.manifest import (
    ConnectionSpec,
    ConsentManifest,
    build_manifest,
    component_identity,
    make_manifest,
)
from cliqsim.consent.target_text import shown_label
from cliqsim.deluge import ast as dast
from cliqsim.deluge.source import Source
from cliqsim.platform.package_model import ORG_PERMISSIONS, Package
from cliqsim.platform.scripts import parse_script
from cliqsim.structs import replace


class Manifests:
    """The manifest of each package, kept with the script texts it was built from.

    `objects`: the handler input names that are Cliq objects (default: every trigger kind's
    declared inputs, `triggers.HANDLER_INPUTS`)."""

    def __init__(self, objects: frozenset[str] | None = None) -> None:
        if objects is None:
            from cliqsim.platform.triggers import HANDLER_INPUTS  # the triggers import this

            objects = HANDLER_INPUTS
        self.objects = objects
        self._built: dict[str, tuple[tuple[str, ...], ConsentManifest]] = {}

    def clear(self) -> None:
        self._built.clear()

    def of(self, package: Package) -> ConsentManifest:
        org = package.type == "extension"
        scripts = list(package.handlers.values()) if org else package.scripts()
        key = tuple(s.text for s in scripts)
        cached = self._built.get(package.id)
        if cached and cached[0] == key:
            return cached[1]
        manifest = _org_manifest(package, self.objects) if org else _manifest(
            package, self.objects)
        self._built[package.id] = (key, manifest)
        return manifest


def consent_scripts(package: Package) -> dict[str, tuple[Source, dast.Script]]:
    """The parsed scripts a package's manifest is built from, by handler name (a bot's menu
    actions as `menu_handler:FILE`; an extension's: its installation handlers only)."""
    if package.type == "extension":
        return {s.handler: (Source(s.text, s.display_name), parse_script(s))
                for s in package.handlers.values()}
    parsed = {}
    for script in package.scripts():
        name = script.handler if script.handler != "menu_handler" else (
            f"menu_handler:{script.display_name}")
        parsed[name] = (Source(script.text, script.display_name), parse_script(script))
    return parsed


def _manifest(package: Package, objects: frozenset[str]) -> ConsentManifest:
    manifest = build_manifest(
        package.id, package.type, consent_scripts(package), connection_specs(package),
        name=package.display_name, extension_id=package.extension, objects=objects,
        identity=identity_of(package),
        handler_objects=lambda handler: handler_inputs(package.type, handler))
    schedule = schedule_item(package) if manifest.items else None
    if schedule is not None:  # a scheduler's runs, when it touches anything that needs consent
        return make_manifest(package.id, package.type, (*manifest.items, schedule),
                             name=manifest.name, extension_id=package.extension,
                             identity=manifest.identity)
    if not package.domains:
        return manifest
    # a link handler reads the links people post to the domains it registers: say which
    where = ", ".join(package.domains)
    said = {"url": f"Reads the links you post to {where}",
            "domain": f"Reads the domain of the links you post to {where}"}
    items = [replace(item, purpose=said[item.target])
             if item.kind == "object" and item.target in said else item
             for item in manifest.items]
    return make_manifest(package.id, package.type, items, name=manifest.name,
                         extension_id=package.extension, identity=manifest.identity)


SCHEDULE_TARGET = "scheduler"
"""The task name of a scheduler's schedule item (no Deluge script can call a task by it)."""


def schedule_item(package: Package) -> ConsentItem | None:
    """A scheduler's schedule as an item of its consent: `scheduler {"frequency": "daily",
    "time": "09:00", ...}` (the `[schedule]` table less its `owner`, whose grant it is), "Runs
    by itself, with nobody at the keyboard, as you: Every day at 09:00 (Asia/Kolkata)". How
    often it runs is what its owner allows: another schedule is another item, so a scheduler
    made to run more often asks again; unticked, it does not run (`triggers.schedulers`)."""
    if package.type != "scheduler" or not package.schedule:
        return None
    import json
    from datetime import date

    from cliqsim.platform.recurrence import RecurrenceError, parse_schedule

    spec = {k: v for k, v in package.schedule.items() if k != "owner"}
    target = f"{SCHEDULE_TARGET} {json.dumps(spec, sort_keys=True, default=str)}"
    try:
        summary = parse_schedule(spec, date(2000, 1, 1)).summary()
    except RecurrenceError:
        summary = "on its schedule"
    if "starts" not in spec:  # from the day it is first seen, not a date to show
        summary = summary.replace(", from 2000-01-01", "")
    return ConsentItem("task", target, "user",
                       f"Runs by itself, with nobody at the keyboard, as you: {summary}")


def _org_manifest(package: Package, objects: frozenset[str]) -> ConsentManifest:
    """An extension's: its org permissions and what its installation handlers need."""
    items: list[ConsentItem] = [org_item(p, ORG_PERMISSIONS[p])
                                for p in package.org_permissions]
    items += connection_items(package)
    return build_manifest(package.id, "extension", consent_scripts(package),
                          connection_specs(package), items, name=package.display_name,
                          objects=objects, identity=identity_of(package),
                          handler_objects=lambda handler: handler_inputs("extension", handler))


def connection_items(extension: Package) -> list[ConsentItem]:
    """The connections an extension's installer authorizes (Zoho, "Connections": an installer
    authenticates the connections an extension uses; "Use credentials of login user" decides
    whose account each run signs in with), one org item each, keyed `connection:LINK`:

    - `auth = "admin"`: the installer's own account (or the declared `owner`'s), used by every
      person's runs (`Pipeline` makes the installer the connection owner);
    - `auth = "user"`: each person connects their own account, asked in their own consent the
      first time they use a component that calls it; the installer only agrees it is used.
    """
    items = []
    for link, connection in sorted(extension.bundle_connections.items()):
        service = shown_label(connection.service)
        if connection.auth == "admin":
            whose = (f"{shown_label(connection.owner)}'s account" if connection.owner else
                     "your account (the installer's)")
            purpose = (f"Connects {service} with {whose}; every person's runs "
                       f"of {extension.display_name} use it (connection {link})")
        else:
            purpose = (f"Uses {service}: each person connects their own account "
                       f"the first time they use it (connection {link})")
        credentials: Credentials = "admin" if connection.auth == "admin" else "user"
        items.append(ConsentItem("org", f"connection:{link}", credentials, purpose,
                                 connection=link))
    return items


def handler_inputs(component_type: str, handler: str) -> frozenset[str] | None:
    """The inputs Cliq binds for `handler` (`execution_handler`, `menu_handler:FILE`) of a
    component of `component_type`, as its trigger kinds declare them; None when no kind
    declares it (then every handler input counts). Read from `platform.handler_inputs`, where
    the declarations are written out: building a manifest imports no trigger module."""
    from cliqsim.platform.handler_inputs import BY_HANDLER

    return BY_HANDLER.get((component_type, handler.split(":", 1)[0]))


def identity_of(package: Package) -> str:
    """The component identity its grants are bound to (`consent.manifest.component_identity`):
    type, name, extension and the folder it was loaded from (a link handler's domains, and
    whose account each connection uses: service, auth and owner)."""
    accounts = {link: (c.service, c.auth, c.owner or "")
                for link, c in package.connections.items()}
    return component_identity(package.type, package.name, package.extension,
                              str(package.dir.resolve()), package.domains, accounts)


def connection_specs(package: Package) -> dict[str, ConnectionSpec]:
    """The package's connections, as the consent engine describes them."""
    return {name: ConnectionSpec(name, c.service, c.auth,  # type: ignore[arg-type]
                                 c.hosts)
            for name, c in package.connections.items()}
