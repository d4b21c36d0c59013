"""The consent dialog: what a component's code touches, whose account, where in the code, why
it is asking now, and for how long. Space (or Enter) unticks an item — its object reaches the
script as null, its task or call is blocked; `a` allows, `o` allows this run only, `d` or
Escape denies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from cliqsim.consent.items import KIND_TITLES
from cliqsim.platform.runtime import PendingRun

SourceReader = Callable[[str, str], str]  # (component id, file) -> the file's text
CONTEXT_LINES = 1

REASON_TITLES = {
    "first_run": "First run",
    "expired": "Consent expired",
    "revoked": "Consent revoked",
    "changed": "The code changed",
}


def whose(credentials: str) -> str:
    return "your account" if credentials == "user" else "admin's account"


@dataclass(frozen=True, slots=True)
class ConsentAnswer:
    """What the person chose: allow or not, the keys of the items unticked, for one run only.
    Truthy when it allows (so `bool(answer)` still reads as allow / deny)."""

    allow: bool
    refused: tuple[str, ...] = ()
    once: bool = False

    def __bool__(self) -> bool:
        return self.allow


class ConsentScreen(ModalScreen[ConsentAnswer]):
    """Dismisses with a `ConsentAnswer`."""

    BINDINGS = [
        Binding("a", "allow", "Allow"),
        Binding("o", "allow_once", "Allow once"),
        Binding("space", "toggle_item", "Untick / tick"),
        Binding("d", "deny", "Deny"),
        Binding("escape", "deny", "Deny", show=False),
    ]

    def __init__(self, request: Any, pending: PendingRun, source: SourceReader,
                 flows: tuple[Any, ...] = ()) -> None:
        super().__init__()
        self.request = request
        self.pending = pending
        self._source = source
        self._flows = flows  # DataFlow: where each field's value ends up
        self._items: list[Any] = []
        self.unticked: set[str] = set()  # keys of the items the person unticked

    def compose(self) -> ComposeResult:
        request, pending = self.request, self.pending
        kind = request.manifest.component_type or pending.trigger
        who = "the organization" if pending.org else "your account"
        with Vertical(id="consent-dialog"):
            yield Static(Text.assemble((pending.component_name, "bold"), f"  ({kind})",
                                       ("  asks for consent for " + who, "dim")),
                         id="consent-title")
            yield Static(self._reason(), id="consent-reason")
            yield OptionList(*self._options(), id="consent-items")
            yield VerticalScroll(Static(id="consent-code"), id="consent-code-box")
            untick = "" if pending.org else " Space unticks the highlighted item."
            yield Static(Text(f"Valid for 60 days, until {request.valid_until:%Y-%m-%d}. "
                              f"You did: {pending.description}.{untick}", style="dim"),
                         id="consent-validity")
            with Horizontal(id="consent-buttons"):
                yield Button("Allow (a)", variant="success", id="allow")
                if not pending.org:
                    yield Button("Allow once (o)", id="once")
                yield Button("Deny (d / Esc)", variant="error", id="deny")

    def on_mount(self) -> None:
        items = self.query_one("#consent-items", OptionList)
        items.focus()
        first = next((i for i, o in enumerate(items.options) if not o.disabled), None)
        if first is not None:
            items.highlighted = first
        self._show_code(self._items[0] if self._items else None)

    def _reason(self) -> RenderableType:
        request = self.request
        title = REASON_TITLES.get(request.reason, request.reason)
        return Text.assemble((f"{title}: ", "bold yellow"), request.reason_text)

    def _options(self) -> list[Option]:
        request = self.request
        added = {item.key for item in request.diff.added} if request.diff else set()
        options: list[Option] = []
        self._items = []
        for kind, title in KIND_TITLES.items():
            items = [item for item in request.items if item.kind == kind]
            if not items:
                continue
            options.append(Option(Text(title, style="bold underline"), disabled=True))
            for item in items:
                options.append(Option(self._label(item, item.key in added),
                                      id=f"item{len(self._items)}"))
                self._items.append(item)
        if request.diff is not None and request.diff.removed:
            options.append(Option(Text("No longer used", style="bold underline"), disabled=True))
            for item in request.diff.removed:
                options.append(Option(Text(f"- {item.purpose}", style="red strike"),
                                      disabled=True))
        return options

    def _label(self, item: Any, new: bool) -> Text:
        unticked = item.key in self.unticked
        label = Text("[ ] " if unticked else "[x] ", style="dim" if unticked else "green")
        if self.pending.org:  # the org admin's install consent is all or nothing
            label = Text("")
        label.append("+ " if new else "• ", style="bold green" if new else "")
        label.append(item.purpose, style="strike dim" if unticked else (
            "green" if new else ""))
        label.append(f"  {whose(item.credentials)}", style="dim")
        if item.flagged:
            label.append(f"  ⚠ {item.note}", style="yellow")
        if new:
            label.append("  new", style="bold green")
        if unticked:
            label.append("  refused: " + ("null for the script" if item.kind == "object"
                                           else "blocked"), style="yellow")
        return label

    def action_toggle_item(self) -> None:
        """Untick (or tick again) the highlighted item."""
        if self.pending.org:
            return
        items = self.query_one("#consent-items", OptionList)
        index = items.highlighted
        if index is None:
            return
        option_id = items.get_option_at_index(index).id or ""
        if not option_id.startswith("item"):
            return
        item = self._items[int(option_id[4:])]
        self.unticked ^= {item.key}
        added = {i.key for i in self.request.diff.added} if self.request.diff else set()
        items.replace_option_prompt(option_id, self._label(item, item.key in added))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle_item()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("item"):
            self._show_code(self._items[int(option_id[4:])])

    def _show_code(self, item: Any) -> None:
        code = self.query_one("#consent-code", Static)
        if item is None:
            code.update("")
            return
        parts: list[RenderableType] = [Text(f"{item.target} — where the code uses it:",
                                            style="bold")]
        if not item.locations:
            parts.append(Text("granted for the whole organization (no single line of code)"
                              if item.kind == "org" else "no code location recorded",
                              style="dim"))
        for location in item.locations[:4]:
            parts.append(Text(str(location), style="cyan"))
            parts.append(self._lines(location))
        flows = [f for f in self._flows if f.source == item.target]
        if flows:
            parts.append(Text("Where its value goes:", style="bold"))
            for flow in flows:
                parts.append(Text.assemble(("  → ", "bold"), flow.to,
                                           (f"  {flow.location.file} line {flow.location.line}",
                                            "dim")))
        code.update(Group(*parts))

    def _lines(self, location: Any) -> Text:
        try:
            lines = self._source(self.pending.component, location.file).splitlines()
        except Exception:  # the file moved or the package belongs elsewhere: show what we have
            return Text(f"  {location.line:>4} │ {location.text}", style="dim")
        text = Text()
        first = max(1, location.line - CONTEXT_LINES)
        last = min(len(lines), location.end_line + CONTEXT_LINES)
        for number in range(first, last + 1):
            line = lines[number - 1]
            if len(line) > 110:
                line = line[:107] + "..."
            style = "bold" if location.line <= number <= location.end_line else "dim"
            text.append(f"  {number:>4} │ {line}\n", style=style)
        text.rstrip()
        return text

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "allow":
            self.action_allow()
        elif event.button.id == "once":
            self.action_allow_once()
        else:
            self.action_deny()

    def _refused(self) -> tuple[str, ...]:
        return tuple(sorted(self.unticked)) if not self.pending.org else ()

    def action_allow(self) -> None:
        self.dismiss(ConsentAnswer(True, self._refused()))

    def action_allow_once(self) -> None:
        if not self.pending.org:
            self.dismiss(ConsentAnswer(True, self._refused(), once=True))

    def action_deny(self) -> None:
        self.dismiss(ConsentAnswer(False))
