"""Rich rendering of runtime results for the terminal: messages (cards, slides, buttons,
banners, suggestions), forms and consent requests, and their JSON forms for `--json`.

The platform stays UI-free; this is the headless CLI's view of its plain data.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from cliqsim.platform.messages import Form, Message, Slide

_MARKDOWN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\*(\S(?:[^*\n]*\S)?)\*"), "bold"),
    (re.compile(r"(?<![\w])_(\S(?:[^_\n]*\S)?)_(?![\w])"), "italic"),
    (re.compile(r"~(\S(?:[^~\n]*\S)?)~"), "strike"),
    (re.compile(r"`([^`\n]+)`"), "reverse"),
    (re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)"), "link"),
]


def literal(text: object, style: str = "") -> Text:
    """Text a component or package supplied, shown exactly as it is: never read as Rich or
    Textual markup (`[b]`, `[@click=...]`) nor as `:emoji:` codes. Use it (or `Text(...)`)
    for every name, label, message, title and error text that did not come from cliqsim."""
    return Text.assemble((str(text), style)) if style else Text(str(text))


def cliq_markup(text: str) -> Text:
    """Cliq markdown (`*bold*`, `_italic_`, `~strike~`, `` `code` ``, `[label](url)`) as Rich
    text; `#` headings become bold lines. Everything else shows literally: the text is never
    parsed as Rich/Textual markup or emoji codes, so `[@click=...]` or `:smile:` stay as typed."""
    result = Text()
    for number, line in enumerate(text.split("\n")):
        if number:
            result.append("\n")
        heading = re.match(r"^#{1,3}\s*(.+)$", line)
        if heading:
            result.append_text(_inline(heading.group(1), "bold underline"))
        else:
            result.append_text(_inline(line))
    return result


def _inline(text: str, style: str = "") -> Text:
    """One line of Cliq markdown: the earliest match of any pattern is styled (its inside
    parsed again, so `*_both_*` is bold italic); the rest is appended as it is."""
    out = Text()
    position = 0
    while position < len(text):
        found: tuple[re.Match[str], str] | None = None
        for pattern, kind in _MARKDOWN:
            match = pattern.search(text, position)
            if match is not None and (found is None or match.start() < found[0].start()):
                found = (match, kind)
        if found is None:
            break
        match, kind = found
        out.append(text[position:match.start()])
        inner = _inline(match.group(1))
        inner.stylize(Style(link=match.group(2)) if kind == "link" else kind)
        out.append_text(inner)
        position = match.end()
    out.append(text[position:])
    if style:
        out.stylize_before(style)
    return out


def _time(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M")


def _slide(slide: Slide) -> RenderableType:
    title = slide.title or ""
    if slide.type == "table" and isinstance(slide.data, dict):
        table = Table(title=literal(title) if title else None, title_justify="left",
                      show_lines=False)
        headers = [str(h) for h in slide.data.get("headers", [])]
        for header in headers:
            table.add_column(literal(header))
        for row in slide.data.get("rows", []):
            table.add_row(*(literal(row.get(h, "")) for h in headers))
        return table
    heading = literal(title + "\n", "bold") if title else Text()
    if slide.type == "list":
        return Text.assemble(heading, "\n".join(f"• {item}" for item in slide.data or []))
    if slide.type == "label":
        body = Text()
        for item in slide.data or []:
            for key, value in item.items():
                if body:
                    body.append("\n")
                body.append(str(key), "bold")
                body.append(f": {value}")
        return Text.assemble(heading, body)
    if slide.type == "images":
        return Text("\n".join(f"🖼 {url}" for url in slide.data or []))
    return Text((title + "\n" if title else "") + str(slide.data or ""))


def message_renderable(message: Message, *, numbered_buttons: bool = True) -> RenderableType:
    head = Text.assemble(
        (message.sender.name, "bold red" if message.is_error else "bold cyan"),
        (f"  {_time(message.time)}", "dim"),
        ("  (only you)" if message.visible_to else "", "dim"),
        ("  (edited)" if message.edited_at else "", "dim"),
        (f"  id {message.id}", "dim"),
    )
    parts: list[RenderableType] = [head]
    if message.banner is not None:
        ok = message.banner.status == "success"
        parts.append(Panel(Text(message.banner.text), border_style="green" if ok else "red",
                           title="✔" if ok else "✘", title_align="left", expand=False))
    body: list[RenderableType] = []
    if message.text:
        body.append(cliq_markup(message.text))
    body.extend(_slide(slide) for slide in message.slides)
    buttons = message.all_buttons()
    if buttons:
        body.append(Text("  ".join(
            f"[{i}: {b.label}]" if numbered_buttons else f"[{b.label}]"
            for i, b in enumerate(buttons)), style="bold green"))
    if message.card is not None and (message.card.title or message.card.thumbnail):
        parts.append(Panel(Group(*body) if body else Text(""),
                           title=literal(message.card.title or ""), title_align="left",
                           border_style="blue", expand=False))
    else:
        parts.extend(body)
    if message.suggestions:
        parts.append(Text("  ".join(f"‹{s.text}›" for s in message.suggestions), style="magenta"))
    return Group(*parts)


def form_renderable(form: Form, errors: dict[str, str] | None = None,
                    error: str | None = None) -> RenderableType:
    table = Table(show_header=True, title=literal(form.title), title_justify="left")
    table.add_column("field")
    table.add_column("type")
    table.add_column("")
    for item in form.inputs:
        if item.type == "hidden":
            continue
        label = f"{item.label}{' *' if item.mandatory else ''}"
        detail = item.hint or item.placeholder or ""
        if item.options:
            detail = ", ".join(o.value for o in item.options)
        shown = (literal(errors[item.name], "red") if errors and item.name in errors
                 else literal(detail))
        table.add_row(literal(f"{label} ({item.name})"), literal(item.type), shown)
    parts: list[RenderableType] = [table]
    if error:
        parts.append(Text(error, style="red"))
    return Group(*parts)


def _whose(credentials: str) -> str:
    return "your account" if credentials == "user" else "admin's account"


def consent_renderable(request: Any, component: str) -> RenderableType:
    from cliqsim.consent.items import KIND_TITLES

    parts: list[RenderableType] = [Text(request.reason_text, style="bold")]
    added = {item.key for item in request.diff.added} if request.diff else set()
    for kind, title in KIND_TITLES.items():
        items = [item for item in request.items if item.kind == kind]
        if not items:
            continue
        parts.append(Text(title, style="underline"))
        for item in items:
            mark = "+ " if item.key in added else "• "
            line = Text(mark, style="green" if item.key in added else "")
            line.append(item.purpose)
            line.append(f"  ({_whose(item.credentials)})", style="dim")
            parts.append(line)
            for location in item.locations[:3]:
                code = location.text if len(location.text) <= 70 else location.text[:67] + "..."
                parts.append(Text(f"    {location}: {code}", style="dim", overflow="ellipsis",
                                  no_wrap=True))
    if request.diff is not None and request.diff.removed:
        parts.append(Text("No longer used", style="underline"))
        for item in request.diff.removed:
            parts.append(Text(f"- {item.purpose}", style="red"))
    parts.append(Text(f"Valid for 60 days, until {request.valid_until:%Y-%m-%d}.", style="dim"))
    return Panel(Group(*parts), title=literal(f"{component} asks for your consent"),
                 title_align="left", border_style="yellow")


def consent_json(request: Any) -> dict[str, Any]:
    def item(i: Any) -> dict[str, Any]:
        return {"kind": i.kind, "target": i.target, "credentials": i.credentials,
                "purpose": i.purpose, "connection": i.connection,
                "locations": [str(loc) for loc in i.locations]}

    diff = None
    if request.diff is not None:
        diff = {"added": [item(i) for i in request.diff.added],
                "removed": [item(i) for i in request.diff.removed]}
    return {"reason": request.reason, "reason_text": request.reason_text,
            "items": [item(i) for i in request.items], "diff": diff,
            "valid_until": request.valid_until.isoformat()}


def message_json(message: Message) -> dict[str, Any]:
    return message.to_dict()


def print_messages(console: Console, messages: tuple[Message, ...] | list[Message]) -> None:
    for message in messages:
        console.print(message_renderable(message))
        console.print()
