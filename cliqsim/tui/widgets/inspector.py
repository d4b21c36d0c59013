"""The inspector: what each handler run did (inputs, info, tasks and API calls, consent, time)."""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from cliqsim.frontend.terminal import Printable
from cliqsim.platform.runtime import RunRecord

SHOWN_RUNS = 8


def _inputs(inputs: dict[str, Any]) -> str:
    text = json.dumps(inputs, default=str, ensure_ascii=False, indent=1)
    return text if len(text) <= 600 else text[:597] + "..."


def run_renderable(run: RunRecord, zone: tzinfo | None = None) -> RenderableType:
    """One run, its time in `zone` (the reader's; as stored when None)."""
    when = run.time.astimezone(zone) if zone is not None else run.time
    status_style = {"ok": "green", "error": "red", "denied": "yellow"}.get(run.status, "yellow")
    head = Text.assemble(
        (f"{when:%H:%M:%S} ", "dim"),
        (run.component, "bold"),
        f" · {run.handler}",
        (f"  {run.status}", f"bold {status_style}"),
        (f"  {run.duration_ms:.0f} ms", "dim"),
    )
    lines: list[RenderableType] = [head]
    lines.append(Text(f"trigger {run.trigger} · file {run.file or '-'} · consent {run.consent}",
                      style="dim"))
    lines.append(Text("inputs " + _inputs(run.inputs), style="cyan"))
    for line in run.info:
        lines.append(Text(f"info: {line}"))
    for effect in run.effects:
        mark, style = ("✘ blocked", "bold red") if effect.blocked else ("→", "")
        where = f" (line {effect.line})" if effect.line else ""
        detail = f" — {effect.detail}" if effect.detail else ""
        lines.append(Text(f"{mark} {effect.kind} {effect.target}{where}{detail}", style=style))
    if run.error is not None:
        lines.append(Text(f"error: {run.error.message}", style="red"))
    lines.append(Text(""))
    return Printable(Group(*lines))  # info lines, inputs, targets: no control character acts


class Inspector(VerticalScroll):
    """Shown with `i` / F4; lists the latest runs, newest first."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Inspector", style="bold"), classes="title")
        yield Static(id="runs")

    def show(self, runs: list[RunRecord], zone: tzinfo | None = None) -> None:
        body: RenderableType
        if not runs:
            body = Text("No handler has run yet in this session.", style="dim")
        else:
            body = Group(*(run_renderable(r, zone) for r in reversed(runs[-SHOWN_RUNS:])))
        self.query_one("#runs", Static).update(body)
