"""Cliq messages as plain terminal text (`cliqsim.frontend.plain`), without Rich: what the
headless commands print. It shows what the Rich renderer (`cliqsim.frontend.render`, the chat
window's) shows, read through the same pieces (`message_parts`, `cliq_markdown`): the header
(sender, time, "only you can see this", id), banner, text as Cliq markdown, slides (table, list,
label, images, percentage_chart, graph; any other shape as its JSON), form note, the card's
frame with its title, thumbnail and poll tally, the numbered button line and the bot's
suggestion chips.

Everything a component supplies is a span of literal text (`plain.span`): never markup, its
control characters shown as `\\uXXXX`.
"""

from __future__ import annotations

import json

from cliqsim.frontend.cliq_markdown import cliq_spans
from cliqsim.frontend.message_parts import (
    CARD_THEME_STYLES,
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
from cliqsim.frontend.plain import Block, Line, frame, lines_of, span, table
from cliqsim.platform.messages import Message, Slide

__all__ = ["body_lines", "header_line", "slide_lines", "transcript"]


def header_line(message: Message, *, detail: bool = False) -> Line:
    """Sender, time (with its year and the message id after, with `detail`), and notes."""
    line: Line = [span(message.sender.name, sender_style(message)),
                  span(f"  {message_time(message.time, with_year=detail)}", "dim")]
    for note in header_notes(message):
        line.append(span(f"  {note}", "dim italic" if note.startswith("only") else "dim"))
    if detail:
        line.append(span(f"  id {message.id}", "dim"))
    return line


def markdown_lines(text: str) -> list[Line]:
    """Cliq markdown as lines (its text literal, control characters escaped)."""
    return lines_of(_markdown(text))


def _markdown(text: str) -> Line:
    return [span(piece, look) for piece, look in cliq_spans(text)]


def _cell(value: object) -> Line:
    """A table cell, list item or label value: text is Cliq markdown there as in the message
    (links, instant buttons, *bold*), other values their text."""
    return _markdown(value) if isinstance(value, str) else [span(value)]


def slide_lines(part: Slide, width: int) -> list[Line]:
    """One slide, its title first (bold)."""
    lines: list[Line] = [[span(part.title, "bold")]] if part.title else []
    data = part.data
    if part.type == "table" and isinstance(data, dict):
        headers = [str(h) for h in data.get("headers", [])]
        rows = [[_cell(row.get(h, "")) for h in headers]
                for row in data.get("rows", []) if isinstance(row, dict)]
        lines += table(rows, width, header=[[span(h)] for h in headers])
    elif part.type == "list" and isinstance(data, list):
        lines += [line for i, item in enumerate(data)
                  for line in lines_of([span(list_marker(part.styles, i)), *_cell(item)])]
    elif part.type == "label" and isinstance(data, list):
        rows = [[[span(key, "bold")], _cell(value)]
                for entry in data if isinstance(entry, dict) for key, value in entry.items()]
        lines += table(rows, width)
    elif part.type == "images" and isinstance(data, list):
        lines += [[span("🖼 "), span(url, {"underline": True, "link": str(url)})]
                  for url in data]
    elif part.type == "percentage_chart" and isinstance(data, dict | list):
        lines += bars(pairs(data), width, percent=True)
    elif part.type == "graph" and data is not None:
        lines += graph(data, width)
    elif isinstance(data, dict | list):  # a shape cliqsim does not draw: its JSON
        lines += lines_of([span(json.dumps(data, ensure_ascii=False, default=str), "dim")])
    else:
        lines += markdown_lines(str(data if data is not None else ""))
    return lines


def bars(found: list[tuple[str, object]], width: int, *, percent: bool) -> list[Line]:
    rows = [[[span(label)], [span("█" * cells, "cyan")], [span(shown)]]
            for label, cells, shown in bar_rows(found, percent=percent)]
    return table(rows, width, gap=" ")


def graph(data: object, width: int) -> list[Line]:
    single = one_series(data)
    if single is not None:
        return bars(single, width, percent=False)
    several = graph_series(data)
    if several is None:
        return lines_of([span(json.dumps(data, ensure_ascii=False, default=str), "dim")])
    series, rows = several
    cells = [[[span(label)], *([span(values.get(n, ""))] for n in series)]
             for label, values in rows]
    return table(cells, width, header=[[], *([span(n)] for n in series)],
                 right=range(1, len(series) + 1))


def body_lines(message: Message, width: int, *, buttons: str | None = None) -> list[Line]:
    """Banner, text, slides, form note, thumbnail, poll tally and `buttons`, in the card's
    frame when it has one."""
    lines: list[Line] = []
    if message.banner is not None:
        ok = message.banner.status == "success"
        lines.append([span(("✔ " if ok else "✘ ") + message.banner.text,
                           "bold black on green" if ok else "bold white on red")])
    card = message.card
    in_frame = framed(card)
    room = width - 4 if in_frame else width
    content: list[Line] = []
    if message.text:
        content += markdown_lines(message.text)
    for part in message.slides:
        content += slide_lines(part, room)
    if message.form is not None:
        content.append([span(f"📝 form: {message.form.title}", "italic")])
    if card is not None and in_frame and card.thumbnail:
        content.append([span("🖼 "), span(card.thumbnail, "dim underline")])
    if card is not None and card.theme == "poll" and card.options:
        for option, bar, counts in poll_lines(card):
            content.append([span(option), span("  " + bar, "magenta"), span(f"  {counts}", "dim")])
        content.append([span(poll_total(card), "dim")])
    if buttons is not None:
        content.append([span(buttons, "bold green")])
    if card is None or not in_frame:
        return lines + content
    theme = card.theme or "basic"
    title: Line = [span(card.title)] if card.title else []
    if theme == "poll":  # Cliq draws a poll card with a poll mark and its choices
        title = [span("📊 Poll", "bold magenta"), *([span("  ")] if card.title else []), *title]
    return lines + frame(content, title, CARD_THEME_STYLES.get(theme, "white"), width)


def transcript(message: Message, width: int, *, numbered_buttons: bool = True) -> Block:
    """A whole message: detailed header, body with its button line, and the bot's suggestions
    as `‹chips›`."""
    lines = [header_line(message, detail=True),
             *body_lines(message, width,
                         buttons=button_faces(message, numbered=numbered_buttons))]
    if message.suggestions:
        lines.append([span("  ".join(f"‹{s.text}›" for s in message.suggestions), "magenta")])
    return Block(lines)
