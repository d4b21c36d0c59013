"""The chat window draws a component's control characters as `\\uXXXX`, never sends them to the
terminal (docs/consents.md, threat model class 11). Textual writes the text of each segment to
the terminal as it is, so the shared renderer itself (`render.body`, `render.header`) and the
message list's button and chip labels must not pass them on."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from rich.console import Console

from cliqsim.frontend.render import body, header, transcript
from cliqsim.platform.messages import Button, Card, Message, Sender, Slide, SuggestionChip
from cliqsim.tui.widgets.message_view import actions_of, lay_out

WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ESC = "\x1b"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NASTY = f"a{ESC}[2J{ESC}]0;owned\x07b\u202ec\x9b1A"


def _message() -> Message:
    return Message(
        "m", "c", Sender("b", f"Bot{ESC}[5m", "bot"), WHEN, text=f"*hi* {NASTY}",
        card=Card(title=f"T{NASTY}", theme="modern-inline"),
        slides=(Slide("table", {"headers": [NASTY], "rows": [{NASTY: NASTY}]}, title=NASTY),
                Slide("list", [NASTY]), Slide("label", [{NASTY: NASTY}])),
        buttons=(Button(f"Go{NASTY}", "invoke.function", {"name": "f"}),),
        suggestions=(SuggestionChip(f"chip{NASTY}"),))


def _segments_text(renderable: object) -> str:
    console = Console(file=io.StringIO(), width=200, force_terminal=True)
    return "".join(s.text for s in console.render(renderable))  # type: ignore[arg-type]


def test_the_renderer_never_passes_control_characters_on() -> None:
    message = _message()
    for renderable in (header(message), body(message), transcript(message)):
        drawn = _segments_text(renderable)
        assert not UNSAFE.search(drawn), repr(UNSAFE.findall(drawn))
    assert "\\u001b[2J" in _segments_text(body(message))


def test_the_message_lists_lines_and_labels_are_clean() -> None:
    console = Console(file=io.StringIO(), width=120, force_terminal=True)
    layout = lay_out(_message(), 120, console)
    for strip in layout.body:
        text = "".join(segment.text for segment in strip)
        assert not UNSAFE.search(text), repr(text)
    for action in actions_of(_message()):
        assert not UNSAFE.search(action.label)
    chip = [a for a in actions_of(_message()) if a.kind == "chip"][0]
    assert chip.chip == f"chip{NASTY}"  # what is sent back stays what the bot suggested


def test_the_inspector_draws_info_lines_and_inputs_escaped() -> None:
    from cliqsim.platform.records import EffectRecord, RunRecord
    from cliqsim.tui.widgets.inspector import run_renderable

    run = RunRecord(
        id="run_1", time=WHEN, user_id="u", chat_id="c", component="esc", handler="h",
        file="run.dg", trigger="command", inputs={"arguments": NASTY}, consent="granted",
        status="ok", info=(f"log {NASTY}",),
        effects=(EffectRecord("api", f"GET https://x.example/{NASTY}", 2, False, NASTY),),
        response=None, error=None, duration_ms=1.0)
    drawn = _segments_text(run_renderable(run))
    assert not UNSAFE.search(drawn), repr(UNSAFE.findall(drawn))
    assert "log a\\u001b[2J" in drawn


def test_a_card_with_control_characters_keeps_its_frame_whole() -> None:
    """The escape was drawn as `\\u001b` after the card was measured (one zero-width character
    became six cells), so that line ran past the frame and lost its right border. The message
    is made printable before it is laid out now."""
    message = Message("m", "c", Sender("b", "Bot", "bot"), WHEN,
                      text=f"[bold red]done[/] {ESC}[31mgot it and more text here",
                      card=Card(title=f"T{ESC}]0;x\x07", theme="modern-inline"),
                      slides=(Slide("label", [{f"k{ESC}": f"v{ESC}[2J"}]),))
    console = Console(file=io.StringIO(), width=60, force_terminal=True)
    layout = lay_out(message, 60, console)
    lines = ["".join(segment.text for segment in strip).rstrip() for strip in layout.body]
    framed = [line for line in lines if line.startswith(("╭", "│", "╰"))]
    assert framed and len({len(line) for line in framed}) == 1, lines
    assert all(line.endswith(("╮", "│", "╯")) for line in framed), lines
    assert any("\\u001b[31mgot" in line for line in lines)


def test_printable_all_returns_the_same_object_when_nothing_needs_it() -> None:
    from cliqsim.frontend.terminal import printable_all

    clean = Message(
        "m", "c", Sender("b", "Bot", "bot"), WHEN, text="hi\nthere",
        slides=(Slide("label", [{"a": "b"}]),))
    assert printable_all(clean) is clean
    dirty = _message()
    cleaned = printable_all(dirty)
    assert cleaned is not dirty and not UNSAFE.search(repr(cleaned.text))
    assert cleaned.id == dirty.id and cleaned.time == dirty.time
