"""The listing views of the runtime's read side: chats, commands, bots, actions, extensions,
schedulers and mail, as the chat window's lists and the `cliqsim ... list` commands show them.

Kept apart from `records.py` because a run does not build them: a cold `cliqsim run` does not
pay for creating these classes (issue #18). `records` and `runtime` re-export every name here
on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cliqsim.platform.records import ConsentState

if TYPE_CHECKING:
    from cliqsim.consent.items import ConsentItem



@dataclass(frozen=True, slots=True)
class ChatInfo:
    """A chat the user can see. `type` is `channel`, `dm` or `bot`; `id` is what every trigger
    takes (`general` for #general, `dm_u_admin_u_arjun`, `bot_pollbot_u_arjun`)."""

    id: str
    type: str
    title: str
    members: tuple[str, ...]
    unique_name: str | None = None  # channel or bot unique name
    message_count: int = 0
    last_message_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CommandInfo:
    """A slash command for `/` completion."""

    id: str
    name: str  # without the slash
    hint: str
    description: str
    consent: ConsentState
    has_suggestions: bool = False
    extension: str | None = None
    available: bool = True  # false while its extension is not installed


@dataclass(frozen=True, slots=True)
class BotInfo:
    id: str
    name: str  # "PollBot"
    unique_name: str  # "pollbot": `@pollbot` and `@PollBot` both reach it
    description: str
    consent: ConsentState
    menu_actions: tuple[str, ...] = ()
    extension: str | None = None
    available: bool = True
    sub_actions: tuple[tuple[str, ...], ...] = ()  # per menu action, in the same order


@dataclass(frozen=True, slots=True)
class ActionInfo:
    """A message action for the message menu."""

    id: str
    name: str
    hint: str
    description: str
    message_types: tuple[str, ...]
    consent: ConsentState
    extension: str | None = None
    available: bool = True


@dataclass(frozen=True, slots=True)
class ExtensionInfo:
    id: str
    name: str
    version: str
    description: str
    components: tuple[str, ...]  # component ids
    installed: bool
    active: bool  # installation handler returned 200 (or there is none)
    installed_by: str | None = None
    installed_at: datetime | None = None
    org_items: tuple[ConsentItem, ...] = ()  # consent items the admin is asked for


@dataclass(frozen=True, slots=True)
class SchedulerInfo:
    """One scheduler as `cliqsim scheduler list` and the TUI show it."""

    id: str
    name: str
    owner: str
    summary: str
    next_due: datetime | None  # None: the schedule has ended
    runs: int  # occurrences so far (run or skipped)
    skipped: int
    last_run: datetime | None
    last_status: str  # "ok", "error", "skipped", "" (never)
    consent: str  # the owner's consent state: allowed, ask, expired, revoked, changed, none
    consent_expires: datetime | None = None
    extension: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "owner": self.owner, "summary": self.summary,
                "next_due": _iso_or_none(self.next_due), "runs": self.runs, "skipped": self.skipped,
                "last_run": _iso_or_none(self.last_run), "last_status": self.last_status,
                "consent": self.consent, "consent_expires": _iso_or_none(self.consent_expires),
                "extension": self.extension}


@dataclass(frozen=True, slots=True)
class Mail:
    """A `sendmail` that landed in the simulated outbox."""

    id: str
    time: datetime
    sender: str
    to: tuple[str, ...]
    subject: str
    body: str
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    component: str | None = None


def _iso_or_none(when: datetime | None) -> str | None:
    return when.isoformat() if when else None
