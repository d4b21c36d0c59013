"""The base of every dialog over the chat window: notices never cover its controls.

At 80x24 a dialog takes most of the screen, and Textual's toasts (bottom right, for 5-10 s)
covered its buttons — Deny and Allow once in the consent dialog, a form's Submit. So while a
dialog is on top:

- what the app would toast shows on a notice line inside the dialog, above its buttons
  (`CliqsimApp.notify` hands it to `show_notice`), in plain text, never markup;
- toasts raised before it opened are hidden (`.-dialog Toast` in `app.tcss`); those still
  live show again on the screen under it once the dialog closes.
"""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Static

from cliqsim.frontend.terminal import printable
from cliqsim.tui.widgets.footer import FittingFooter

Answer = TypeVar("Answer")

SEVERITY_STYLES = {"error": "bold red", "warning": "bold yellow"}


def notice_text(message: str, title: str, severity: str) -> Text:
    """`Title: message`, coloured by severity; both are data (never markup, no controls)."""
    style = SEVERITY_STYLES.get(severity, "")
    return Text.assemble((f"{printable(title)}: " if title else "", style or "bold"),
                         (printable(message), style))


class NoticeLine(Static):
    """A dialog's notice line. A dialog that shares its rows out itself (`fit()`: the consent
    dialog, a form) does it again whenever the line's height changes."""

    def on_resize(self) -> None:
        fit = getattr(self.screen, "fit", None)
        if fit is not None:
            self.screen.call_after_refresh(fit)


class Dialog(ModalScreen[Answer]):
    """A modal dialog that shows the app's notices inside itself (see the module)."""

    DEFAULT_CLASSES = "-dialog"

    def show_notice(self, message: str, title: str, severity: str) -> None:
        """Show `message` on the dialog's notice line (made on first use, above the buttons);
        the latest notice replaces the one before. A dialog pushed but not yet built shows it
        once it is."""
        self._notice(message, title, severity, again=True)

    def _notice(self, message: str, title: str, severity: str, *, again: bool) -> None:
        line = self.query(NoticeLine)
        if line:
            notice = line.first(NoticeLine)
        else:
            notice = NoticeLine(classes="dialog-notice")
            box = self._box()
            if box is None:
                if again:
                    self.call_after_refresh(self._notice, message, title, severity,
                                            again=False)
                return
            before = next((child for child in box.children if _holds_buttons(child)), None)
            box.mount(notice, before=before)
        notice.update(notice_text(message, title, severity))
        notice.display = True

    def hide_notice(self) -> None:
        """Take the notice line away (it said what it had to)."""
        for line in self.query(NoticeLine):
            line.display = False
        fit = getattr(self, "fit", None)
        if fit is not None:
            self.call_after_refresh(fit)

    def _box(self) -> Widget | None:
        """The dialog's frame: the screen's first child that is not Textual's own."""
        return next((child for child in self.children
                     if not child.has_class("-textual-system") and child.id not in (
                         "textual-tooltip", "textual-toastrack")
                     and not isinstance(child, FittingFooter)), None)


def _holds_buttons(widget: Widget) -> bool:
    return isinstance(widget, Button) or (
        isinstance(widget, Horizontal) and bool(widget.query(Button)))
