"""One message laid out for the message list: its header and body as lines (rendered once per
width), and its buttons and suggestion chips as clickable spans on the rows below."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from rich.console import Console, Group
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from cliqsim.frontend import render
from cliqsim.frontend.terminal import printable
from cliqsim.platform.messages import Message

GUTTER = 2  # "▌ " marks the selected message


@dataclass(frozen=True, slots=True)
class Action:
    """A button (`index` into `Message.all_buttons()`) or a suggestion chip (`chip` text)."""

    label: str
    kind: str  # "button" | "chip"
    index: int = -1
    chip: str = ""
    variant: str = ""  # "+", "-" or ""


@dataclass(slots=True)
class MessageLayout:
    message: Message
    width: int
    body: list[Strip]
    actions: list[Action]
    rows: list[list[tuple[int, int, int]]] = field(default_factory=list)  # (x0, x1, action)
    # lines drawn ahead (`MessageList.prepare`): line -> (what they were drawn for, the line)
    drawn: dict[int, tuple[object, Strip]] = field(default_factory=dict)

    @property
    def height(self) -> int:
        return len(self.body) + len(self.rows) + 1  # a blank line after each message


def actions_of(message: Message) -> list[Action]:
    # labels are drawn as they are: no control character of the component's reaches the tty
    actions = [Action(printable(b.label), "button", index=i, variant=b.type or "")
               for i, b in enumerate(message.all_buttons())]
    actions += [Action(printable(c.text), "chip", chip=c.text) for c in message.suggestions]
    return actions


def lay_out(message: Message, width: int, console: Console,
            zone: tzinfo | None = None) -> MessageLayout:
    """`message` drawn `width` cells wide, its time in `zone` (the reader's)."""
    inner = max(10, width - GUTTER)
    renderable = Group(render.header(message, zone=zone), render.body(message))
    lines = console.render_lines(renderable, console.options.update_width(inner), pad=False)
    body = [Strip(line).crop_extend(0, inner, None) for line in lines]
    actions = actions_of(message)
    poll = message.card is not None and message.card.theme == "poll"
    rows: list[list[tuple[int, int, int]]] = []
    x = 0
    row: list[tuple[int, int, int]] = []
    for number, action in enumerate(actions):
        size = len(_face(action))
        # a poll card's choices stand one under another, as Cliq draws them
        if row and (x + size > inner or (poll and action.kind == "button")):
            rows.append(row)
            row, x = [], 0
        row.append((x, x + size, number))
        x += size + 1
    if row:
        rows.append(row)
    return MessageLayout(message, width, body, actions, rows)


def _face(action: Action) -> str:
    return f" {action.label} " if action.kind == "button" else f"‹{action.label}›"


def action_row(layout: MessageLayout, row: int, focused: int | None,
               styles: dict[str, Style], console: Console) -> Strip:
    """One row of buttons and chips; `focused` is the action under the button cursor."""
    text = Text()
    for x0, _x1, number in layout.rows[row]:
        if x0 > len(text):
            text.append(" " * (x0 - len(text)))
        action = layout.actions[number]
        if number == focused:
            style = styles["focus"]
        elif action.kind == "chip":
            style = styles["chip"]
        else:
            style = styles.get(action.variant or "button", styles["button"])
        text.append(_face(action), style)
    segments = list(text.render(console))
    return Strip(segments).crop_extend(0, max(10, layout.width - GUTTER), None)


def action_at(layout: MessageLayout, row: int, x: int) -> int | None:
    for x0, x1, number in layout.rows[row]:
        if x0 <= x < x1:
            return number
    return None
