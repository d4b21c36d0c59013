"""What a dry run showed, before the person decides: what the component would read, post, mail
and send, and to whom. Nothing was applied. Escape or Enter goes back to the consent dialog."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from cliqsim.frontend.terminal import printable
from cliqsim.tui.screens.dialog import Dialog
from cliqsim.tui.widgets.footer import FittingFooter

STYLES = {"read": "cyan", "post": "green", "api": "magenta", "mail": "yellow", "task": "blue",
          "info": "dim", "blocked": "bold red"}


class DryRunScreen(Dialog[None]):
    """Shows a `platform.dry_run.DryRun` (plain text: component output is never markup)."""

    BINDINGS = [Binding("escape,enter", "close", "Back to the consent")]

    def __init__(self, dry: Any) -> None:
        super().__init__()
        self.dry = dry

    def compose(self) -> ComposeResult:
        dry = self.dry
        with Vertical(id="dry-run-dialog", classes="dialog"):
            yield Static(Text.assemble((f"Dry run of {printable(dry.component)}", "bold"),
                                       ("  nothing was applied", "dim")), id="dry-run-title")
            with VerticalScroll(id="dry-run-effects"):
                for effect in dry.effects:
                    line = Text.assemble((f"{effect.kind:<8}", STYLES.get(effect.kind, "")),
                                         printable(effect.text))
                    if effect.line:
                        line.append(f"  line {effect.line}", style="dim")
                    yield Static(line, classes="dry-run-effect")
                if dry.reply:
                    yield Static(Text.assemble(("reply   ", "bold"), printable(dry.reply)))
                if dry.error:
                    yield Static(Text.assemble(("stopped ", "bold red"), printable(dry.error)))
            yield Button("Back to the consent (Esc)", id="back")
        yield FittingFooter()

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
