"""Where the person types: Enter sends, `/` completes commands (hint and consent state), `@`
completes bots and users, a command's suggestion handler feeds the list as arguments are typed,
Up recalls the last input."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from cliqsim.frontend.terminal import printable
from cliqsim.platform.runtime import Suggestion


@dataclass(frozen=True, slots=True)
class Completion:
    """One entry of the completion list: `insert` replaces what is being completed."""

    insert: str
    label: Text
    suggestion: Suggestion | None = None


Completer = Callable[[str], list[Completion]]  # "/" and "@" completions for the text so far
Suggester = Callable[[str], Awaitable[list[Suggestion]]]  # a command's live suggestions
Sender = Callable[[str, tuple[Suggestion, ...]], None]  # sends the text and the chosen suggestions
PLACEHOLDER = "Message, /command or @mention (Enter sends, Up recalls)"
SHORT_PLACEHOLDER = "Message, /command or @mention"  # where the whole one does not fit


class ComposerInput(Input):
    """The text box. Up / Down / Tab / Escape drive the completion list while it is open."""

    # The box's width never depends on its text (it has no auto width and no scrollbars), so a
    # change of text need not re-lay out the whole screen as `Widget.virtual_size` asks for:
    # only the box repaints (each keystroke, and the clearing when a message is sent).
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    BINDINGS = [
        Binding("up", "composer_up", "Recall", show=False),
        Binding("down", "composer_down", show=False),
        Binding("tab", "composer_accept", "Complete", show=False),
        Binding("escape", "composer_close", show=False),
    ]

    async def _on_key(self, event: events.Key) -> None:
        """Enter sends what is in the box when it is pressed. As a binding it ran only once the
        key had bubbled back up, after the keys typed right behind it (a terminal delivers a
        quick `Enter x` in one read), so they went out with the message."""
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            return
        await super()._on_key(event)

    def on_resize(self, event: events.Resize) -> None:
        room = self.content_region.width - 1  # (the cursor)
        self.placeholder = PLACEHOLDER if len(PLACEHOLDER) <= room else SHORT_PLACEHOLDER

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        composer = self.parent
        if action in ("composer_down", "composer_accept", "composer_close"):
            return isinstance(composer, Composer) and composer.completing
        return True

    def action_composer_up(self) -> None:
        composer = self.parent
        if isinstance(composer, Composer):
            composer.up()

    def action_composer_down(self) -> None:
        if isinstance(self.parent, Composer):
            self.parent.move_completion(1)

    def action_composer_accept(self) -> None:
        if isinstance(self.parent, Composer):
            self.parent.accept()

    def action_composer_close(self) -> None:
        if isinstance(self.parent, Composer):
            self.parent.close_completion()


class CompletionList(OptionList):
    """The completion list. It floats over the bottom of the messages, just above the text
    box (a layer of its own in the conversation), so opening, resizing or closing it moves
    nothing else on screen; a chosen entry goes to its composer."""

    def __init__(self) -> None:
        super().__init__(id="completion")
        self.composer: Composer | None = None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.composer is not None:
            self.composer.take(event.option_index)


class Composer(Vertical):
    def __init__(self, completer: Completer, suggester: Suggester, sender: Sender,
                 completion: CompletionList, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._completer = completer
        self._suggester = suggester
        self._sender = sender  # called directly: a posted message would take hops to arrive
        self._completion = completion  # mounted by the screen, beside the conversation
        completion.composer = self
        self._entries: list[Completion] = []
        self._history: list[str] = []
        self._selections: list[Suggestion] = []
        self._chosen = False  # the person moved through the list: Enter accepts

    def compose(self) -> ComposeResult:
        yield ComposerInput(placeholder=PLACEHOLDER, id="composer-input",
                            select_on_focus=False)

    @property
    def input(self) -> ComposerInput:
        return self.query_one(ComposerInput)

    @property
    def completion(self) -> OptionList:
        return self._completion

    @property
    def completing(self) -> bool:
        return bool(self._entries) and self.completion.display

    # --- completion ------------------------------------------------------------------------

    @on(Input.Changed, "#composer-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value
        if not text.strip():
            self._selections.clear()
        self._chosen = False
        entries = self._completer(text)
        self._show(entries)
        if not entries and text.startswith("/") and " " in text:
            self.run_worker(self._suggest(text), exclusive=True, group="suggest",
                            exit_on_error=False)

    async def _suggest(self, text: str) -> None:
        suggestions = await self._suggester(text)
        if self.input.value != text:
            return  # typed on meanwhile
        command, _, _ = text.partition(" ")
        self._show([Completion(f"{command} {s.title}",
                               Text.assemble((printable(s.label), "bold"),
                                             (printable(f"  {s.description}")
                                              if s.title else "", "dim")),
                               s) for s in suggestions])

    def _show(self, entries: list[Completion]) -> None:
        had = bool(self._entries)
        self._entries = entries
        completion = self.completion
        if not entries:
            if had or completion.display:
                completion.clear_options()
                completion.display = False
            return
        completion.clear_options()
        completion.add_options([Option(e.label) for e in entries])
        completion.highlighted = 0
        completion.display = True

    def move_completion(self, step: int) -> None:
        completion = self.completion
        if completion.highlighted is None:
            completion.highlighted = 0
        else:
            completion.highlighted = (completion.highlighted + step) % len(self._entries)
        self._chosen = True

    def accept(self) -> None:
        index = self.completion.highlighted or 0
        if not self._entries:
            return
        entry = self._entries[index]
        if entry.suggestion is not None:
            self._selections.append(entry.suggestion)
        value = entry.insert if entry.suggestion is not None else entry.insert + " "
        self.close_completion()
        with self.input.prevent(Input.Changed):
            self.input.value = value
        self.input.cursor_position = len(value)
        if entry.suggestion is None:
            self._changed(Input.Changed(self.input, value))

    def close_completion(self) -> None:
        self._chosen = False
        if self._entries or self.completion.display:
            self._entries = []
            self.completion.display = False

    def up(self) -> None:
        if self.completing:
            self.move_completion(-1)
        elif self._history and not self.input.value:
            with self.input.prevent(Input.Changed):
                self.input.value = self._history[-1]
            self.input.cursor_position = len(self.input.value)

    def take(self, index: int) -> None:
        """The entry clicked (or chosen with Enter while the list has focus)."""
        self.completion.highlighted = index
        self.accept()
        self.input.focus()

    # --- sending ---------------------------------------------------------------------------

    @on(Input.Submitted, "#composer-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.completing and self._chosen:
            self.accept()
            return
        text = event.value.strip()
        if not text:
            return
        self._history.append(text)
        selections = tuple(self._selections)
        self._selections.clear()
        self._sender(text, selections)  # first: it may hold the frame this clearing would paint
        self.close_completion()
        box = self.input
        # keys typed after Enter (already in the box) begin the next message
        after = box.value[len(event.value):] if box.value.startswith(event.value) else ""
        with box.prevent(Input.Changed):
            box.value = after
            box.cursor_position = len(after)
