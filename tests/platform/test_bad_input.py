"""Bad input, as a newcomer gives it: every kind gets one clear message naming what is wrong,
where (the option, the path, the line) and what to do, a sensible exit status, and never a
Python traceback (`cliqsim.cli._run` and `cliqsim.frontend.user_files` are the one place
each kind is worded)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim import cli
from cliqsim.cli import main
from cliqsim.errors import os_error_text
from cliqsim.platform.packages import load_packages

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


# --- the data directory ----------------------------------------------------------------------


def test_a_data_directory_that_is_a_file_is_named(tmp_path: Path, capsys: Capture) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    code, err = run(capsys, "users", "--data", str(afile))
    assert code == 2
    assert f"--data {afile}: is a file, not a folder" in err


def test_a_data_directory_that_cannot_be_made_is_named(tmp_path: Path, capsys: Capture) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    code, err = run(capsys, "users", "--data", str(afile / "sub"))
    assert code == 2
    assert f"--data {afile / 'sub'}: not a directory" in err
    assert "choose another with --data DIR" in err


def test_the_data_environment_variable_is_named(tmp_path: Path, capsys: Capture,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CLIQSIM_DATA", str(afile))
    code, err = run(capsys, "users")
    assert code == 2 and f"$CLIQSIM_DATA {afile}: is a file" in err


# --- the components folder -------------------------------------------------------------------


def test_a_components_folder_that_is_a_file(tmp_path: Path, capsys: Capture) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    code, err = run(capsys, "run", "/x", "--components", str(afile), "--data", str(tmp_path / "d"))
    assert code == 2
    assert "is a file, not a folder" in err and "component.toml" in err
    code, err = run(capsys, "run", "/x", "--components", str(tmp_path / "none"),
                    "--data", str(tmp_path / "d"))
    assert code == 2 and "there is no such folder" in err


def test_type_written_under_a_table_is_explained(tmp_path: Path) -> None:
    write_package(tmp_path, "a", '[package]\ntype = "command"\nname = "a"\n', {})
    [error] = load_packages(tmp_path).errors
    assert "'type' is inside the [package] table" in error.reason
    assert error.line == 2


# --- files named on the command line: one wording for each fault ------------------------------


def test_a_script_that_is_not_utf8_says_where(tmp_path: Path, capsys: Capture) -> None:
    script = tmp_path / "bad.dg"
    script.write_bytes(b"info 1;\ninfo \xff;\n")
    code, err = run(capsys, "script", str(script))
    assert code == 2
    assert f"the script: {script} is not UTF-8 text" in err
    assert "line 2, column 6" in err and "save it as UTF-8" in err
    code, err = run(capsys, "check", str(script))
    assert code == 2 and "line 2, column 6" in err


def test_a_folder_given_as_a_script(tmp_path: Path, capsys: Capture) -> None:
    code, err = run(capsys, "script", str(tmp_path))
    assert code == 2 and f"{tmp_path} is a folder, not a file" in err


def test_payload_and_body_files_name_their_own_option(tmp_path: Path, capsys: Capture) -> None:
    data = str(tmp_path / "d")
    code, err = run(capsys, "trigger", "nearby", "suggestion", "--payload", "@missing.json",
                    "--data", data)
    assert code == 2 and "--payload: there is no file missing.json" in err
    body = tmp_path / "body.json"
    body.write_bytes(b'{"a": "\xc3"}')
    code, err = run(capsys, "webhook", "payalerts", "--body", f"@{body}", "--data", data)
    assert code == 2 and f"--body: {body} is not UTF-8 text" in err


def test_script_input_that_is_json_but_not_an_object(tmp_path: Path, capsys: Capture) -> None:
    script = tmp_path / "ok.dg"
    script.write_text("return 1;", encoding="utf-8")
    code, err = run(capsys, "script", str(script), "--input", "[1, 2]")
    assert code == 2 and "give a JSON object" in err and "Errno" not in err


# --- the last resort: no traceback, whatever escapes a command ---------------------------------


def test_an_os_error_no_command_caught_is_worded(capsys: Capture) -> None:
    def fails() -> int:
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/x.json")

    assert cli._run(fails) == 1
    err = capsys.readouterr().err
    assert err.startswith("cliqsim: /srv/x.json: permission denied; make it readable")


def test_an_unexpected_error_is_a_message_not_a_traceback(capsys: Capture,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.TRACEBACK_ENV, raising=False)

    def fails() -> int:
        raise ValueError("boom")

    assert cli._run(fails) == cli.EXIT_INTERNAL == 70
    err = capsys.readouterr().err
    assert "internal error (ValueError: boom)" in err and "CLIQSIM_TRACEBACK=1" in err
    monkeypatch.setenv(cli.TRACEBACK_ENV, "1")
    with pytest.raises(ValueError):
        cli._run(fails)


def test_os_error_text_names_option_path_reason_and_fix() -> None:
    error = OSError(errno.EROFS, "Read-only file system", "/mnt/ro")
    assert os_error_text(error, "--data") == (
        "--data /mnt/ro: read-only file system; choose a path on a writable disk")
