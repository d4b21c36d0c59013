"""Write a `Plan` as component packages (`component.toml` plus one `.dg` file per handler)."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomli_w

from cliqsim.paths import bundled_components
from cliqsim.platform.importer.placement import Plan, PlannedPackage
from cliqsim.platform.packages import (
    BUNDLE_LIMITS,
    INTEGRATION_TYPES,
    MAX_INTEGRATIONS,
    load_packages,
)
from cliqsim.platform.seed import SEED_FILE


def write_packages(plan: Plan, source: Path, dest: Path) -> list[str]:
    """Write every planned package under `dest`; returns what is left to do by hand, including
    every error cliqsim's own loader still finds in the result."""
    todo: list[str] = []
    dest.mkdir(parents=True, exist_ok=True)
    extension = next((p for p in plan.packages if p.kind == "extension"), None)
    members = [p for p in plan.packages if p is not extension]
    bundled = extension is not None and _fits_in_bundle(members, todo)
    for package in members:
        folder = dest / extension.id / package.id if bundled and extension else dest / package.id
        todo += _write_package(package, folder, source)
    if extension is not None:
        todo += _write_package(extension, dest / extension.id, source,
                               components=[p.id for p in members] if bundled else [])
    if plan.missing:
        names = ", ".join(f"{name} ({kind.replace('_', ' ')})" for name, kind in plan.missing)
        todo.append(f"the scripts invoke functions the project has no script for: {names}; "
                    "add them or those buttons and forms fail with \"no function\"")
    todo += _workspace_seed(plan, dest)
    catalog = load_packages(dest)
    todo += [f"fix {error}" for error in catalog.errors]
    return todo


_PROVIDER_HOST = re.compile(r"""["']provider_url["']\s*[:,]\s*["']https?://([A-Za-z0-9.-]+)""")
_POSTS_TO_CHANNEL = re.compile(
    r"""zoho\.cliq\.postToChannel(?:AsBot)?\s*\(\s*["']([A-Za-z0-9_]{1,100})["']""")
_READS_DATABASE = re.compile(
    r"""zoho\.cliq\.(?:getRecords|getRecordById|updateRecord|deleteRecords?)\s*\(\s*["']"""
    r"""([a-z][a-z0-9_]{0,49})["']""")


def _workspace_seed(plan: Plan, dest: Path) -> list[str]:
    """Write `dest/workspace.toml`: the bundled organization plus a channel for each channel
    unique name the scripts post to that it lacks (`zoho.cliq.postToChannel("dailytasks", ...)`),
    so the project runs as written; the Cliq databases the scripts read are left to seed."""
    texts = [g.signals.text for p in plan.packages for g in p.guesses()]
    channels = sorted({m for t in texts for m in _POSTS_TO_CHANNEL.findall(t)})
    databases = sorted({m for t in texts for m in _READS_DATABASE.findall(t)})
    seed_path = bundled_components() / SEED_FILE
    seed_text = seed_path.read_text(encoding="utf-8") if seed_path.is_file() else ""
    known = {c.get("unique_name") for c in (tomllib.loads(seed_text).get("channels") or [])}
    added = [c for c in channels if c not in known]
    todo = []
    if added or databases:
        extra = "".join(f'\n[[channels]]  # the scripts post to it\nunique_name = "{c}"\n'
                        f'title = "{c}"\nmembers = ["*"]\n' for c in added)
        (dest / SEED_FILE).write_text(seed_text + extra, encoding="utf-8")
    if added:
        todo.append(f"{SEED_FILE}: added the channels the scripts post to ({', '.join(added)}) "
                    "to the bundled organization; check their titles and members")
    for name in databases:
        todo.append(f"{SEED_FILE}: seed the Cliq database {name!r} the scripts read with "
                    f"[[databases.{name}]] records (it starts empty)")
    return todo


def _fits_in_bundle(members: list[PlannedPackage], todo: list[str]) -> bool:
    """Whether the loader's extension limits allow bundling every component (integration
    components together, then bots, functions and widgets each)."""
    integrations = sum(1 for p in members if p.kind in INTEGRATION_TYPES)
    counts = [("integration component", integrations, MAX_INTEGRATIONS)] + [
        (kind, sum(1 for p in members if p.kind == kind), limit)
        for kind, limit in BUNDLE_LIMITS.items()]
    for kind, count, limit in counts:
        if count > limit:
            todo.append(f"the project has {count} {kind.replace('_', ' ')}s but an extension "
                        f"bundles at most {limit}; the components were written unbundled")
            return False
    return True


