"""The simulated Cliq, as one object both the TUI and the headless CLI drive.

Everything about routing a trigger, asking for consent, binding handler inputs, running the
script and turning its answer into messages happens behind this API (docs/architecture.md § The
flow of one trigger). A caller:

    runtime = Runtime(components_dir, data_dir, clock)
    outcome = runtime.submit("u_arjun", "general", "/nearby bank")
    if outcome.status == "consent_required":
        # show outcome.consent (the consent engine's request: reason, items, diff) to the person
        outcome = runtime.decide(outcome.pending, allow=True)
    for message in outcome.messages: ...           # every message the run added or edited

Every method returns plain data (`records.py`, `messages.Message`) and raises only
`CliqsimError` (bad ids, a damaged data file); a failing script is an `Outcome(status="error")`
with a readable system message in the chat, never an exception.

Threads: every method holds the runtime's lock, so the chat window may read (messages, chats,
completions) on its UI thread while a worker thread runs a trigger; one call finishes before the
next starts. Listeners (`subscribe`) are called with the lock held and must not block on
another thread that calls the runtime.

The reads (users, chats, messages, components, grants) live in `runtime_views.py`; this module
holds the triggers and the world's controls. The parts are made in `engine.py` (the composition
root); every trigger goes through `pipeline.py`; the trigger families live in `triggers/`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cliqsim import startup
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
from cliqsim.platform.package_reader import LoadError
from cliqsim.platform.recording import recorded
from cliqsim.platform.records import (
    Attachment,
    ConsentState,
    EffectRecord,
    Failure,
    Listener,
    Location,
    Outcome,
    PendingRun,
    RunRecord,
    Status,
    Suggestion,
    UserInfo,
)
from cliqsim.platform.runtime_views import RuntimeViews

if TYPE_CHECKING:
    from cliqsim.platform.dry_run import DryRun
    from cliqsim.platform.engine import Engine
    from cliqsim.platform.records_views import (
        ActionInfo,
        BotInfo,
        ChatInfo,
        CommandInfo,
        ExtensionInfo,
        Mail,
        SchedulerInfo,
    )
    from cliqsim.platform.transcript import Recorder
    from cliqsim.platform.triggers.manual import Event

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
    "SchedulerInfo",
    "Sender",
    "Slide",
    "Status",
    "Suggestion",
    "SuggestionChip",
    "UserInfo",
]



def __getattr__(name: str) -> Any:
    """The listing views (`ChatInfo`, `BotInfo`, ... `records_views.py`), imported on first
    use: a run builds none of them (issue #18)."""
    from cliqsim.platform import records

    if name in records.VIEWS:
        from cliqsim.platform import records_views

        return getattr(records_views, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Runtime(RuntimeViews):
    """The simulated Cliq over one components folder and one data directory.

    `components_dir`: the packages (default: the bundled samples). `data_dir`: where the
    workspace, grants and outbox live (default: `cliqsim.paths.data_dir()`). `clock`: every time
    comes from it (default: a `SimulatedClock` starting at the real now). `record_fixtures`: with
    `online`, each real response is written as a fixture (`platform.fixture_recorder`). Raises
    `CliqsimError`
    when a data file is damaged (naming it; the file is left untouched).
    """

    def __init__(
        self,
        components_dir: Path | None = None,
        data_dir: Path | None = None,
        clock: Clock | None = None,
        *,
        online: bool = False,
        record_fixtures: bool = False,
    ) -> None:
        from cliqsim.platform.engine import Engine  # the parts load only when a runtime opens

        self._engine: Engine = Engine(components_dir, data_dir, clock, online=online,
                                      record_fixtures=record_fixtures)
        self._lock = threading.RLock()
        self._recorder: Recorder | None = None
        startup.done()  # the process has started: usual garbage collection from here

    # --- record and replay -------------------------------------------------------------------

    def record_to(self, path: Path | None) -> None:
        """Append every trigger from now on (and its result) to the transcript at `path`
        (`cliqsim.platform.transcript`); None stops recording."""
        from cliqsim.platform.transcript import Recorder, existing_messages

        with self._lock:
            self._recorder = None
            if path is not None:
                self._recorder = Recorder(path, self._engine.components_dir,
                                          existing_messages(self))

    @property
    def components_dir(self) -> Path:
        """The folder the component packages are loaded from."""
        return self._engine.components_dir

    @property
    def recording(self) -> Path | None:
        """The transcript being written, if any."""
        return self._recorder.path if self._recorder else None

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
        with self._lock:
            self._engine.online = value

    @recorded
    def advance(self, delta: timedelta) -> tuple[Outcome, ...]:
        """Move simulated time forward (the clock must be a `SimulatedClock`), running every
        scheduler that falls due on the way, in order; returns their outcomes."""
        with self._lock:
            return self._engine.schedulers.advance_to(self._engine.clock.now() + delta)

    @recorded
    def advance_to(self, when: datetime) -> tuple[Outcome, ...]:
        """Like `advance`, to a point in time: run every scheduler run (and consent-lapse
        reminder) due up to `when`, in time order, with the clock set to each due time."""
        with self._lock:
            return self._engine.schedulers.advance_to(when)

    def scheduler_consents(self, user_id: str) -> list[Outcome]:
        """The owner's next visit: a `consent_required` outcome for each of their schedulers
        that cannot run now (never allowed, lapsed, revoked, code changed); `decide` each."""
        with self._lock:
            return self._engine.schedulers.consent_requests(user_id)

    @property
    def load_errors(self) -> tuple[LoadError, ...]:
        """Packages that failed to load (`packages.LoadError`: path, field, line, reason)."""
        return tuple(self._engine.load_errors)

    def reload(self) -> tuple[LoadError, ...]:
        """Read the components folder again (after edits); returns the new load errors."""
        with self._lock:
            return self._engine.reload()

    def seed_messages(self, messages: Iterable[Message]) -> int:
        """Write many messages at once, as test or benchmark data (no trigger runs, no listener
        is told); returns how many. One transaction, whatever the count."""
        with self._lock:
            return self._engine.workspace.seed_messages(messages)

    def subscribe(self, listener: Listener, *,
                  coming: Listener | None = None) -> Callable[[], None]:
        """Call `listener(message)` for every message added or edited, whoever caused it
        (a scheduler posts with nobody at the keyboard), once it is stored durably; `coming`,
        if given, just before the write (to prepare showing it: listeners.py). Returns an
        unsubscribe. Listeners run on the thread of the call that caused the message, with
        the runtime's lock held."""
        with self._lock:
            return self._engine.pipeline.listeners.subscribe(listener, coming)

    # --- consents (the permissions screen) ---------------------------------------------------

    def revoke(self, user_id: str, *, grant_id: str | None = None,
               component: str | None = None, everything: bool = False) -> int:
        """Revoke one grant, all grants for a component, or everything; returns how many."""
        with self._lock:
            return self._engine.directory.revoke(user_id, grant_id=grant_id,
                                                 component=component, everything=everything)

    # --- triggers ----------------------------------------------------------------------------

    @recorded
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
        with self._lock:
            return self._engine.chat.submit(user_id, chat_id, text, attachments, location,
                                            selections)

    def suggest(self, user_id: str, chat_id: str, text: str) -> Outcome:
        """Run a command's suggestion handler for `/cmd partial args` (status `ok` with
        `suggestions`; `consent_required` if the person has not allowed the command yet)."""
        with self._lock:
            return self._engine.chat.suggest(user_id, chat_id, text)

    @recorded
    def open_bot(self, user_id: str, bot: str) -> Outcome:
        """Subscribe to a bot (create the bot chat) and run its welcome handler."""
        with self._lock:
            return self._engine.bots.open(user_id, bot)

    @recorded
    def menu_action(self, user_id: str, bot: str, action: str,
                    sub_action: str | None = None) -> Outcome:
        """Run a bot's menu action (in the user's chat with the bot); an action with sub
        actions needs `sub_action`, which its handler gets as `sub_action`."""
        with self._lock:
            return self._engine.bots.menu_action(user_id, bot, action, sub_action)

    @recorded
    def run_action(
        self, user_id: str, action: str, message_ids: Sequence[str], chat_id: str | None = None
    ) -> Outcome:
        """Run a message action on one or more selected messages (of one chat)."""
        with self._lock:
            return self._engine.actions.run(user_id, action, message_ids, chat_id)

    @recorded
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
        with self._lock:
            return self._engine.functions.click(user_id, message_id, button, confirm_input)

    @recorded
    def submit_form(
        self, user_id: str, chat_id: str, form: Form, values: dict[str, Any]
    ) -> Outcome:
        """Submit a form. `values` by field name as the UI holds them (text for text fields,
        the option value for selects and radios, a list of values for checkboxes, bool for
        toggles, `{latitude, longitude}` for locations); the runtime checks mandatory fields
        and shapes the values as Cliq does before the submit handler sees them."""
        with self._lock:
            return self._engine.functions.submit_form(user_id, chat_id, form, values)

    @recorded
    def cancel_form(self, user_id: str, chat_id: str, form: Form,
                    values: dict[str, Any]) -> Outcome:
        """Close a form: its cancel function runs when the form has `trigger_on_cancel`."""
        with self._lock:
            return self._engine.functions.cancel_form(user_id, chat_id, form, values)

    @recorded
    def change_form(
        self, user_id: str, chat_id: str, form: Form, values: dict[str, Any], field_name: str
    ) -> Outcome:
        """A `trigger_on_change` field changed: run the change handler (`form_actions`)."""
        with self._lock:
            return self._engine.functions.change_form(user_id, chat_id, form, values,
                                                      field_name)

    def form_options(self, user_id: str, chat_id: str, form: Form, values: dict[str, Any],
                     field_name: str, query: str) -> Outcome:
        """A `dynamic_select` field wants options for `query` (`options`)."""
        with self._lock:
            return self._engine.functions.form_options(user_id, chat_id, form, values,
                                                       field_name, query)

    @recorded
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
        with self._lock:
            return self._engine.bots.webhook(bot, body, headers or {}, params or {}, method,
                                             user_id)

    @recorded
    def reply_in_thread(self, user_id: str, message_id: str, text: str, *,
                        attachments: Sequence[Attachment] = ()) -> Outcome:
        """Reply in the thread of a channel message (started on the first reply, as chat
        `thread_<message id>`); the channel's participant bots follow it."""
        with self._lock:
            return self._engine.chat.reply_in_thread(user_id, message_id, text, attachments)

    @recorded
    def change_status(self, user_id: str, text: str, state: str = "Available") -> Outcome:
        """The user sets a custom status: the status change handler of each bot they are
        subscribed to runs."""
        with self._lock:
            return self._engine.bots.status_change(user_id, text, state)

    @recorded
    def add_bot_to_channel(self, user_id: str, bot: str, channel: str) -> Outcome:
        """Add a bot to a channel: its participation handler runs with operation `added`."""
        with self._lock:
            return self._engine.bots.participation(user_id, bot, channel, "added")

    @recorded
    def remove_bot_from_channel(self, user_id: str, bot: str, channel: str) -> Outcome:
        with self._lock:
            return self._engine.bots.participation(user_id, bot, channel, "removed")

    @recorded
    def install_extension(self, user_id: str, extension: str) -> Outcome:
        """Install an extension for the organization: only an org admin may; the admin is
        asked to consent to the organization items (`consent_required`, `pending.org`); then
        the installation handler runs and the extension is active only if it returns 200."""
        with self._lock:
            return self._engine.installs.install(user_id, extension)

    @recorded
    def uninstall_extension(self, user_id: str, extension: str) -> Outcome:
        """Uninstall (org admin only): runs the uninstallation handler, removes its grants."""
        with self._lock:
            return self._engine.installs.uninstall(user_id, extension)

    @recorded
    def open_widget(self, user_id: str, widget: str, *, event: str = "load",
                    tab: str | None = None) -> Outcome:
        """Run a widget's view handler (`event`: load, refresh, tab_click with `tab`); the
        drawn widget is `Outcome.widget` (`widgets.Widget`, `widgets.render_text` draws it)."""
        with self._lock:
            return self._engine.widgets.open(user_id, widget, event, tab)

    @recorded
    def click_widget(self, user_id: str, widget: str, button: str) -> Outcome:
        """Click a button (by id or label) of the widget as last drawn for this user."""
        with self._lock:
            return self._engine.widgets.click(user_id, widget, button)

    @recorded
    def trigger(self, user_id: str, component: str, handler: str,
                payload: dict[str, Any] | None = None, chat_id: str | None = None) -> Outcome:
        """Run any handler of any component (`handler`: a component.toml `[handlers]` key such
        as `welcome` or `execution`, or `menu:<name>`) with the inputs Cliq would give it,
        merged with `payload` (maps merge key by key). Same road as every trigger: consent,
        guard, responses. Raises `UsageError` naming the handlers, inputs or chats there are."""
        with self._lock:
            return self._engine.manual.run(user_id, component, handler, payload, chat_id)

    @recorded
    def call_function(self, user_id: str, name: str, arguments: dict[str, Any]) -> Outcome:
        """Run a saved Deluge function (`triggers.saved`) with its arguments by parameter name
        (text or JSON values, converted to the declared types); its return value is the
        outcome's notice. Raises `UsageError` naming the functions or parameters there are."""
        with self._lock:
            return self._engine.saved.call(user_id, name, arguments)

    @recorded
    def trigger_event(self, user_id: str, event: str, arguments: list[str]) -> Outcome:
        """A ready-made event (`trigger_events()`): join, leave, rename, resubscribe."""
        with self._lock:
            return self._engine.manual.event(user_id, event, arguments)

    def trigger_events(self) -> tuple[Event, ...]:
        from cliqsim.platform.triggers.manual import EVENTS

        return EVENTS

    def rehearse_all(self, on: bool = True) -> None:
        """Every trigger from now on (`on`) is a dry run: nothing asked, run or stored. Every
        entry point alike: each handler run is rehearsed (`Pipeline.execute`), and what the
        road changes besides (the message typed, a bot added, an extension uninstalled, a
        scheduler's state) stays in memory: neither data file is written while it is on, and
        turning it off forgets those changes."""
        with self._lock:
            pipeline = self._engine.pipeline
            pipeline.dry_mode = on
            pipeline.workspace.store.hold_writes(on)
            pipeline.store.hold_writes(on)

    def dry_run(self, pending: PendingRun) -> DryRun:
        """Run a trigger waiting for consent once with every effect recorded and none applied:
        what it would read, post, mail and send, and to whom. The request stays open."""
        with self._lock:
            return self._engine.pipeline.dry_run(pending)

    @recorded
    def decide(self, pending: PendingRun, allow: bool, *, refused: Iterable[str] = (),
               once: bool = False) -> Outcome:
        """The person's answer to a consent request. Allow: grant, then run the trigger.
        Deny: nothing runs, no grant is stored, and a notice says so. `refused`: items (keys
        or targets) the person unticked — their objects reach the script as null, their tasks
        and calls are blocked, the ledger records them; `once`: allow a single run only."""
        with self._lock:
            return self._engine.pipeline.decide(pending, allow, refused=refused, once=once)
