"""The loaded form of a component package: what `packages.load_packages` returns.

    Catalog.packages[id] -> Package(type, name, dir, handlers{Cliq handler: Script},
                                    connections{link name: Connection}, fixtures[Fixture], ...)

Plain data: nothing here reads a file (`packages.py` loads, `package_sections.py` reads the
`[connections.*]` and `[[fixtures]]` tables, `package_reader.py` reads one field).

Written without `from __future__ import annotations`: msgspec reads these records' field types
when the package index is decoded, and a type written as text is compiled by `typing.ForwardRef`
with the builtin `compile()`, whose first call in a process builds Python's AST classes (about
3 ms of a cold `cliqsim run`, issue #18). Field types given as objects are read as they are
(`tests/test_startup.py` checks that a cold run calls `compile()` nowhere).
"""

from functools import cached_property
from pathlib import Path
from typing import Any

import msgspec

from cliqsim.consent.target_text import shown_label
from cliqsim.platform.package_reader import LoadError

ORG_PERMISSIONS: dict[str, str] = {
    "org.profile": "Read the organization's name and id",
    "org.users": "Read the list of the organization's users (names, emails, roles)",
    "org.channels": "Read the organization's channels and their members",
    "org.databases": "Create and use Cliq databases for the organization",
    "org.post_as_bot": "Post messages in channels as the extension's bot",
}
"""The organization permissions an extension may ask for (`[organization] permissions`), each
with what it lets the extension do."""


class Connection(msgspec.Struct, frozen=True):
    """A connection a script names by link name. `auth` is `user` (each person's own account)
    or `admin` (the owner's account, `owner` a user id, default the first org admin)."""

    link_name: str
    service: str
    auth: str
    hosts: tuple[str, ...]
    owner: str | None = None
    description: str = ""


class Fixture(msgspec.Struct, frozen=True):
    """A canned answer for `invokeurl`: matches the method, the URL (`*` matches any run of
    characters) and, when given, these query / body parameters."""

    method: str
    url: str
    status: int
    body: Any
    query: dict[str, str] = msgspec.field(default_factory=dict)
    headers: dict[str, str] = msgspec.field(default_factory=dict)
    connection: str | None = None
    description: str = ""
    source: str = ""  # where it was declared, for "fixtures that exist" listings


class Script(msgspec.Struct, frozen=True, dict=True):
    """One handler's Deluge source."""

    handler: str  # Cliq handler name: "execution_handler"
    path: Path
    text: str

    @cached_property
    def display_name(self) -> str:
        """`<component folder>/<file>` (worked out once: each run names it several times)."""
        return f"{self.path.parent.name}/{self.path.name}"


class MenuAction(msgspec.Struct, frozen=True):
    name: str
    script: Script
    hint: str = ""
    sub_actions: tuple[str, ...] = ()  # Zoho "Bot sub actions": at most 5, run by the parent


class Package(msgspec.Struct):
    id: str
    type: str
    name: str
    dir: Path
    description: str = ""
    hint: str = ""
    scope: str = "organization"
    handlers: dict[str, Script] = msgspec.field(default_factory=dict)
    connections: dict[str, Connection] = msgspec.field(default_factory=dict)
    fixtures: list[Fixture] = msgspec.field(default_factory=list)
    extension: str | None = None  # the id of the extension bundling it
    # type-specific settings
    unique_name: str = ""  # bots
    menu: list[MenuAction] = msgspec.field(default_factory=list)  # bots
    message_types: tuple[str, ...] = ()  # message actions
    multi_selectable: bool = False
    function_type: str = ""  # functions
    options: list[dict[str, Any]] = msgspec.field(default_factory=list)  # commands
    version: str = "1.0"  # extensions
    components: list[str] = msgspec.field(default_factory=list)  # extensions: component ids
    bundle_errors: list[LoadError] = msgspec.field(default_factory=list)  # bundled ones that failed
    # extensions: the connections it and its bundled components declare, by link name (the
    # installer authorizes them: `manifests.connection_items`)
    bundle_connections: dict[str, Connection] = msgspec.field(default_factory=dict)
    org_permissions: list[str] = msgspec.field(default_factory=list)  # extensions
    schedule: dict[str, Any] = msgspec.field(default_factory=dict)  # schedulers (part 2)
    domains: tuple[str, ...] = ()  # link handlers (part 2)

    def scripts(self) -> list[Script]:
        return list(self.handlers.values()) + [action.script for action in self.menu]

    @property
    def display_name(self) -> str:
        """The name people read (`/nearby`, `PollBot`); a name that is not a plain label (a
        line break, a control character, a clause break) quoted (`consent.target_text.
        shown_label`), so it never draws lines of its own into a dialog or a notice."""
        if self.type == "command":
            return f"/{self.name}"
        return shown_label(self.name)


class Catalog(msgspec.Struct):
    """Every package that loaded, by id, plus the load errors."""

    packages: dict[str, Package] = msgspec.field(default_factory=dict)
    errors: list[LoadError] = msgspec.field(default_factory=list)

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
