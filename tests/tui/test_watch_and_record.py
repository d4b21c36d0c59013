"""Live reload and the record toggle in the chat window (#16 items 3 and 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SIZE, START, wait_for

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import make_app


def _components(tmp_path: Path) -> Path:
    components = tmp_path / "components"
    components.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", components / "workspace.toml")
    shutil.copytree(bundled_components() / "nearby", components / "nearby")
    return components


async def test_an_edit_reloads_and_a_broken_package_is_named(tmp_path: Path) -> None:
    components = _components(tmp_path)
    runtime = Runtime(components, tmp_path / "data", SimulatedClock(START))
    app = make_app(runtime, "u_admin", watch=True)
    seen: list[str] = []
    app.notify = lambda message, **kw: seen.append(f"{kw.get('title')}: {message}")  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat window")
        await pilot.pause(0.5)  # the watcher is set up
        script = components / "nearby" / "execution.dg"
        script.write_text(script.read_text() + "\n// edited\n")
        await wait_for(pilot, lambda: any("changed nearby/execution.dg" in s for s in seen),
                       "the reload notice", limit=15)
        assert any(s.startswith("Components changed: Reloaded after:") for s in seen)
        (components / "nearby" / "component.toml").write_text('type = "command"\n')
        await wait_for(pilot, lambda: any(s.startswith("Skipped a bad package") for s in seen),
                       "the bad package notice", limit=15)
        assert runtime.load_errors


async def test_record_toggle_writes_a_transcript(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runtime = Runtime(bundled_components(), tmp_path / "data", SimulatedClock(START))
    app = make_app(runtime, "u_admin")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat window")
        app.action_toggle_record()
        path = runtime.recording
        assert path is not None and path.parent == tmp_path / "transcripts"
        app.start_trigger(runtime.trigger, "u_admin", "nearby", "suggestion",
                          {"arguments": "ba"}, "general")
        await wait_for(pilot, lambda: path.exists(), "the transcript")
        app.action_toggle_record()
        assert runtime.recording is None
    assert 'call = "trigger"' in path.read_text()
