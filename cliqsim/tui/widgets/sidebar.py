"""The list of chats: channels, direct messages, bots and (once one starts) threads, with
unread counts."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message as TextualMessage
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cliqsim.frontend.terminal import printable
from cliqsim.platform.runtime import BotInfo, ChatInfo

BOT_PREFIX = "bot:"  # option id of a bot the user has no chat with yet: selecting opens one
SECTIONS = (("channel", "Channels"), ("dm", "Direct messages"), ("bot", "Bots"),
            ("thread", "Threads"))
OPTIONAL_SECTIONS = {"thread"}  # shown only when there is one


@dataclass(frozen=True, slots=True)
class SidebarEntry:
    chat_id: str
    label: str
    unread: int = 0


class Sidebar(OptionList):
    """Chats by section. Selecting posts `Sidebar.ChatChosen` (or `BotChosen` for a bot the
    user has not opened yet)."""

    class ChatChosen(TextualMessage):
        def __init__(self, chat_id: str) -> None:
            super().__init__()
            self.chat_id = chat_id

    class BotChosen(TextualMessage):
        def __init__(self, bot: str) -> None:
            super().__init__()
            self.bot = bot

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.unread: dict[str, int] = {}
        self.current: str | None = None
        self._chat_ids: list[str] = []
        self._shown: tuple[object, ...] = ()

    def show(self, chats: list[ChatInfo], bots: list[BotInfo], current: str | None) -> None:
        shown = (tuple((c.id, c.title, c.type) for c in chats),
                 tuple((b.unique_name, b.available) for b in bots), current,
                 tuple(sorted(self.unread.items())))
        if shown == self._shown:
            return  # nothing changed: spare the layout
        self._shown = shown
        self.current = current
        options: list[Option | None] = []
        bot_chats = {c.unique_name for c in chats if c.type == "bot"}
        self._chat_ids = []
        for kind, title in SECTIONS:
            if kind in OPTIONAL_SECTIONS and not any(c.type == kind for c in chats):
                continue
            options.append(Option(Text(title.upper(), style="bold dim"), disabled=True))
            for chat in (c for c in chats if c.type == kind):
                self._chat_ids.append(chat.id)
                options.append(Option(self._label(chat), id=chat.id))
            if kind == "bot":
                for bot in bots:
                    if bot.available and bot.unique_name not in bot_chats:
                        options.append(Option(Text(f"@{printable(bot.name)}  (open)", style="dim"),
                                              id=BOT_PREFIX + bot.unique_name))
        highlighted = self.highlighted
        self.set_options(options)
        if current is not None and current in self._chat_ids:
            self.highlighted = self._index_of(current)
        elif highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def _index_of(self, option_id: str) -> int:
        return self.get_option_index(option_id)

    def _label(self, chat: ChatInfo) -> Text:
        mark = {"channel": "# ", "dm": "@ ", "bot": "🤖 ", "thread": "↳ "}.get(chat.type, "")
        label = Text(mark + printable(chat.title),
                     style="bold" if chat.id == self.current else "")
        count = self.unread.get(chat.id, 0)
        if count:
            label.append(f"  {count}", style="bold reverse red")
        return label

    def next_unread(self) -> str | None:
        """The next chat after the current one (wrapping) that has unread messages."""
        if not self._chat_ids:
            return None
        start = self._chat_ids.index(self.current) + 1 if self.current in self._chat_ids else 0
        ordered = self._chat_ids[start:] + self._chat_ids[:start]
        return next((c for c in ordered if self.unread.get(c, 0) > 0), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id is None:
            return
        if option_id.startswith(BOT_PREFIX):
            self.post_message(self.BotChosen(option_id[len(BOT_PREFIX):]))
        else:
            self.post_message(self.ChatChosen(option_id))
