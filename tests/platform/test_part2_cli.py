"""`cliqsim scheduler` and `cliqsim widget` on the bundled samples: text, JSON, exit codes and
the messages of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cliqsim.cli import main

NOW = "2026-12-01T12:00"


def cli(tmp_path: Path, *args: str) -> int:
    return main([*args, "--data", str(tmp_path / "data"), "--now", NOW])


def test_scheduler_list_and_run_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(tmp_path, "scheduler", "list", "--json") == 0
    listed = {s["id"]: s for s in json.loads(capsys.readouterr().out)}
    assert listed["birthdays"]["next_due"] == "2026-12-02T03:30:00+00:00"
    assert listed["birthdays"]["consent"] == "ask"
    # nobody at the keyboard: both runs are skipped and the skips are reported
    assert cli(tmp_path, "scheduler", "run", "--until", "+1d", "--json") == 0
    skipped = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in skipped["runs"]] == ["consent_required"] * 2
    # the owner's visit, then the next day's runs go ahead
    assert main(["scheduler", "run", "--until", "+1d", "--consent", "allow", "--json",
                 "--data", str(tmp_path / "data"), "--now", "2026-12-02T12:00"]) == 0
    ran = json.loads(capsys.readouterr().out)
    assert {a["scheduler"] for a in ran["answered"]} == {"birthdays", "statuscheck"}
    assert [r["status"] for r in ran["runs"]] == ["ok", "ok"]
    assert ran["runs"][0]["time"] == "2026-12-03T03:30:00+00:00"


def test_scheduler_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(tmp_path, "scheduler", "run", "--until", "2026-12-02T12:00",
               "--consent", "allow") == 0
    out = capsys.readouterr().out
    assert "Birthday wishes ran at 2026-12-02 03:30 UTC" in out
    assert "→ general: Happy birthday, *Arjun, Karthik*!" in out
    assert "2 run(s) up to 2026-12-02 12:00 UTC: 2 ran" in out


@pytest.mark.parametrize(("args", "words"), [
    (["scheduler", "run"], "needs --until WHEN"),
    (["scheduler", "run", "--until", "2026-01-01"], "is before the simulated now"),
    (["scheduler", "run", "--until", "soon"], "cannot read the time 'soon'"),
    (["scheduler", "consent"], "no terminal to ask on"),
    (["widget", "nothing"], "there is no widget 'nothing' (widgets: salesboard)"),
])
def test_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                   words: str) -> None:
    assert cli(tmp_path, *args) == 2
    assert words in capsys.readouterr().err


def test_widget_draw_and_click(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(tmp_path, "widget") == 0
    assert "Sales board (salesboard)" in capsys.readouterr().out
    assert cli(tmp_path, "widget", "salesboard", "--user", "u_arjun") == 3  # consent needed
    capsys.readouterr()
    assert cli(tmp_path, "widget", "salesboard", "--user", "u_arjun", "--consent", "allow",
               "--click", "Contacted: Imran", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["widget"]["active_tab"] == "leads"
    rows = data["widget"]["sections"][0]["elements"][1]["rows"]
    assert {"Lead": "Imran Qureshi", "Company": "Deccan Logistics", "Status": "Contacted"} in rows
    assert cli(tmp_path, "widget", "salesboard", "--user", "u_arjun", "--tab", "about") == 0
    assert "Leads | [About]" in capsys.readouterr().out


def test_participation_add_and_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(tmp_path, "participation", "add", "PayAlerts", "#sales", "--consent",
               "allow") == 0
    assert "Hello Sales! I'll post failed and large payments here." in capsys.readouterr().out
    assert cli(tmp_path, "participation", "remove", "PayAlerts", "sales", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["messages"][-1]["text"] == "PayAlerts will no longer post here."
    assert cli(tmp_path, "participation", "add", "PayAlerts", "nowhere") == 2
    assert "there is no channel 'nowhere'" in capsys.readouterr().err
