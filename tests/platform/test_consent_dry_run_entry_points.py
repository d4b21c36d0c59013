"""A dry run applies nothing on any entry point (docs/consents.md, threat model row 37).

`--dry-run` (`Runtime.rehearse_all`) promised "nothing is written", but only the road through
`Pipeline.proceed` rehearsed: `extensions uninstall --dry-run` ran the uninstallation handler's
tasks for real and uninstalled the extension, removing every consent of it; a scheduler's run
and a bot's first welcome (which call `Pipeline.execute` directly) ran their effects; and what
an entry point changes besides a run (the message typed, a bot added to a channel, a status, a
membership) was written. Now every handler run rehearses in `Pipeline.execute`, the one place
effects happen, and while the dry run is on neither data file is written at all."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from platform_helpers import START, allowing

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

ENTRY_POINTS: dict[str, Callable[[Runtime], Any]] = {
    "a command": lambda r: r.submit("u_arjun", "general", "/nearby bank"),
    "a plain message": lambda r: r.submit("u_arjun", "general", "hello there"),
    "a bot's first welcome": lambda r: r.open_bot("u_meera", "pollbot"),
    "a bot menu action": lambda r: r.menu_action("u_arjun", "pollbot", "My polls"),
    "an incoming webhook": lambda r: r.deliver_webhook("payalerts", '{"event": "x"}'),
    "a status change": lambda r: r.change_status("u_arjun", "away", "Busy"),
    "adding a bot to a channel": lambda r: r.add_bot_to_channel("u_arjun", "payalerts",
                                                                 "general"),
    "installing": lambda r: r.install_extension("u_admin", "poll"),
    "uninstalling": lambda r: r.uninstall_extension("u_admin", "poll"),
    "a widget": lambda r: r.open_widget("u_arjun", "salesboard"),
    "joining a channel": lambda r: r.trigger_event("u_meera", "join", ["sales"]),
    "schedulers falling due": lambda r: r.advance(timedelta(days=2)),
}


def _files(data: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(data.iterdir()) if p.is_file() and not p.name.endswith(".lock")}


@pytest.fixture
def used(tmp_path: Path) -> tuple[Runtime, Path]:
    """A data directory in use (Poll installed, consents given), and a runtime opened on it
    afterwards (the first one's use records, written in groups, are no concern of this one)."""
    data = tmp_path / "data"
    clock = SimulatedClock(START)
    first = Runtime(bundled_components(), data, clock)
    asked = first.install_extension("u_admin", "poll")
    assert asked.pending is not None
    first.decide(asked.pending, True)
    allowing(first, first.open_bot("u_arjun", "pollbot"))
    allowing(first, first.submit("u_arjun", "general", "/nearby bank"))
    return Runtime(bundled_components(), data, clock), data


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_a_dry_run_writes_nothing(used: tuple[Runtime, Path], entry: str) -> None:
    runtime, data = used
    before = _files(data)
    runtime.rehearse_all()
    ENTRY_POINTS[entry](runtime)
    runtime.rehearse_all(False)
    assert _files(data) == before


def test_a_dry_uninstall_runs_no_task_and_keeps_every_consent(
        used: tuple[Runtime, Path]) -> None:
    runtime, _ = used
    runtime.rehearse_all()
    outcome = runtime.uninstall_extension("u_admin", "poll")
    assert outcome.dry_run is not None  # the uninstallation handler was rehearsed
    assert any("deleteProperty" in e.text for e in outcome.dry_run.effects)
    assert "nothing was applied" in (outcome.notice or "")
    runtime.rehearse_all(False)
    assert runtime.grants("u_arjun")  # nothing was removed
    assert runtime.open_bot("u_arjun", "pollbot").status == "ok"


def test_turning_the_dry_run_off_forgets_what_it_changed(used: tuple[Runtime, Path]) -> None:
    runtime, _ = used
    runtime.rehearse_all()
    assert runtime.submit("u_arjun", "general", "only rehearsed").status == "ok"
    runtime.rehearse_all(False)
    assert not [m for m in runtime.messages("general") if m.text == "only rehearsed"]
