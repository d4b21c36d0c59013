"""What a message shows, apart from how it is drawn: the pieces both renderers read the same
way, the Rich one (`cliqsim.frontend.render`, the chat window and `cliqsim messages`) and the
plain one (`cliqsim.frontend.plain_render`, the headless commands). No Rich here."""

from __future__ import annotations

from datetime import datetime, tzinfo

from cliqsim.platform.messages import DELETED, Card, Message

CARD_THEME_STYLES = {
    "modern-inline": "blue",
    "poll": "magenta",
    "prompt": "yellow",
    "basic": "white",
}
SENDER_STYLES = {
    "user": "bold cyan",
    "bot": "bold magenta",
    "component": "bold green",
    "system": "bold yellow",
}
BAR_CELLS = 20
"""A bar at its full length, in cells (a percentage bar: one `█` per 5 %)."""


def message_time(when: datetime, *, with_year: bool = False, zone: tzinfo | None = None) -> str:
    """`Nov 29 14:05`, or `2026-11-29 14:05` with the year; in `zone` when given (the chat
    window shows the reader's time zone), else as stored (UTC)."""
    if zone is not None:
        when = when.astimezone(zone)
    return when.strftime("%Y-%m-%d %H:%M" if with_year else "%b %d %H:%M")


def sender_style(message: Message) -> str:
    """The sender's style words: by kind, red for an error."""
    return "bold red" if message.is_error else SENDER_STYLES.get(message.sender.kind, "bold")


def header_notes(message: Message) -> list[str]:
    """What follows the time in a message's header: "only you can see this", "(edited)"."""
    notes = []
    if message.visible_to:
        notes.append("only you can see this")
    if message.edited_at and message.text != DELETED:  # Cliq marks only edits
        notes.append("(edited)")
    return notes


def pairs(data: object) -> list[tuple[str, object]]:
    """(label, value) pairs from `{label: value}` or Cliq's list form `[{label, value}]`."""
    if isinstance(data, dict):
        return [(str(k), v) for k, v in data.items()]
    found = []
    for entry in data if isinstance(data, list) else []:
        if isinstance(entry, dict):
            found.append((str(entry.get("label", "")), entry.get("value")))
    return found


LIST_MARKS = {"disc": "•", "circle": "◦", "square": "▪"}


def list_marker(styles: dict[str, object], index: int) -> str:
    """The marker before a list slide's item `index` (0-based), by its `styles.type`: `disc`
    (the default) •, `circle` ◦, `square` ▪, `decimal` 1., `lower-alpha` a., `upper-alpha`
    A., `lower-roman` i., `upper-roman` I. (Zoho's list slide, "Allowed values: disc | circle |
    square | decimal | lower-alpha | upper-alpha | lower-roman | upper-roman",
    https://www.zoho.com/cliq/help/restapi/v2/messageformat/). Any other style is a disc."""
    kind = str(styles.get("type") or "disc").strip().lower()
    number_ = index + 1
    if kind == "decimal":
        return f"{number_}. "
    if kind in ("lower-alpha", "upper-alpha"):
        letters = ""
        while number_:
            number_, rest = divmod(number_ - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return (letters.upper() if kind == "upper-alpha" else letters) + ". "
    if kind in ("lower-roman", "upper-roman"):
        roman = _roman(number_)
        return (roman.upper() if kind == "upper-roman" else roman) + ". "
    return LIST_MARKS.get(kind, "•") + " "


def _roman(number_: int) -> str:
    out = ""
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                          (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                          (4, "iv"), (1, "i")):
        while number_ >= value:
            out, number_ = out + digits, number_ - value
    return out


def number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0


def bar_rows(found: list[tuple[str, object]], *, percent: bool) -> list[tuple[str, int, str]]:
    """Each (label, cells of its bar, its value as shown): percentages on a `BAR_CELLS` scale,
    numbers scaled to the largest."""
    values = [number(v) for _, v in found]
    top = 100.0 if percent else max([abs(v) for v in values] + [1e-9])
    return [(label, max(0, min(BAR_CELLS, round(abs(value) / top * BAR_CELLS))),
             f"{value:g}%" if percent else f"{value:g}")
            for (label, _), value in zip(found, values, strict=True)]


def graph_series(data: object) -> tuple[list[str], list[tuple[str, dict[str, object]]]] | None:
    """A graph slide of several series (`{label: {series: number}}` or
    `[{label, values...}]`) as (series names, rows of label and values), or None when it is one
    series or no shape cliqsim draws."""
    by_category = categories(data)
    if by_category is not None:
        return by_category
    found = pairs(data)
    rows = [(label, v) for label, v in found if isinstance(v, dict)]
    if not rows and isinstance(data, list):
        rows = [(str(e.get("label", "")), {k: x for k, x in e.items() if k != "label"})
                for e in data if isinstance(e, dict)]
    if not rows:
        return None
    return [str(s) for s in dict.fromkeys(k for _, v in rows for k in v)], rows


def categories(data: object) -> tuple[list[str], list[tuple[str, dict[str, object]]]] | None:
    """Zoho's graph data, `[{category, values: [{label, value}]}]` (a category is a series:
    "Asana", "BitBucket"; the labels are the points along the x axis: "Jan", "Feb"), as
    (categories, rows of label and each category's value); None for any other shape. Zoho,
    "Graphs" (https://zoho.com/cliq/help/platform/widget-section-elements/graphs.html) and the
    message-format graph slide (https://www.zoho.com/cliq/help/restapi/v2/messageformat/)."""
    if not isinstance(data, list) or not data or not all(
            isinstance(e, dict) and "category" in e and isinstance(e.get("values"), list)
            for e in data):
        return None
    names = [str(e["category"]) for e in data]
    rows: dict[str, dict[str, object]] = {}
    for entry, name in zip(data, names, strict=True):
        for point in entry["values"]:
            if isinstance(point, dict):
                rows.setdefault(str(point.get("label", "")), {})[name] = point.get("value")
    return names, list(rows.items())


def one_series(data: object) -> list[tuple[str, object]] | None:
    """A graph slide of one series as (label, value) pairs, else None."""
    if categories(data) is not None:
        return None
    found = pairs(data)
    if found and all(not isinstance(v, dict | list) for _, v in found):
        return found
    return None


def framed(card: Card | None) -> bool:
    """Whether a message's card draws a frame (it has a title, a theme or a thumbnail)."""
    return card is not None and bool(card.title or card.theme or card.thumbnail)


def button_faces(message: Message, *, numbered: bool = True) -> str | None:
    """The terminal's buttons: `[0: Label]  [1: Other]` (the number works with `cliqsim click`),
    or None when the message has none."""
    buttons = message.all_buttons()
    if not buttons:
        return None
    faces = (f"[{i}: {b.label}]" if numbered else f"[{b.label}]" for i, b in enumerate(buttons))
    return "  ".join(faces)


def poll_lines(card: Card) -> list[tuple[str, str, str]]:
    """A poll's options as (option padded, bar, counts): `Italian`, `██████░░░░`,
    `2 votes  67%`, as Cliq's poll card shows them live."""
    tally = card.tally()
    width = max(len(option) for option, _, _ in tally)
    lines = []
    for option, count, percent in tally:
        filled = round(percent / 10)
        lines.append((option.ljust(width), "█" * filled + "░" * (10 - filled),
                      f"{count} vote{'' if count == 1 else 's'}  {percent}%"))
    return lines


def poll_total(card: Card) -> str:
    return f"{len(card.votes)} vote{'' if len(card.votes) == 1 else 's'} in all"
