"""Record and replay (#16 item 3): transcripts of runtime calls replay on a fresh data
directory; a drifted step is reported with a diff; ids and times are stable."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from platform_helpers import allow

from cliqsim.cli import main
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime
from cliqsim.platform.transcript import replay


def _record(runtime: Runtime, path: Path, steps: Callable[[Runtime], None]) -> None:
    runtime.record_to(path)
    steps(runtime)
    runtime.record_to(None)


def _poll_and_vote(runtime: Runtime) -> None:
    allow(runtime, runtime.install_extension("u_admin", "poll"))
    seeded = next(m for m in runtime.messages("general") if "Team lunch" in m.text)
    created = allow(runtime, runtime.run_action("u_meera", "Create poll", [seeded.id]))
    poll = next(m for m in created.messages if m.buttons)
    allow(runtime, runtime.click("u_arjun", poll.id, "Biryani"))
    runtime.advance(timedelta(days=1))


def test_a_recorded_session_replays_as_recorded(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "poll.toml"
    _record(runtime, path, _poll_and_vote)
    data = tomllib.loads(path.read_text())
    calls = [step["call"] for step in data["step"]]
    assert calls[:3] == ["install_extension", "decide", "run_action"]
    assert "click" in calls and calls[-1] == "advance"
    click = next(step for step in data["step"] if step["call"] == "click")
    assert click["args"]["message_id"].startswith("$m")  # an alias, not the random id
    report = replay(path, bundled_components())
    assert report.ok, [line for step in report.steps for line in step.diff]
    assert len(report.steps) == len(calls)


def test_a_drifted_step_is_named_with_a_diff(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "nearby.toml"
    _record(runtime, path, lambda rt: allow(rt, rt.submit("u_admin", "general", "/nearby bank")))
    text = path.read_text()
    assert 'card = "Nearby banks"' in text
    path.write_text(text.replace('card = "Nearby banks"', 'card = "Nearby ATMs"'))
    report = replay(path, bundled_components())
    assert not report.ok
    [drifted] = [step for step in report.steps if not step.ok]
    assert drifted.call == "decide"
    assert '-card = "Nearby ATMs"' in drifted.diff and '+card = "Nearby banks"' in drifted.diff


def test_forms_replay_by_name(runtime: Runtime, tmp_path: Path) -> None:
    def steps(rt: Runtime) -> None:
        form = allow(rt, rt.submit("u_meera", "general", "/announce Hi")).form
        assert form is not None
        allow(rt, rt.submit_form("u_meera", "general", form, {
            "headline": "Office closed Monday", "details": "For Pongal.",
            "channel": "general", "tag": "holiday", "email": False}))

    path = tmp_path / "announce.toml"
    _record(runtime, path, steps)
    assert '"$form" = "announcement"' in path.read_text()
    assert replay(path, bundled_components()).ok


def test_cli_record_then_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    transcript = tmp_path / "t.toml"
    common = ["--data", str(tmp_path / "d"), "--record", str(transcript), "--consent", "allow"]
    assert main(["run", "/nearby bank", "--now", "2026-12-01T09:00Z", *common]) == 0
    assert main(["trigger", "nearby", "suggestion", "--payload", '{"arguments":"ba"}',
                 "--now", "2026-12-01T09:05Z", *common]) == 0
    capsys.readouterr()
    junit = tmp_path / "junit.xml"
    assert main(["test", str(transcript), "--junit", str(junit)]) == 0
    out = capsys.readouterr().out
    assert "3 of 3 steps as recorded" in out and out.rstrip().endswith("1 passed, 0 failed")
    assert 'failures="0"' in junit.read_text()
    transcript.write_text(transcript.read_text().replace('Nearby banks', 'Nearby ATMs'))
    assert main(["test", str(transcript)]) == 1
    assert "0 passed, 1 failed" in capsys.readouterr().out


def test_not_a_transcript(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\n')
    assert main(["test", str(bad)]) == 2
    assert "is not a cliqsim transcript" in capsys.readouterr().err
