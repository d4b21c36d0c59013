"""`cliqsim script FILE.dg`: output, --json, --input, limits and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cliqsim.cli import main

SCRIPT = """
info "searching " + arguments;
r = zoho.crm.getRecords("Accounts");
resp = invokeurl [ url: "https://api.example.com/places" type: GET ];
info resp.get("count");
return {"text": "found " + r.size(), "when": today};
"""


def write(tmp_path: Path, text: str, name: str = "s.dg") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


INPUT = json.dumps(
    {
        "inputs": {"arguments": "bank"},
        "tasks": {"zoho.crm.getRecords": [{"Name": "A"}, {"Name": "B"}]},
        "urls": {"https://api.example.com/places": {"count": 7}},
    }
)


def test_prints_info_lines_then_the_returned_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, SCRIPT)
    assert main(["--now", "2026-12-01T09:00", "script", path, "--input", INPUT]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["searching bank", "7"]
    # a DATE in a map gets the time 00:00:00 (Zoho's create-map and put pages)
    returned = json.loads("\n".join(out[2:]))
    assert returned == {"text": "found 2", "when": "2026-12-01T00:00:00+00:00"}


def test_json_output_lists_info_returned_and_effects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, SCRIPT)
    assert main(["script", path, "--input", INPUT, "--json", "--now", "2026-12-01"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["error"] is None
    assert report["info"] == ["searching bank", "7"]
    assert report["returned"]["text"] == "found 2"
    kinds = [(e["kind"], e.get("name") or e.get("url") or e.get("text"), e["line"])
             for e in report["effects"]]  # fmt: skip
    assert kinds == [
        ("info", "searching bank", 2),
        ("task", "zoho.crm.getRecords", 3),
        ("invokeurl", "https://api.example.com/places", 4),
        ("info", "7", 5),
    ]


def test_tasks_without_canned_results_return_null(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, 'r = zoho.cliq.postToChat("c", "hi"); return isNull(r);')
    assert main(["script", path]) == 0
    assert capsys.readouterr().out.strip() == "true"


def test_input_may_be_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "return arguments;")
    config = write(tmp_path, json.dumps({"inputs": {"arguments": "from file"}}), "in.json")
    assert main(["script", path, "--input", config]) == 0
    assert capsys.readouterr().out.strip() == '"from file"'


def test_a_deluge_error_exits_1_with_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, 'info "before";\nl = {1};\ninfo l.get(3);')
    assert main(["script", path]) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == "before"
    assert "s.dg:3:" in captured.err and "Given index 3 is greater" in captured.err
    assert main(["script", path, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["error"] == {"line": 3, "message": "Given index 3 is greater than the list size"}
    assert report["info"] == ["before"]


def test_a_syntax_error_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["script", write(tmp_path, "x = ;")]) == 1
    assert "(Line no: 1)" in capsys.readouterr().err


def test_max_statements(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "l = {1}; for each n in l { l.add(n); }")
    assert main(["script", path, "--max-statements", "100", "--json"]) == 1
    assert "(100) exceeded" in json.loads(capsys.readouterr().out)["error"]["message"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--input", "{not json"], "not valid JSON"),
        (["--input", '{"nope": 1}'], "unknown key(s) nope"),
        (["--input", '{"tasks": [1]}'], '"tasks" must be a JSON object'),
        (["--input", '{"timezone": "Mars/Base"}'], "unknown timezone"),
        (["--input", "missing.json"], "--input: there is no file missing.json"),
        (["--max-statements", "0"], "must be a positive number"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    path = write(tmp_path, "return 1;")
    assert main(["script", path, *argv]) == 2
    assert message in capsys.readouterr().err


def test_a_missing_script_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["script", str(tmp_path / "none.dg")]) == 2
    assert "there is no file" in capsys.readouterr().err
