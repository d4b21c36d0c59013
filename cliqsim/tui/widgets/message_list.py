"""The messages of one chat, drawn line by line (Textual's line API): only the lines on screen
are drawn, each message is rendered once per width, and a new message costs one render, so a
chat with thousands of messages stays fast.

A window of the latest messages is loaded (`WINDOW`); moving the cursor above the first one
loads `WINDOW` more. The selected-message cursor moves with Up / Down; Left / Right move a
button cursor over the selected message's buttons and chips, Enter presses; a mouse click on
a button presses it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message as TextualMessage
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cliqsim.platform.messages import Message
from cliqsim.tui.widgets.message_view import (
    GUTTER,
    MessageLayout,
    action_at,
    action_row,
    lay_out,
)
from cliqsim.tui.widgets.styled_lines import StyledLines

WINDOW = 40
PREPARED = 8  # messages laid out ahead of being stored, at most

LoadEarlier = Callable[[int], list[Message]]
"""Given how many messages are wanted, returns the last that many (oldest first)."""


@dataclass(frozen=True, slots=True)
class _Paint:
    """What every line of one paint is drawn with (`scroll_y` is not part of a drawn line)."""

    scroll_x: int
    scroll_y: int = field(compare=False)
    width: int
    base: Style


class MessageList(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "message-list--selected",
        "message-list--gutter",
        "message-list--button",
        "message-list--positive",
        "message-list--negative",
        "message-list--chip",
        "message-list--focus",
        "message-list--note",
    }
    DEFAULT_CSS = """
    MessageList > .message-list--selected { background: $boost; }
    MessageList > .message-list--gutter { color: $accent; }
    MessageList > .message-list--button { background: $primary-darken-1; color: $text; }
    MessageList > .message-list--positive { background: $success-darken-1; color: $text; }
    MessageList > .message-list--negative { background: $error-darken-1; color: $text; }
    MessageList > .message-list--chip { color: $secondary; text-style: bold; }
    MessageList > .message-list--focus { background: $accent; color: $text; text-style: bold; }
    MessageList > .message-list--note { color: $text-muted; text-style: italic; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("down", "move(1)", "Next", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("left", "button(-1)", "Button", show=False),
        Binding("right", "button(1)", "Button", show=False),
        Binding("enter,space", "press", "Press button"),
        Binding("m", "app.message_actions", "Actions"),
        Binding("ctrl+e", "screen.edit_message", "Edit", show=False),  # your own message
        Binding("delete", "screen.delete_message", "Delete", show=False),
    ]

    class Selected(TextualMessage):
        def __init__(self, message: Message | None) -> None:
            super().__init__()
            self.message = message

    class ButtonClicked(TextualMessage):
        def __init__(self, message: Message, index: int) -> None:
            super().__init__()
            self.message = message
            self.index = index

    class ChipClicked(TextualMessage):
        def __init__(self, message: Message, text: str) -> None:
            super().__init__()
            self.message = message
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 0
        self.zone: tzinfo | None = None  # the reader's time zone: message times are shown in it
        self.selected: int | None = None
        self.button: int | None = None  # the button cursor within the selected message
        self._messages: list[Message] = []
        self._layouts: list[MessageLayout | None] = []
        self._starts: list[int] = []  # first line of each message
        self._lines = 0
        self._load_earlier: LoadEarlier | None = None
        self._paint: _Paint | None = None  # while a paint draws its lines
        self._unsized_end = False  # shown before it had a size: go to the end once it has
        # the view follows the newest message until the person scrolls up: kept when a resize
        # (the scrollbar coming, a narrower window) makes the messages taller
        self._follow_end = True
        # the last drawn line of each (message, line) not under the cursor, with what it was
        # drawn from: unchanged lines cost nothing when a new message scrolls them up
        self._drawn: dict[tuple[int, int], tuple[MessageLayout, _Paint, Strip]] = {}
        # messages laid out before they are stored (`prepare`), by id: not shown until `add`
        self._prepared: dict[str, MessageLayout] = {}
        self._styled_lines = StyledLines()  # styled lines kept by content line, not screen row
        self._styles_cache = self._styled_lines
        self._blank: tuple[_Paint, Strip] | None = None

    # --- what is shown ---------------------------------------------------------------------

    @property
    def messages(self) -> list[Message]:
        return list(self._messages)

    @property
    def selected_message(self) -> Message | None:
        if self.selected is None or not self._messages:
            return None
        return self._messages[self.selected]

    @property
    def note(self) -> str:
        if not self._messages:
            return "No messages yet. Say hello, or type / for commands."
        earlier = self.total - len(self._messages)
        return f"↑ {earlier} earlier messages (move up to load)" if earlier > 0 else ""

    async def show(self, messages: list[Message], total: int, load_earlier: LoadEarlier) -> None:
        """Show the last messages of a chat; `total` is how many it has in all."""
        self.total = max(total, len(messages))
        self._load_earlier = load_earlier
        self._messages = list(messages)
        self._layouts = [None] * len(messages)
        self._drawn.clear()
        self._prepared.clear()
        self.selected = None
        self.button = None
        self._relayout()
        if self._starts or not self._messages:
            self._to_end()
        else:  # not on screen yet: laid out (and scrolled) when it gets its size
            self._unsized_end = True

    def prepare(self, message: Message) -> None:
        """Lay out a message that is about to be stored, so that `add` only has to show it.
        Nothing is shown here: a message that is never stored (its write failed) is never
        seen, and its layout is dropped with the next chat or the next few messages."""
        while len(self._prepared) >= PREPARED:
            del self._prepared[next(iter(self._prepared))]
        layout = lay_out(message, self._width(), self.app.console, self.zone)
        # and draw and style its lines as the next paint will (the same strips, so the paint
        # finds them drawn): all of a new message's cost but the paint itself
        paint = self._current_paint()
        lines = [self._draw(layout, local, paint)
                 for local in range(len(layout.body) + len(layout.rows))]
        layout.drawn.update((local, (paint, line)) for local, line in enumerate(lines))
        self._styled_lines.prestyle(self, [*lines, self._blank_line(paint)])
        self._prepared[message.id] = layout

    def _take_prepared(self, message: Message) -> MessageLayout | None:
        layout = self._prepared.pop(message.id, None)
        if layout is None or layout.message is not message or layout.width != self._width():
            return None  # laid out from another version of the message, or at another width
        return layout

    async def add(self, message: Message) -> None:
        """A new message, or an edit of one shown (replaced in place)."""
        prepared = self._take_prepared(message)
        for index in range(len(self._messages) - 1, -1, -1):  # edits are mostly of recent ones
            if self._messages[index].id == message.id:
                self._messages[index] = message
                self._layouts[index] = prepared
                self._relayout(index)
                return
        at_end = self.is_vertical_scroll_end or self.max_scroll_y == 0
        self._messages.append(message)
        self._layouts.append(prepared)
        self.total += 1
        self._relayout(len(self._messages) - 1)
        if at_end or message.visible_to:
            self._to_end()

    def _width(self) -> int:
        return self.scrollable_content_region.width or self.size.width or 80

    def _layout(self, index: int) -> MessageLayout:
        layout = self._layouts[index]
        width = self._width()
        if layout is None or layout.width != width:
            layout = lay_out(self._messages[index], width, self.app.console, self.zone)
            self._layouts[index] = layout
        return layout

    def _relayout(self, start: int = 0) -> None:
        """Recompute where each message starts, from message `start` on."""
        if not self.size.width:  # nothing is drawn yet: lay out once, at the real width
            self._starts, self._lines = [], 0
            return
        top = 1 if self.note else 0
        if start <= 0 or start > len(self._starts):
            start, line = 0, top
            self._starts = []
        else:
            del self._starts[start:]
            line = self._starts[-1] + self._layout(start - 1).height if self._starts else top
        for index in range(start, len(self._messages)):
            self._starts.append(line)
            line += self._layout(index).height
        self._lines = line
        self._set_virtual_size(Size(self.scrollable_content_region.width, self._lines))
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """Grow the scrollable height. While the scrollbar shows already and the width stays,
        only the scrollbar is told: a new message then costs no layout of the whole screen."""
        view = self.scrollable_content_region.height
        if (self.show_vertical_scrollbar and size.width == self.virtual_size.width
                and size.height > view and self.virtual_size.height > view):
            self.set_reactive(MessageList.virtual_size, size)
            scrollbar = self.vertical_scrollbar
            scrollbar.window_virtual_size = size.height
            scrollbar.window_size = view
            scrollbar.refresh()
        else:
            self.virtual_size = size

    def _to_end(self) -> None:
        """Show the newest message now, even before the scrollbar it needs has been laid out
        (`force`); `on_resize` goes to the end again once it has (the text is narrower)."""
        self._follow_end = True
        self.scroll_end(animate=False, immediate=True, force=True)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if new < old or new >= self.max_scroll_y:  # up: the person reads back; down: the end
            self._follow_end = new >= self.max_scroll_y

    def on_resize(self, event: events.Resize) -> None:
        follow = self._follow_end
        self._relayout()
        if (self._unsized_end or follow) and self.size.width:
            self._unsized_end = False
            self.scroll_end(animate=False, force=True)  # once the new virtual size is in

    # --- drawing ---------------------------------------------------------------------------

    def _styles(self) -> dict[str, Style]:
        style = self.get_component_rich_style
        return {
            "button": style("message-list--button"),
            "+": style("message-list--positive"),
            "-": style("message-list--negative"),
            "chip": style("message-list--chip"),
            "focus": style("message-list--focus"),
        }

    def _current_paint(self) -> _Paint:
        scroll_x, scroll_y = self.scroll_offset
        return _Paint(scroll_x, scroll_y, self.scrollable_content_region.width, self.rich_style)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._paint = self._current_paint()  # the same for every line of this paint
        try:
            return super().render_lines(crop)
        finally:
            self._paint = None

    def render_line(self, y: int) -> Strip:
        paint = self._paint or self._current_paint()
        number = y + paint.scroll_y
        if number < (self._starts[0] if self._starts else 1):
            if number == 0 and self.note:
                text = Text("  " + self.note, style=self.get_component_rich_style(
                    "message-list--note"))
                return Strip(list(text.render(self.app.console))).crop_extend(
                    0, paint.width, paint.base)
            return self._blank_line(paint)
        if number >= self._lines:
            return self._blank_line(paint)
        index = bisect_right(self._starts, number) - 1
        layout = self._layout(index)
        local = number - self._starts[index]
        if local >= len(layout.body) + len(layout.rows):
            return self._blank_line(paint)
        if index == self.selected:
            return self._draw_selected(layout, local, paint)
        drawn = self._drawn.get((index, local))
        if drawn is not None and drawn[0] is layout and drawn[1] == paint:
            return drawn[2]
        line = self._draw(layout, local, paint)
        self._drawn[index, local] = (layout, paint, line)
        return line

    def _draw(self, layout: MessageLayout, local: int, paint: _Paint) -> Strip:
        """Line `local` of a message that is not selected (a row of buttons is drawn alike
        while its message is not selected); `prepare` draws a new message's lines ahead."""
        ahead = layout.drawn.get(local)
        if ahead is not None and ahead[0] == paint:
            return ahead[1]
        if local < len(layout.body):
            strip = layout.body[local]
        else:
            strip = action_row(layout, local - len(layout.body), None, self._styles(),
                               self.app.console)
        line = Strip.join([Strip.blank(GUTTER), strip]).apply_style(paint.base)
        return line.crop_extend(paint.scroll_x, paint.scroll_x + paint.width, paint.base)

    def _draw_selected(self, layout: MessageLayout, local: int, paint: _Paint) -> Strip:
        if local < len(layout.body):
            strip = layout.body[local]
        else:
            focused = self.button if self.has_focus else None
            strip = action_row(layout, local - len(layout.body), focused, self._styles(),
                               self.app.console)
        mark = Text("▌ ", style=self.get_component_rich_style("message-list--gutter"))
        line = Strip.join([Strip(list(mark.render(self.app.console))), strip])
        line = line.apply_style(self.get_component_rich_style("message-list--selected"))
        return line.apply_style(paint.base).crop_extend(paint.scroll_x,
                                                        paint.scroll_x + paint.width, paint.base)

    def _blank_line(self, paint: _Paint) -> Strip:
        """One blank strip per paint: the same strip keeps its styled form (StyledLines)."""
        if self._blank is None or self._blank[0] != paint:
            self._blank = (paint, Strip.blank(paint.width, paint.base))
        return self._blank[1]

    # --- the cursor ------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if not self._messages:
            return
        target = len(self._messages) - 1 if self.selected is None else self.selected + step
        if target < 0:
            self.run_worker(self._load_more(), exclusive=True, exit_on_error=False)
            return
        self._select(min(target, len(self._messages) - 1))

    def action_first(self) -> None:
        if self._messages:
            self._select(0)

    def action_last(self) -> None:
        if self._messages:
            self._select(len(self._messages) - 1)

    def action_button(self, step: int) -> None:
        if self.selected is None:
            return
        count = len(self._layout(self.selected).actions)
        if not count:
            return
        self.button = 0 if self.button is None else (self.button + step) % count
        self.refresh()

    def action_press(self) -> None:
        if self.selected is None:
            return
        layout = self._layout(self.selected)
        if not layout.actions:
            return
        self._press(layout, self.button or 0)

    def _press(self, layout: MessageLayout, number: int) -> None:
        action = layout.actions[number]
        if action.kind == "chip":
            self.post_message(self.ChipClicked(layout.message, action.chip))
        else:
            self.post_message(self.ButtonClicked(layout.message, action.index))

    def _select(self, index: int) -> None:
        self.selected = index
        layout = self._layout(index)
        self.button = 0 if layout.actions else None
        top = self._starts[index]
        self.scroll_to_region_lines(top, layout.height)
        self.refresh()
        self.post_message(self.Selected(self._messages[index]))

    def scroll_to_region_lines(self, top: int, height: int) -> None:
        view = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + min(height, view) > self.scroll_y + view:
            self.scroll_to(y=top + min(height, view) - view, animate=False, immediate=True)

    def on_click(self, event: events.Click) -> None:
        number = event.y + int(self.scroll_y)
        if not self._starts or number < self._starts[0] or number >= self._lines:
            return
        index = bisect_right(self._starts, number) - 1
        if index != self.selected:
            self._select(index)
        layout = self._layout(index)
        local = number - self._starts[index] - len(layout.body)
        if 0 <= local < len(layout.rows):
            hit = action_at(layout, local, event.x + int(self.scroll_x) - GUTTER)
            if hit is not None:
                self.button = hit
                self.refresh()
                self._press(layout, hit)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    async def _load_more(self) -> None:
        if self._load_earlier is None or len(self._messages) >= self.total:
            return
        wanted = min(self.total, len(self._messages) + WINDOW)
        earlier = self._load_earlier(wanted)
        shown = len(self._messages)
        await self.show(earlier, self.total, self._load_earlier)
        self._select(max(0, len(self._messages) - shown - 1))
