"""The headless commands' plain renderer (`cliqsim.frontend.plain`, `plain_render`): what a
message, a consent request and a form show without Rich (issue #18: a cold `cliqsim run` does
not import it), and that everything a component supplies stays data — never markup, its
control characters shown as `\\uXXXX`, on a colour terminal as much as in a pipe
(docs/consents.md, threat model class 11)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cliqsim.commands._render import consent_renderable, form_renderable
from cliqsim.frontend.plain import Block, Out, cells, frame, span, table, width_of, wrap
from cliqsim.frontend.plain_render import transcript
from cliqsim.platform.messages import (
    Banner,
    Button,
    Card,
    Form,
    FormInput,
    Message,
    Sender,
    Slide,
    SuggestionChip,
)

WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
# what a component might supply: an escape sequence (clear screen, retitle the window, colour),
# Rich markup, an emoji code, a carriage return, a C1 control and a bidirectional override
HOSTILE = "x\x1b[2J\x1b]0;owned\x07 [bold red]loud[/] :smile: a\rb \x9b2J \u202eevil\u202c"
ESCAPED = ("\\u001b[2J", "\\u001b]0;owned\\u0007", "[bold red]loud[/]", ":smile:",
           "a\\u000db", "\\u009b2J", "\\u202eevil\\u202c")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OURS = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;;[^\x1b]*\x1b\\")  # cliqsim's own SGR and links


def printed(*blocks: Block, colour: bool = False, width: int = 80) -> str:
    buffer = io.StringIO()
    out = Out(buffer, colour=colour, width=width)
    for block in blocks:
        out.print(block)
    return buffer.getvalue()


def hostile_message() -> Message:
    return Message(
        "m1", "general", Sender("b", HOSTILE, "bot"), WHEN, text=f"*hi* {HOSTILE}",
        card=Card(title=HOSTILE, theme="modern-inline", thumbnail=f"https://t.example/{HOSTILE}"),
        slides=(Slide("table", {"headers": ["Name", HOSTILE],
                                "rows": [{"Name": HOSTILE, HOSTILE: "v"}]}),
                Slide("label", [{HOSTILE: HOSTILE}]), Slide("list", [HOSTILE]),
                Slide("images", [f"https://i.example/{HOSTILE}"]),
                Slide("text", f"[{HOSTILE}](https://l.example/\x1b]52;c;x\x07)")),
        buttons=(Button(HOSTILE, "invoke.function", {"name": "f"}),),
        banner=Banner("failure", HOSTILE),
        suggestions=(SuggestionChip(HOSTILE),),
    )


def test_component_text_is_shown_as_data_in_a_pipe() -> None:
    shown = printed(transcript(hostile_message(), 200))
    assert not RAW.search(shown), RAW.findall(shown)
    for piece in ESCAPED:
        assert piece in shown, piece
    assert "😄" not in shown


def test_component_text_is_shown_as_data_on_a_colour_terminal() -> None:
    shown = printed(transcript(hostile_message(), 200), colour=True)
    assert OURS.search(shown)  # cliqsim's own styles are there ...
    assert not RAW.search(OURS.sub("", shown))  # ... and they are the only escapes
    for piece in ESCAPED:
        assert piece in shown, piece
    assert "\\u001b]52;c;x\\u0007" in shown  # a link's target cannot end the hyperlink early


def test_a_consent_request_and_a_form_show_component_text_as_data() -> None:
    class Location:
        text = HOSTILE

        def __str__(self) -> str:
            return "run.dg line 1"

    class Item:
        kind, key, target, credentials = "api", "k", "t", "user"
        purpose, flagged, note, locations = HOSTILE, True, HOSTILE, (Location(),)

    class Request:
        reason_text, items, diff, valid_until = "first use", (Item(),), None, WHEN

    form = Form("f", HOSTILE, "submit", (FormInput("text", "n", HOSTILE, hint=HOSTILE),))
    for colour in (False, True):
        shown = printed(consent_renderable(Request(), HOSTILE, width=200),
                        form_renderable(form, {"n": HOSTILE}, HOSTILE, width=200), colour=colour)
        assert not RAW.search(OURS.sub("", shown))
        assert "[bold red]loud[/]" in shown and "\\u001b[2J" in shown


def test_the_card_shows_its_frame_table_buttons_and_suggestions() -> None:
    message = Message(
        "m_1", "general", Sender("nearby", "/nearby", "component"), WHEN, text="Hi *Priya*",
        card=Card(title="Nearby banks", theme="modern-inline"),
        slides=(Slide("table", {"headers": ["Name", "Rating"],
                                "rows": [{"Name": "HDFC Bank", "Rating": 4.3}]}),),
        buttons=(Button("Open in Maps", "open.url", {"web": "https://m.example"}),),
        suggestions=(SuggestionChip("more"),), visible_to="u1",
    )
    lines = printed(transcript(message, 80)).splitlines()
    assert lines[0] == "/nearby  2026-12-01 09:00  only you can see this  id m_1"
    assert lines[1].startswith("╭─ Nearby banks ─") and lines[1].endswith("╮")
    assert "│ Hi Priya" in lines[2]  # markdown drawn, its marks gone
    assert any("Name" in line and "┃" in line for line in lines)
    assert any("HDFC Bank" in line and "4.3" in line and "│" in line for line in lines)
    assert any("[0: Open in Maps]" in line and line.startswith("│") for line in lines)
    assert lines[-2].startswith("╰") and lines[-1] == "‹more›"
    assert len({cells(line) for line in lines[1:-1]}) == 1  # the frame is closed on the right


def test_a_poll_a_chart_and_a_banner_read_as_in_the_chat_window() -> None:
    poll = Message("m", "c", Sender("b", "PollBot", "bot"), WHEN,
                   card=Card(title="Lunch?", theme="poll", options=("Pizza", "Salad"),
                             votes={"u1": "Pizza"}),
                   slides=(Slide("percentage_chart", [{"label": "Pizza", "value": 50}]),),
                   banner=Banner("success", "Saved"))
    shown = printed(transcript(poll, 80))
    assert "✔ Saved" in shown and "📊 Poll  Lunch?" in shown
    assert "Pizza  ██████████  1 vote  100%" in shown and "1 vote in all" in shown
    assert "█" * 10 + " 50%" in shown
    assert "[0: Pizza]  [1: Salad]" in shown


@given(st.lists(st.lists(st.text(alphabet="ab 漢\u0301-", max_size=40), min_size=1,
                         max_size=4), min_size=1, max_size=5),
       st.integers(min_value=12, max_value=60))
def test_tables_and_frames_fit_their_width(rows: list[list[str]], width: int) -> None:
    cells_of = [[[span(text)] for text in row] for row in rows]
    for line in frame(table(cells_of, width - 4), [span("title")], "blue", width):
        assert width_of(line) <= width


def test_wrapping_keeps_every_word_and_counts_wide_characters() -> None:
    line = [span("漢字漢字 "), span("word " * 5, "bold"), span("x" * 30)]
    wrapped = wrap(line, 10)
    assert all(width_of(row) <= 10 for row in wrapped)
    assert "".join(t for row in wrapped for t, _ in row).replace(" ", "") == (
        "漢字漢字" + "word" * 5 + "x" * 30)
    assert cells("漢字") == 4 and cells("e\u0301") == 1


def test_a_block_prints_on_a_rich_console_too() -> None:
    from rich.console import Console

    console = Console(file=io.StringIO(), width=80, record=True)
    console.print(Block([[span("[b]not markup[/b] \x1b[2J", "bold")]]))
    assert "[b]not markup[/b] \\u001b[2J" in console.export_text()


def test_cliqsim_run_does_not_import_rich(tmp_path: Path) -> None:
    """The headless road prints without Rich (issue #18); a behaviour check, not a timing."""
    code = ("import sys; from cliqsim.cli import main; code = main(sys.argv[1:]); "
            "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.')))")
    result = subprocess.run(
        [sys.executable, "-c", code, "run", "/nearby bank", "--data", str(tmp_path),
         "--consent", "allow", "--now", "2026-12-01T09:00"],
        capture_output=True, text=True, cwd=ROOT, check=False)
    assert "Nearby banks" in result.stdout and "[0: Open in Maps]" in result.stdout
    assert result.stdout.rstrip().endswith("[]"), result.stdout[-300:] + result.stderr


@given(st.text(alphabet="ab *_~`[]()$+-|#!:/.\nhtpsinvokefuc", max_size=60))
def test_markdown_tried_only_where_its_character_is_reads_the_same(text: str) -> None:
    """Cliq markdown compiles and tries a format only on text holding its character (plain text
    compiles no pattern); that reads every text as trying every format would."""
    from cliqsim.frontend import cliq_markdown

    every = tuple(("", *rest) for _, *rest in cliq_markdown._INLINE)
    lazy = cliq_markdown.cliq_spans(text)
    saved = cliq_markdown._INLINE
    cliq_markdown._INLINE = every  # type: ignore[assignment]
    try:
        assert cliq_markdown.cliq_spans(text) == lazy
    finally:
        cliq_markdown._INLINE = saved
