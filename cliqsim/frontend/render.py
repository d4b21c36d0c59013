"""Cliq messages as Rich renderables: the one renderer of the chat window's message list and the
headless commands' text output.

`header` and `body` are what both draw; the chat window adds its buttons and suggestion chips as
clickable widgets (`tui/widgets/message_view.py`), the terminal adds them as text
(`transcript`). Everything a component supplies (text, titles, table cells, labels, URLs) is put
in `Text` objects or `Style(link=...)`, so it is shown literally and never read as Rich markup,
and drawn through `terminal.Printable`, so its control characters show as `\\uXXXX` instead of
acting on the terminal.
"""

from __future__ import annotations

import json
from datetime import tzinfo

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from cliqsim.frontend.markdown import cliq_markup
from cliqsim.frontend.message_parts import (
    CARD_THEME_STYLES,
    SENDER_STYLES,
    bar_rows,
    button_faces,
    framed,
    graph_series,
    header_notes,
    list_marker,
    message_time,
    one_series,
    pairs,
    poll_lines,
    poll_total,
    sender_style,
)
from cliqsim.frontend.slide_table import SlideTable
from cliqsim.frontend.terminal import Printable, printable, printable_all
from cliqsim.platform.messages import Card, Message, Slide

__all__ = ["CARD_THEME_STYLES", "SENDER_STYLES", "bars", "body", "button_line", "graph",
           "header", "message_time", "poll_tally", "slide", "transcript"]

def header(message: Message, *, detail: bool = False, zone: tzinfo | None = None) -> Text:
    """Sender (styled by kind, red for an error), time, "only you can see this", "(edited)";
    with `detail` (the terminal's transcript) the time has its year and the message id follows,
    for `cliqsim click` and `cliqsim messages`. `zone`: the time zone the time is shown in
    (default: as stored, UTC)."""
    text = Text.assemble((printable(message.sender.name), sender_style(message)),
                         (f"  {message_time(message.time, with_year=detail, zone=zone)}", "dim"))
    for note in header_notes(message):
        text.append(f"  {note}", "dim italic" if note.startswith("only") else "dim")
    if detail:
        text.append(f"  id {message.id}", "dim")
    return text


def slide(part: Slide) -> RenderableType:
    """One slide: table, list, label, images, percentage_chart (map or list form), graph;
    text as Cliq markdown; any other shape as its JSON (never a Python repr)."""
    title = Text(part.title, style="bold") if part.title else None
    body: RenderableType
    if part.type == "table" and isinstance(part.data, dict):
        headers = [str(h) for h in part.data.get("headers", [])]
        body = SlideTable([Text(name) for name in headers],
                          [[_cell(row.get(h, "")) for h in headers]
                           for row in part.data.get("rows", []) if isinstance(row, dict)])
    elif part.type == "list" and isinstance(part.data, list):
        body = Text("\n").join(Text(list_marker(part.styles, i)) + _cell(item)
                               for i, item in enumerate(part.data))
    elif part.type == "label" and isinstance(part.data, list):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        for entry in part.data:
            if isinstance(entry, dict):
                for key, value in entry.items():
                    grid.add_row(Text(str(key)), _cell(value))
        body = grid
    elif part.type == "images" and isinstance(part.data, list):
        links = Text()
        for url in part.data:
            links.append("🖼 ")
            links.append(str(url), Style(underline=True, link=str(url)))
            links.append("\n")
        links.rstrip()
        body = links
    elif part.type == "percentage_chart" and isinstance(part.data, dict | list):
        body = bars(pairs(part.data), percent=True)
    elif part.type == "graph" and part.data is not None:
        body = graph(part.data)
    elif isinstance(part.data, dict | list):  # a shape cliqsim does not draw: its JSON
        body = Text(json.dumps(part.data, ensure_ascii=False, default=str), style="dim")
    else:
        body = cliq_markup(str(part.data if part.data is not None else ""))
    return Group(title, body) if title is not None else body


def _cell(value: object) -> Text:
    """A table cell, list item or label value: text is Cliq markdown there as in the message
    (links, instant buttons, *bold*), other values their text."""
    return cliq_markup(value) if isinstance(value, str) else Text(str(value))


