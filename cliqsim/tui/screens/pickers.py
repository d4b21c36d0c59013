"""Small choosers: act as another user, move simulated time, a button's confirm popup, the
location prompt."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from cliqsim.platform.messages import Confirm
from cliqsim.platform.runtime import UserInfo
from cliqsim.tui.screens.dialog import Dialog
from cliqsim.tui.widgets.footer import FittingFooter

TIME_STEPS = (("+1d", "+1 day"), ("+30d", "+30 days"), ("+61d", "+61 days (past a 60-day grant)"))


class ChoiceList(OptionList):
    """The options of a chooser; its keys show in the footer."""

    BINDINGS = [
        Binding("enter", "select", "Choose", key_display="⏎"),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
    ]


class ChoiceScreen(Dialog[str | None]):
    """A titled list; dismisses with the chosen option's id (None on Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, options: list[Option], note: str = "") -> None:
        super().__init__()
        self.choice_title = title
        self.options = options
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.choice_title, style="bold"))
            if self.note:
                yield Static(Text(self.note, style="dim"))
            yield ChoiceList(*self.options, id="choices")
            yield from self.extra()
        yield FittingFooter()

    def extra(self) -> ComposeResult:
        return iter(())

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def user_chooser(users: list[UserInfo], current: str) -> ChoiceScreen:
    options = [Option(Text.assemble((u.name, "bold" if u.id == current else ""),
                                    f"  {u.email}", (f"  {u.role}", "dim"),
                                    ("  (you now)" if u.id == current else "", "dim")),
                      id=u.id) for u in users]
    return ChoiceScreen("Act as another user", options)


class TimeScreen(ChoiceScreen):
    """Move simulated time: a step, or a date typed as 2027-02-01 (or +10d)."""

    def __init__(self, now_text: str) -> None:
        super().__init__("Move simulated time forward",
                         [Option(label, id=step) for step, label in TIME_STEPS],
                         f"Now: {now_text}. Schedulers fire as they fall due. Pick a "
                         "step, or type a date (2027-02-01, 2027-02-01T09:00) or an offset "
                         "(+10d) and press Enter.")

    def extra(self) -> ComposeResult:
        yield Input(placeholder="2027-02-01 or +10d", id="when")  # whole at 60 columns

    @on(Input.Submitted, "#when")
    def _typed(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())


class ConfirmScreen(Dialog[str | None]):
    """A button's confirm popup; dismisses with the typed input ('' if it asks none) or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, confirm: Confirm, label: str) -> None:
        super().__init__()
        self.confirm = confirm
        self.label = label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.confirm.title or self.label, style="bold"))
            if self.confirm.description:
                yield Static(Text(self.confirm.description), id="confirm-description")
            if self.confirm.input:
                yield Input(placeholder=self.confirm.input, id="confirm-input")
            yield Static("", id="confirm-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(Text(self.confirm.button_label), variant="primary", id="ok")
                yield Button(Text(self.confirm.cancel_label), id="cancel")
        yield FittingFooter()

    def on_mount(self) -> None:
        first = self.query("Input, Button").first()
        first.focus()

    def _answer(self) -> None:
        typed = self.query_one("#confirm-input", Input).value if self.confirm.input else ""
        if self.confirm.input and self.confirm.mandatory and not typed.strip():
            error = self.query_one("#confirm-error", Static)
            error.update("This field is mandatory.")
            error.add_class("-shown")
            return
        self.dismiss(typed)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._answer()
        else:
            self.dismiss(None)

    @on(Input.Submitted, "#confirm-input")
    def _enter(self) -> None:
        self._answer()

    def action_cancel(self) -> None:
        self.dismiss(None)


SAMPLE_LOCATION = "13.0418, 80.2341"  # T. Nagar, Chennai (the samples' org is there)


class LocationScreen(Dialog[str | None]):
    """Cliq's location prompt: type `latitude, longitude` (Enter), or take the sample one.
    Dismisses with the text (checked) or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Share your location", style="bold"))
            yield Static(Text("The component asked for your location. Type it as latitude, "
                              "longitude; it is kept for this session only.", style="dim"))
            yield Input(SAMPLE_LOCATION, placeholder="latitude, longitude", id="where")
            yield Static("", id="where-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("Share (Enter)", variant="primary", id="ok")
                yield Button("Cancel (Esc)", id="cancel")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#where", Input).focus()

    def _answer(self) -> None:
        text = self.query_one("#where", Input).value
        parts = [p.strip() for p in text.split(",")]
        try:
            latitude, longitude = (float(p) for p in parts)
            ok = -90 <= latitude <= 90 and -180 <= longitude <= 180
        except ValueError:
            ok = False
        if not ok:
            error = self.query_one("#where-error", Static)
            error.update("Type two numbers: latitude (-90 to 90), longitude (-180 to 180).")
            error.add_class("-shown")
            return
        self.dismiss(f"{latitude}, {longitude}")

    @on(Input.Submitted, "#where")
    def _enter(self) -> None:
        self._answer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._answer()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
