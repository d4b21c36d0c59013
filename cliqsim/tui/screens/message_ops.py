"""Editing or deleting your own message and setting a custom status, as a person does in Cliq:
the message's menu (`m` / F8) offers Edit and Delete on your own messages (also `Ctrl+E` and
`Delete` on the selected message), and `s` (or Ctrl+P › Status) sets a custom status.

Each runs the ready-made event `cliqsim trigger --event edit|delete|status` runs headless
(`Runtime.trigger_event`): one path, so a channel's participant bots hear `message_edited` /
`message_deleted` and the status change handler of each bot the person is subscribed to runs
(Zoho, "Bot Status Change Handler": `current_status {text, state}`, state Available or Busy).
What the person typed is sent as data: the screens show it with `Text`, never as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from cliqsim.platform.messages import DELETED, Message
from cliqsim.tui.screens.dialog import Dialog
from cliqsim.tui.screens.pickers import ChoiceList, ChoiceScreen
from cliqsim.tui.widgets.footer import FittingFooter

EDIT = "_edit"
DELETE = "_delete"
THREAD = "_thread"
"""The ids of the built-in entries of a message's menu (a component id never starts with `_`:
the loader skips such folders, so no message action can take these)."""

STATES = ("Available", "Busy")
MAX_STATUS = 100


def own_message(message: Message, user_id: str) -> bool:
    """Is `message` one the person may edit or delete: their own, not deleted already."""
    return (message.sender.kind == "user" and message.sender.id == user_id
            and message.text != DELETED)


def builtin_options(message: Message, user_id: str, chat_type: str) -> list[Option]:
    """Reply in thread (a channel message), then Edit and Delete (the person's own message),
    first in the message's menu (as in Cliq)."""
    options = []
    if chat_type == "channel" and message.text != DELETED:
        options.append(Option(Text.assemble(("Reply in thread", "bold"),
                                            "  the channel's bots follow it"), id=THREAD))
    if own_message(message, user_id):
        options += [Option(Text.assemble(("Edit", "bold"), "  change the text (Ctrl+E)"),
                           id=EDIT),
                    Option(Text.assemble(("Delete", "bold"), "  for everyone (Delete)"),
                           id=DELETE)]
    return options


EDIT_HINT = "Enter saves, Esc keeps it as it was. Bots taking part in the channel hear the edit."
THREAD_HINT = ("Enter sends it to the message's thread (started on the first reply); "
               "Esc cancels.")


class EditScreen(Dialog[str | None]):
    """The message's text to change (or, titled otherwise, a thread reply to write);
    dismisses with the text (None on Escape or when nothing changed)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, text: str, title: str = "Edit message", hint: str = EDIT_HINT) -> None:
        super().__init__()
        self.text = text
        self.title_text = title
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Static(Text(self.hint, style="dim"))
            # the cursor goes after the text, as Cliq's edit box has it: typing adds to the
            # message instead of replacing it
            yield Input(self.text, placeholder="the new text", id="edit-text",
                        select_on_focus=False)
            yield Static("", id="edit-error", classes="field-error")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#edit-text", Input).focus()

    @on(Input.Submitted, "#edit-text")
    def _save(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            error = self.query_one("#edit-error", Static)
            error.update("The text is empty." + (" To remove the message, delete it instead."
                                                 if self.text else ""))
            error.add_class("-shown")
            return
        self.dismiss(text if text != self.text.strip() else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def delete_screen(message: Message) -> ChoiceScreen:
    """Cliq asks before deleting; dismisses with `DELETE` or None."""
    preview = (message.text or "").splitlines()[0][:70] if message.text else ""
    return ChoiceScreen("Delete this message for everyone?",
                        [Option(Text("Delete", style="bold red"), id=DELETE),
                         Option("Keep it", id="keep")],
                        f"{preview}" if preview else "")


class StatusScreen(Dialog[tuple[str, str] | None]):
    """A custom status: the text, then the state (Available or Busy); dismisses with
    `(text, state)` or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, text: str = "", state: str = "Available") -> None:
        super().__init__()
        self.text = text
        self.state = state if state in STATES else STATES[0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Set a custom status", style="bold"))
            yield Static(Text("Type the status, Enter, then pick the state (Up / Down, "
                              "Enter). Bots you are subscribed to hear it (their status "
                              "change handler). Esc cancels.", style="dim"))
            yield Input(self.text, placeholder="In a meeting", max_length=MAX_STATUS,
                        id="status-text")
            yield ChoiceList(*(Option(state, id=state) for state in STATES), id="states")
            yield Static("", id="status-error", classes="field-error")
        yield FittingFooter()

    def on_mount(self) -> None:
        states = self.query_one("#states", OptionList)
        states.highlighted = STATES.index(self.state)
        self.query_one("#status-text", Input).focus()

    @on(Input.Submitted, "#status-text")
    def _typed(self) -> None:
        self.query_one("#states", OptionList).focus()

    @on(OptionList.OptionSelected, "#states")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        text = self.query_one("#status-text", Input).value.strip()
        if not text:
            error = self.query_one("#status-error", Static)
            error.update("Type the status first (a custom status has a text).")
            error.add_class("-shown")
            self.query_one("#status-text", Input).focus()
            return
        self.dismiss((text, str(event.option.id)))

    def action_cancel(self) -> None:
        self.dismiss(None)