def bars(pairs: list[tuple[str, object]], *, percent: bool) -> Table:
    """Horizontal bars: percentages on a 20-cell scale (`█` per 5 %), or numbers scaled to the
    largest."""
    grid = Table.grid(padding=(0, 1))
    for label, cells, shown in bar_rows(pairs, percent=percent):
        grid.add_row(Text(label), Text("█" * cells, style="cyan"), Text(shown))
    return grid


def graph(data: object) -> RenderableType:
    """A graph slide (Zoho's message-card slides: vertical_bar, vertical_stacked_bar, trend):
    one series (`{label: number}` or `[{label, value}]`) as bars; several series
    (`{label: {series: number}}` or `[{label, values...}]`) as a table, one column a series."""
    single = one_series(data)
    if single is not None:
        return bars(single, percent=False)
    several = graph_series(data)
    if several is not None:
        series, rows = several
        table = Table(show_edge=False, pad_edge=False, header_style="bold", expand=False)
        table.add_column(Text(""))
        for name in series:
            table.add_column(Text(str(name)), justify="right")
        for label, values in rows:
            table.add_row(Text(label), *(Text(str(values.get(n, ""))) for n in series))
        return table
    return Text(json.dumps(data, ensure_ascii=False, default=str), style="dim")


def body(message: Message, *, buttons: RenderableType | None = None) -> RenderableType:
    """Everything of a message but its header and suggestion chips: banner, text, slides, form
    note, all in the card's frame when it has one. `buttons` (the terminal's button line) go
    last inside the frame; the chat window draws its buttons as widgets instead."""
    message = printable_all(message)  # escaped before it is measured: frames stay whole
    parts: list[RenderableType] = []
    if message.banner is not None:
        ok = message.banner.status == "success"
        parts.append(Text(("✔ " if ok else "✘ ") + message.banner.text,
                          style="bold black on green" if ok else "bold white on red"))
    content: list[RenderableType] = []
    if message.text:
        content.append(cliq_markup(message.text))
    content.extend(slide(s) for s in message.slides)
    if message.form is not None:
        content.append(Text(f"📝 form: {message.form.title}", style="italic"))
    card = message.card
    in_frame = framed(card)
    if card is not None and in_frame and card.thumbnail:
        content.append(Text.assemble(("🖼 ", ""), (card.thumbnail, "dim underline")))
    if card is not None and card.theme == "poll" and card.options:
        content.append(poll_tally(card))
    if buttons is not None:
        content.append(buttons)
    if card is not None and in_frame:
        theme = card.theme or "basic"
        title = Text(card.title or "")
        if theme == "poll":  # Cliq draws a poll card with a poll mark and its choices
            title = Text.assemble(("📊 Poll", "bold magenta"), ("  " if card.title else ""),
                                  title)
        parts.append(Panel(Group(*content), title=title, title_align="left",
                           border_style=CARD_THEME_STYLES.get(theme, "white"), expand=False))
    else:
        parts.extend(content)
    return Printable(Group(*parts))  # no control character of the component's reaches the tty


def poll_tally(card: Card) -> Text:
    """A poll's options with their vote counts and percentages, as Cliq's poll card shows
    them live: `Italian  ██████░░░░  2 votes  67%`."""
    text = Text()
    for option, bar, counts in poll_lines(card):
        text.append(Text(option))
        text.append("  " + bar, "magenta")
        text.append(f"  {counts}\n", "dim")
    text.append(poll_total(card), "dim")
    return text


def button_line(message: Message, *, numbered: bool = True) -> Text | None:
    """The terminal's buttons: `[0: Label]  [1: Other]` (the number works with `cliqsim click`),
    or None when the message has none."""
    faces = button_faces(message, numbered=numbered)
    return Text(faces, style="bold green") if faces is not None else None


def transcript(message: Message, *, numbered_buttons: bool = True) -> RenderableType:
    """A whole message for the terminal: detailed header, body with its button line, and the
    bot's suggestions as `‹chips›`."""
    parts: list[RenderableType] = [
        header(message, detail=True),
        body(message, buttons=button_line(message, numbered=numbered_buttons)),
    ]
    if message.suggestions:
        parts.append(Text("  ".join(f"‹{s.text}›" for s in message.suggestions),
                          style="magenta"))
    return Printable(Group(*parts))
