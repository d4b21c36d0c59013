"""What a `sendmail` item allows: the sender and every recipient, as the code names them.

A `sendmail` block (reference §2.4: `from`, `to`, `cc`, `bcc`, `reply to`) becomes one consent
item whose target spells out a `MailSpec`: `sendmail {"bcc": [], "cc": [...], "from": ...}`
(canonical JSON, so the item's identity holds every address). Each address is a literal from
the code, or one of the symbols `zoho.loginuserid` (the person running the component) and
`zoho.adminuserid` (the org admin), resolved when the mail is sent. A field whose addresses are
only known at run time is `None`: the dialog says so (flagged) and the guard lets such a field
name only the acting person's own address — as an address decided at run time covers no host.

The guard (`covers`) lets a mail through only when its real sender is the item's sender and
every address in each of `to`, `cc`, `bcc` and `reply to` is one the item lists in that field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import msgspec

LOGIN_USER = "zoho.loginuserid"
ADMIN_USER = "zoho.adminuserid"
SYMBOLS = (LOGIN_USER, ADMIN_USER)
FIELDS = ("to", "cc", "bcc", "reply to")
TARGET_PREFIX = "sendmail "

Addresses = tuple[str, ...] | None
Resolve = Callable[[str], str]
"""Turns `zoho.loginuserid` / `zoho.adminuserid` into that person's address."""



def split_addresses(value: Any) -> tuple[str, ...]:
    """The addresses of a `sendmail` parameter as Deluge reads it: a list, or text with
    comma-separated addresses; blanks dropped. `None` gives none."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(part.strip() for part in str(value).split(",") if part.strip())


class MailSpec(msgspec.Struct, frozen=True):
    """The sender and recipients a `sendmail` item names. `sender` is a symbol, a literal
    address, or None (decided at run time); each recipient field a tuple (possibly empty: the
    code sets none) or None (decided at run time)."""

    sender: str | None
    to: Addresses
    cc: Addresses = ()
    bcc: Addresses = ()
    reply_to: Addresses = ()

    def field(self, name: str) -> Addresses:
        return {"to": self.to, "cc": self.cc, "bcc": self.bcc, "reply to": self.reply_to}[name]

    @property
    def decided_at_run_time(self) -> tuple[str, ...]:
        """The parts (`from`, `to`, ...) only known when the code runs."""
        parts = ["from"] if self.sender is None else []
        return tuple(parts + [name for name in FIELDS if self.field(name) is None])

    # ---- the item's target

    def target(self) -> str:
        data: dict[str, Any] = {"from": self.sender}
        for name in FIELDS:
            addresses = self.field(name)
            data[name] = None if addresses is None else sorted(set(addresses))
        return TARGET_PREFIX + json.dumps(data, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_target(cls, target: str) -> MailSpec | None:
        """The spec a `sendmail` item's target holds (None for anything else)."""
        if not target.startswith(TARGET_PREFIX):
            return None
        try:
            data = json.loads(target[len(TARGET_PREFIX):])
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None

        def addresses(name: str) -> Addresses:
            value = data.get(name)
            if value is None:
                return None
            return tuple(str(a) for a in value) if isinstance(value, list) else None

        sender = data.get("from")
        return cls(
            sender if isinstance(sender, str) else None,
            addresses("to"), addresses("cc"), addresses("bcc"), addresses("reply to"),
        )

    # ---- what people read

    def purpose(self) -> str:
        """`Sends email from the admin's address to team@example.com; cc you; bcc ...`."""
        text = f"Sends email from {_who(self.sender, 'an address decided when the code runs')}"
        text += f" to {_list(self.to)}"
        for name, label in (("cc", "cc"), ("bcc", "bcc"), ("reply to", "replies go to")):
            addresses = self.field(name)
            if addresses != ():
                text += f"; {label} {_list(addresses)}"
        return text

    def note(self) -> str:
        parts = self.decided_at_run_time
        if not parts:
            return ""
        return (
            f"{' and '.join(parts)} decided when the code runs: cliqsim lets such an address "
            "be only your own"
        )

    # ---- the guard

    def covers(self, params: Mapping[str, Any], resolve: Resolve) -> bool:
        """Whether a mail with these `sendmail` parameters is one this item allows, for the
        person `resolve(LOGIN_USER)` names."""
        sender = str(params.get("from") or "").strip().lower()
        if not _allowed(sender, None if self.sender is None else (self.sender,), resolve):
            return False
        return all(
            _allowed(address.lower(), self.field(name), resolve)
            for name in FIELDS
            for address in split_addresses(params.get(name))
        )


def describe_mail(params: Mapping[str, Any]) -> str:
    """`from a@x to b@y cc c@z`: a mail as sent, for a blocked-effect message."""
    parts = [f"from {params.get('from')!s}"]
    for name in FIELDS:
        addresses = split_addresses(params.get(name))
        if addresses:
            parts.append(f"{name} {', '.join(addresses)}")
    return " ".join(parts)


def _allowed(address: str, listed: Addresses, resolve: Resolve) -> bool:
    if listed is None:  # decided at run time: only the acting person's own address
        listed = (LOGIN_USER,)
    return address in {_resolved(entry, resolve) for entry in listed}


def _resolved(entry: str, resolve: Resolve) -> str:
    return (resolve(entry) if entry in SYMBOLS else entry).strip().lower()


_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+")


def _who(address: str | None, unknown: str) -> str:
    """A symbol in words; a plain address as it is; any other text quoted, with every
    character beyond ASCII as `\\uXXXX`, so that text in the code can never read as more of
    the sentence, nor a look-alike (`boss@zylkеr.com` with a Cyrillic `е`) as a known address."""
    if address is None:
        return unknown
    if address in SYMBOLS:
        return "your address" if address == LOGIN_USER else "the admin's address"
    if _PLAIN_ADDRESS.fullmatch(address):
        return address
    return json.dumps(address)


def _list(addresses: Iterable[str] | None) -> str:
    if addresses is None:
        return "an address decided when the code runs"
    shown = [_who(a, "") for a in sorted(set(addresses))]
    return ", ".join(shown) if shown else "nobody"
