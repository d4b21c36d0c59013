"""`--trace`: the headless inspector. For each handler run: the handler, the inputs as bound
(after consent: objects a grant does not cover are absent), each effect and what answered it
(a fixture, the simulated service, the real network), the consent decision and the time taken.
`--json` outputs carry the same under `runs`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cliqsim.platform.records import EffectRecord, Outcome, RunRecord


def runs_of(steps: list[Outcome]) -> list[RunRecord]:
    """The handler runs behind the outcomes of one command, in order, each once."""
    seen: dict[str, RunRecord] = {}
    for step in steps:
        for run in ((step.run,) if step.run is not None else ()) + step.caused:
            seen.setdefault(run.id, run)
    return list(seen.values())


def answered_by(effect: EffectRecord) -> str:
    """Who answered an effect, in words: `fixture ...`, `online`, `simulated service`."""
    if effect.blocked:
        return "blocked by the consent guard"
    if effect.kind == "api":
        return effect.detail or "fixture"
    if effect.kind == "mail":
        return "the simulated outbox"
    return "the simulated service"


def run_json(run: RunRecord) -> dict[str, Any]:
    return {
        "id": run.id, "time": run.time.isoformat(), "user": run.user_id, "chat": run.chat_id,
        "component": run.component, "trigger": run.trigger, "handler": run.handler,
        "file": run.file, "consent": run.consent, "status": run.status,
        "inputs": json.loads(json.dumps(run.inputs, default=str)),
        "effects": [{"kind": e.kind, "target": e.target, "line": e.line, "blocked": e.blocked,
                     "answered_by": answered_by(e), "detail": e.detail} for e in run.effects],
        "info": list(run.info),
        "error": run.error.to_dict() if run.error else None,
        "duration_ms": round(run.duration_ms, 3),
    }


def trace_lines(run: RunRecord) -> list[str]:
    """Plain text lines (component text shown literally: print them without markup)."""
    where = f"{run.file}" if run.file else run.handler
    lines = [f"── run {run.id}: {run.component} {run.handler} ({where}) as {run.user_id}"
             f"{' in ' + run.chat_id if run.chat_id else ''}",
             f"   trigger {run.trigger}; consent {run.consent}; {run.status} in "
             f"{run.duration_ms:.1f} ms"]
    for name, value in run.inputs.items():
        text = json.dumps(value, default=str, ensure_ascii=False)
        lines.append(f"   input {name} = {text if len(text) <= 200 else text[:197] + '...'}")
    for effect in run.effects:
        line = f"line {effect.line}: " if effect.line else ""
        lines.append(f"   effect {line}{effect.kind} {effect.target} ← {answered_by(effect)}")
    for text in run.info:
        lines.append(f"   info {text}")
    if run.error is not None:
        lines.append(f"   error {run.error.kind}: {run.error.message}")
    return lines
