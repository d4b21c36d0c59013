"""The cliqsim chat window. `make_app(runtime, user_id)` builds it over any runtime (tests give
one over a temporary data directory and a `SimulatedClock`).

Every runtime call runs off the UI thread, one at a time (`call`); a trigger's consent request
is answered in the consent dialog (`settle`); whatever comes back (messages through the
runtime's subscription, notices, forms, errors) is shown (`after`). Nothing here decides
routing, consent or responses: that is the runtime's.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Coroutine, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.message import Message as TextualMessage
from textual.notifications import SeverityLevel
from textual.screen import Screen

from cliqsim.clock import parse_when
from cliqsim.errors import CliqsimError
from cliqsim.frontend.options import user_or_first_admin
from cliqsim.frontend.terminal import printable
from cliqsim.tui import safe_strips
from cliqsim.tui.commands import SimulationCommands
from cliqsim.tui.screens.loading import LoadingScreen

if TYPE_CHECKING:  # the platform loads in the background when the app opens it itself
    from cliqsim.platform.messages import Message
    from cliqsim.platform.runtime import BotInfo, Location, Outcome, Runtime
    from cliqsim.tui.screens.chat import ChatScreen
    from cliqsim.tui.ticker import SchedulerTicker

# The other screens are imported where first used: the window paints sooner.

T = TypeVar("T")

safe_strips.install()  # no component text reaches the terminal as control, whatever draws it

FRAME_HOLD = 0.03
"""Seconds a started trigger may hold back the window's frames: a reply that arrives sooner is
painted in the same frame as the cleared composer, one paint instead of two (and no painting
competes with the trigger's thread). A slower trigger lets the window paint meanwhile."""

FULL_COLLECTION_EVERY = 100
"""Middle-generation collections between two full ones (Python's default: 10). A full
collection walks every object the window made since it opened and frees the cyclic garbage its
frames leave (Textual's strips): 10-40 ms each at the default rate, one in about every fourth
reply while replies come quickly. This rate makes them a tenth as frequent but longer (about
140 ms after 40 quick replies): fewer hitches, less collecting in all."""


DENIED_TITLE = "Nothing ran"
"""The title of the toast after a denial (withdrawn when a later answer allows)."""


class RuntimeMessage(TextualMessage):
    """A message the runtime added or edited (posted from whichever thread ran the trigger)."""

    def __init__(self, message: Message) -> None:
        super().__init__()
        self.message = message


class RuntimeMessageComing(TextualMessage):
    """A message the runtime is about to store: the window lays it out meanwhile (while the
    disk syncs) and shows it only when `RuntimeMessage` says it is stored."""

    def __init__(self, message: Message) -> None:
        super().__init__()
        self.message = message


class CliqsimApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "cliqsim"
    COMMANDS = App.COMMANDS | {SimulationCommands}
    BINDINGS = [
        # in the order the footer shows them: at 80 columns the first ones fit
        Binding("ctrl+b", "bot_menu", "Bot menu"),
        Binding("f2", "permissions", "Consents"),
        Binding("f3", "extensions", "Extensions"),
        Binding("f6", "switch_user", "User"),
        Binding("f7", "move_time", "Time"),
        Binding("f10", "widgets", "Widgets"),
        Binding("f4", "toggle_inspector", "Inspector"),
        Binding("ctrl+n", "next_unread", "Unread"),
        Binding("f5", "reload", "Reload"),
        Binding("f9", "toggle_online", "Online", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False),
        # single keys work whenever the composer does not have focus
        Binding("p", "permissions", "Consents", show=False),
        Binding("e", "extensions", "Extensions", show=False),
        Binding("i", "toggle_inspector", "Inspector", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("u", "switch_user", "User", show=False),
        Binding("t", "move_time", "Time", show=False),
        Binding("w", "widgets", "Widgets", show=False),
    ]

    def __init__(self, runtime: Runtime | Callable[[], Runtime], user_id: str | None, *,
                 chat_id: str | None = None, watch: bool = False,
                 live_clock: bool = False) -> None:
        super().__init__()
        self._watch = watch
        self._live_clock = live_clock  # the clock follows real time: schedulers run by themselves
        self.ticker: SchedulerTicker | None = None
        self._open_runtime: Callable[[], Runtime] | None = None
        if _is_runtime(runtime):
            self.runtime = cast("Runtime", runtime)
        else:  # open it after the first paint (reading packages and data takes a moment)
            self._open_runtime = cast("Callable[[], Runtime]", runtime)
        self.user_id = user_id or ""
        self._wanted_user = user_id
        self.start_chat = chat_id
        self._lock: asyncio.Lock | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._gc_threshold: tuple[int, int, int] | None = None
        self.unread: dict[str, dict[str, int]] = {}  # user -> chat -> unread messages
        self.locations: dict[str, tuple[float, float]] = {}  # user -> shared (lat, long)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification shows its text literally, whatever `markup` says: messages carry
        component names, error texts and notices, and component text is never markup (a
        `[@click=...]` in it would run an app action when clicked). While a screen that shows
        notices itself is on top (an open form, which a toast would cover), it shows them."""
        message, title = printable(message), printable(title)  # measured as drawn
        show_notice = getattr(self.screen, "show_notice", None) if self.screen_stack else None
        if show_notice is not None:
            show_notice(message, title, severity)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # --- lifecycle -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._lock = asyncio.Lock()
        if self._open_runtime is None:
            self._start()
            return
        self.push_screen(LoadingScreen())
        opener = self._open_runtime
        self.call_after_refresh(lambda: self.spawn(self._load(opener)))  # paint first

    async def _load(self, open_runtime: Callable[[], Runtime]) -> None:
        try:
            self.runtime = await asyncio.to_thread(open_runtime)
            self.user_id = user_or_first_admin(self.runtime, self._wanted_user)
        except Exception as error:  # a damaged data file, an unknown --user: say so, then quit
            from cliqsim.tui.screens.error import ErrorScreen

            title = error.title if isinstance(error, CliqsimError) else "cliqsim cannot start"
            message = error.message if isinstance(error, CliqsimError) else str(error)
            await self.push_screen_wait(ErrorScreen(title, message, "Press Esc to quit."))
            self.exit(return_code=1)
            return
        await self.pop_screen()
        self._start()

    def _start(self) -> None:
        from cliqsim.tui.screens.chat import ChatScreen

        self._unsubscribe = self.runtime.subscribe(self._message_changed,
                                                   coming=self._message_coming)
        self.push_screen(ChatScreen())
        self.spawn(self.ask_scheduler_consents(skipped_only=True))  # the owner's next visit
        # Everything loaded so far lives as long as the app: keep the collector from walking it
        # again on every full collection (those pauses were the slowest keypresses).
        gc.freeze()
        self._gc_threshold = gc.get_threshold()
        young, middle, _ = self._gc_threshold
        gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
        self._report_skipped(self.runtime.load_errors)
        if self._watch:
            self.spawn(self._reload_on_change(), group="watch")
        if self._live_clock:
            from cliqsim.tui.ticker import SchedulerTicker

            self.ticker = SchedulerTicker(self)
            self.ticker.start()

    async def _reload_on_change(self) -> None:
        """Live reload: reload the packages after each burst of edits and say what changed; a
        component whose code now needs more asks again (with the diff) on its next run."""
        from cliqsim.tui.watch import component_changes

        async for changes in component_changes(self.runtime.components_dir):
            errors = await self.call(self.runtime.reload)
            shown = ", ".join(changes[:5]) + (f" and {len(changes) - 5} more"
                                              if len(changes) > 5 else "")
            self.notify(f"Reloaded after: {shown}", title="Components changed", markup=False)
            self._report_skipped(errors)
            if self.chat_screen is not None:
                self.chat_screen.refresh_chrome()

    def action_toggle_record(self) -> None:
        """Start or stop writing a transcript (`cliqsim test FILE` replays it)."""
        from datetime import datetime
        from pathlib import Path

        recording = self.runtime.recording
        if recording is not None:
            self.runtime.record_to(None)
            self.notify(f"Stopped recording. Replay it with: cliqsim test {recording}",
                        title="Transcript saved", markup=False)
            return
        path = Path.cwd() / "transcripts" / f"chat-{datetime.now():%Y%m%d-%H%M%S}.toml"
        self.runtime.record_to(path)
        self.notify(f"Recording every trigger to {path}", title="Recording", markup=False)

    def _report_skipped(self, errors: Iterable[object]) -> None:
        """A warning for each component package that failed to load."""
        for error in errors:
            self.notify(str(getattr(error, "message", error)), title="Skipped a bad package",
                        severity="warning", timeout=10, markup=False)  # package text is data

    def _message_changed(self, message: Message) -> None:
        self.post_message(RuntimeMessage(message))  # thread-safe

    def _message_coming(self, message: Message) -> None:
        self.post_message(RuntimeMessageComing(message))

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._gc_threshold is not None:  # the process may go on (tests, the shell)
            gc.set_threshold(*self._gc_threshold)

    @property
    def chat_screen(self) -> ChatScreen | None:
        from cliqsim.tui.screens.chat import ChatScreen

        return next((s for s in self.screen_stack if isinstance(s, ChatScreen)), None)

    async def on_runtime_message(self, event: RuntimeMessage) -> None:
        chat = self.chat_screen
        if chat is not None:
            await chat.message_arrived(event.message)

    def on_runtime_message_coming(self, event: RuntimeMessageComing) -> None:
        chat = self.chat_screen
        if chat is not None:
            chat.message_coming(event.message)

    # --- talking to the runtime ------------------------------------------------------------

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a runtime method off the UI thread, one at a time."""
        assert self._lock is not None
        async with self._lock:
            return await asyncio.to_thread(fn, *args, **kwargs)

    async def settle(self, outcome: Outcome) -> Outcome:
        """Ask the person about every consent request on the way (must run in a worker); a
        dry run shows what the run would do and opens the dialog again (with the same ticks)."""
        unticked: tuple[str, ...] = ()
        while outcome.status == "consent_required" and outcome.pending is not None:
            from cliqsim.tui.screens.consent import ConsentScreen

            flows = await self.call(self.runtime.data_flows, outcome.pending.component)
            answer = await self.push_screen_wait(ConsentScreen(
                outcome.consent, outcome.pending, self.runtime.script_source, flows,
                unticked))
            if getattr(answer, "dry_run", False):  # show it, then ask again
                from cliqsim.tui.screens.dry_run import DryRunScreen

                unticked = answer.refused
                dry = await self.call(self.runtime.dry_run, outcome.pending)
                await self.push_screen_wait(DryRunScreen(dry))
                continue
            unticked = ()
            outcome = await self.call(
                self.runtime.decide, outcome.pending, bool(answer),
                refused=getattr(answer, "refused", ()), once=getattr(answer, "once", False))
            if answer:
                self.withdraw_notices(DENIED_TITLE)
        return outcome

    def withdraw_notices(self, title: str) -> None:
        """Remove the toasts titled `title` still on screen ("Nothing ran" once allowed)."""
        for notification in list(self._notifications):
            if notification.title == title:
                self._unnotify(notification)

    def after(self, outcome: Outcome, *, quiet: bool = False) -> None:
        """Show what a finished trigger says beyond its messages."""
        if outcome.status == "denied" and outcome.notice:
            self.notify(outcome.notice, title=DENIED_TITLE, severity="warning", timeout=8)
        elif outcome.status == "error" and outcome.error is not None:
            where = f"{outcome.error.file}:{outcome.error.line}" if outcome.error.file else ""
            self.notify(f"{outcome.error.message}\n{where}".strip(),
                        title=f"{outcome.error.kind.capitalize()} error", severity="error",
                        timeout=10)
        elif outcome.notice and not quiet:
            self.notify(outcome.notice, timeout=8)
        if outcome.activated is False:
            self.notify("The installation handler did not return 200: installed but inactive.",
                        severity="warning")
        chat = self.chat_screen
        if chat is not None:  # after the frame that shows the reply
            self.call_after_refresh(chat.refresh_chrome)
            self.call_after_refresh(chat.refresh_inspector)

    async def trigger(self, fn: Callable[..., Outcome], *args: Any,
                      release: Callable[[], None] | None = None,
                      **kwargs: Any) -> Outcome | None:
        """Run one trigger through consent, then follow up (a returned form opens); returns the
        settled outcome (None if something unexpected failed, which is shown).
        `release` ends a frame hold (`hold_frames`) once the trigger's messages are shown."""
        try:
            try:
                first = await self.call(fn, *args, **kwargs)
            finally:
                if release is not None:  # after the messages the run posted are handled
                    self.call_later(release)
            outcome = await self.settle(first)
            self.after(outcome)
            if outcome.form is not None and outcome.status == "ok":
                chat_id = outcome.chat_id or (self.chat_screen.chat_id if self.chat_screen
                                              else None) or ""
                from cliqsim.tui.screens.form import FormScreen

                result = await self.push_screen_wait(FormScreen(outcome.form, chat_id))
                if result is not None:
                    self.after(result)
            return outcome
        except Exception as error:  # nothing a component does may crash the window
            self.show_exception(error)
            return None

    def start_trigger(self, fn: Callable[..., Outcome], *args: Any,
                      then: Callable[[Outcome], Coroutine[Any, Any, None]] | None = None,
                      **kwargs: Any) -> None:
        """Run a trigger in a worker; `then` follows up with its settled outcome."""
        release = self.hold_frames(FRAME_HOLD)

        async def run() -> None:
            outcome = await self.trigger(fn, *args, release=release, **kwargs)
            if outcome is not None and then is not None:
                await then(outcome)

        self.spawn(run(), group="trigger")

    def hold_frames(self, seconds: float) -> Callable[[], None]:
        """Paint nothing until the returned function is called, or `seconds` have passed."""
        self._begin_batch()
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                self._end_batch()
                if self.screen_stack:  # (none while the app closes)
                    # paint now what changed meanwhile: the screen's update timer would wait
                    # for its next 1/60 s slot, up to 17 ms when it painted just before Enter
                    self.screen._on_timer_update()

        self.set_timer(seconds, release)
        return release

    def spawn(self, work: Coroutine[Any, Any, None], *, group: str = "default",
              node: DOMNode | None = None, exclusive: bool = False) -> None:
        """Run `work` in a worker (of `node`, default the app); an exception in it is shown as
        an error dialog and the app stays usable."""

        async def guarded() -> None:
            try:
                await work
            except Exception as error:
                self.show_exception(error)

        (node or self).run_worker(guarded(), group=group, exclusive=exclusive,
                                  exit_on_error=False)

    def show_exception(self, error: BaseException) -> None:
        from cliqsim.tui.screens.error import ErrorScreen

        if isinstance(error, CliqsimError):
            self.push_screen(ErrorScreen(error.title, error.message))
        else:
            self.push_screen(ErrorScreen(
                "Something went wrong",
                f"{type(error).__name__}: {error}",
                "cliqsim kept running. If this repeats, report it with the steps that led here."))

    def click_button(self, message: Message, index: int) -> None:
        button = message.all_buttons()[index]
        if (button.action_type == "system.api"
                and button.action_data.get("api") == "locationpermission"):
            self.spawn(self.share_location(message.chat_id))
            return
        if button.action_type == "copy":
            text = button.action_data.get("text") or button.action_data.get("value") or ""
            if text:
                self.copy_to_clipboard(str(text))

        async def run() -> None:
            confirm_input: str | None = None
            if button.confirm is not None and button.action_type == "invoke.function":
                from cliqsim.tui.screens.pickers import ConfirmScreen

                answer = await self.push_screen_wait(ConfirmScreen(button.confirm, button.label))
                if answer is None:
                    return
                confirm_input = answer if button.confirm.input else None
            await self.trigger(self.runtime.click, self.user_id, message.id, index,
                               confirm_input=confirm_input)

        self.spawn(run(), group="trigger")

    async def share_location(self, chat_id: str) -> None:
        """A `system.api` `locationpermission` button: the person shares a location (typed, or
        the sample one), kept for this session as theirs; the command that asked runs again
        with it, as when Cliq's location prompt is granted."""
        from cliqsim.tui.screens.pickers import LocationScreen

        text = await self.push_screen_wait(LocationScreen())
        if text is None:
            return
        latitude, longitude = (float(part) for part in text.split(","))
        self.locations[self.user_id] = (latitude, longitude)
        self.notify(f"You shared your location: {latitude:.4f}, {longitude:.4f}.")
        chat = self.chat_screen
        again = chat.last_sent.get(chat_id) if chat is not None else None
        if again:
            self.start_trigger(self.runtime.submit, self.user_id, chat_id, again,
                               location=self.location())

    def location(self) -> Location | None:
        """The location the acting user shared in this session, if any."""
        from cliqsim.platform.runtime import Location

        shared = self.locations.get(self.user_id)
        return Location(*shared) if shared else None

    # --- actions ---------------------------------------------------------------------------

    async def action_next_unread(self) -> None:
        chat = self.chat_screen
        if chat is None:
            return
        target = chat.sidebar.next_unread()
        if target is None:
            self.notify("No unread messages.")
            return
        await chat.open_chat(target)

    def action_message_actions(self) -> None:
        chat = self.chat_screen
        message = chat.message_list.selected_message if chat else None
        if chat is None or message is None:
            self.notify("Select a message first: Alt+Up / Alt+Down, or Up / Down in the list.",
                        severity="warning")
            return
        from cliqsim.tui.screens.action_menu import action_menu
        from cliqsim.tui.screens.message_ops import DELETE, EDIT, THREAD, builtin_options

        actions = [a for a in self.runtime.actions(self.user_id, message.id) if a.available]
        chat_type = self.runtime.chat(message.chat_id).type
        screen = action_menu(actions, message.text, self.runtime.now(),
                             builtin_options(message, self.user_id, chat_type))

        def chosen(action_id: str | None) -> None:
            if action_id == THREAD:
                chat.reply_in_thread(message)
            elif action_id == EDIT:
                chat.edit_message(message)
            elif action_id == DELETE:
                chat.delete_message(message)
            elif action_id:
                self.start_trigger(self.runtime.run_action, self.user_id, action_id,
                                   [message.id], message.chat_id)

        self.push_screen(screen, chosen)

    def action_permissions(self) -> None:
        from cliqsim.tui.screens.permissions import PermissionsScreen

        self.open_screen(PermissionsScreen)

    def action_widgets(self) -> None:
        from cliqsim.tui.screens.widgets import WidgetsScreen

        self.open_screen(WidgetsScreen)

    def open_screen(self, kind: Callable[[], Screen[None]]) -> None:
        """Show the permissions, extensions or widgets screen: one of them in place of another
        (so `Escape` always goes back to the chat, however many `F2` / `F3` / `F10` came
        before), over the chat or a dialog otherwise; nothing if it is already on top."""
        from cliqsim.tui.screens.extensions import ExtensionsScreen
        from cliqsim.tui.screens.permissions import PermissionsScreen
        from cliqsim.tui.screens.widgets import WidgetsScreen

        top = self.screen
        if type(top) is kind:
            return
        if isinstance(top, PermissionsScreen | ExtensionsScreen | WidgetsScreen):
            self.switch_screen(kind())
        else:
            self.push_screen(kind())

    def open_bot_menu(self) -> BotInfo | None:
        """The bot of the open chat, if it is a bot chat whose bot has menu actions."""
        chat = self.chat_screen
        if chat is None or chat.chat_id is None:
            return None
        info = self.runtime.chat(chat.chat_id)
        if info.type != "bot":
            return None
        return next((b for b in self.runtime.bots(self.user_id)
                     if b.unique_name == info.unique_name and b.menu_actions), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The bot menu key is offered only in a bot chat whose bot has menu actions."""
        if action == "bot_menu":
            return self.open_bot_menu() is not None
        return True

    def action_bot_menu(self) -> None:
        """The bot's Actions menu (its `[[menu]]` actions, at most five in Cliq): the chosen
        one runs its menu handler in the bot chat, through the consent gate."""
        bot = self.open_bot_menu()
        if bot is None:
            self.notify("Open a chat with a bot that has menu actions first.", severity="warning")
            return
        from cliqsim.tui.screens.action_menu import bot_menu

        def chosen(action: str | None) -> None:
            if action:
                name, _, sub = action.partition("\t")
                self.start_trigger(self.runtime.menu_action, self.user_id, bot.unique_name,
                                   name, sub or None)

        self.push_screen(bot_menu(bot, self.runtime.now()), chosen)

    def action_extensions(self) -> None:
        from cliqsim.tui.screens.extensions import ExtensionsScreen

        self.open_screen(ExtensionsScreen)

    def action_toggle_inspector(self) -> None:
        chat = self.chat_screen
        if chat is None:
            return
        from cliqsim.tui.widgets.inspector import Inspector

        inspector = chat.query_one(Inspector)
        inspector.display = not inspector.display
        chat.fit_panes()
        chat.refresh_inspector()

    def action_reload(self) -> None:
        async def run() -> None:
            try:
                errors = await self.call(self.runtime.reload)
            except Exception as error:
                self.show_exception(error)
                return
            if errors:
                self._report_skipped(errors)
            else:
                self.notify("Components reloaded from disk.")
            if self.chat_screen is not None:
                self.chat_screen.refresh_chrome()

        self.spawn(run())

    def action_switch_user(self) -> None:
        def chosen(user_id: str | None) -> None:
            if user_id:
                self.act_as(user_id)

        from cliqsim.tui.screens.pickers import user_chooser

        self.push_screen(user_chooser(self.runtime.users(), self.user_id), chosen)

    def act_as(self, user_id: str) -> None:
        self.spawn(self.switch_user(user_id))

    def advance_time(self, when: str) -> None:
        self.spawn(self.move_time(when))

    async def switch_user(self, user_id: str) -> None:
        """Act as `user_id`: their chats, unread counts (each user keeps their own) and
        consents; the open chat stays open if they are in it, else their first chat opens."""
        self.user_id = self.runtime.user(user_id).id
        chat = self.chat_screen
        if chat is not None:
            chat.sidebar.unread = self.unread.setdefault(self.user_id, {})
            chats = [c.id for c in self.runtime.chats(self.user_id)]
            await chat.open_chat(chat.chat_id if chat.chat_id in chats else
                                 next(iter(chats), None))
        self.notify(f"You are now {self.runtime.user(user_id).name}.")
        await self.ask_scheduler_consents(skipped_only=True)

    def action_move_time(self) -> None:
        def chosen(when: str | None) -> None:
            if when:
                self.advance_time(when)

        from cliqsim.tui.screens.pickers import TimeScreen

        self.push_screen(TimeScreen(f"{self.local_now():%Y-%m-%d %H:%M %Z}"), chosen)

    async def move_time(self, when: str) -> None:
        """`+1d`, `+61d` or a date: move simulated time forward (never back)."""
        from cliqsim.tui.local_time import typed_in, user_zone

        zone = user_zone(self.runtime, self.user_id)
        now = self.runtime.now()
        try:  # a date-time typed without an offset is your wall time
            target = parse_when(typed_in(when, zone), now)
        except CliqsimError as error:
            self.notify(error.message, title="Not a time", severity="error")
            return
        delta = target - now
        if delta <= timedelta(0):
            self.notify(f"{target.astimezone(zone):%Y-%m-%d %H:%M} is not after now "
                        f"({now.astimezone(zone):%Y-%m-%d %H:%M}); "
                        "time only moves forward.", severity="warning")
            return
        try:
            outcomes = await self.call(self.runtime.advance, delta)
        except Exception as error:
            self.show_exception(error)
            return
        for outcome in outcomes:
            if outcome.status not in ("consent_required", "denied"):
                self.after(outcome, quiet=True)
        self.notify(f"Simulated time is now {self.local_now():%Y-%m-%d %H:%M %Z}"
                    + scheduler_summary(outcomes))
        if self.ticker is not None:
            self.ticker.moved()
        if self.chat_screen is not None:
            self.chat_screen.refresh_chrome()

    def local_now(self) -> datetime:
        """The simulated now in the zone of the user you act as (`local_time.py`)."""
        from cliqsim.tui.local_time import user_zone

        return self.runtime.now().astimezone(user_zone(self.runtime, self.user_id))

    async def ask_scheduler_consents(self, *, skipped_only: bool) -> None:
        """The owner's visit: ask about each of their schedulers that cannot run (consent never
        given, lapsed, revoked or the code changed). `skipped_only`: only those that skipped a
        run and told the owner so ("It will ask you on your next visit")."""
        user = self.user_id
        outcomes = await self.call(self.runtime.scheduler_consents, user)
        if skipped_only:
            skipped = {i.id for i in await self.call(self.runtime.schedulers)
                       if i.owner == user and i.last_status == "skipped"}
            outcomes = [o for o in outcomes
                        if o.pending is not None and o.pending.component in skipped]
        if not outcomes and not skipped_only:
            self.notify("Your schedulers may all run: none is waiting for your consent.")
        for outcome in outcomes:
            self.after(await self.settle(outcome))

    def action_set_status(self) -> None:
        if self.chat_screen is not None:
            self.chat_screen.action_set_status()

    def action_allow_schedulers(self) -> None:
        self.spawn(self.ask_scheduler_consents(skipped_only=False))

    def action_toggle_online(self) -> None:
        self.runtime.online = not self.runtime.online
        self.notify("invokeurl now goes to the real network (through the consent guard)."
                    if self.runtime.online else "invokeurl now answers from the offline fixtures.")
        if self.chat_screen is not None:
            self.chat_screen.refresh_chrome()


def scheduler_summary(outcomes: Iterable[Outcome]) -> str:
    """`; 3 scheduler runs: 1 ran, 2 skipped (Ctrl+P › Allow schedulers).` for the time toast:
    a run skipped for want of consent is counted as skipped, not as a run."""
    outcomes = list(outcomes)
    if not outcomes:
        return "."
    skipped = sum(o.status in ("consent_required", "denied") for o in outcomes)
    failed = sum(o.status == "error" for o in outcomes)
    ran = len(outcomes) - skipped - failed
    parts = [f"{ran} ran"] + ([f"{failed} failed"] if failed else []) + (
        [f"{skipped} skipped"] if skipped else [])
    noun = "run" if len(outcomes) == 1 else "runs"
    hint = " (Ctrl+P › Allow schedulers)" if skipped else ""
    return f"; {len(outcomes)} scheduler {noun}: {', '.join(parts)}{hint}."


def _is_runtime(value: object) -> bool:
    """A runtime, as opposed to a function that opens one (without importing the platform)."""
    return hasattr(value, "submit") and hasattr(value, "decide")


def make_app(runtime: Runtime | Callable[[], Runtime], user_id: str | None = None, *,
             chat_id: str | None = None, watch: bool = False,
             live_clock: bool = False) -> CliqsimApp:
    """The app over `runtime`, acting as `user_id` (default: the first org admin). Given a
    function that opens the runtime instead, the window paints first and opens it meanwhile.
    `live_clock`: the runtime's clock follows real time, so schedulers run as they fall due
    (`ticker.py`)."""
    if _is_runtime(runtime):
        user_id = user_or_first_admin(cast("Runtime", runtime), user_id)
    return CliqsimApp(runtime, user_id, chat_id=chat_id, watch=watch, live_clock=live_clock)
