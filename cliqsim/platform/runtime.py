"""The simulated Cliq, as one object both the TUI and the headless CLI drive.

Everything about routing a trigger, asking for consent, binding handler inputs, running the
script and turning its answer into messages happens behind this API (DESIGN.md § The flow of
one trigger). A caller:

    runtime = Runtime(components_dir, data_dir, clock)
    outcome = runtime.submit("u_arjun", "general", "/nearby bank")
    if outcome.status == "consent_required":
        # show outcome.consent (the consent engine's request: reason, items, diff) to the person
        outcome = runtime.decide(outcome.pending, allow=True)
    for message in outcome.messages: ...           # every message the run added or edited

Every method returns plain data (dataclasses below, `messages.Message`) and raises only
`CliqsimError` (bad ids, a damaged data file); a failing script is an `Outcome(status="error")`
with a readable system message in the chat, never an exception.

The work happens in `engine.py`; schedulers, widgets, link handlers, extension installs and
online HTTP have modules of their own (`schedulers.py`, `widgets.py`, `links.py`,
`installs.py`, `online.py`), reached through the methods here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cliqsim.clock import Clock
from cliqsim.platform.messages import (
    Banner,
    BotContext,
    Button,
    Card,
    Confirm,
    ContextQuestion,
    Form,
    FormAction,
    FormInput,
    FormOption,
    Message,
    Sender,
    Slide,
    SuggestionChip,
)

if TYPE_CHECKING:
    from cliqsim.platform.engine import Engine

__all__ = [
    "ActionInfo",
    "Attachment",
    "Banner",
    "BotContext",
    "BotInfo",
    "Button",
    "Card",
    "ChatInfo",
    "CommandInfo",
    "Confirm",
    "ConsentState",
    "ContextQuestion",
    "EffectRecord",
    "ExtensionInfo",
    "Failure",
    "Form",
    "FormAction",
    "FormInput",
    "FormOption",
    "Location",
    "Mail",
    "Message",
    "Outcome",
    "PendingRun",
    "RunRecord",
    "Runtime",
    "Sender",
    "Slide",
    "Status",
    "Suggestion",
    "SuggestionChip",
    "UserInfo",
]

Status = Literal["ok", "consent_required", "denied", "error"]
"""`ok`: ran (or nothing needed running); `consent_required`: ask the person, then `decide`;
`denied`: the person refused, or may not do this (a member installing an extension); `error`:
the script or its response failed (a system message in the chat says how)."""


# --- what callers pass in --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    """The sender's location as Cliq's location object gives it."""

    latitude: float
    longitude: float
    accuracy: float = 20.0
    status: str = "granted"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file the person attached: becomes a Deluge file object in `attachments`."""

    name: str
    content: bytes = b""
    content_type: str = "application/octet-stream"


# --- what the runtime reports ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Failure:
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


@dataclass(frozen=True, slots=True)
class EffectRecord:
    """One task, API call or mail a run made (or tried: `blocked`)."""

    kind: str  # "task" | "api" | "mail"
    target: str  # "zoho.cliq.postToChannel", "GET https://maps.googleapis.com/...", "to a@b.com"
    line: int | None
    blocked: bool = False
    detail: str = ""  # the fixture that answered, the record created, the block reason


@dataclass(frozen=True, slots=True)
class RunRecord:
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


@dataclass(frozen=True, slots=True)
class PendingRun:
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


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One entry a command's suggestion handler returned."""

    title: str
    description: str = ""
    imageurl: str | None = None
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title, "description": self.description}
        if self.imageurl:
            data["imageurl"] = self.imageurl
        if self.id is not None:
            data["id"] = self.id
        return data


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


