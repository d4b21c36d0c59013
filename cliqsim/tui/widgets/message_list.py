"""The messages of one chat, with a selected-message cursor.

Only a window of the latest messages is mounted (`WINDOW`); moving the cursor above the first
one loads `WINDOW` more, so a chat with thousands of messages opens as fast as a short one.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message as TextualMessage
from textual.widgets import Static

from cliqsim.platform.messages import Message
from cliqsim.tui.widgets.message_view import MessageView

WINDOW = 40

LoadEarlier = Callable[[int], list[Message]]
"""Given how many messages are wanted, returns the last that many (oldest first)."""


class MessageList(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("down", "move(1)", "Next", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("m", "app.message_actions", "Actions"),
        Binding("enter", "focus_buttons", "Buttons", show=False),
    ]

    class Selected(TextualMessage):
        def __init__(self, message: Message | None) -> None:
            super().__init__()
            self.message = message

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 0
        self.selected: int | None = None
        self._load_earlier: LoadEarlier | None = None
        self._views: list[MessageView] = []

    @property
    def messages(self) -> list[Message]:
        return [view.message for view in self._views]

    @property
    def selected_message(self) -> Message | None:
        if self.selected is None or not self._views:
            return None
        return self._views[self.selected].message

    async def show(self, messages: list[Message], total: int, load_earlier: LoadEarlier) -> None:
        """Show the last messages of a chat; `total` is how many it has in all."""
        self.total = total
        self._load_earlier = load_earlier
        await self.remove_children()
        self._views = [MessageView(m) for m in messages]
        widgets: list[Static | MessageView] = []
        if total > len(messages):
            widgets.append(self._more_label(total - len(messages)))
        if not messages:
            widgets.append(Static("No messages yet. Say hello, or type / for commands.",
                                  classes="empty"))
        widgets.extend(self._views)
        await self.mount_all(widgets)
        self.selected = None
        self.scroll_end(animate=False, immediate=True)

    @staticmethod
    def _more_label(count: int) -> Static:
        return Static(f"↑ {count} earlier messages (move up to load)", classes="more")

    async def add(self, message: Message) -> None:
        """A new message, or an edit of one shown (replaced in place)."""
        for view in self._views:
            if view.message.id == message.id:
                await view.replace(message)
                return
        for empty in self.query(".empty"):
            await empty.remove()
        view = MessageView(message)
        self._views.append(view)
        self.total += 1
        at_end = self.is_vertical_scroll_end or self.max_scroll_y == 0
        await self.mount(view)
        if len(self._views) > 2 * WINDOW and (self.selected is None or self.selected >= WINDOW):
            await self._drop_oldest(len(self._views) - WINDOW)
        if at_end or message.visible_to:
            self.scroll_end(animate=False)

    async def _drop_oldest(self, count: int) -> None:
        """Keep the mounted window bounded; moving above the first loads them again."""
        dropped, self._views = self._views[:count], self._views[count:]
        if self.selected is not None:
            self.selected -= count
        await self.remove_children(dropped)
        for label in self.query(".more"):
            await label.remove()
        await self.mount(self._more_label(self.total - len(self._views)), before=0)

    def action_move(self, step: int) -> None:
        if not self._views:
            return
        if self.selected is None:
            target = len(self._views) - 1
        else:
            target = self.selected + step
        if target < 0:
            self.run_worker(self._load_more(), exclusive=True, exit_on_error=False)
            return
        self._select(min(target, len(self._views) - 1))

    def action_first(self) -> None:
        if self._views:
            self._select(0)

    def action_last(self) -> None:
        if self._views:
            self._select(len(self._views) - 1)

    def action_focus_buttons(self) -> None:
        if self.selected is None:
            return
        buttons = self._views[self.selected].query("Button")
        if buttons:
            buttons.first().focus()

    def select_message(self, message_id: str) -> bool:
        for index, view in enumerate(self._views):
            if view.message.id == message_id:
                self._select(index)
                return True
        return False

    def _select(self, index: int) -> None:
        if self.selected is not None and self.selected < len(self._views):
            self._views[self.selected].remove_class("-selected")
        self.selected = index
        view = self._views[index]
        view.add_class("-selected")
        self.scroll_to_widget(view, animate=False)
        self.post_message(self.Selected(view.message))

    async def _load_more(self) -> None:
        if self._load_earlier is None or len(self._views) >= self.total:
            return
        wanted = min(self.total, len(self._views) + WINDOW)
        earlier = self._load_earlier(wanted)
        shown = len(self._views)
        await self.show(earlier, self.total, self._load_earlier)
        self._select(max(0, len(self._views) - shown - 1))
