"""Helpers shared by the platform tests (imported as `platform_helpers`)."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

from cliqsim.platform.runtime import Outcome, Runtime

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def allow(runtime: Runtime, outcome: Outcome) -> Outcome:
    """Answer a consent request with Allow (the request must be there)."""
    assert outcome.status == "consent_required", outcome
    assert outcome.pending is not None
    return runtime.decide(outcome.pending, True)


def write_package(root: Path, name: str, manifest: str, files: dict[str, str]) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "component.toml").write_text(textwrap.dedent(manifest), encoding="utf-8")
    for file, text in files.items():
        path = folder / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def allowing(runtime: Runtime, outcome: Outcome) -> Outcome:
    """Answer a consent request with Allow if there is one (a script that reads no Cliq
    object and calls nothing runs without asking)."""
    if outcome.status == "consent_required":
        return allow(runtime, outcome)
    return outcome
