"""Rich renderables for the parts of a chat message: header, Cliq markdown text, banner, card
frame, slides. Buttons and suggestion chips are widgets (see `widgets/message_view.py`).

Every text here comes from a component and is shown literally (`literal`, `cliq_markup`): never
as Rich/Textual markup or `:emoji:` codes."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from cliqsim.commands._render import cliq_markup, literal
from cliqsim.platform.messages import Message, Slide

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


def message_time(when: datetime) -> str:
    return when.strftime("%b %d %H:%M")


def header(message: Message) -> Text:
    style = "bold red" if message.is_error else SENDER_STYLES.get(message.sender.kind, "bold")
    text = Text.assemble((message.sender.name, style), (f"  {message_time(message.time)}", "dim"))
    if message.visible_to:
        text.append("  only you can see this", "dim italic")
    if message.edited_at:
        text.append("  (edited)", "dim")
    return text


def slide(part: Slide) -> RenderableType:
    title = Text(part.title, style="bold") if part.title else None
    body: RenderableType
    if part.type == "table" and isinstance(part.data, dict):
        table = Table(show_edge=False, pad_edge=False, header_style="bold", expand=False)
        headers = [str(h) for h in part.data.get("headers", [])]
        for name in headers:
            table.add_column(literal(name))
        for row in part.data.get("rows", []):
            if isinstance(row, dict):
                table.add_row(*(literal(row.get(h, "")) for h in headers))
        body = table
    elif part.type == "list" and isinstance(part.data, list):
        body = Text("\n".join(f"• {item}" for item in part.data))
    elif part.type == "label" and isinstance(part.data, list):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        for entry in part.data:
            if isinstance(entry, dict):
                for key, value in entry.items():
                    grid.add_row(literal(key), literal(value))
        body = grid
    elif part.type == "images" and isinstance(part.data, list):
        links = Text()
        for url in part.data:
            links.append("🖼 ")
            links.append(str(url), style=Style(underline=True, link=str(url)))
            links.append("\n")
        links.rstrip()
        body = links
    elif part.type == "percentage_chart" and isinstance(part.data, dict):
        grid = Table.grid(padding=(0, 1))
        for key, value in part.data.items():
            try:
                share = float(value)
            except (TypeError, ValueError):
                share = 0.0
            bar = "█" * max(0, min(20, round(share / 5)))
            grid.add_row(literal(key), Text(bar, style="cyan"), f"{share:g}%")
        body = grid
    else:
        body = cliq_markup(str(part.data if part.data is not None else ""))
    return Group(title, body) if title is not None else body


def body(message: Message) -> RenderableType:
    """Everything of a message but its buttons and chips."""
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
    if message.card is not None and (message.card.title or message.card.theme):
        theme = message.card.theme or "basic"
        title = literal(message.card.title or "")
        if message.card.thumbnail:
            content.append(Text.assemble(("🖼 ", ""), (message.card.thumbnail, "dim underline")))
        parts.append(Panel(Group(*content), title=title, title_align="left",
                           border_style=CARD_THEME_STYLES.get(theme, "white"), expand=False,
                           subtitle=literal(theme, "dim"), subtitle_align="right"))
    else:
        parts.extend(content)
    return Group(*parts)
