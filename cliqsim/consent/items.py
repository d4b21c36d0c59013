"""Consent items: one thing a component's code touches, said in plain words, with where.

An item's `key` (kind, target, whose credentials, connection) is its identity: two items with the
same key are the same permission wherever the code uses them. Purpose lines and locations are for
people and do not take part in identity or diffs.

Targets hold literal text from the code — newlines, `|`, quotes, anything — so `key` escapes each
part before joining them (`item_key` is injective: two keys are equal only when all four parts
are). Never build an identity by joining raw texts.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

import msgspec

from cliqsim.consent.mail import MailSpec
from cliqsim.deluge.effects import split_origin

Kind = Literal["object", "task", "api", "org"]
Credentials = Literal["user", "admin"]

KIND_ORDER: dict[str, int] = {"object": 0, "task": 1, "api": 2, "org": 3}
KIND_TITLES: dict[str, str] = {
    "object": "Cliq objects",
    "task": "Deluge tasks",
    "api": "External APIs",
    "org": "Organization information",
}

RUNTIME_ADDRESS = "an address decided at run time"
"""The target of an `api` item whose host cannot be known before the code runs and that no
connection limits. A grant of it covers no host: the guard blocks every such call at run time."""


class CodeLocation(msgspec.Struct, frozen=True):
    """Where the code uses an item: `file` is the handler file's name as shown to people, `text`
    the source line (stripped) so a dialog can show it without reading the file again."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class ConsentItem(msgspec.Struct, frozen=True, dict=True):
    """One permission in a consent dialog.

    `target`: `user.email`, `user` (the whole object), `zoho.loginuserid`,
    `zoho.crm.createRecord`, `sendmail`, `GET maps.googleapis.com`, `ANY api.example.com`, or an
    org item's name. `credentials`: `user` = the person's own account, `admin` = the connection
    owner's or org admin's. `connection`: the connection link name the code uses, if any.
    `flagged` items deserve a reviewer's attention; `note` says why.
    """

    kind: Kind
    target: str
    credentials: Credentials
    purpose: str
    locations: tuple[CodeLocation, ...] = ()
    flagged: bool = False
    note: str = ""
    connection: str | None = None

    @cached_property
    def key(self) -> str:
        """`item_key` of (kind, target, credentials, connection), worked out once per item (not
        a field: not compared, shown or stored): the gate compares keys on every run, and
        escaping them each time was most of its cost."""
        return item_key(self.kind, self.target, self.credentials, self.connection)

    @property
    def sort_key(self) -> tuple[int, str]:
        return (KIND_ORDER.get(self.kind, 9), self.key)

    @property
    def method(self) -> str | None:
        """For an `api` item: the HTTP method (`GET`, ... or `ANY`)."""
        if self.kind != "api" or self.target == RUNTIME_ADDRESS or " " not in self.target:
            return None
        return self.target.split(" ", 1)[0]

    @property
    def host(self) -> str | None:
        """For an `api` item: the host (`maps.googleapis.com`, `*.example.com`), or None for an
        address decided at run time."""
        origin = self.origin
        return origin[1] if origin is not None else None

    @property
    def origin(self) -> tuple[str, str, int | None] | None:
        """For an `api` item: `(scheme, host, port)`. The target names the scheme only when it
        is not `https` and the port only when it is not the scheme's default
        (`GET http://api.example.com:8080`); `GET api.example.com` is https on port 443."""
        if self.kind != "api" or self.target == RUNTIME_ADDRESS:
            return None
        return split_origin(self.target.split(" ", 1)[-1])

    @property
    def mail(self) -> MailSpec | None:
        """For a `sendmail` item: the sender and recipients it allows."""
        if self.kind != "task":
            return None
        return MailSpec.from_target(self.target)

    def without_locations(self) -> ConsentItem:
        return ConsentItem(
            self.kind, self.target, self.credentials, self.purpose, (), self.flagged, self.note,
            self.connection,
        )

    def to_json(self) -> dict[str, object]:
        """The item as stored with a grant (no locations)."""
        data: dict[str, object] = {
            "kind": self.kind,
            "target": self.target,
            "credentials": self.credentials,
            "purpose": self.purpose,
        }
        if self.connection is not None:
            data["connection"] = self.connection
        if self.flagged:
            data["flagged"] = True
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ConsentItem:
        kind = str(data["kind"])
        credentials = str(data["credentials"])
        connection = data.get("connection")
        return cls(
            kind=kind,  # type: ignore[arg-type]
            target=str(data["target"]),
            credentials=credentials,  # type: ignore[arg-type]
            purpose=str(data.get("purpose", "")),
            flagged=bool(data.get("flagged", False)),
            note=str(data.get("note", "")),
            connection=str(connection) if connection is not None else None,
        )


_KEY_ESCAPES = str.maketrans({"\\": "\\\\", "|": "\\|", "\n": "\\n", "\r": "\\r"})


def _key_part(text: str) -> str:
    return text.translate(_KEY_ESCAPES)


def item_key(kind: str, target: str, credentials: str, connection: str | None = None) -> str:
    """`object|user.email|user`, `api|GET maps.googleapis.com|admin|gmaps`: the parts joined by
    `|`, each with `\\`, `|`, newline and carriage return escaped, and the connection part left
    out when there is none (an empty connection name still has its part). Injective: no text in
    a target or connection name can make two different items share a key."""
    parts = [_key_part(kind), _key_part(target), _key_part(credentials)]
    if connection is not None:
        parts.append(_key_part(connection))
    return "|".join(parts)


def org_item(name: str, purpose: str) -> ConsentItem:
    """An organization item an extension asks the org admin for (`org.users`, ...)."""
    return ConsentItem("org", name, "admin", purpose)
