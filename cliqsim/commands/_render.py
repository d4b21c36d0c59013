"""Rich rendering of runtime results for the terminal: messages (with the renderer the chat
window uses too, `cliqsim.frontend.render`), forms and consent requests, and their JSON forms for
`--json`. What a component supplies is shown literally (`literal`), never as markup.

The platform stays UI-free; this is the headless CLI's view of its plain data.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cliqsim.commands._json import consent_json, message_json
from cliqsim.frontend.markdown import literal
from cliqsim.frontend.render import transcript
from cliqsim.platform.messages import Form, Message

__all__ = ["consent_json", "consent_renderable", "form_renderable", "message_json",
           "print_messages"]


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


def consent_renderable(request: Any, component: str, flows: tuple[Any, ...] = ()
                       ) -> RenderableType:
    """The consent dialog as the terminal shows it: each item with whose account it uses, the
    code that uses it and, for Cliq objects, where the code sends the value (`flows`, the
    `DataFlow`s the chat window's dialog shows too)."""
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
            if item.flagged:
                line.append("  [!]", style="bold yellow")
            parts.append(line)
            if item.flagged and item.note:
                parts.append(Text(f"    [!] {item.note}", style="yellow"))
            for location in item.locations[:3]:
                code = location.text if len(location.text) <= 70 else location.text[:67] + "..."
                parts.append(Text(f"    {location}: {code}", style="dim", overflow="ellipsis",
                                  no_wrap=True))
            parts.extend(_destinations(item.target, flows))
    if request.diff is not None and request.diff.removed:
        parts.append(Text("No longer used", style="underline"))
        for item in request.diff.removed:
            parts.append(Text(f"- {item.purpose}", style="red"))
    parts.append(Text(f"Valid for 60 days, until {request.valid_until:%Y-%m-%d}.", style="dim"))
    return Panel(Group(*parts), title=literal(f"{component} asks for your consent"),
                 title_align="left", border_style="yellow")


def _destinations(target: str, flows: tuple[Any, ...], most: int = 3) -> list[Text]:
    """Where the code sends the value of consent item `target` beyond its own reply and log
    (an API, a mail, a Cliq task), once per destination."""
    places: dict[str, Any] = {}
    for flow in flows:
        if flow.source == target and flow.sink not in ("info", "return"):
            places.setdefault(flow.to, flow)
    lines = [Text(f"    → {to} ({flow.location.file} line {flow.location.line})")
             for to, flow in list(places.items())[:most]]
    if len(places) > most:
        lines.append(Text(f"    → and {len(places) - most} more places", style="dim"))
    return lines


def print_messages(console: Console, messages: tuple[Message, ...] | list[Message]) -> None:
    for message in messages:
        console.print(transcript(message))
        console.print()
