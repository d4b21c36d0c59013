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


# --- --form values of the wrong shape: refused on the field, as the Cliq client refuses them ---


def test_form_values_of_the_wrong_shape_are_named(tmp_path: Path, capsys: Capture) -> None:
    base = ["--data", str(tmp_path / "d"), "--consent", "allow", "--form", "details=d"]
    code = main(["run", "/announce Office closed", *base, "--form", "email=maybe"])
    out = capsys.readouterr().out
    assert code == 1
    assert "Also email everyone: 'maybe' is not a toggle state; give true or false" in out
    assert "Posted in" not in out
    assert main(["run", "/announce Office closed", *base, "--form", "email=FALSE"]) == 0
    assert "Posted in" in capsys.readouterr().out


def test_number_and_checkbox_values_are_checked() -> None:
    from cliqsim.platform.forms import missing_fields
    from cliqsim.platform.messages import Form, FormInput, FormOption

    form = Form(title="T", name="t", action="f", inputs=(
        FormInput(type="number", name="n", label="Count"),
        FormInput(type="checkbox", name="c", label="Days",
                  options=(FormOption(label="Monday", value="mon"),)),
    ))
    errors = missing_fields(form, {"n": "ten", "c": "mon,funday"})
    assert errors == {"n": "Count: 'ten' is not a number",
                      "c": "'funday' is not one of the options (mon)"}
    assert missing_fields(form, {"n": "-1.5", "c": "Monday"}) == {}


def test_the_chat_window_checks_its_components_folder_as_the_commands_do(
        tmp_path: Path) -> None:
    import argparse

    from cliqsim.errors import UsageError
    from cliqsim.tui.launch import launch

    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="is a file, not a folder"):
        launch(argparse.Namespace(components=str(afile), data=str(tmp_path / "d")))


def test_words_left_over_suggest_quotes(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["run", "/nearby", "bank"])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert "unrecognized arguments: bank; text with spaces goes in quotes" in err
    assert "`cliqsim --help` lists what it takes" in err


def test_a_negative_message_limit_is_refused(tmp_path: Path, capsys: Capture) -> None:
    code, err = run(capsys, "messages", "--limit", "-3", "--data", str(tmp_path / "d"))
    assert code == 2 and "--limit -3: give how many" in err


# --- a transcript edited by hand: each step is checked before anything replays -----------------


@pytest.mark.parametrize(("step", "message"), [
    ('call = "submit"', ":2: step 1: 'at' must be a date-time with its offset"),
    ('at = 5\ncall = "submit"', "'at' must be a date-time with its offset, such as "
                                "at = 2026-12-01T09:00:00Z, not 5"),
    ('at = 2026-12-01T09:00:00Z\ncall = "__class__"', "'call' must be one of "),
    ('at = 2026-12-01T09:00:00Z\ncall = "submit"\nargs = 5', "'args' must be a table"),
])
def test_a_hand_edited_transcript_step_is_named(tmp_path: Path, capsys: Capture, step: str,
                                                message: str) -> None:
    transcript = tmp_path / "t.toml"
    transcript.write_text(f"version = 1\n[[step]]\n{step}\n", encoding="utf-8")
    code, err = run(capsys, "test", str(transcript))
    assert code == 2 and message in err and f"{transcript}:2: step 1" in err


def test_a_transcript_step_with_arguments_its_call_does_not_take(tmp_path: Path,
                                                                 capsys: Capture) -> None:
    transcript = tmp_path / "t.toml"
    transcript.write_text(
        'version = 1\n[[step]]\nat = 2026-12-01T09:00:00Z\ncall = "submit"\n[step.args]\n'
        'user_id = "u_admin"\nchat_id = "general"\ntext = "hi"\nbogus = 1\n', encoding="utf-8")
    code = main(["test", str(transcript)])
    out = capsys.readouterr().out
    assert code == 1
    assert "unexpected keyword argument 'bogus'" in out and "it takes: user_id, chat_id" in out
