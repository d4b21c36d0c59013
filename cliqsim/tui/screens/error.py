"""A readable error: what failed, where, and what to do. The app stays usable behind it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from cliqsim.frontend.terminal import printable
from cliqsim.tui.screens.dialog import Dialog
from cliqsim.tui.widgets.footer import FittingFooter


class ErrorScreen(Dialog[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, title: str, message: str, detail: str = "") -> None:
        super().__init__()
        self.error_title = title
        self.message = message
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="error-dialog", classes="dialog"):
            yield Static(Text(printable(self.error_title), style="bold red"))
            with VerticalScroll():
                yield Static(Text(printable(self.message)))
                if self.detail:
                    yield Static(Text(printable(self.detail), style="dim"), classes="detail")
            yield Button("Close (Esc)", id="close")
        yield FittingFooter()

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
