"""Issue #12, "packages and data files": one bad package never stops cliqsim, one bad component
never hides its whole extension, every error is named at once (and in --json outputs), and every
file a package names resolves inside it (docs/components.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.cli import main
from cliqsim.platform.packages import load_packages

COMMAND = """
    type = "command"
    name = "{name}"
    [handlers]
    execution = "run.dg"
"""
RUN = {"run.dg": 'return {"text": "hi"};'}


def good(root: Path, name: str = "ok") -> None:
    write_package(root, name, COMMAND.format(name=name), RUN)


def reasons(root: Path) -> list[str]:
    return [f"{error.path.parent.name}: {error.reason}" for error in load_packages(root).errors]


def test_a_toml_nested_too_deeply_skips_only_its_package(tmp_path: Path) -> None:
    good(tmp_path)
    folder = tmp_path / "deep"
    folder.mkdir()
    (folder / "component.toml").write_text(
        'type = "command"\nname = "deep"\nx = ' + "[" * 5000 + "]" * 5000 + "\n",
        encoding="utf-8",
    )
    catalog = load_packages(tmp_path)
    assert set(catalog.packages) == {"ok"}
    assert any("nested too deeply" in r for r in reasons(tmp_path))


def test_a_body_file_that_is_not_utf8_skips_its_package_with_the_file_named(
    tmp_path: Path,
) -> None:
    good(tmp_path)
    folder = write_package(tmp_path, "bin", COMMAND.format(name="bin") + """
        [[fixtures]]
        url = "https://api.example.com/x"
        body_file = "body.txt"
    """, RUN)
    (folder / "body.txt").write_bytes(b"\xff\xfe\x00 not text")
    catalog = load_packages(tmp_path)
    assert set(catalog.packages) == {"ok"}
    (error,) = catalog.errors
    assert error.path == folder / "component.toml" and error.field == "fixtures.body_file"
    assert "cannot read body.txt: it is not UTF-8 text" in error.reason


def test_a_bom_in_a_manifest_or_script_is_fine(tmp_path: Path) -> None:
    folder = tmp_path / "bom"
    folder.mkdir()
    (folder / "component.toml").write_text(COMMAND.format(name="bom"), encoding="utf-8-sig")
    (folder / "run.dg").write_text(RUN["run.dg"], encoding="utf-8-sig")
    catalog = load_packages(tmp_path)
    assert catalog.errors == [] and set(catalog.packages) == {"bom"}
    assert not catalog.packages["bom"].handlers["execution_handler"].text.startswith("\ufeff")


def test_markup_in_a_load_error_is_shown_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good(tmp_path)
    write_package(tmp_path, "markup", 'type = "[/bold]"\nname = "m"\n', {})
    code = main(["run", "/ok", "--components", str(tmp_path), "--data", str(tmp_path / "d"),
                 "--consent", "allow"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert "unknown component type '[/bold]'" in captured.out + captured.err


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ('[[fixtures]]\nurl = "https://a.example/x"\nbody_file = "/etc/passwd"\n',
         "fixtures.body_file"),
        ('[[fixtures]]\nurl = "https://a.example/x"\nbody_file = "../ok/run.dg"\n',
         "fixtures.body_file"),
    ],
)  # fmt: skip
def test_a_fixture_file_outside_the_package_is_refused(
    tmp_path: Path, extra: str, field: str
) -> None:
    good(tmp_path)
    write_package(tmp_path, "thief", COMMAND.format(name="thief") + extra, RUN)
    catalog = load_packages(tmp_path)
    assert set(catalog.packages) == {"ok"}
    (error,) = catalog.errors
    assert error.field == field and "outside the package folder" in error.reason


def test_a_handler_outside_the_package_is_refused(tmp_path: Path) -> None:
    good(tmp_path)
    manifest = COMMAND.format(name="thief").replace('"run.dg"', '"../ok/run.dg"')
    write_package(tmp_path, "thief", manifest, {})
    (error,) = load_packages(tmp_path).errors
    assert error.field == "handlers.execution" and "outside the package folder" in error.reason


def test_a_symlink_out_of_the_package_is_refused(tmp_path: Path) -> None:
    good(tmp_path)
    folder = write_package(tmp_path, "link", COMMAND.format(name="link"), {})
    secret = tmp_path / "secret.dg"
    secret.write_text('return {"text": "secret"};', encoding="utf-8")
    os.symlink(secret, folder / "run.dg")
    (error,) = load_packages(tmp_path).errors
    assert "outside the package folder" in error.reason


def _extension(root: Path, components: list[str]) -> Path:
    return write_package(root, "ext", f"""
        type = "extension"
        name = "Ext"
        components = {json.dumps(components)}
    """, {})


def test_one_bad_component_never_hides_the_extension_and_every_error_is_named(
    tmp_path: Path,
) -> None:
    ext = _extension(tmp_path, ["fa", "fb", "fc", "../outside"])
    good(ext, "fa")
    write_package(ext, "fb", COMMAND.format(name="fb"), {"run.dg": 'return {"text": ;'})
    write_package(ext, "fc", 'type = "command"\nname = "fc"\nbogus = 1\n', {})
    good(tmp_path, "outside")
    catalog = load_packages(tmp_path)
    assert {"ext", "fa", "outside"} <= set(catalog.packages)
    assert "fb" not in catalog.packages and "fc" not in catalog.packages
    found = reasons(tmp_path)
    assert any(r.startswith("fb: Deluge syntax error") for r in found)
    assert any(r.startswith("fc:") and "bogus" in r for r in found)
    assert any("'../outside' is outside the extension folder" in r for r in found)


def test_every_broken_handler_of_a_package_is_named_at_once(tmp_path: Path) -> None:
    write_package(tmp_path, "bot", """
        type = "bot"
        name = "Two"
        [handlers]
        message = "message.dg"
        welcome = "welcome.dg"
    """, {"message.dg": "return {;", "welcome.dg": "x = ;"})
    errors = load_packages(tmp_path).errors
    assert sorted(e.path.name for e in errors) == ["message.dg", "welcome.dg"]


def test_load_errors_are_in_json_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ext = _extension(tmp_path, ["fa", "fb"])
    good(ext, "fa")
    write_package(ext, "fb", COMMAND.format(name="fb"), {"run.dg": 'return {"text": ;'})
    base = ["--components", str(tmp_path), "--data", str(tmp_path / "d")]
    assert main(["extensions", "list", "--json", *base]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in listed["extensions"]] == ["ext"]
    assert listed["extensions"][0]["components"] == ["fa", "fb"]
    (error,) = listed["load_errors"]
    assert error["file"].endswith("run.dg") and "syntax error" in error["reason"]
    main(["run", "/fa", "--json", "--consent", "allow", *base])
    ran = json.loads(capsys.readouterr().out)
    assert ran["load_errors"][0]["reason"] == error["reason"]


def test_check_goes_on_past_an_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.dg").write_bytes(b"\xff\xfe not text")
    (tmp_path / "good.dg").write_text("info 1;", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "bad.dg:1:1: error: " in out and "bad.dg is not UTF-8 text" in out
    assert "[unreadable]" in out
    assert "2 files checked: 1 error" in out
