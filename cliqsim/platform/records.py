"""What the runtime takes and gives: plain frozen records, no behaviour.

`runtime.Runtime` re-exports every name here; callers import them from `cliqsim.platform.runtime`.
The pipeline (`pipeline.py`), the trigger modules and the platform host build them.

Every record is a `msgspec.Struct` (frozen, but for none), created in C rather than by compiling
generated methods (issue #18: each dataclass costs a cold run about 0.4 ms); they construct,
compare and hash as dataclasses do, and `cliqsim.structs.replace` copies them.
The listing views a run never builds live in `records_views.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from cliqsim.platform.messages import Form, FormAction, FormOption, Message

if TYPE_CHECKING:
    from cliqsim.consent.gate import ConsentRequest
    from cliqsim.platform.packages import Package
    from cliqsim.platform.widgets import Widget

Status = Literal["ok", "consent_required", "denied", "error"]
"""`ok`: ran (or nothing needed running); `consent_required`: ask the person, then `decide`;
`denied`: the person refused, or may not do this (a member installing an extension); `error`:
the script or its response failed (a system message in the chat says how)."""


# --- what callers pass in --------------------------------------------------------------------


class Location(msgspec.Struct, frozen=True):
    """The sender's location as Cliq's location object gives it."""

    latitude: float
    longitude: float
    accuracy: float = 20.0
    status: str = "granted"


class Attachment(msgspec.Struct, frozen=True):
    """A file the person attached: becomes a Deluge file object in `attachments`."""

    name: str
    content: bytes = b""
    content_type: str = "application/octet-stream"


# --- what the runtime reports ----------------------------------------------------------------


class Failure(msgspec.Struct, frozen=True):
    """Why a trigger failed, in words a developer can act on.

    `kind`: `script` (a Deluge error), `limit` (a run limit), `blocked` (the consent guard
    refused an effect), `response` (the returned map breaks Cliq's rules), `package` (the
    component failed to load), `unknown` (no such command / bot / action), `refused` (not
    allowed: a member installing an extension, an extension not installed).
    """

    kind: str
    message: str
    component: str | None = None
    handler: str | None = None
    file: str | None = None
    line: int | None = None
    detail: str = ""  # the rendered pinpoint (`file:line:col: message` + source line)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "component": self.component,
            "handler": self.handler,
            "file": self.file,
            "line": self.line,
            "detail": self.detail,
        }


class EffectRecord(msgspec.Struct, frozen=True):
    """One task, API call or mail a run made (or tried: `blocked`)."""

    kind: str  # "task" | "api" | "mail"
    target: str  # "zoho.cliq.postToChannel", "GET https://maps.googleapis.com/...", "to a@b.com"
    line: int | None
    blocked: bool = False
    detail: str = ""  # the fixture that answered, the record created, the block reason


class RunRecord(msgspec.Struct, frozen=True):
    """What the inspector shows about one handler run."""

    id: str
    time: datetime
    user_id: str
    chat_id: str | None
    component: str
    handler: str  # "execution_handler", "message_handler", "submit_handler", ...
    file: str | None
    trigger: str  # "command", "bot_message", "message_action", "button", "form_submit", ...
    inputs: dict[str, Any]  # the handler inputs as bound (after consent filtering)
    consent: str  # "granted" (earlier), "allowed" (just now), "not needed"
    status: Status
    info: tuple[str, ...] = ()
    effects: tuple[EffectRecord, ...] = ()
    response: Any = None  # the value the script returned
    error: Failure | None = None
    duration_ms: float = 0.0


class PendingRun(msgspec.Struct, frozen=True):
    """A trigger waiting for a consent decision; give it back to `Runtime.decide`.

    `org` is true for an extension install: the consent is the org admin's, for the whole
    organization."""

    id: str
    user_id: str
    component: str  # component (or extension) id
    component_name: str  # "/nearby", "PollBot", "Poll"
    trigger: str
    description: str  # what the person did: "/nearby bank", "@PollBot hi", "install Poll"
    created_at: datetime
    org: bool = False


class Suggestion(msgspec.Struct, frozen=True):
    """One entry a command's suggestion handler returned."""

    title: str
    description: str = ""
    imageurl: str | None = None
    id: str | None = None

    @property
    def label(self) -> str:
        """What a list of suggestions shows first: the title, else the description, else the
        image's address (a suggestion may be any of the three, "Command Suggestion Handler")."""
        return self.title or self.description or (self.imageurl or "")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title, "description": self.description}
        if self.imageurl:
            data["imageurl"] = self.imageurl
        if self.id is not None:
            data["id"] = self.id
        return data