@dataclass(frozen=True, slots=True)
class Outcome:
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
    consent: Any = None  # the consent engine's ConsentRequest (reason, items, diff)
    pending: PendingRun | None = None
    form: Form | None = None
    form_errors: dict[str, str] = field(default_factory=dict)
    form_error: str | None = None
    form_actions: tuple[FormAction, ...] = ()
    options: tuple[FormOption, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    info: tuple[str, ...] = ()
    error: Failure | None = None
    notice: str | None = None  # status line: "You did not allow /nearby; nothing ran."
    run: RunRecord | None = None
    activated: bool | None = None  # extension install: did the installation handler say 200?
    widget: Any = None  # a widget view or button: the drawn `widgets.Widget`


@dataclass(frozen=True, slots=True)
class ConsentState:
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


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: str
    first_name: str
    last_name: str
    email: str
    admin: bool
    timezone: str = "Asia/Kolkata"
    country: str = "in"
    language: str = "en"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def role(self) -> str:
        return "org admin" if self.admin else "member"


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
    org_items: tuple[Any, ...] = ()  # consent items the admin is asked for


Listener = Callable[[Message], None]


class Runtime:
    """The simulated Cliq over one components folder and one data directory.

    `components_dir`: the packages (default: the bundled samples). `data_dir`: where the
    workspace, grants and outbox live (default: `cliqsim.paths.data_dir()`). `clock`: every time
    comes from it (default: a `SimulatedClock` starting at the real now). Raises `CliqsimError`
    when a data file is damaged (naming it; the file is left untouched).
    """

    def __init__(
        self,
        components_dir: Path | None = None,
        data_dir: Path | None = None,
        clock: Clock | None = None,
        *,
        online: bool = False,
    ) -> None:
        from cliqsim.platform.engine import Engine

        self._engine: Engine = Engine(components_dir, data_dir, clock, online=online)

    # --- the world ---------------------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        return self._engine.clock

    def now(self) -> datetime:
        return self._engine.clock.now()

    @property
    def online(self) -> bool:
        """True: `invokeurl` goes to the real network (after the guard); False: to fixtures."""
        return self._engine.online

    @online.setter
    def online(self, value: bool) -> None:
        self._engine.online = value

    def advance(self, delta: timedelta) -> tuple[Outcome, ...]:
        """Move simulated time forward (the clock must be a `SimulatedClock`), running every
        scheduler that falls due on the way, in order; returns their outcomes."""
        return self._engine.advance(delta)

    def advance_to(self, when: datetime) -> tuple[Outcome, ...]:
        """Like `advance`, to a point in time: run every scheduler run (and consent-lapse
        reminder) due up to `when`, in time order, with the clock set to each due time."""
        from cliqsim.platform.schedulers import book

        return book(self._engine).advance_to(when)

    def schedulers(self) -> list[Any]:
        """Every scheduler (`schedulers.SchedulerInfo`): schedule summary, next due, runs,
        skips, last status and the owner's consent state."""
        from cliqsim.platform.schedulers import book

        return book(self._engine).infos()

    def scheduler_consents(self, user_id: str) -> list[Outcome]:
        """The owner's next visit: a `consent_required` outcome for each of their schedulers
        that cannot run now (never allowed, lapsed, revoked, code changed); `decide` each."""
        from cliqsim.platform.schedulers import book

        return book(self._engine).consent_requests(user_id)

    @property
    def load_errors(self) -> tuple[Any, ...]:
        """Packages that failed to load (`packages.LoadError`: path, field, line, reason)."""
        return tuple(self._engine.load_errors)

    def reload(self) -> tuple[Any, ...]:
        """Read the components folder again (after edits); returns the new load errors."""
        return self._engine.reload()

    def org_name(self) -> str:
        return self._engine.workspace.org_name

    def users(self) -> list[UserInfo]:
        return self._engine.users()

    def user(self, user_id: str) -> UserInfo:
        """Raises `UsageError` naming the known users when `user_id` is not one."""
        return self._engine.user(user_id)

    def chats(self, user_id: str) -> list[ChatInfo]:
        """Channels the user is a member of, their DMs and bot chats."""
        return self._engine.chats(user_id)

    def chat(self, chat_id: str) -> ChatInfo:
        return self._engine.chat(chat_id)

    def messages(
        self, chat_id: str, user_id: str | None = None, limit: int | None = None
    ) -> list[Message]:
        """A chat's messages, oldest first; with `user_id`, only those that user can see;
        with `limit`, the last `limit`."""
        return self._engine.messages(chat_id, user_id, limit)

    def message(self, message_id: str) -> Message:
        return self._engine.message(message_id)

    def commands(self, user_id: str) -> list[CommandInfo]:
        return self._engine.commands(user_id)

    def bots(self, user_id: str) -> list[BotInfo]:
        return self._engine.bots(user_id)

    def actions(self, user_id: str, message_id: str | None = None) -> list[ActionInfo]:
        """Message actions; with `message_id`, only those that apply to that message's type."""
        return self._engine.actions(user_id, message_id)

    def extensions(self) -> list[ExtensionInfo]:
        return self._engine.extensions()

    def consent_state(self, user_id: str, component_id: str) -> ConsentState:
        return self._engine.consent_state(user_id, component_id)

    def script_source(self, component_id: str, file: str) -> str:
        """The text of one handler file, for showing the code behind a consent item."""
        return self._engine.script_source(component_id, file)

    def outbox(self, user_id: str | None = None) -> list[Mail]:
        """Mail sent by `sendmail`, newest last; with `user_id`, mail to or from that user."""
        return self._engine.outbox(user_id)

    def runs(self, limit: int = 50) -> list[RunRecord]:
        """The inspector's records of the latest handler runs in this session, newest last."""
        return self._engine.runs(limit)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(message)` for every message added or edited, whoever caused it
        (a scheduler in part 2 posts with nobody at the keyboard). Returns an unsubscribe."""
        return self._engine.subscribe(listener)

    # --- consents (the permissions screen) ---------------------------------------------------

    def grants(self, user_id: str) -> list[Any]:
        """The consent engine's grants of this user (active, expired and revoked)."""
        return self._engine.grants(user_id)

    def revoke(
        self,
        user_id: str,
        *,
        grant_id: str | None = None,
        component: str | None = None,
        everything: bool = False,
    ) -> int:
        """Revoke one grant, all grants for a component, or everything; returns how many."""
        return self._engine.revoke(
            user_id, grant_id=grant_id, component=component, everything=everything
        )

    def ledger(self, user_id: str | None = None) -> list[Any]:
        """The consent ledger (granted, denied, revoked, expired, blocked, used), oldest first."""
        return self._engine.ledger(user_id)

    # --- triggers ----------------------------------------------------------------------------

    def submit(
        self,
        user_id: str,
        chat_id: str,
        text: str,
        *,
        attachments: Sequence[Attachment] = (),
        location: Location | None = None,
        selections: Sequence[Suggestion] = (),
    ) -> Outcome:
        """What the person typed in a chat: `/cmd args` runs a command (with `selections` from
        its suggestions), `@Bot text` mentions a bot, anything else is posted; in a bot chat it
        goes to the bot's message handler (or its open context)."""
        return self._engine.submit(user_id, chat_id, text, attachments, location, selections)

    def suggest(self, user_id: str, chat_id: str, text: str) -> Outcome:
        """Run a command's suggestion handler for `/cmd partial args` (status `ok` with
        `suggestions`; `consent_required` if the person has not allowed the command yet)."""
        return self._engine.suggest(user_id, chat_id, text)

    def open_bot(self, user_id: str, bot: str) -> Outcome:
        """Subscribe to a bot (create the bot chat) and run its welcome handler."""
        return self._engine.open_bot(user_id, bot)

    def menu_action(self, user_id: str, bot: str, action: str) -> Outcome:
        """Run a bot's menu action (in the user's chat with the bot)."""
        return self._engine.menu_action(user_id, bot, action)

    def run_action(
        self, user_id: str, action: str, message_ids: Sequence[str], chat_id: str | None = None
    ) -> Outcome:
        """Run a message action on one or more selected messages (of one chat)."""
        return self._engine.run_action(user_id, action, message_ids, chat_id)

    def click(
        self,
        user_id: str,
        message_id: str,
        button: int | str,
        *,
        confirm_input: str | None = None,
    ) -> Outcome:
        """Click a button of a message: by index into `Message.all_buttons()` or by label /
        key. `confirm_input` is the text typed into the button's confirm popup, if it has one.
        Suggestion chips are not buttons: send their text with `submit`."""
        return self._engine.click(user_id, message_id, button, confirm_input)

    def submit_form(
        self, user_id: str, chat_id: str, form: Form, values: dict[str, Any]
    ) -> Outcome:
        """Submit a form. `values` by field name as the UI holds them (text for text fields,
        the option value for selects and radios, a list of values for checkboxes, bool for
        toggles, `{latitude, longitude}` for locations); the runtime checks mandatory fields
        and shapes the values as Cliq does before the submit handler sees them."""
        return self._engine.submit_form(user_id, chat_id, form, values)

    def change_form(
        self, user_id: str, chat_id: str, form: Form, values: dict[str, Any], field_name: str
    ) -> Outcome:
        """A `trigger_on_change` field changed: run the change handler (`form_actions`)."""
        return self._engine.change_form(user_id, chat_id, form, values, field_name)

    def form_options(
        self,
        user_id: str,
        chat_id: str,
        form: Form,
        values: dict[str, Any],
        field_name: str,
        query: str,
    ) -> Outcome:
        """A `dynamic_select` field wants options for `query` (`options`)."""
        return self._engine.form_options(user_id, chat_id, form, values, field_name, query)

    def deliver_webhook(
        self,
        bot: str,
        body: str,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        method: str = "POST",
        user_id: str | None = None,
    ) -> Outcome:
        """An outside service calls the bot's incoming webhook URL (as the bot's owner, or as
        `user_id` when the webhook URL carries a user's token)."""
        return self._engine.deliver_webhook(bot, body, headers or {}, params or {}, method, user_id)

    def add_bot_to_channel(self, user_id: str, bot: str, channel: str) -> Outcome:
        """Add a bot to a channel: its participation handler runs with operation `added`."""
        return self._engine.participation(user_id, bot, channel, "added")

    def remove_bot_from_channel(self, user_id: str, bot: str, channel: str) -> Outcome:
        return self._engine.participation(user_id, bot, channel, "removed")

    def install_extension(self, user_id: str, extension: str) -> Outcome:
        """Install an extension for the organization: only an org admin may; the admin is
        asked to consent to the organization items (`consent_required`, `pending.org`); then
        the installation handler runs and the extension is active only if it returns 200."""
        return self._engine.install_extension(user_id, extension)

    def uninstall_extension(self, user_id: str, extension: str) -> Outcome:
        """Uninstall (org admin only): runs the uninstallation handler, removes its grants."""
        return self._engine.uninstall_extension(user_id, extension)

    def widgets(self) -> list[tuple[str, str, str]]:
        """The widgets: (id, name, description)."""
        return [(p.id, p.name, p.description) for p in self._engine.catalog.of_type("widget")]

    def open_widget(self, user_id: str, widget: str, *, event: str = "load",
                    tab: str | None = None) -> Outcome:
        """Run a widget's view handler (`event`: load, refresh, tab_click with `tab`); the
        drawn widget is `Outcome.widget` (`widgets.Widget`, `widgets.render_text` draws it)."""
        from cliqsim.platform.widgets import open_widget

        return open_widget(self._engine, user_id, widget, event, tab)

    def click_widget(self, user_id: str, widget: str, button: str) -> Outcome:
        """Click a button (by id or label) of the widget as last drawn for this user."""
        from cliqsim.platform.widgets import click_widget

        return click_widget(self._engine, user_id, widget, button)

    def decide(self, pending: PendingRun, allow: bool) -> Outcome:
        """The person's answer to a consent request. Allow: grant, then run the trigger.
        Deny: nothing runs, no grant is stored, and a notice says so."""
        return self._engine.decide(pending, allow)
