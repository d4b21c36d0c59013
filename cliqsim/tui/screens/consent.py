"""The consent dialog: what a component's code touches, whose account, where in the code, why
it is asking now, and for how long, and where each field's value goes. Space (or Enter) unticks
the highlighted item — its object reaches the script as null, its task or call is blocked; `a`
allows, `o` allows this run only, `r` shows a dry run first, `d` or Escape denies.

Layout rule (any terminal size): the list of items comes first. The code pane gets only the rows
the items leave over and disappears when fewer than `CODE_MIN_ROWS` are left; where even the
items do not fit, the line under them counts the items above and below and names the keys that
reach them. The answers are `CHOICES` (one button and one key each): add an answer there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from cliqsim.consent.items import KIND_TITLES
from cliqsim.consent.target_text import shown_target
from cliqsim.frontend.terminal import Printable, printable
from cliqsim.platform.runtime import PendingRun
from cliqsim.tui.screens.dialog import Dialog
from cliqsim.tui.widgets.footer import FittingFooter

SourceReader = Callable[[str, str], str]  # (component id, file) -> the file's text
CONTEXT_LINES = 1
MAX_PLACES = 4
"""Places in the code shown per item."""
CODE_MIN_ROWS = 4
"""The code pane shows only with at least this many rows (its border plus two lines)."""
TIGHT_ROWS = 16
"""Below this many rows inside the dialog, the title, reason and validity take one line each and
the items lose their frame (`-tight`), so that at 40x12 items and both answers still show."""
GUTTER = 9
"""Columns before the source text in the code pane: `  1234 │ `."""


REASON_TITLES = {
    "first_run": "First run",
    "expired": "Consent expired",
    "revoked": "Consent revoked",
    "changed": "The code changed",
}


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer to the dialog: its button, its key and what the dialog dismisses with."""

    id: str
    label: str
    keys: str  # Textual key list, the first is shown on the button
    variant: str
    answer: bool
    once: bool = False  # a consent for this run only (not offered for an extension install)
    dry_run: bool = False  # show what a run would do, apply nothing, then ask again


BUTTON_MIN_WIDTH = 16  # Textual's Button
CHOICES = (
    Choice("allow", "Allow", "a", "success", True),
    Choice("once", "Allow once", "o", "default", True, once=True),
    Choice("dry", "Dry run", "r", "primary", False, dry_run=True),
    Choice("deny", "Deny", "d,escape", "error", False),
)


@dataclass(frozen=True, slots=True)
class ConsentAnswer:
    """What the person chose: allow or not, the keys of the items unticked, for one run only.
    Truthy when it allows (so `bool(answer)` still reads as allow / deny)."""

    allow: bool
    refused: tuple[str, ...] = ()
    once: bool = False
    dry_run: bool = False  # not an answer yet: show a dry run, then open the dialog again

    def __bool__(self) -> bool:
        return self.allow


def whose(credentials: str) -> str:
    return "your account" if credentials == "user" else "admin's account"


