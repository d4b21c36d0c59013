"""Component packages: a folder per component or extension, described by `component.toml`.

(`package_reader.py` reads one manifest's fields with errors that name file, field and line;
`package_sections.py` reads the connection and fixture tables; `package_model.py` holds the
loaded shapes, re-exported here.)

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

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cliqsim.errors import CliqsimError
from cliqsim.platform.package_model import (
    ORG_PERMISSIONS,
    Catalog,
    Connection,
    Fixture,
    MenuAction,
    Package,
    Script,
)
from cliqsim.platform.package_reader import (
    LoadError,
    LoadErrors,
    Reader,
    package_file,
    read_package_text,
    read_toml,
)
from cliqsim.platform.package_sections import (
    CONNECTION_FIELDS,
    FIXTURE_FIELDS,
    LINK_NAME,
    MANIFEST,
    load_connections,
    load_fixtures,
)
from cliqsim.structs import replace

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
MESSAGE_TYPES = {"text", "link", "attachment"}
FUNCTION_TYPES = {"button": {"button"}, "form": {"submit", "change", "dynamic_select", "view"},
                  "widget_button": {"widget_button"}, "saved": {"script"}}
_FUNCTION_NEEDS = {"button": ("button_handler", "button"),
                   "form": ("form_submit_handler", "submit"),
                   "widget_button": ("widget_button_handler", "widget_button"),
                   "saved": ("saved_function_handler", "script")}
COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,20}$")
"""A command name: "a maximum of 20 characters" (Zoho, "Managing Commands",
https://www.zoho.com/cliq/help/platform/managingcommands.html, which says "only alphabets";
cliqsim also takes digits and `_`, as extensions in the field use them)."""
LIMITS = {"name": 30, "hint": 128, "description": 300}
COMMAND_HINT = 100  # "hint can contain a maximum of 100 characters" ("Managing Commands")
BUNDLE_LIMITS = {"bot": 1, "function": 20, "widget": 1}
INTEGRATION_TYPES = {"command", "message_action", "scheduler"}
MAX_INTEGRATIONS = 4

# Part 2 registers the loaders of further types (scheduler, widget, link_handler) here.
__all__ = ["CONNECTION_FIELDS", "FIXTURE_FIELDS", "LINK_NAME", "MANIFEST", "ORG_PERMISSIONS",
           "Catalog", "Connection", "Fixture", "LoadError", "MenuAction", "Package", "Script",
           "check_syntax", "handler_keys", "load_packages"]

EXTRA_TYPES: dict[str, Callable[[Package, dict[str, Any], Reader], None]] = {}



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
        if folder.name.startswith((".", "_")):
            continue
        if not (folder / MANIFEST).exists():
            catalog.errors.extend(_unnamed_component(folder))
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


def _unnamed_component(folder: Path) -> list[LoadError]:
    """A folder that looks like a component (Deluge scripts or a TOML file) but has no
    `component.toml`: named, so that a misspelt manifest is not a silently missing command.
    Other folders (assets, notes) are passed over."""
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return []
    tomls = [n for n in names if n.endswith(".toml")]
    if not tomls and not any(n.endswith(".dg") for n in names):
        return []
    found = f"it has {', '.join(tomls)}" if tomls else "it has Deluge scripts"
    return [LoadError(folder / MANIFEST, f"is missing, so this folder is not loaded ({found}); "
                      "name the component's manifest component.toml, or run `cliqsim import` "
                      "on a folder of Cliq scripts")]


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
    load_connections(shared, data, reader)
    load_fixtures(shared, data, reader)
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
        table = next((k for k, v in data.items() if isinstance(v, dict) and "type" in v), None)
        if table is not None:  # `[package]` then `type = ...`: TOML puts it in that table
            raise reader.fail("type", f"'type' is inside the [{table}] table (TOML puts every "
                              f"key after a [table] line into that table); move type, name and "
                              f"description above the first [table] line, at the top level")
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
    load_connections(package, data, reader)
    load_fixtures(package, data, reader)
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



def _load_command(package: Package, data: dict[str, Any], reader: Reader) -> None:
    if not COMMAND_NAME.match(package.name):
        raise reader.fail("name", f"command name {package.name!r} must be 1-20 characters of "
                          "a-z, 0-9 and _ (typed as /name)")
    if len(package.hint) > COMMAND_HINT:
        raise reader.fail("hint", f"a command's hint has at most {COMMAND_HINT} characters "
                          f"(this one has {len(package.hint)})")
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
        reader.check_fields(spec, {"name", "hint", "handler", "sub_actions"}, "menu")
        name = reader.text_field(spec, "name", "menu", required=True, limit=15)
        script = _script(package, reader, "menu.handler", "menu_handler", spec.get("handler"))
        package.menu.append(MenuAction(name, script, reader.text_field(spec, "hint", "menu"),
                                       _sub_actions(spec, reader)))


def _sub_actions(spec: dict[str, Any], reader: Reader) -> tuple[str, ...]:
    """A menu action's sub actions (Zoho, "Bot sub actions": "upto a maximum of 5 unique sub
    actions for each parent menu action"), run by the parent's handler with `sub_action`."""
    subs = spec.get("sub_actions", [])
    if not isinstance(subs, list) or not all(isinstance(s, str) and s.strip() for s in subs):
        raise reader.fail("menu.sub_actions", "'sub_actions' must be a list of names")
    if len(subs) > 5:
        raise reader.fail("menu.sub_actions", f"a menu action has at most 5 sub actions; "
                          f"this one has {len(subs)}")
    if len({s.lower() for s in subs}) != len(subs):
        raise reader.fail("menu.sub_actions", "sub action names must be unique")
    return tuple(subs)


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
        clash = _connection_clash(extension, bundled, loaded)
        if clash is not None:
            problems.append(reader.fail("components", clash))
            continue
        for package in loaded:
            # An extension's connections serve every component it bundles.
            package.connections = {**extension.connections, **package.connections}
            package.fixtures = package.fixtures + extension.fixtures
            bundled.append(package)
    extension.bundle_connections = dict(extension.connections)
    for package in bundled:
        extension.bundle_connections.update(package.connections)
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


def _connection_clash(extension: Package, bundled: list[Package],
                      loaded: list[Package]) -> str | None:
    """Why `loaded` (one bundled folder's packages) may not join `extension`: it declares a
    connection link the extension or a component bundled before declares as another account
    (another service, `auth`, owner or hosts). The org admin's install consent names each
    link once ("each person connects their own account", or "with your account"), so one link
    must mean one account in every component; None when nothing clashes."""
    def account(connection: Connection) -> tuple[str, str, frozenset[str], str | None]:
        return (connection.service, connection.auth, frozenset(connection.hosts),
                connection.owner)

    seen: dict[str, tuple[Connection, str]] = {
        link: (c, f"the extension {extension.name!r}") for link, c in extension.connections.items()}
    for package in bundled:
        for link, connection in package.connections.items():
            seen.setdefault(link, (connection, f"the component {package.name!r}"))
    for package in loaded:
        for link, connection in package.connections.items():
            before = seen.get(link)
            if before is not None and account(before[0]) != account(connection):
                return (f"the component {package.name!r} declares the connection {link!r} "
                        f"differently from {before[1]} (service, auth, owner or hosts); one "
                        "connection of an extension is one account, as its install consent "
                        "shows it: declare it once, in the extension's component.toml")
    return None


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
