"""Issue #12, "internal errors instead of Deluge errors": the issue's examples end in Deluge
errors; lone surrogates never reach an output that cannot encode them; awkward command-line
values are refused with usage messages."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliqsim.cli import main
from cliqsim.deluge.errors import DelugeError
from cliqsim.deluge.interpreter import Limits, run_text
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.values import plain_text

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.characters(min_codepoint=0xD800,
                                                                 max_codepoint=0xDFFF))))
def test_plain_text_replaces_exactly_each_surrogate(text: str) -> None:
    """`plain_text` finds a surrogate by UTF-8's refusal to encode it (its pattern compiles
    only then): the same text as replacing each code point U+D800..U+DFFF by `?`."""
    assert plain_text(text) == "".join("?" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("'01-Jan-2020'.addDay(999999999999)", "The date is out of range"),
        ("'01-Jan-2020 10:00:00'.addHour(-999999999999)", "The date is out of range"),
        ('(1.5).round("9".repeat(30))', "can not be cast to '[BIGINT]' for the function round"),
        ('"".repeat("9".repeat(30))', "can not be cast to '[BIGINT]' for the function repeat"),
        ("(-1).power(1.5)", "The function power gave no finite value"),
        ('"abc".leftpad("-" + "9".repeat(30))', "can not be cast to '[BIGINT]'"),
    ],
)
def test_awkward_arguments_end_in_deluge_errors(expression: str, message: str) -> None:
    with pytest.raises(DelugeError) as caught:
        run_text(f"return {expression};", RecordingHost(now=NOW))
    assert message in caught.value.message
    assert "Internal error" not in caught.value.message


def test_rounding_to_absurd_places_gives_a_value() -> None:
    host = RecordingHost(now=NOW)
    assert run_text("return 2.5.round(-99999999999);", host).returned == 0
    assert run_text("return 2.5.round(99999999999);", host).returned == 2.5
    assert run_text("return 2.5.truncate(-99999999999);", host).returned == 0


def test_lone_surrogates_leave_the_interpreter_as_question_marks() -> None:
    host = RecordingHost(now=NOW)
    text = (
        'info "a\\ud800b";\n'
        'zoho.cliq.postToChat("c", {"\\udfff": "\\ud800"});\n'
        'return {"t": "\\ud800", "pair": "\\ud83d\\ude00", "l": {"\\ud800", 1}};'
    )
    result = run_text(text, host, {}, Limits())
    assert host.infos == ["a?b"]
    assert host.effects[1]["args"] == ["c", {"?": "?"}]
    assert result.returned == {"t": "?", "pair": "\U0001f600", "l": ["?", 1]}
    json.dumps(result.returned).encode("utf-8")  # encodable


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ('"\\ud800".textToHex()', "3f"),
        ('zoho.encryption.base64Encode("\\ud800")', "Pw=="),
        ('zoho.encryption.urlEncode("\\ud800")', "%3F"),
        ('encodeUrl("\\ud800")', "%3F"),
        ('zoho.encryption.md5("\\ud800")', "d1457b72c3fb323a2671125aef3eab5d"),
    ],
)
def test_encoding_built_ins_write_a_lone_surrogate_as_java_does(call: str, expected: str) -> None:
    assert run_text(f"return {call};", RecordingHost(now=NOW)).returned == expected


def _script(tmp_path: Path) -> str:
    path = tmp_path / "s.dg"
    path.write_text('info "\\ud800";\nreturn x;', encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--timeout", "nan"], "--timeout must be a number of seconds above 0"),
        (["--timeout", "inf"], "--timeout must be a number of seconds above 0"),
        (["--timeout", "-1"], "--timeout must be a number of seconds above 0"),
        (["--input", '{"inputs": {"x": 1e999}}'], "the number 1e999 is out of range"),
        (["--input", '{"inputs": {"x": NaN}}'], "NaN is not a number Deluge has"),
        (["--input", '{"inputs": {"x": ' + "[" * 5000 + "]" * 5000 + "}}"], "too deeply"),
        (["--input", '{"inputs": {"x": ' + "[" * 150 + "]" * 150 + "}}"], "levels deep"),
        (["--now", "+999999999d"], "out of range"),
        (["--now", "9999-12-31"], "out of range"),
    ],
)
def test_awkward_command_line_values_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["script", _script(tmp_path), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_lone_surrogate_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["script", _script(tmp_path), "--input", '{"inputs": {"x": "\\ud800"}}']
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == ["?", '"?"']
    assert main([*argv, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["returned"] == "?"


@pytest.mark.parametrize(
    ("value", "pattern", "start"),
    [
        (1e300, "#,##0.00", "1,000,000,000,000,000,000,000"),
        (-1e308, "0.00", "-1000000000000000"),
        (5e-324, "0.00", "0.00"),
        (1e300, "0." + "0" * 400, "1000000000000000"),
    ],
)
def test_number_patterns_take_the_largest_decimals(value: float, pattern: str, start: str) -> None:
    """The built-in fuzz test's find: toText(pattern) on a huge decimal ran out of decimal
    precision ("Invalid arguments for the function toText")."""
    from cliqsim.deluge.builtins.number_format import number_format

    assert number_format(value, pattern).startswith(start)
