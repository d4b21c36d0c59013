"""One message: header and body as Rich, buttons and suggestion chips as focusable widgets."""

from __future__ import annotations

from rich.console import Group
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message as TextualMessage
from textual.widgets import Button, Static

from cliqsim.platform.messages import Message
from cliqsim.tui import render


class MessageView(Vertical):
    """A chat message. Its card / slide buttons post `ButtonClicked`; chips post `ChipClicked`."""

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

    def __init__(self, message: Message) -> None:
        super().__init__(classes="message")
        self.message = message
        if message.is_error:
            self.add_class("-error")
        if message.sender.kind == "system":
            self.add_class("-system")

    def compose(self) -> ComposeResult:
        yield Static(Group(render.header(self.message), render.body(self.message)),
                     classes="message-body")
        buttons = self.message.all_buttons()
        if buttons:
            with Horizontal(classes="message-buttons"):
                for index, button in enumerate(buttons):
                    variant = {"+": "success", "-": "error"}.get(button.type or "", "primary")
                    yield Button(button.label, variant=variant, compact=True,  # type: ignore[arg-type]
                                 name=f"b{index}", tooltip=button.hint)
        if self.message.suggestions:
            with Horizontal(classes="message-chips"):
                for chip in self.message.suggestions:
                    yield Button(chip.text, compact=True, classes="chip", name="chip")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        name = event.button.name or ""
        if name == "chip":
            self.post_message(self.ChipClicked(self.message, str(event.button.label)))
        elif name.startswith("b"):
            self.post_message(self.ButtonClicked(self.message, int(name[1:])))

    async def replace(self, message: Message) -> None:
        """Show an edited version of this message."""
        self.message = message
        await self.recompose()
