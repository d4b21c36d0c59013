"""`cliqsim check --privacy PATH... [--json | --sarif]`: findings with code, place and fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import NEARBY_TOML, cli, write_package

LEAKY = """\
info user;
sendmail [ from: zoho.adminuserid to: arguments subject: "s" message: "m" ];
"""


def test_a_bare_script_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "leaky.dg"
    script.write_text(LEAKY, encoding="utf-8")
    code, out, _ = cli(capsys, "check", "--privacy", str(script))
    assert code == 1
    assert f"{script}:1:6: warning: reads the whole `user`" in out
    assert "[CP001 whole-object]" in out and "  fix: read only the fields you need" in out
    assert f"{script}:2:1: warning: sendmail is sent from zoho.adminuserid" in out
    assert "[CP007 computed-recipients]" in out
    assert "1 file checked for privacy: 3 findings" in out


def test_a_package_knows_its_connections_and_points_into_component_toml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "components"
    write_package(root, "nearby", NEARBY_TOML + '\n[connections.spare]\nservice = "Spare"\n'
                  'auth = "user"\n', {"execution.dg": 'r = invokeurl [ url: '
                  '"https://maps.googleapis.com/x" connection: "googlemaps" ];\n'})
    code, out, _ = cli(capsys, "check", "--privacy", str(root), "--json")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert finding["code"] == "CP002" and finding["rule"] == "unused-connection"
    assert finding["path"].endswith("nearby/component.toml") and finding["line"] == 12
    assert set(finding) == {"code", "rule", "severity", "path", "line", "column", "end_line",
                            "end_column", "message", "fix"}


def test_clean_code_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ok.dg").write_text('return {"text": user.get("first_name")};\n',
                                    encoding="utf-8")
    code, out, _ = cli(capsys, "check", "--privacy", str(tmp_path))
    assert code == 0 and "1 file checked for privacy: 0 findings" in out


def test_sarif_2_1_0_for_code_scanning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # SARIF 2.1.0 (OASIS): sarifLog.version, runs[].tool.driver.rules[], results[] with ruleId,
    # level, message.text and physicalLocation.artifactLocation.uri + region; GitHub code
    # scanning needs relative URIs to show results on pull requests.
    (tmp_path / "leaky.dg").write_text(LEAKY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(capsys, "check", "--privacy", "leaky.dg", "--sarif")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "cliqsim"
    assert [r["id"] for r in rules][:2] == ["CP001", "CP002"]
    first = run["results"][0]
    assert first["ruleId"] == "CP001" and rules[first["ruleIndex"]]["id"] == "CP001"
    assert first["level"] == "warning" and "Fix: read only" in first["message"]["text"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "leaky.dg"
    assert location["region"] == {"startLine": 1, "startColumn": 6, "endLine": 1,
                                  "endColumn": 10}


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "check", "--sarif", str(tmp_path))
    assert code == 2 and "--sarif goes with --privacy" in err
    code, _, err = cli(capsys, "check", "--privacy", "--json", "--sarif", str(tmp_path))
    assert code == 2 and "choose one" in err


def test_a_script_that_does_not_parse_is_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.dg").write_text("x = ;\n", encoding="utf-8")
    code, out, _ = cli(capsys, "check", "--privacy", str(tmp_path), "--json")
    assert code == 1 and "bad.dg:1" in json.loads(out)["problems"][0]
