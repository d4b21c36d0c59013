"""`--trace` and `runs` in `--json`: the headless inspector (#16 item 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cliqsim.cli import main

POSTER = '''zoho.cliq.postToChannel("general", {"text":"hello from " + user.get("first_name")});
info "posted";
return {"text":"done"};
'''


def _poster(tmp_path: Path) -> Path:
    components = tmp_path / "components"
    folder = components / "poster"
    folder.mkdir(parents=True)
    (folder / "component.toml").write_text(
        'type = "command"\nname = "poster"\n[handlers]\nexecution = "run.dg"\n')
    (folder / "run.dg").write_text(POSTER)
    return components


def test_trace_prints_inputs_effects_and_who_answered(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "/nearby bank", "--consent", "allow", "--trace",
                 "--data", str(tmp_path / "d")]) == 0
    out = capsys.readouterr().out
    assert "nearby execution_handler (nearby/execution.dg) as u_admin in general" in out
    assert "trigger command; consent allowed; ok in " in out
    assert 'input arguments = "bank"' in out
    assert "api GET https://maps.googleapis.com/maps/api/place/nearbysearch/json ← fixture" in out
    assert "info found 5 bank places" in out


def test_json_runs_name_the_simulated_service(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    components = _poster(tmp_path)
    assert main(["run", "/poster", "--consent", "allow", "--json", "--components",
                 str(components), "--data", str(tmp_path / "d")]) == 0
    report = json.loads(capsys.readouterr().out)
    [run] = report["runs"]
    assert run["component"] == "poster" and run["consent"] == "allowed"
    assert run["inputs"]["user"] == {"first_name": "Priya"}
    [effect] = run["effects"]
    assert effect["target"] == "zoho.cliq.postToChannel"
    assert effect["answered_by"] == "the simulated service"
    assert effect["line"] == 1
    assert run["info"] == ["posted"]


def test_denied_run_has_no_run_record(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "/nearby bank", "--consent", "deny", "--json",
                 "--data", str(tmp_path / "d")]) == 3
    assert json.loads(capsys.readouterr().out)["runs"] == []
