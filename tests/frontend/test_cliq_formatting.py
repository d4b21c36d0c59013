"""Messages as Cliq draws them (issue #15 item 9).

Zoho pages: "Message Formatting" / "Posting to Zoho Cliq" (`*bold*`, `_italic_`, `~strike~`,
`` `quote` ``, `!blockquote`, `#heading`, `###small heading`, `[label](url)`, `---`,
```` ```box``` ````), "Buttons" (instant buttons: `[Label]($reference-key)` with `references`),
"Message Cards" (themes modern-inline, poll, prompt) and the slide types (percentage_chart
`[{label, value}]`, graph)."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console, RenderableType
from rich.text import Text

from cliqsim.frontend.markdown import BUTTON_STYLE, CODE_STYLE, cliq_markup
from cliqsim.frontend.render import body, slide
from cliqsim.platform.messages import Button, Card, Message, Sender, Slide

WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def draw(renderable: RenderableType, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))
    console.print(renderable)
    return console.export_text()


def styled(text: Text, piece: str) -> list[str]:
    """The styles on the spans that cover exactly `piece`."""
    return [str(s.style) for s in text.spans if text.plain[s.start:s.end] == piece]


def test_a_lowercase_link_label_does_not_undo_the_rest() -> None:
    text = cliq_markup("*bold* _it_ [lnk](https://z.com)")
    assert text.plain == "bold it lnk"
    assert "bold" in styled(text, "bold")[0] and "italic" in styled(text, "it")[0]
    assert any(getattr(s.style, "link", None) == "https://z.com" for s in text.spans)


def test_quote_rule_and_small_heading() -> None:
    text = cliq_markup("!Ship it *today*\n---\n###Small\n#Big")
    lines = text.plain.split("\n")
    assert lines[0] == "▎ Ship it today"
    assert set(lines[1]) == {"─"}
    assert lines[2:] == ["Small", "Big"]
    assert "italic" in styled(text, "Ship it ")[0]
    assert "underline" not in styled(text, "Small")[0] and "underline" in styled(text, "Big")[0]


def test_code_blocks_are_verbatim_boxes() -> None:
    text = cliq_markup("before\n```\nx = *not bold*\n```\nand ```inline *box*``` here")
    lines = text.plain.split("\n")
    assert lines[2] == "▎ x = *not bold*"  # no formatting inside the box
    assert styled(text, "x = *not bold*") == [str(CODE_STYLE)]
    assert lines[-1] == "and inline *box* here"
    assert styled(text, "inline *box*") == [str(CODE_STYLE)]


def test_instant_buttons_are_drawn_as_buttons() -> None:
    text = cliq_markup("Lunch? [Yes]($1) [Call support]($2)")
    assert text.plain == "Lunch?  Yes   Call support "
    assert styled(text, " Yes ") == [str(BUTTON_STYLE)]


def test_message_text_is_never_markup_or_emoji_codes() -> None:
    raw = "[bold red]x[/] :smile: [@click=app.quit]q[/] :thumbs_up:"
    text = cliq_markup(raw)
    assert text.plain == raw and text.spans == []
    shown = draw(body(Message("m", "c", Sender("b", "B", "bot"), WHEN, text=raw)))
    assert raw in shown and "😄" not in shown


def test_percentage_chart_in_its_list_form() -> None:
    data = [{"label": "Pizza", "value": 50}, {"label": "Salad", "value": 25}]
    shown = draw(slide(Slide("percentage_chart", data, title="Lunch")))
    assert "[{" not in shown and "'label'" not in shown
    assert "Pizza" in shown and "██████████" in shown and "50%" in shown and "25%" in shown


def test_a_graph_slide_draws_bars_or_a_table_not_a_python_dict() -> None:
    one = draw(slide(Slide("graph", {"x": 1, "y": 4})))
    assert "{'x'" not in one and "████" in one and "x" in one
    listed = draw(slide(Slide("graph", [{"label": "Mon", "value": 3}])))
    assert "Mon" in listed and "█" in listed
    series = draw(slide(Slide("graph", {"Mon": {"open": 3, "closed": 1}})))
    assert "open" in series and "closed" in series and "Mon" in series and "{" not in series


def test_cards_do_not_carry_their_theme_and_a_poll_looks_like_one() -> None:
    card = Message("m", "c", Sender("b", "PollBot", "bot"), WHEN, text="Lunch?",
                   card=Card(title="Friday lunch", theme="modern-inline"),
                   buttons=(Button("Pizza", "invoke.function"),))
    shown = draw(body(card))
    assert "modern-inline" not in shown and "Friday lunch" in shown
    poll = draw(body(Message("m", "c", Sender("b", "PollBot", "bot"), WHEN, text="Vote",
                             card=Card(title="Friday lunch", theme="poll"))))
    assert "📊 Poll" in poll and "Friday lunch" in poll and "poll ─" not in poll
