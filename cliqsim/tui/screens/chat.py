"""The chat window: sidebar, header, message list with a cursor, composer, inspector, footer."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from cliqsim.frontend.terminal import printable
from cliqsim.platform.messages import Message
from cliqsim.platform.runtime import Outcome, Suggestion, UserInfo
from cliqsim.tui.local_time import user_zone
from cliqsim.tui.screens import OnCliqsimApp
from cliqsim.tui.screens.message_ops import (
    DELETE,
    THREAD_HINT,
    EditScreen,
    StatusScreen,
    delete_screen,
    own_message,
)
from cliqsim.tui.widgets.composer import Completion, CompletionList, Composer
from cliqsim.tui.widgets.footer import FittingFooter
from cliqsim.tui.widgets.inspector import Inspector
from cliqsim.tui.widgets.message_list import WINDOW, MessageList
from cliqsim.tui.widgets.sidebar import Sidebar

COMPLETIONS_SHOWN = 8
NARROW = 120
SIDEBAR_WIDTHS = ((NARROW, 28), (90, 25), (0, 22))  # (window columns at least, sidebar width)
TYPE_TO_COMPOSE = ("/", "@")


class ChatScreen(OnCliqsimApp, Screen[None]):
    BINDINGS = [
        Binding("alt+up,ctrl+up", "move(-1)", "Prev msg", show=False),
        Binding("alt+down,ctrl+down", "move(1)", "Next msg", show=False),
        Binding("f8", "app.message_actions", "Actions"),
        Binding("s", "set_status", "Status", show=False),  # when the composer is not focused
    ]

    def __init__(self) -> None:
        super().__init__()
        self.chat_id: str | None = None
        self._header = Text()
        self.last_sent: dict[str, str] = {}  # chat -> what the person last sent there

    def compose(self) -> ComposeResult:
        yield Static(id="chat-header")
        with Horizontal(id="main"):
            yield Sidebar(id="sidebar")
            with Vertical(id="conversation"):
                yield MessageList(id="messages")
                completion = CompletionList()
                yield Composer(self._complete, self._suggest, self._send, completion,
                               id="composer")
                yield completion  # over the messages, above the composer (app.tcss)
            yield Inspector(id="inspector")
        yield FittingFooter()

    @property
    def message_list(self) -> MessageList:
        return self.query_one(MessageList)

    @property
    def composer(self) -> Composer:
        return self.query_one(Composer)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    async def on_mount(self) -> None:
        self.query_one(Inspector).display = False
        app = self.cliqsim
        self.sidebar.unread = app.unread.setdefault(app.user_id, {})
        chats = app.runtime.chats(app.user_id)
        wanted = app.start_chat if any(c.id == app.start_chat for c in chats) else None
        await self.open_chat(wanted or (chats[0].id if chats else None))
        self.composer.input.focus()

    # --- what is shown ---------------------------------------------------------------------

    async def open_chat(self, chat_id: str | None) -> None:
        app = self.cliqsim
        runtime = app.runtime
        self.chat_id = chat_id
        if chat_id is None:
            await self.message_list.show([], 0, lambda n: [])
            self.refresh_chrome()
            return
        user = app.user_id
        self.message_list.zone = user_zone(runtime, user)  # times in the reader's zone
        messages = runtime.messages(chat_id, user, limit=WINDOW)
        total = len(messages) if len(messages) < WINDOW else runtime.chat(chat_id).message_count

        def earlier(count: int) -> list[Message]:
            return runtime.messages(chat_id, user, limit=count)

        await self.message_list.show(messages, total, earlier)
        self.sidebar.unread.pop(chat_id, None)
        self.refresh_chrome()
        app.refresh_bindings()  # the bot menu key shows in bot chats only

    def refresh_chrome(self) -> None:
        """The header (chat, acting user, simulated time, mode) and the sidebar."""
        app = self.cliqsim
        runtime = app.runtime
        person = runtime.user(app.user_id)
        title = "no chat"
        if self.chat_id is not None:
            chat = runtime.chat(self.chat_id)
            mark = {"channel": "#", "dm": "@", "bot": "🤖 ", "thread": "↳ "}.get(chat.type, "")
            title = f"{mark}{printable(chat.title)}"
        now = runtime.now().astimezone(user_zone(runtime, app.user_id))
        header = header_line(title, runtime.org_name(), person, now, runtime.online,
                             self.size.width)
        if header != self._header:
            self._header = header
            self.query_one("#chat-header", Static).update(header)
        self.sidebar.show(runtime.chats(app.user_id), runtime.bots(app.user_id), self.chat_id)

    def on_resize(self) -> None:
        self.fit_panes()
        self.refresh_chrome()  # the header's long or short form

    def fit_panes(self) -> None:
        """Below `NARROW` columns the inspector takes the sidebar's place (`Ctrl+N` and the
        palette still reach the other chats), and the sidebar narrows with the window
        (`SIDEBAR_WIDTHS`), so the messages keep a readable width."""
        inspector = self.query_one(Inspector)
        width = self.size.width
        self.sidebar.display = not (inspector.display and width < NARROW)
        wanted = next(w for least, w in SIDEBAR_WIDTHS if width >= least)
        if self.sidebar.styles.width is None or self.sidebar.styles.width.value != wanted:
            self.sidebar.styles.width = wanted

    def refresh_inspector(self) -> None:
        inspector = self.query_one(Inspector)
        if inspector.display:
            app = self.cliqsim
            inspector.show(app.runtime.runs(20), user_zone(app.runtime, app.user_id))

    def message_coming(self, message: Message) -> None:
        """A message about to be stored: lay it out now if it will show here (not shown yet:
        `message_arrived` shows it once it is durable)."""
        if message.chat_id == self.chat_id and message.visible_for(self.cliqsim.user_id):
            self.message_list.prepare(message)

    async def message_arrived(self, message: Message) -> None:
        """Every message the runtime added or edited, whoever caused it."""
        app = self.cliqsim
        if not message.visible_for(app.user_id):
            return
        if message.chat_id == self.chat_id:
            await self.message_list.add(message)
            return
        chats = {c.id for c in app.runtime.chats(app.user_id)}
        if message.chat_id in chats and message.sender.id != app.user_id:
            self.sidebar.unread[message.chat_id] = self.sidebar.unread.get(message.chat_id, 0) + 1
            self.refresh_chrome()

    # --- completion ------------------------------------------------------------------------

    def _complete(self, text: str) -> list[Completion]:
        app = self.cliqsim
        runtime = app.runtime
        now = runtime.now()
        if text.startswith("/") and " " not in text:
            typed = text[1:].lower()
            return [Completion(f"/{c.name}", Text.assemble(
                        (printable(f"/{c.name}"), "bold"), printable(f"  {c.hint}"),
                        (f"  {c.consent.label(now)}", _consent_style(c.consent.state))))
                    for c in runtime.commands(app.user_id)
                    if c.available and c.name.lower().startswith(typed)][:COMPLETIONS_SHOWN]
        word = text.rsplit(" ", 1)[-1]
        if word.startswith("@"):
            typed = word[1:].lower()
            before = text[: len(text) - len(word)]
            entries = [Completion(f"{before}@{b.name}", Text.assemble(
                           (printable(f"@{b.name}"), "bold magenta"),
                           printable(f"  {b.description[:50]}"),
                           (f"  {b.consent.label(now)}", _consent_style(b.consent.state))))
                       for b in runtime.bots(app.user_id)
                       if b.available and b.name.lower().startswith(typed)]
            entries += [Completion(f"{before}@{u.first_name}", Text.assemble(
                            (f"@{u.first_name}", "bold cyan"), f"  {u.name}",
                            (f"  {u.role}", "dim")))
                        for u in runtime.users()
                        if u.first_name.lower().startswith(typed)
                        or u.id.lower().startswith(typed)]
            return entries[:COMPLETIONS_SHOWN]
        return []

    async def _suggest(self, text: str) -> list[Suggestion]:
        app = self.cliqsim
        command = next((c for c in app.runtime.commands(app.user_id)
                        if f"/{c.name}" == text.split(" ", 1)[0]), None)
        if command is None or not command.has_suggestions or self.chat_id is None:
            return []
        if command.consent.state not in ("allowed", "none"):
            return []  # suggestions run the component's code: only once it is allowed
        try:
            outcome = await app.call(app.runtime.suggest, app.user_id, self.chat_id, text)
        except Exception:  # a failing suggestion handler never blocks typing
            return []
        return list(outcome.suggestions) if outcome.status == "ok" else []

    # --- events ----------------------------------------------------------------------------

    def _send(self, text: str, selections: tuple[Suggestion, ...]) -> None:
        """What the composer sends (Enter)."""
        if self.chat_id is None:
            self.notify("Open a chat first (sidebar).", severity="warning")
            return
        app = self.cliqsim
        self.last_sent[self.chat_id] = text
        app.start_trigger(app.runtime.submit, app.user_id, self.chat_id, text,
                          selections=selections, location=app.location())

    @on(Sidebar.ChatChosen)
    async def _chat_chosen(self, event: Sidebar.ChatChosen) -> None:
        await self.open_chat(event.chat_id)
        self.composer.input.focus()

    @on(Sidebar.BotChosen)
    def _bot_chosen(self, event: Sidebar.BotChosen) -> None:
        """Subscribe to the bot (its welcome handler runs, asking consent first) and land in
        its chat, as Cliq does; after a denial the person stays where they were."""
        app = self.cliqsim

        async def land(outcome: Outcome) -> None:
            if outcome.status != "denied" and outcome.chat_id is not None:
                await self.open_chat(outcome.chat_id)
                self.composer.input.focus()

        app.start_trigger(app.runtime.open_bot, app.user_id, event.bot, then=land)

    @on(MessageList.ButtonClicked)
    def _button(self, event: MessageList.ButtonClicked) -> None:
        self.cliqsim.click_button(event.message, event.index)

    @on(MessageList.ChipClicked)
    def _chip(self, event: MessageList.ChipClicked) -> None:
        app = self.cliqsim
        app.start_trigger(app.runtime.submit, app.user_id, event.message.chat_id, event.text)

    # --- your own messages and status (cliqsim trigger --event edit|delete|status) ----------

    def _own_selected(self, doing: str) -> Message | None:
        app = self.cliqsim
        message = self.message_list.selected_message
        if message is None or not own_message(message, app.user_id):
            self.notify(f"Select one of your own messages to {doing} it (Up / Down in the "
                        "list).", severity="warning")
            return None
        return message

    def action_edit_message(self) -> None:
        message = self._own_selected("edit")
        if message is not None:
            self.edit_message(message)

    def action_delete_message(self) -> None:
        message = self._own_selected("delete")
        if message is not None:
            self.delete_message(message)

    def edit_message(self, message: Message) -> None:
        """Change the text of the person's own message (the `edit` event)."""
        app = self.cliqsim

        def chosen(text: str | None) -> None:
            if text:
                app.start_trigger(app.runtime.trigger_event, app.user_id, "edit",
                                  [message.id, text])

        app.push_screen(EditScreen(message.text or ""), chosen)

    def delete_message(self, message: Message) -> None:
        """Delete the person's own message, after asking (the `delete` event)."""
        app = self.cliqsim

        def chosen(answer: str | None) -> None:
            if answer == DELETE:
                app.start_trigger(app.runtime.trigger_event, app.user_id, "delete",
                                  [message.id])

        app.push_screen(delete_screen(message), chosen)

    def reply_in_thread(self, message: Message) -> None:
        """Write a reply in the channel message's thread, then open the thread."""
        app = self.cliqsim

        async def land(outcome: Outcome) -> None:
            if outcome.status != "error":
                await self.open_chat(f"thread_{message.id}")

        def chosen(text: str | None) -> None:
            if text:
                app.start_trigger(app.runtime.reply_in_thread, app.user_id, message.id, text,
                                  then=land)

        app.push_screen(EditScreen("", "Reply in thread", THREAD_HINT), chosen)

    def action_set_status(self) -> None:
        """A custom status (the `status` event): subscribed bots' status change handlers run."""
        app = self.cliqsim

        def chosen(status: tuple[str, str] | None) -> None:
            if status is not None:
                app.start_trigger(app.runtime.trigger_event, app.user_id, "status",
                                  list(status))

        me = app.runtime.user(app.user_id)
        app.push_screen(StatusScreen(me.status, me.state), chosen)

    def action_move(self, step: int) -> None:
        self.message_list.action_move(step)

    def on_key(self, event: events.Key) -> None:
        """`/` or `@` typed while the sidebar or the messages have focus starts a command or a
        mention in the composer (rather than being lost, or taken for a key binding)."""
        if event.character in TYPE_TO_COMPOSE and not self.composer.input.has_focus:
            event.stop()
            event.prevent_default()
            box = self.composer.input
            box.focus()
            box.insert_text_at_cursor(event.character)


