"""The one renderer of Cliq messages (`cliqsim.frontend.render`), drawn by both the chat window
and the headless commands: what a component supplies is shown literally, never as Rich markup."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console, RenderableType
from rich.text import Text

from cliqsim.frontend.markdown import cliq_markup
from cliqsim.frontend.render import body, header, slide, transcript
from cliqsim.platform.messages import (
    Banner,
    Button,
    Card,
    Message,
    Sender,
    Slide,
    SuggestionChip,
)

WHEN = datetime(2026, 11, 29, 14, 5, tzinfo=UTC)
MARKUP = "[bold red]boom[/bold red] [link=file:///etc/passwd]x[/link]"


def draw(renderable: RenderableType, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))
    console.print(renderable)
    return console.export_text()


def message(**parts: object) -> Message:
    return Message("m_1", "c_1", Sender("b_1", "Nearby", "bot"), WHEN, **parts)  # type: ignore[arg-type]


def styles_of(text: Text) -> dict[str, str]:
    """Each styled piece of `text` -> its style, as text."""
    return {text.plain[s.start:s.end]: str(s.style) for s in text.spans}


# --------------------------------------------------------------------------- literal data


def test_markup_in_a_components_text_title_cells_and_labels_is_shown_as_written() -> None:
    msg = message(
        text=MARKUP,
        card=Card(title=MARKUP, theme="[red]poll"),
        slides=(
            Slide("table", {"headers": [MARKUP], "rows": [{MARKUP: MARKUP}]}, title=MARKUP),
            Slide("label", [{MARKUP: MARKUP}]),
            Slide("list", [MARKUP]),
            Slide("percentage_chart", {MARKUP: 50}),
        ),
        banner=Banner("failure", MARKUP),
        buttons=(Button(MARKUP, "invoke.function"),),
        suggestions=(SuggestionChip(MARKUP),),
    )
    shown = draw(transcript(msg), width=400)
    assert shown.count("[bold red]boom[/bold red]") >= 9
    # the card's theme is drawn as its colour, never as text in the border (issue #15 item 9),
    # so a theme carrying markup cannot show up either way
    assert "poll" not in shown and "[red]" not in shown.replace("[bold red]", "")


def test_a_url_that_is_not_a_style_still_draws_as_a_link() -> None:
    drawn = slide(Slide("images", ["https://x.example/a b?c=[d]", "not a url at all"]))
    assert isinstance(drawn, Text)
    links = [span.style.link for span in drawn.spans if not isinstance(span.style, str)]
    assert links == ["https://x.example/a b?c=[d]", "not a url at all"]


def test_header_names_sender_time_and_only_you_and_detail_adds_year_and_id() -> None:
    msg = message(visible_to="u_1")
    assert header(msg).plain == "Nearby  Nov 29 14:05  only you can see this"
    assert header(msg, detail=True).plain == (
        "Nearby  2026-11-29 14:05  only you can see this  id m_1")


def test_the_terminal_numbers_buttons_inside_the_card_and_shows_chips() -> None:
    msg = message(text="Pick one", card=Card(title="Lunch", theme="poll"),
                  buttons=(Button("Dosa", "invoke.function"), Button("Thali", "invoke.function")),
                  suggestions=(SuggestionChip("later"),))
    shown = draw(transcript(msg))
    assert "[0: Dosa]  [1: Thali]" in shown and "‹later›" in shown
    card_lines = shown.splitlines()[1:-1]
    assert any("[0: Dosa]" in line and line.strip().startswith("│") for line in card_lines)


def test_the_chat_window_body_has_no_button_line() -> None:
    msg = message(text="Pick one", buttons=(Button("Dosa", "invoke.function"),))
    assert "Dosa" not in draw(body(msg))


def test_a_card_with_only_a_thumbnail_is_framed_with_it() -> None:
    shown = draw(body(message(text="hi", card=Card(thumbnail="https://x.example/t.png"))))
    assert "╭" in shown and "https://x.example/t.png" in shown


# --------------------------------------------------------------------------- Cliq markdown


def test_cliq_markdown_formats() -> None:
    text = cliq_markup("*bold* _it_ ~gone~ `co*de*` [site](https://x.example/p)")
    assert text.plain == "bold it gone co*de* site"
    styles = styles_of(text)
    assert styles["bold"] == "bold" and styles["it"] == "italic" and styles["gone"] == "strike"
    assert styles["co*de*"] == "reverse"  # code is shown as written
    link = next(s.style for s in text.spans if text.plain[s.start:s.end] == "site")
    assert not isinstance(link, str) and link.link == "https://x.example/p"


def test_cliq_markdown_nests_and_headings_are_bold_underlined() -> None:
    text = cliq_markup("# Title *x*\n*_both_* snake_case_name")
    assert text.plain == "Title x\nboth snake_case_name"
    styles = styles_of(text)
    assert styles["Title "] == "bold underline" and styles["x"] == "bold underline"
    assert styles["both"] == "bold italic"
    assert "snake_case_name" not in styles  # `_` inside a word is not italic


def test_cliq_markdown_with_a_lowercase_link_label_is_a_link() -> None:
    # Rich's markup escaping used to leave "[link=...]site[/link]" on screen for such labels
    text = cliq_markup("see [site](https://x.example)")
    assert text.plain == "see site"


def test_cliq_markdown_never_reads_rich_markup() -> None:
    assert cliq_markup(MARKUP).plain == MARKUP
    assert cliq_markup(MARKUP).spans == []