class ConsentItems(OptionList):
    """The items, by section; Up / Down move through them (the code pane follows)."""

    BINDINGS = [
        Binding("up", "cursor_up", "Prev item", key_display="↑"),
        Binding("down", "cursor_down", "Next item", key_display="↓"),
        Binding("pageup", "page_up", "Page", show=False),
        Binding("pagedown", "page_down", "Page", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]


class ConsentScreen(Dialog[ConsentAnswer]):
    """Dismisses with a `ConsentAnswer` made from the chosen `Choice` and the unticked items."""

    ARM_SECONDS = 0.5
    """Allow and Allow once (keys and buttons) work only this long after the dialog was first
    painted: keys typed ahead (the rest of a message, `a` pressed for what came before) must not
    allow what the person has not seen. Browsers delay their permission prompts' buttons the
    same way. Deny, Dry run and the ticks work at once."""

    BINDINGS = [  # the footer shows Allow and Deny first: at 60 columns the rest drop out
        *(Binding(c.keys, f"choose('{c.id}')", c.label, key_display=c.keys.split(",")[0])
          for c in sorted(CHOICES, key=lambda c: c.id not in ("allow", "deny"))),
        Binding("space", "toggle_item", "Untick", key_display="space"),
    ]

    def __init__(self, request: Any, pending: PendingRun, source: SourceReader,
                 flows: tuple[Any, ...] = (), unticked: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.request = request
        self.pending = pending
        self._source = source
        self._flows = flows  # DataFlow: where each field's value ends up
        self.unticked: set[str] = set(unticked)  # keys of the items the person unticked
        self._items: list[Any] = []
        self._shown: Any = None  # the item whose code is shown
        self._around = CONTEXT_LINES  # lines shown around each use (0 when rows are short)
        self._armed = self.ARM_SECONDS <= 0  # may Allow / Allow once answer yet?
        self._told_to_wait = False

    def compose(self) -> ComposeResult:
        request, pending = self.request, self.pending
        kind = request.manifest.component_type or pending.trigger
        who = "the organization" if pending.org else "your account"
        with Vertical(id="consent-dialog"):
            yield Static(Text.assemble((pending.component_name, "bold"), f"  ({kind})",
                                       ("  asks for consent for " + who, "dim")),
                         id="consent-title")
            yield Static(self._reason(), id="consent-reason")
            yield ConsentItems(*self._options(), id="consent-items")
            yield Static("", id="consent-more")
            with VerticalScroll(id="consent-code-box"):
                yield Static(id="consent-code")
            yield Static(Text(f"Valid for 60 days, until {request.valid_until:%Y-%m-%d}. "
                              f"You did: {pending.description}", style="dim"),
                         id="consent-validity")
            with Horizontal(id="consent-buttons"):
                for choice in CHOICES:
                    if choice.once and pending.org:
                        continue  # an install consent is for the organization, not one run
                    key = choice.keys.split(",")[0]
                    yield Button(f"{choice.label} ({key})", variant=choice.variant,  # type: ignore[arg-type]
                                 id=choice.id, compact=True,
                                 disabled=choice.answer and not self._armed)
        yield FittingFooter()

    def on_mount(self) -> None:
        if not self.query(ConsentItems):
            return  # the app is closing: its parts went before this message was handled
        items = self.query_one(ConsentItems)
        items.focus()
        first = next((i for i, o in enumerate(items.options) if not o.disabled), None)
        if first is not None:
            items.highlighted = first
        self._show_code(self._items[0] if self._items else None)
        self.watch(items, "scroll_y", self._count_hidden, init=False)
        self.call_after_refresh(self.fit)
        if not self._armed:  # counted from the first paint, not from when it was built
            self.call_after_refresh(self.set_timer, self.ARM_SECONDS, self._arm)

    def _arm(self) -> None:
        self._armed = True
        if self._told_to_wait:  # the "waits a moment" line has said what it had to
            self.hide_notice()
        for choice in CHOICES:
            if choice.answer and self.query(f"#{choice.id}"):
                self.query_one(f"#{choice.id}", Button).disabled = False

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An extension install is all or nothing: no ticks and no Allow once, so the footer
        does not offer their keys."""
        if self.pending.org and (action == "toggle_item" or (
                action == "choose" and parameters and parameters[0] == "once")):
            return False
        return True

    # --- layout ----------------------------------------------------------------------------

    def fit(self) -> None:
        """Give the items the rows they need first; the code pane gets what is left, up to what
        the longest item's code needs; the dialog is as tall as its parts (at most the screen
        above the footer)."""
        if not self.is_attached or not self.query(ConsentItems):
            return  # answered meanwhile (this runs after a refresh)
        dialog = self.query_one("#consent-dialog")
        items = self.query_one(ConsentItems)
        code = self.query_one("#consent-code-box")
        more = self.query_one("#consent-more", Static)
        chrome = dialog.outer_size.height - dialog.content_region.height
        footer = self.query_one(FittingFooter).outer_size.height
        tallest = dialog.styles.max_height
        limit = self.size.height - footer
        if tallest is not None and tallest.is_cells:
            limit = min(limit, int(tallest.value))
        inner = limit - chrome
        if inner <= 0 or not self.size.width:
            return
        tight = inner < TIGHT_ROWS
        if tight != dialog.has_class("-tight"):  # one line each for the texts around the items
            dialog.set_class(tight, "-tight")
            self.call_after_refresh(self.fit)
            return
        buttons = self.query_one("#consent-buttons")
        # (the width of each in one row: Textual's minimum of 16 applies there, not stacked)
        needed = sum(max(len(str(b.label)) + 2, BUTTON_MIN_WIDTH) + 2  # + margin
                     for b in buttons.query(Button))
        stacked = not tight and 0 < dialog.content_region.width < needed  # rows to spare
        if stacked != buttons.has_class("-stacked"):  # two by two where one row is too narrow
            buttons.set_class(stacked, "-stacked")
            self.call_after_refresh(self.fit)
            return
        fixed = sum(w.outer_size.height for w in dialog.children
                    if w not in (items, code, more) and w.display)
        border = (items.styles.border_top[0] not in ("", "none")) + (
            items.styles.border_bottom[0] not in ("", "none"))
        needed = max(items.option_count, items.virtual_size.height) + border
        room = inner - fixed
        used = 0
        if room - needed >= CODE_MIN_ROWS:
            items.styles.height = needed
            code.display = True
            more.display = False
            context = CONTEXT_LINES if room - needed >= self._code_rows(CONTEXT_LINES) else 0
            if context != self._around:  # short of rows: the used lines without context
                self._around = context
                self._show_code(self._shown)
            rows = min(room - needed, self._code_rows(context))
            code.styles.height = rows
            used = needed + rows
        else:
            code.display = False
            fits = room >= needed
            more.display = not fits
            height = max(1 + border, needed if fits else room - 1)
            items.styles.height = height
            used = height + (0 if fits else 1)
        dialog.styles.height = chrome + fixed + used
        items.scroll_to_highlight()
        self.call_after_refresh(self._count_hidden)

    def _code_rows(self, context: int) -> int:
        """Rows the code pane needs for the item with the most code: its frame, and per place
        its `file:line:column` and the used lines with `context` lines either side."""
        most = 1
        for item in self._items:
            rows = sum(2 + loc.end_line - loc.line + 2 * context
                       for loc in item.locations[:MAX_PLACES])
            flows = sum(1 for f in self._flows if f.source == item.target)
            most = max(most, rows + (flows + 1 if flows else 0))
        return most + 2

    def _count_hidden(self, *_: object) -> None:
        """`↓: 3 more items below` when items are out of view; nothing otherwise."""
        if not self.is_attached or not self.query(ConsentItems):
            return  # answered meanwhile (this runs after a refresh)
        items = self.query_one(ConsentItems)
        more = self.query_one("#consent-more", Static)
        if not more.display:
            return
        more.update(more_text(*hidden_items(items)))

    # --- content ---------------------------------------------------------------------------

    def _reason(self) -> RenderableType:
        request = self.request
        title = REASON_TITLES.get(request.reason, request.reason)
        return Text.assemble((f"{title}: ", "bold yellow"), printable(request.reason_text))

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
                options.append(Option(Text(f"- {printable(item.purpose)}", style="red strike"),
                                      disabled=True))
        return options

    def _label(self, item: Any, new: bool) -> Text:
        """`[x] • Reads your email address  your account`; unticked: `[ ]`, struck through,
        with what that means for the run. An install consent has no ticks (all or nothing)."""
        unticked = item.key in self.unticked
        label = Text("") if self.pending.org else Text(
            "[ ] " if unticked else "[x] ", style="dim" if unticked else "green")
        label.append("+ " if new else "• ", style="bold green" if new else "")
        label.append(printable(item.purpose), style="strike dim" if unticked else (
            "green" if new else ""))
        label.append(f"  {whose(item.credentials)}", style="dim")
        if item.flagged:
            label.append(f"  ⚠ {printable(item.note)}", style="yellow")
        if new:
            label.append("  new", style="bold green")
        if unticked:
            label.append("  refused: " + ("null for the script" if item.kind == "object"
                                           else "blocked"), style="yellow")
        return label

    def action_toggle_item(self) -> None:
        """Untick (or tick again) the highlighted item."""
        if self.pending.org or not self.query(ConsentItems):
            return
        items = self.query_one(ConsentItems)
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
        self.call_after_refresh(self._count_hidden)

    def _show_code(self, item: Any) -> None:
        found = self.query("#consent-code")
        if not found:
            return  # answered meanwhile: the highlight message came after the dialog's parts went
        code = found.first(Static)
        if item is None:
            code.update("")
            return
        self._shown = item
        self.query_one("#consent-code-box").border_title = (
            f"{shown_target(item.target)}: where the code uses it")
        parts: list[RenderableType] = []
        if not item.locations:
            parts.append(Text("granted for the whole organization (no single line of code)"
                              if item.kind == "org" else "no code location recorded",
                              style="dim"))
        for location in item.locations[:MAX_PLACES]:
            parts.append(Text(str(location), style="cyan"))
            parts.append(self._lines(location))
        flows = [f for f in self._flows if f.source == item.target]
        if flows:
            parts.append(Text("Where its value goes:", style="bold"))
            for flow in flows:
                parts.append(Text.assemble(("  → ", "bold"), flow.to,
                                           (f"  {flow.location.file} line {flow.location.line}",
                                            "dim")))
        code.update(Printable(Group(*parts)))  # code lines: no control character acts

    def _lines(self, location: Any) -> Text:
        try:
            lines = self._source(self.pending.component, location.file).splitlines()
        except Exception:  # the file moved or the package belongs elsewhere: show what we have
            return Text(f"  {location.line:>4} │ {location.text}", style="dim", no_wrap=True)
        box = self.query_one("#consent-code-box")
        width = (box.scrollable_content_region.width or 100) - GUTTER
        start = code_window(location.column, max(len(line) for line in lines or [""]), width)
        text = Text(no_wrap=True, overflow="ellipsis")
        first = max(1, location.line - self._around)
        last = min(len(lines), location.end_line + self._around)
        for number in range(first, last + 1):
            line = lines[number - 1]
            used = location.line <= number <= location.end_line
            text.append(f"  {number:>4} │ ", style="bold" if used else "dim")
            shown = ("…" + line[start + 1:]) if start else line
            piece = Text(shown, style="bold" if used else "dim")
            if number == location.line:  # the use itself, underlined
                end = location.end_column if location.end_line == number else len(line) + 1
                piece.stylize("underline", max(0, location.column - 1 - start),
                              max(0, end - 1 - start))
            text.append_text(piece)
            text.append("\n")
        text.rstrip()
        return text

    # --- answers ---------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(event.button.id or "deny")

    def action_choose(self, choice_id: str) -> None:
        choice = next((c for c in CHOICES if c.id == choice_id), CHOICES[-1])
        if choice.once and self.pending.org:
            return
        if choice.answer and not self._armed:  # typed ahead: the person has not seen it yet
            self.show_notice(f"press {choice.keys[0]} again once you have read it",
                             f"{choice.label} waits a moment", "warning")
            self._told_to_wait = True
            return
        keep = (choice.answer or choice.dry_run) and not self.pending.org
        refused = tuple(sorted(self.unticked)) if keep else ()
        self.dismiss(ConsentAnswer(choice.answer, refused, once=choice.once,
                                   dry_run=choice.dry_run))

    def action_allow(self) -> None:
        self.action_choose("allow")

    def action_allow_once(self) -> None:
        self.action_choose("once")

    def action_deny(self) -> None:
        self.action_choose("deny")



def code_window(column: int, longest: int, width: int) -> int:
    """The first source column (0-based) to show so that `column` (1-based) sits in the left
    third of a pane `width` cells wide: 0 while it already shows. Lines are never cut before
    the column the item points at."""
    if longest <= width or column <= width * 2 // 3:
        return 0
    return max(0, column - 1 - width // 3)


def more_text(above: int, below: int) -> Text:
    """The line under items that do not all fit: the keys first (narrow dialogs cut the end),
    then how many items are out of view: `↑↓: 1 more item above, 3 below`."""
    if above and below:
        return Text(f"↑↓: {above} more {_items(above)} above, {below} below", style="bold yellow")
    if above or below:
        key, count, where = ("↑", above, "above") if above else ("↓", below, "below")
        return Text(f"{key}: {count} more {_items(count)} {where}", style="bold yellow")
    return Text("")


def _items(count: int) -> str:
    return "item" if count == 1 else "items"


def hidden_items(items: OptionList) -> tuple[int, int]:
    """How many enabled options (items, not section titles) lie wholly or partly above and
    below the visible rows of `items`."""
    lines = items._lines  # (option index, line within the option) per rendered line
    top = round(items.scroll_y)
    bottom = top + items.scrollable_content_region.height
    options = items.options
    above = {i for i, _ in lines[:top] if not options[i].disabled}
    below = {i for i, _ in lines[bottom:] if not options[i].disabled}
    return len(above), len(below)

