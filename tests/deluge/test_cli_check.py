"""`cliqsim check`: files and folders, text and JSON reports, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cliqsim.cli import main

GOOD = 'name = user.get("first_name");\nreturn {"text": "Hi " + name};\n'
SYNTAX = "x = 1\ny = 2;\n"
UNDEFINED = "info missing;\n"
WARNING_ONLY = 'a = "x".length(1, 2);\n'  # a method's argument count: a warning
UNKNOWN_METHOD = 'message = "a b";\nparts = message.toLsit(" ");\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_clean_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "ok.dg", GOOD)
    code, out, _ = run_check(capsys, str(path))
    assert code == 0
    assert out == "1 file checked: 0 errors, 0 warnings\n"


def test_syntax_error_is_reported_with_position_and_pinpoint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "bad.dg", SYNTAX)
    code, out, _ = run_check(capsys, str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"{path}:1:6: error: Improper Statement Error might be due to missing ';' at end of the "
        "line or incomplete expression [syntax]"
    )
    assert lines[1].endswith("| x = 1")
    assert lines[2].endswith("|      ^")
    assert lines[3] == "  note: found 'y' on line 2 before the statement ended"
    assert lines[-1] == "1 file checked: 1 error, 0 warnings"


def test_folders_are_searched_recursively_for_dg_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "a.dg", GOOD)
    write(tmp_path / "deep" / "er" / "b.dg", UNDEFINED)
    write(tmp_path / "deep" / "c.dg", WARNING_ONLY)
    write(tmp_path / "notes.txt", SYNTAX)
    code, out, _ = run_check(capsys, str(tmp_path))
    assert code == 1
    assert (
        f"{tmp_path / 'deep' / 'er' / 'b.dg'}:1:6: error: Variable 'missing' is not defined "
        "[undefined-variable]" in out
    )
    assert f"{tmp_path / 'deep' / 'c.dg'}:1:9: warning:" in out
    assert "notes.txt" not in out
    assert out.splitlines()[-1] == "3 files checked: 1 error, 1 warning"


def test_warnings_alone_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "w.dg", WARNING_ONLY)
    code, out, _ = run_check(capsys, str(path))
    assert code == 0
    assert "[arity]" in out


def test_an_unknown_method_is_a_save_error_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "typo.dg", UNKNOWN_METHOD)
    code, out, _ = run_check(capsys, str(path))
    assert code == 1
    assert "error: Not able to find 'toLsit' function (did you mean 'toList'" in out


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "a.dg", GOOD)
    bad = write(tmp_path / "b.dg", SYNTAX)
    undefined = write(tmp_path / "c.dg", UNDEFINED)
    code, out, _ = run_check(capsys, str(tmp_path), "--json")
    assert code == 1
    report = json.loads(out)
    assert list(report) == ["files"]
    by_path = {entry["path"]: entry for entry in report["files"]}
    assert by_path[str(good)] == {"path": str(good), "ok": True, "diagnostics": []}
    assert by_path[str(bad)]["ok"] is False
    (syntax,) = by_path[str(bad)]["diagnostics"]
    assert syntax == {
        "severity": "error",
        "code": "syntax",
        "line": 1,
        "column": 6,
        "message": "Improper Statement Error might be due to missing ';' at end of the line or "
        "incomplete expression",
    }
    (variable,) = by_path[str(undefined)]["diagnostics"]
    assert variable["code"] == "undefined-variable" and variable["line"] == 1


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.dg"
    code, out, err = run_check(capsys, str(missing))
    assert code == 2
    assert out == ""
    assert str(missing) in err and "no such file" in err


def test_unreadable_text_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.dg"
    path.write_bytes('x = "café";'.encode("latin-1"))
    code, _, err = run_check(capsys, str(path))
    assert code == 2
    assert "latin1.dg" in err and "UTF-8" in err


def test_a_file_named_directly_is_checked_whatever_its_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "handler.deluge", UNDEFINED)
    code, out, _ = run_check(capsys, str(path))
    assert code == 1 and "handler.deluge:1:6" in out


def test_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_check(capsys, str(tmp_path))
    assert code == 0
    assert out.startswith("0 files checked: 0 errors, 0 warnings (no .dg files under")


def test_crlf_and_bom_files_report_true_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "win.dg"
    path.write_bytes(b"\xef\xbb\xbfa = 1;\r\nb = 2;\r\ninfo c;\r\n")
    code, out, _ = run_check(capsys, str(path))
    assert code == 1
    assert f"{path}:3:6: error: Variable 'c' is not defined" in out


def test_the_installed_entry_point_exit_codes(tmp_path: Path) -> None:
    good = write(tmp_path / "ok.dg", GOOD)
    bad = write(tmp_path / "bad.dg", SYNTAX)

    def status(*args: str) -> int:
        return subprocess.run(
            [sys.executable, "-m", "cliqsim", "check", *args], capture_output=True, check=False
        ).returncode

    assert status(str(good)) == 0
    assert status(str(bad)) == 1
    assert status(str(tmp_path / "missing")) == 2


def test_caret_lines_up_under_tab_indented_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "tabs.dg", "for each r in {1}\n{\n\tinfo replies;\n}\n")
    code, out, _ = run_check(capsys, str(path))
    assert code == 1
    source_line, caret_line = out.splitlines()[1:3]
    assert source_line.index("replies") == caret_line.index("^")
    assert caret_line.count("^") == len("replies")