class Outcome(msgspec.Struct, frozen=True):
    """The result of one trigger.

    `messages`: every message the run added or edited, in any chat, in order (the reply, posts
    to channels, the consent notice, the error message). `chat_id`: the chat the reply went to.
    Form flows: `form` (a handler returned one: show it), `form_errors` (submit handler
    validation errors by field name, `form_error` its overall text; keep the form open),
    `form_actions` (a change handler's modifications), `options` (dynamic select).
    """

    status: Status
    messages: tuple[Message, ...] = ()
    chat_id: str | None = None
    consent: ConsentRequest | None = None  # the consent engine's request: reason, items, diff
    pending: PendingRun | None = None
    form: Form | None = None
    form_errors: dict[str, str] = msgspec.field(default_factory=dict)
    form_error: str | None = None
    form_actions: tuple[FormAction, ...] = ()
    options: tuple[FormOption, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    info: tuple[str, ...] = ()
    error: Failure | None = None
    notice: str | None = None  # status line: "You did not allow /nearby; nothing ran."
    run: RunRecord | None = None
    # runs of other handlers the same event set off, in order: the participation handlers of
    # the bots in a channel hearing the message typed there, beside the mention or link run
    caused: tuple[RunRecord, ...] = ()
    activated: bool | None = None  # extension install: did the installation handler say 200?
    widget: Widget | None = None  # a widget view or button: the drawn widget
    dry_run: Any = None  # `dry_run.DryRun` when the runtime rehearsed instead of running


class ConsentState(msgspec.Struct, frozen=True):
    """Where a person stands with a component, for completion lists and the extensions screen.

    `state`: `allowed` (until `expires_at`), `ask` (never asked, or denied), `expired`,
    `revoked`, `changed` (the code now needs more), `none` (the component touches nothing that
    needs consent)."""

    state: str
    expires_at: datetime | None = None

    def label(self, now: datetime) -> str:
        if self.state == "allowed" and self.expires_at is not None:
            return f"allowed until {self.expires_at:%Y-%m-%d}"
        return {
            "ask": "will ask",
            "expired": "expired, will ask",
            "revoked": "revoked, will ask",
            "changed": "code changed, will ask",
            "none": "needs no consent",
        }.get(self.state, self.state)


class UserInfo(msgspec.Struct, frozen=True):
    id: str
    first_name: str
    last_name: str
    email: str
    admin: bool
    timezone: str = "Asia/Kolkata"
    country: str = "in"
    language: str = "en"
    status: str = ""  # the custom status text (Zoho, "Bot Status Change Handler")
    state: str = "Available"  # Available | Busy

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def role(self) -> str:
        return "org admin" if self.admin else "member"


class Unavailable(msgspec.Struct, frozen=True):
    """The component cannot run now; `reason` says why in words for the person. `renewal` is
    set when the organization's consent to its extension lapsed (expired, revoked, or the
    extension now needs more): the request an org admin answers to renew it, for `extension`."""

    reason: str
    renewal: ConsentRequest | None = None
    extension: Package | None = None


Listener = Callable[[Message], None]

VIEWS = ("ActionInfo", "BotInfo", "ChatInfo", "CommandInfo", "ExtensionInfo", "Mail",
         "SchedulerInfo")
"""The listing views, defined in `records_views.py` and re-exported here on first use."""


def __getattr__(name: str) -> Any:
    """`records.ChatInfo` and the other listing views, imported on first use (issue #18)."""
    if name in VIEWS:
        from cliqsim.platform import records_views

        return getattr(records_views, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