def _write_package(package: PlannedPackage, folder: Path, source: Path,
                   components: list[str] | None = None) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    todo = [f"{package.id}: {note}" for note in package.notes]
    manifest: dict[str, Any] = {"type": package.kind, "name": package.name,
                                "description": f"Imported from {source.name}"}
    handlers = {}
    for handler, guess in package.handlers.items():
        handlers[handler] = f"{handler}.dg"
        shutil.copyfile(source / guess.source, folder / f"{handler}.dg")
    if handlers:
        manifest["handlers"] = handlers
    if package.kind == "bot":
        manifest["unique_name"] = package.id
        menus = []
        for index, (name, guess) in enumerate(package.menu.items(), start=1):
            file = f"menu_{index}.dg"
            shutil.copyfile(source / guess.source, folder / file)
            menus.append({"name": name, "handler": file})
        if menus:
            manifest["menu"] = menus
    if package.kind == "function":
        manifest["function_type"] = package.function_type
    if package.kind == "extension":
        manifest["components"] = components or []
    todo += _type_settings(package, manifest)
    todo += _connections(package, manifest)
    for guess in package.guesses():
        if guess.signals.syntax_error:
            todo.append(f"{package.id}: {guess.source} does not parse: "
                        f"{guess.signals.syntax_error.splitlines()[0]}")
    (folder / "component.toml").write_text(tomli_w.dumps(manifest), encoding="utf-8")
    return todo


def _type_settings(package: PlannedPackage, manifest: dict[str, Any]) -> list[str]:
    if package.kind == "scheduler":
        manifest["schedule"] = {"frequency": "daily", "time": "09:00", "timezone": "UTC"}
        return [f"{package.id}: set the real [schedule] (written as daily at 09:00 UTC)"]
    if package.kind == "link_handler":
        # the site a preview names as its provider is the one whose links it unfurls
        provided = sorted({m.lower() for g in package.guesses()
                           for m in _PROVIDER_HOST.findall(g.signals.text)})
        hosts = provided or sorted(_hosts(package))
        manifest["domains"] = hosts[:10] or ["example.com"]
        return [f"{package.id}: set `domains` to the sites whose links it previews "
                f"(guessed {manifest['domains']})"]
    if package.kind == "message_action":
        reads = set().union(*(g.signals.inputs for g in package.guesses()))
        if "attachments" in reads:
            manifest["message_types"] = ["text", "attachment"]
    return []


def _connections(package: PlannedPackage, manifest: dict[str, Any]) -> list[str]:
    todo = []
    names = sorted(set().union(*(g.signals.connections for g in package.guesses())))
    hosts = sorted(_hosts(package))
    if names:
        parsed = all(g.signals.syntax_error is None for g in package.guesses())
        manifest["connections"] = {
            name: {"service": name, "auth": "user",
                   "hosts": _connection_hosts(package, name) if parsed else hosts}
            for name in names}
        written = "; ".join(f"{name} with hosts {manifest['connections'][name]['hosts']}"
                            for name in names)
        todo.append(f"{package.id}: check connections {', '.join(names)}: written with "
                    f"auth = \"user\" ({written}); use \"admin\" where everyone shares "
                    "the owner's account")
    for url in sorted({u for g in package.guesses() for u in g.signals.urls}):
        todo.append(f"{package.id}: add a [[fixtures]] entry for {_fixture_address(url)} "
                    "so it runs offline")
    return todo


def _fixture_address(url: str) -> str:
    """How a fixture matches `url`: `url` without its query string, and the query's names as
    `query` (docs/components.md § Fixtures)."""
    base, _, query = url.partition("?")
    names = [pair.partition("=")[0] for pair in query.split("&") if pair]
    return f'url = "{base}"' + (f", query {names}" if names else "")


def _connection_hosts(package: PlannedPackage, name: str) -> list[str]:
    """The hosts the package's requests through connection `name` reach (none when only
    integration tasks use it: `zoho.cliq.extension.getProperties(keys, "conn")`)."""
    return sorted({h for g in package.guesses()
                   for h in g.signals.connection_hosts.get(name, set())})


def _hosts(package: PlannedPackage) -> set[str]:
    return {urlsplit(url).hostname or "" for g in package.guesses()
            for url in g.signals.urls} - {""}