def header_line(title: str, org: str, person: UserInfo, now: datetime, online: bool,
                width: int) -> Text:
    """The chat's header: the open chat, the organization, who you act as (and your status),
    the simulated time and the mode, in the longest of three forms that fits `width` (80
    columns take the second, 60 the third)."""
    status = f"{person.status} ({person.state})" if person.status else ""
    chat = (f" {title} ", "bold reverse")
    forms = (
        Text.assemble(chat, f"  {org}  ·  you are ", (person.name, "bold cyan"),
                      f" ({person.role})", (f"  ·  {status}" if status else "", "italic"),
                      (f"  ·  {now:%a %Y-%m-%d %H:%M %Z}", "dim"),
                      ("  ·  online HTTP" if online else "  ·  offline fixtures", "dim")),
        Text.assemble(chat, f" {org} · ", (person.name, "bold cyan"),
                      f" ({person.role.replace('org admin', 'admin')})",
                      (f" · {status}" if status else "", "italic"),
                      (f" · {now:%a %m-%d %H:%M %Z}", "dim"),
                      (" · online" if online else " · offline", "dim")),
        Text.assemble(chat, " ", (person.first_name, "bold cyan"),
                      (f" · {status}" if status else "", "italic"),
                      (f" · {now:%m-%d %H:%M}", "dim"),
                      (" · online" if online else " · offline", "dim")),
    )
    return next((form for form in forms if form.cell_len <= width), forms[-1])


def _consent_style(state: str) -> str:
    return {"allowed": "green", "none": "dim", "ask": "yellow"}.get(state, "bold yellow")
