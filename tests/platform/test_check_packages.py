"""`cliqsim check DIR` validates packages with the loader's own rules and messages (#16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cliqsim.cli import main
from cliqsim.platform.packages import load_packages

SAMPLES = Path(__file__).resolve().parents[2] / "sample_components"


def _package(root: Path, name: str, toml: str, files: dict[str, str] | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "component.toml").write_text(toml, encoding="utf-8")
    for file, text in (files or {}).items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def test_bundled_samples_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLES)]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary.endswith("0 errors, 0 warnings")
    assert " packages and " in summary


def test_each_broken_package_is_named_with_the_loaders_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _package(tmp_path, "good", 'type = "command"\nname = "good"\n[handlers]\n'
             'execution = "run.dg"\n', {"run.dg": 'return {"text":"ok"};'})
    _package(tmp_path, "typo", 'type = "command"\nname = "typo"\ndescriptoin = "x"\n'
             '[handlers]\nexecution = "run.dg"\n', {"run.dg": "return {};"})
    _package(tmp_path, "missing", 'type = "command"\nname = "missing"\n[handlers]\n'
             'execution = "nowhere.dg"\n')
    _package(tmp_path, "badauth", 'type = "command"\nname = "badauth"\n[handlers]\n'
             'execution = "run.dg"\n[connections.crm]\nservice = "CRM"\nauth = "everyone"\n',
             {"run.dg": "return {};"})
    assert main(["check", str(tmp_path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    by_folder = {Path(p["path"]).name: p for p in report["packages"]}
    assert by_folder["good"]["ok"] is True
    expected = {error.path.parent.name: error.reason for error in
                load_packages(tmp_path).errors}
    for name in ("typo", "missing", "badauth"):
        assert by_folder[name]["ok"] is False
        assert [e["reason"] for e in by_folder[name]["errors"]] == [expected[name]]
    assert by_folder["badauth"]["errors"][0]["field"] == "connections.crm.auth"

    assert main(["check", str(tmp_path)]) == 1
    text = capsys.readouterr().out
    assert f"{tmp_path / 'typo' / 'component.toml'}:3: error: [descriptoin]" in text
    assert text.splitlines()[-1].startswith("4 packages and ")


def test_a_package_folder_itself_can_be_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _package(tmp_path, "one", 'type = "bot"\nname = "One"\n[handlers]\n'
                      'message = "m.dg"\n', {"m.dg": 'return {"text":"x" + };'})
    assert main(["check", str(folder), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [Path(p["path"]).name for p in report["packages"]] == ["one"]
    assert report["packages"][0]["errors"][0]["file"].endswith("m.dg")


def test_an_extensions_bundled_component_is_reported_under_the_extension(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ext = _package(tmp_path, "ext", 'type = "extension"\nname = "Ext"\ncomponents = ["cmd"]\n')
    _package(ext, "cmd", 'type = "command"\nname = "c"\n')
    assert main(["check", str(tmp_path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [Path(p["path"]).name for p in report["packages"]] == ["ext"]
    assert "execution" in report["packages"][0]["errors"][0]["reason"]
