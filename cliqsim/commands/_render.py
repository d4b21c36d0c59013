"""Runtime results as plain terminal text (`cliqsim.frontend.plain`, no Rich): messages (with
`cliqsim.frontend.plain_render`), forms and consent requests, and their JSON forms for `--json`.
What a component supplies is shown literally (`plain.span`), never as markup, its control
characters as `\\uXXXX`.

The platform stays UI-free; this is the headless CLI's view of its plain data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cliqsim.commands._json import consent_json, message_json
from cliqsim.frontend.plain import Block, Line, Out, cut, frame, span, table
from cliqsim.frontend.plain_render import transcript

if TYPE_CHECKING:
    from cliqsim.platform.messages import Form, Message

__all__ = ["consent_json", "consent_renderable", "form_renderable", "message_json",
           "print_messages"]

CONSENT_WIDTH = 80
"""The consent dialog's width when the output's is not known (a Rich console printing it)."""


def form_renderable(form: Form, errors: dict[str, str] | None = None,
                    error: str | None = None, width: int = CONSENT_WIDTH) -> Block:
    """The form's title, then one row a field: `label * (name)`, its type, and its hint,
    placeholder or options (or, in red, what is wrong with its value)."""
    rows: list[list[Line]] = []
    for item in form.inputs:
        if item.type == "hidden":
            continue
        label = f"{item.label}{' *' if item.mandatory else ''}"
        detail = item.hint or item.placeholder or ""
        if item.options:
            detail = ", ".join(o.value for o in item.options)
        shown = (span(errors[item.name], "red") if errors and item.name in errors
                 else span(detail))
        rows.append([[span(f"{label} ({item.name})")], [span(item.type)], [shown]])
    lines: list[Line] = [[span(form.title, "italic")]]
    lines += table(rows, width, header=[[span("field")], [span("type")], []])
    if error:
        lines.append([span(error, "red")])
    return Block(lines)


def _whose(credentials: str) -> str:
    return "your account" if credentials == "user" else "admin's account"


def consent_renderable(request: Any, component: str, flows: tuple[Any, ...] = (),
                       width: int = CONSENT_WIDTH) -> Block:
    """The consent dialog as the terminal shows it: each item with whose account it uses, the
    code that uses it and, for Cliq objects, where the code sends the value (`flows`, the
    `DataFlow`s the chat window's dialog shows too)."""
    from cliqsim.consent.items import KIND_TITLES

    lines: list[Line] = [[span(request.reason_text, "bold")]]
    added = {item.key for item in request.diff.added} if request.diff else set()
    for kind, title in KIND_TITLES.items():
        items = [item for item in request.items if item.kind == kind]
        if not items:
            continue
        lines.append([span(title, "underline")])
        for item in items:
            new = item.key in added
            line: Line = [span("+ " if new else "• ", "green" if new else None),
                          span(item.purpose), span(f"  ({_whose(item.credentials)})", "dim")]
            if item.flagged:
                line.append(span("  [!]", "bold yellow"))
            lines.append(line)
            if item.flagged and item.note:
                lines.append([span(f"    [!] {item.note}", "yellow")])
            for location in item.locations[:3]:
                code = location.text if len(location.text) <= 70 else location.text[:67] + "..."
                lines.append(cut([span(f"    {location}: {code}", "dim")], width - 4))
            lines.extend(_destinations(item.target, flows))
    if request.diff is not None and request.diff.removed:
        lines.append([span("No longer used", "underline")])
        for item in request.diff.removed:
            lines.append([span(f"- {item.purpose}", "red")])
    lines.append([span(f"Valid for 60 days, until {request.valid_until:%Y-%m-%d}.", "dim")])
    return Block(frame(lines, [span(f"{component} asks for your consent")], "yellow", width,
                       expand=True))


def _destinations(target: str, flows: tuple[Any, ...], most: int = 3) -> list[Line]:
    """Where the code sends the value of consent item `target` beyond its own reply and log
    (an API, a mail, a Cliq task), once per destination."""
    places: dict[str, Any] = {}
    for flow in flows:
        if flow.source == target and flow.sink not in ("info", "return"):
            places.setdefault(flow.to, flow)
    lines = [[span(f"    → {to} ({flow.location.file} line {flow.location.line})")]
             for to, flow in list(places.items())[:most]]
    if len(places) > most:
        lines.append([span(f"    → and {len(places) - most} more places", "dim")])
    return lines


def print_messages(out: Out, messages: tuple[Message, ...] | list[Message]) -> None:
    for message in messages:
        out.print(transcript(message, out.width))
        out.print()
