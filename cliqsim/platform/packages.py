"""Component packages: a folder per component or extension, described by `component.toml`.

(`package_reader.py` reads one manifest's fields with errors that name file, field and line.)

    nearby/
      component.toml      type, name, description, hint, [handlers], [connections.*], [[fixtures]]
      execution.dg        one Deluge script per handler
      fixtures/places_bank.json

An extension's folder holds its own `component.toml` (`type = "extension"`) and one subfolder per
bundled component. `load_packages(root)` loads every package it can and returns the ones that
failed as `LoadError`s (file, field, line, reason): one bad package never hides the others.
The format is documented field by field in docs/components.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cliqsim.errors import CliqsimError
from cliqsim.platform.package_reader import (
    LoadError,
    LoadErrors,
    Reader,
    package_file,
    read_package_text,
    read_toml,
)

MANIFEST = "component.toml"
SHARED = "shared.toml"


def handler_keys() -> dict[str, dict[str, str]]:
    """For each component type, the keys it may declare as `[handlers] <key> = "file.dg"` and the
    Cliq handler each names: what the trigger kinds declare (`triggers.HANDLERS`)."""
    from cliqsim.platform.triggers import HANDLERS  # (the trigger modules import this one)

    return HANDLERS


COMMON_FIELDS = {"type", "name", "description", "hint", "scope", "handlers", "connections",
                 "fixtures", "schedule"}
TYPE_FIELDS: dict[str, set[str]] = {
    "command": {"options"},
    "bot": {"unique_name", "menu"},
    "message_action": {"message_types", "multi_selectable"},
    "function": {"function_type"},
    "extension": {"version", "components", "organization"},
    "link_handler": {"domains"},
}
CONNECTION_FIELDS = {"service", "auth", "hosts", "owner", "description"}
FIXTURE_FIELDS = {"method", "url", "query", "status", "headers", "body", "body_file",
                  "connection", "description"}
MESSAGE_TYPES = {"text", "link", "attachment"}
FUNCTION_TYPES = {"button": {"button"}, "form": {"submit", "change", "dynamic_select", "view"},
                  "widget_button": {"widget_button"}, "saved": {"script"}}
_FUNCTION_NEEDS = {"button": ("button_handler", "button"),
                   "form": ("form_submit_handler", "submit"),
                   "widget_button": ("widget_button_handler", "widget_button"),
                   "saved": ("saved_function_handler", "script")}
LINK_NAME = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,30}$")
LIMITS = {"name": 30, "hint": 128, "description": 300}
BUNDLE_LIMITS = {"bot": 1, "function": 20, "widget": 1}
INTEGRATION_TYPES = {"command", "message_action", "scheduler"}
MAX_INTEGRATIONS = 4

# Part 2 registers the loaders of further types (scheduler, widget, link_handler) here.
EXTRA_TYPES: dict[str, Callable[[Package, dict[str, Any], Reader], None]] = {}


@dataclass(frozen=True, slots=True)
class Connection:
    """A connection a script names by link name. `auth` is `user` (each person's own account)
    or `admin` (the owner's account, `owner` a user id, default the first org admin)."""

    link_name: str
    service: str
    auth: str
    hosts: tuple[str, ...]
    owner: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Fixture:
    """A canned answer for `invokeurl`: matches the method, the URL (`*` matches any run of
    characters) and, when given, these query / body parameters."""

    method: str
    url: str
    status: int
    body: Any
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    connection: str | None = None
    description: str = ""
    source: str = ""  # where it was declared, for "fixtures that exist" listings


@dataclass(frozen=True, slots=True)
class Script:
    """One handler's Deluge source."""

    handler: str  # Cliq handler name: "execution_handler"
    path: Path
    text: str

    @property
    def display_name(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"


@dataclass(frozen=True, slots=True)
class MenuAction:
    name: str
    script: Script
    hint: str = ""


@dataclass
class Package:
    id: str
    type: str
    name: str
    dir: Path
    description: str = ""
    hint: str = ""
    scope: str = "organization"
    handlers: dict[str, Script] = field(default_factory=dict)
    connections: dict[str, Connection] = field(default_factory=dict)
    fixtures: list[Fixture] = field(default_factory=list)
    extension: str | None = None  # the id of the extension bundling it
    # type-specific settings
    unique_name: str = ""  # bots
    menu: list[MenuAction] = field(default_factory=list)  # bots
    message_types: tuple[str, ...] = ()  # message actions
    multi_selectable: bool = False
    function_type: str = ""  # functions
    options: list[dict[str, Any]] = field(default_factory=list)  # commands
    version: str = "1.0"  # extensions
    components: list[str] = field(default_factory=list)  # extensions: component ids
    bundle_errors: list[LoadError] = field(default_factory=list)  # bundled ones that failed
    org_permissions: list[str] = field(default_factory=list)  # extensions
    schedule: dict[str, Any] = field(default_factory=dict)  # schedulers (part 2)
    domains: tuple[str, ...] = ()  # link handlers (part 2)

    def scripts(self) -> list[Script]:
        return list(self.handlers.values()) + [action.script for action in self.menu]

    @property
    def display_name(self) -> str:
        if self.type == "command":
            return f"/{self.name}"
        return self.name


@dataclass
class Catalog:
    """Every package that loaded, by id, plus the load errors."""

    packages: dict[str, Package] = field(default_factory=dict)
    errors: list[LoadError] = field(default_factory=list)

    def of_type(self, kind: str) -> list[Package]:
        return [p for p in self.packages.values() if p.type == kind]

    def command(self, name: str) -> Package | None:
        name = name.lower()
        return next((p for p in self.of_type("command") if p.name == name), None)

    def bot(self, name: str) -> Package | None:
        key = name.lower().lstrip("@")
        return next(
            (p for p in self.of_type("bot") if key in (p.unique_name, p.name.lower(), p.id)), None
        )

    def function(self, name: str) -> Package | None:
        return next((p for p in self.of_type("function") if p.name == name), None)

    def action(self, name: str) -> Package | None:
        key = name.lower()
        return next(
            (p for p in self.of_type("message_action") if key in (p.id, p.name.lower())), None
        )


def load_packages(root: Path) -> Catalog:
    """Load every package folder under `root` (skipping names starting with `.` or `_`), then
    give each package the connections and fixtures of `root/shared.toml` it does not declare
    itself."""
    _register_part2_types()
    catalog = Catalog()
    if not root.is_dir():
        raise CliqsimError(
            f"the components folder {root} does not exist; give an existing folder with "
            "--components DIR", "No components folder")
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")) or not (folder / MANIFEST).exists():
            continue
        try:
            loaded = _load_folder(folder, extension=None)
        except LoadError as error:
            catalog.errors.extend(error.errors if isinstance(error, LoadErrors) else [error])
            continue
        except Exception as error:  # noqa: BLE001 - one bad package never stops cliqsim
            catalog.errors.append(_unexpected(folder, error))
            continue
        for package in loaded:
            catalog.errors.extend(package.bundle_errors)
            if package.id in catalog.packages:
                catalog.errors.append(LoadError(
                    package.dir / MANIFEST,
                    f"a component with id '{package.id}' already exists in "
                    f"{catalog.packages[package.id].dir}; rename one folder"))
                continue
            catalog.packages[package.id] = package
    _check_unique_names(catalog)
    try:
        shared = _load_shared(root)
    except LoadError as error:
        catalog.errors.extend(error.errors if isinstance(error, LoadErrors) else [error])
        shared = None
    except Exception as error:  # noqa: BLE001 - a bad shared.toml never stops cliqsim
        catalog.errors.append(LoadError(root / SHARED, f"could not be loaded "
                                        f"({type(error).__name__}: {error})"))
        shared = None
    if shared is not None:
        for package in catalog.packages.values():
            package.connections = {**shared.connections, **package.connections}
            package.fixtures = [*package.fixtures, *shared.fixtures]
    return catalog


def _unexpected(folder: Path, error: Exception) -> LoadError:
    """A failure no check foresaw, still named as a load error of the package's manifest."""
    return LoadError(folder / MANIFEST, f"could not be loaded ({type(error).__name__}: {error})")


def _load_shared(root: Path) -> Package | None:
    """`shared.toml`: `[connections.NAME]` and `[[fixtures]]` every package can use (a
    package's own connection of the same name wins; its own fixtures are matched first)."""
    path = root / SHARED
    if not path.exists():
        return None
    text, data = read_toml(path)
    reader = Reader(path, text, data)
    reader.check_fields(data, {"connections", "fixtures"}, "")
    shared = Package(id="shared", type="shared", name="shared", dir=root)
    _load_connections(shared, data, reader)
    _load_fixtures(shared, data, reader)
    shared.fixtures = [replace(f, source=f"{SHARED} fixtures[{index}]")
                       for index, f in enumerate(shared.fixtures)]
    return shared


def _check_unique_names(catalog: Catalog) -> None:
    seen: dict[tuple[str, str], Package] = {}
    for package in list(catalog.packages.values()):
        key = (package.type, package.unique_name or package.name.lower())
        if package.type in ("command", "bot", "function") and key in seen:
            catalog.errors.append(LoadError(
                package.dir / MANIFEST,
                f"another {package.type} is already named '{package.name}' "
                f"({seen[key].dir}); names must be unique", "name"))
            del catalog.packages[package.id]
            continue
        seen[key] = package


def _load_folder(folder: Path, extension: str | None) -> list[Package]:
    path = folder / MANIFEST
    text, data = read_toml(path)
    reader = Reader(path, text, data)
    kind = data.get("type")
    known = set(handler_keys()) | set(EXTRA_TYPES)
    if kind is None:
        choices = ", ".join(sorted(known))
        raise reader.fail("type", f"the field 'type' is required: one of {choices}")
    if kind not in known:
        raise reader.fail(
            "type", f"unknown component type {kind!r}; use one of {', '.join(sorted(known))}")
    if extension is not None and kind == "extension":
        raise reader.fail("type", "an extension cannot bundle another extension")
    reader.check_fields(data, COMMON_FIELDS | TYPE_FIELDS.get(kind, set()), "")
    package = Package(
        id=folder.name,
        type=kind,
        name=reader.text_field(data, "name", "", required=True,
                               limit=LIMITS["name"] if kind == "command" else 50),
        dir=folder,
        description=reader.text_field(data, "description", "", limit=LIMITS["description"]),
        hint=reader.text_field(data, "hint", "", limit=LIMITS["hint"]),
        scope=reader.text_field(data, "scope", "", default="organization"),
        extension=extension,
    )
    if package.scope not in ("organization", "team", "personal"):
        raise reader.fail("scope", "'scope' must be organization, team or personal")
    _load_handlers(package, data, reader)
    _load_connections(package, data, reader)
    _load_fixtures(package, data, reader)
    schedule = data.get("schedule", {})
    if not isinstance(schedule, dict):
        raise reader.fail("schedule", "'schedule' must be a table")
    package.schedule = schedule
    loader = _TYPE_LOADERS.get(kind) or EXTRA_TYPES.get(kind)
    if loader:
        loader(package, data, reader)
    if kind == "extension":
        bundled, problems = _load_bundle(package, reader)
        package.bundle_errors = problems
        return [package, *bundled]
    return [package]


def _script(package: Package, reader: Reader, key: str, handler: str, file: Any) -> Script:
    path = package_file(package.dir, reader, key, file, "a .dg file")
    text = read_package_text(path, reader, key)
    script = Script(handler=handler, path=package.dir / file, text=text)
    check_syntax(script)
    return script


def check_syntax(script: Script) -> None:
    """Parse the script now so a syntax error fails the package at load time, with its line."""
    from cliqsim.deluge.errors import DelugeError
    from cliqsim.platform.scripts import known_to_parse, parse_script

    if known_to_parse(script):
        return
    try:
        parse_script(script)
    except DelugeError as error:
        raise LoadError(script.path, f"Deluge syntax error: {error.message}", None,
                        error.line) from None


def _load_handlers(package: Package, data: dict[str, Any], reader: Reader) -> None:
    handlers = data.get("handlers", {})
    if not isinstance(handlers, dict):
        raise reader.fail("handlers", "'handlers' must be a table of handler = \"file.dg\"")
    allowed = handler_keys().get(package.type, {})
    reader.check_fields(handlers, allowed, "handlers")
    problems: list[LoadError] = []
    for key, file in handlers.items():
        try:
            package.handlers[allowed[key]] = _script(
                package, reader, f"handlers.{key}", allowed[key], file)
        except LoadError as error:  # name every broken handler, not only the first
            problems.append(error)
    if problems:
        raise LoadErrors(problems)


def _load_connections(package: Package, data: dict[str, Any], reader: Reader) -> None:
    connections = data.get("connections", {})
    if not isinstance(connections, dict):
        raise reader.fail("connections", "'connections' must be a table of [connections.NAME]")
    for link, spec in connections.items():
        where = f"connections.{link}"
        if not LINK_NAME.match(link):
            raise reader.fail(where, f"connection link name {link!r} must start with a lower-case "
                              "letter and use only a-z, 0-9 and _ (at most 50)")
        if not isinstance(spec, dict):
            raise reader.fail(where, f"'{where}' must be a table")
        reader.check_fields(spec, CONNECTION_FIELDS, where)
        auth = reader.text_field(spec, "auth", where, required=True)
        if auth not in ("user", "admin"):
            raise reader.fail(f"{where}.auth", f"'{where}.auth' must be \"user\" (each person's "
                              "own account) or \"admin\" (the connection owner's)")
        hosts = spec.get("hosts", [])
        if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
            raise reader.fail(f"{where}.hosts", f"'{where}.hosts' must be a list of host names")
        package.connections[link] = Connection(
            link_name=link,
            service=reader.text_field(spec, "service", where, required=True),
            auth=auth,
            hosts=tuple(h.lower() for h in hosts),
            owner=reader.text_field(spec, "owner", where) or None,
            description=reader.text_field(spec, "description", where),
        )


def _load_fixtures(package: Package, data: dict[str, Any], reader: Reader) -> None:
    fixtures = data.get("fixtures", [])
    if not isinstance(fixtures, list):
        raise reader.fail("fixtures", "'fixtures' must be an array of tables: [[fixtures]]")
    for index, spec in enumerate(fixtures):
        where = f"fixtures[{index}]"
        if not isinstance(spec, dict):
            raise reader.fail("fixtures", f"{where} must be a table")
        reader.check_fields(spec, FIXTURE_FIELDS, "fixtures")
        method = reader.text_field(spec, "method", "fixtures", default="GET").upper()
        if method not in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            raise reader.fail("fixtures.method", f"{where}.method {method!r} must be GET, POST, "
                              "PUT, PATCH or DELETE")
        url = reader.text_field(spec, "url", "fixtures", required=True)
        status = spec.get("status", 200)
        if not isinstance(status, int):
            raise reader.fail("fixtures.status", f"{where}.status must be a number")
        query = spec.get("query", {})
        if not isinstance(query, dict):
            raise reader.fail("fixtures.query", f"{where}.query must be a table")
        if "body" in spec and "body_file" in spec:
            raise reader.fail("fixtures.body_file",
                              f"{where} has both 'body' and 'body_file'; keep one")
        body: Any = spec.get("body")
        if "body_file" in spec:
            body = _fixture_file(package, reader, spec["body_file"], where)
        package.fixtures.append(Fixture(
            method=method, url=url, status=status, body=body,
            query={str(k): str(v) for k, v in query.items()},
            headers={str(k): str(v) for k, v in (spec.get("headers") or {}).items()},
            connection=spec.get("connection"),
            description=str(spec.get("description", "")),
            source=f"{package.id}/{MANIFEST} {where}",
        ))


def _fixture_file(package: Package, reader: Reader, file: Any, where: str) -> Any:
    path = package_file(package.dir, reader, "fixtures.body_file", file)
    text = read_package_text(path, reader, "fixtures.body_file")
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise LoadError(path, f"fixture body is not valid JSON: {error.msg}", None,
                            error.lineno) from None
        except RecursionError:
            raise LoadError(path, "fixture body nests arrays or objects too deeply") from None
    return text


def _load_command(package: Package, data: dict[str, Any], reader: Reader) -> None:
    if not COMMAND_NAME.match(package.name):
        raise reader.fail("name", f"command name {package.name!r} must be 1-30 characters of "
                          "a-z, 0-9 and _ (typed as /name)")
    if "execution_handler" not in package.handlers:
        raise reader.fail("handlers", "a command needs [handlers] execution = \"file.dg\"")
    options = data.get("options", [])
    if not isinstance(options, list) or len(options) > 5:
        raise reader.fail("options", "'options' must be a list of at most 5 option tables")
    package.options = list(options)


def _load_bot(package: Package, data: dict[str, Any], reader: Reader) -> None:
    unique = reader.text_field(data, "unique_name", "", default=package.name.lower())
    if not re.match(r"^[a-z0-9_]{1,50}$", unique):
        raise reader.fail("unique_name", f"bot unique_name {unique!r} must use a-z, 0-9 and _")
    package.unique_name = unique
    menu = data.get("menu", [])
    if not isinstance(menu, list):
        raise reader.fail("menu", "'menu' must be an array of tables: [[menu]]")
    if len(menu) > 5:
        raise reader.fail("menu", f"a bot has at most 5 menu actions; this one has {len(menu)}")
    for spec in menu:
        if not isinstance(spec, dict):
            raise reader.fail("menu", "each [[menu]] must be a table")
        reader.check_fields(spec, {"name", "hint", "handler"}, "menu")
        name = reader.text_field(spec, "name", "menu", required=True, limit=15)
        script = _script(package, reader, "menu.handler", "menu_handler", spec.get("handler"))
        package.menu.append(MenuAction(name, script, reader.text_field(spec, "hint", "menu")))


def _load_message_action(package: Package, data: dict[str, Any], reader: Reader) -> None:
    if "execution_handler" not in package.handlers:
        raise reader.fail("handlers", "a message action needs [handlers] execution = \"file.dg\"")
    types = data.get("message_types", ["text"])
    if not isinstance(types, list) or not types or not set(types) <= MESSAGE_TYPES:
        raise reader.fail("message_types", "'message_types' must list some of: text, link, "
                          "attachment")
    package.message_types = tuple(types)
    multi = data.get("multi_selectable", False)
    if not isinstance(multi, bool):
        raise reader.fail("multi_selectable", "'multi_selectable' must be true or false")
    package.multi_selectable = multi


def _load_function(package: Package, data: dict[str, Any], reader: Reader) -> None:
    kind = reader.text_field(data, "function_type", "", required=True)
    if kind not in FUNCTION_TYPES:
        raise reader.fail("function_type", f"'function_type' {kind!r} must be button, form, "
                          "widget_button or saved (a Deluge function with a signature)")
    package.function_type = kind
    keys = {k for k, v in handler_keys()["function"].items() if v in package.handlers}
    wrong = keys - FUNCTION_TYPES[kind]
    if wrong:
        allowed = ", ".join(sorted(FUNCTION_TYPES[kind]))
        raise reader.fail("handlers", f"a {kind} function cannot have handlers "
                          f"{', '.join(sorted(wrong))}; use {allowed}")
    needed, key = _FUNCTION_NEEDS[kind]
    if needed not in package.handlers:
        raise reader.fail("handlers", f"a {kind} function needs [handlers] {key} = \"file.dg\"")


def _load_extension(package: Package, data: dict[str, Any], reader: Reader) -> None:
    package.version = reader.text_field(data, "version", "", default="1.0")
    components = data.get("components", [])
    if not isinstance(components, list) or not all(isinstance(c, str) for c in components):
        raise reader.fail("components", "'components' must list the bundled component folders")
    package.components = list(components)
    org = data.get("organization", {})
    if not isinstance(org, dict):
        raise reader.fail("organization", "'organization' must be a table")
    reader.check_fields(org, {"permissions"}, "organization")
    permissions = org.get("permissions", [])
    if not isinstance(permissions, list) or not all(isinstance(p, str) for p in permissions):
        raise reader.fail("organization.permissions",
                          "'organization.permissions' must be a list of texts")
    unknown = [p for p in permissions if p not in ORG_PERMISSIONS]
    if unknown:
        raise reader.fail("organization.permissions",
                          f"unknown organization permission {unknown[0]!r}; use "
                          f"{', '.join(sorted(ORG_PERMISSIONS))}")
    package.org_permissions = list(permissions)


ORG_PERMISSIONS: dict[str, str] = {
    "org.profile": "Read the organization's name and id",
    "org.users": "Read the list of the organization's users (names, emails, roles)",
    "org.channels": "Read the organization's channels and their members",
    "org.databases": "Create and use Cliq databases for the organization",
    "org.post_as_bot": "Post messages in channels as the extension's bot",
}


def _load_bundle(extension: Package, reader: Reader) -> tuple[list[Package], list[LoadError]]:
    """The extension's bundled components, each loaded on its own: a broken one is left out
    with its errors (returned), the others load."""
    bundled: list[Package] = []
    problems: list[LoadError] = []
    home = extension.dir.resolve()
    for name in extension.components:
        folder = extension.dir / name
        try:
            inside = folder.resolve()
        except (OSError, RuntimeError):
            inside = home
        if not inside.is_relative_to(home) or inside == home:
            problems.append(reader.fail("components", f"bundled component {name!r} is outside "
                                        f"the extension folder {extension.dir}; an extension "
                                        "bundles only its own subfolders"))
            continue
        if not (folder / MANIFEST).is_file():
            problems.append(reader.fail("components", f"bundled component {name!r} has no "
                                        f"{folder / MANIFEST}"))
            continue
        try:
            loaded = _load_folder(folder, extension=extension.id)
        except LoadError as error:
            problems.extend(error.errors if isinstance(error, LoadErrors) else [error])
            continue
        except Exception as error:  # noqa: BLE001 - one bad component never hides the rest
            problems.append(_unexpected(folder, error))
            continue
        for package in loaded:
            # An extension's connections serve every component it bundles.
            package.connections = {**extension.connections, **package.connections}
            package.fixtures = package.fixtures + extension.fixtures
            bundled.append(package)
    counts: dict[str, int] = {}
    for package in bundled:
        group = "integration" if package.type in INTEGRATION_TYPES else package.type
        counts[group] = counts.get(group, 0) + 1
    if counts.get("integration", 0) > MAX_INTEGRATIONS:
        raise reader.fail("components", f"an extension bundles at most {MAX_INTEGRATIONS} "
                          "commands, message actions and schedulers")
    for kind, limit in BUNDLE_LIMITS.items():
        if counts.get(kind, 0) > limit:
            raise reader.fail("components", f"an extension bundles at most {limit} {kind}(s)")
    return bundled, problems


_TYPE_LOADERS: dict[str, Callable[[Package, dict[str, Any], Reader], None]] = {
    "command": _load_command,
    "bot": _load_bot,
    "message_action": _load_message_action,
    "function": _load_function,
    "extension": _load_extension,
}


_part2_registered = False


def _register_part2_types() -> None:
    """Register part 2's types on first load (not at import: component_types imports this
    module, so importing it first would otherwise be circular)."""
    global _part2_registered
    if not _part2_registered:
        from cliqsim.platform.component_types import register

        register()
        _part2_registered = True
