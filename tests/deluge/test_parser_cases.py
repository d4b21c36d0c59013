"""The language cases in tests/deluge/cases/syntax/*.dg, run as data.

Each file holds chunks separated by a line `// ---` (the text before the first separator is the
file's header). A chunk parses, unless it carries a marker

    // ### syntax: <part of the expected message> @ line N

where N counts lines from the start of the chunk (its first line is 1). A chunk that parses but
that Deluge refuses when the script is saved (Zoho Creator syntax) carries

    // ### check: <part of the expected message> @ line N

and then `check` reports that error at line N and compiling it fails with the same message. A
chunk's first line is a `// title` comment, used as the test id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from cliqsim.deluge import DelugeSyntaxError, parse
from cliqsim.deluge.checks import check
from cliqsim.deluge.interpreter import compile_script

CASES = Path(__file__).parent / "cases" / "syntax"
SEPARATOR = re.compile(r"(?m)^// ---[ \t]*\n")
MARKER = re.compile(r"(?m)^// ### syntax: (?P<message>.*?) @ line (?P<line>\d+)[ \t]*$")
CHECK = re.compile(r"(?m)^// ### check: (?P<message>.*?) @ line (?P<line>\d+)[ \t]*$")


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    message: str | None  # None: must parse
    line: int | None
    check: tuple[str, int] | None = None  # parses, and the checks and the compiler refuse it


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CASES.glob("*.dg")):
        chunks = SEPARATOR.split(path.read_text(encoding="utf-8"))[1:]
        for number, chunk in enumerate(chunks, start=1):
            first = chunk.splitlines()[0] if chunk.strip() else "// (empty)"
            title = first.removeprefix("//").strip()
            marker = MARKER.search(chunk)
            refused = CHECK.search(chunk)
            cases.append(
                Case(
                    id=f"{path.stem}#{number}: {title}",
                    text=chunk,
                    message=marker["message"] if marker else None,
                    line=int(marker["line"]) if marker else None,
                    check=(refused["message"], int(refused["line"])) if refused else None,
                )
            )
    return cases


ALL = load_cases()
VALID = [case for case in ALL if case.message is None]
INVALID = [case for case in ALL if case.message is not None]
REFUSED = [case for case in ALL if case.check is not None]


def test_the_case_files_cover_both_kinds() -> None:
    assert len(VALID) >= 60
    assert len(INVALID) >= 20


@pytest.mark.parametrize("case", VALID, ids=[case.id for case in VALID])
def test_valid_chunk_parses(case: Case) -> None:
    parse(case.text, case.id)


@pytest.mark.parametrize("case", INVALID, ids=[case.id for case in INVALID])
def test_invalid_chunk_fails_with_the_expected_error(case: Case) -> None:
    with pytest.raises(DelugeSyntaxError) as caught:
        parse(case.text, case.id)
    error = caught.value
    assert case.message is not None and case.message in error.message
    assert error.line == case.line
    assert error.message.startswith(f"(Line no: {case.line}) ")
    rendered = error.render()
    assert rendered.startswith(f"{case.id}:{case.line}:")
    assert "^" in rendered


@pytest.mark.parametrize("case", REFUSED, ids=[case.id for case in REFUSED])
def test_refused_chunk_is_a_check_error_and_does_not_compile(case: Case) -> None:
    assert case.check is not None
    message, line = case.check
    errors = [d for d in check(parse(case.text, case.id)) if d.severity == "error"]
    assert any(message in d.message and d.span.line == line for d in errors), errors
    with pytest.raises(DelugeSyntaxError) as caught:
        compile_script(case.text, case.id)
    assert message in caught.value.message
    assert caught.value.line == line
    assert caught.value.message.startswith(f"(Line no: {line}) ")


@pytest.mark.parametrize("case", VALID, ids=[case.id for case in VALID])
def test_valid_chunk_parses_the_same_with_crlf_line_ends(case: Case) -> None:
    lf = parse(case.text)
    crlf = parse(case.text.replace("\n", "\r\n"))
    assert len(crlf.body) == len(lf.body)
    assert [s.span.line for s in crlf.body] == [s.span.line for s in lf.body]


@pytest.mark.parametrize("case", INVALID, ids=[case.id for case in INVALID])
def test_invalid_chunk_reports_the_same_line_with_crlf_line_ends(case: Case) -> None:
    with pytest.raises(DelugeSyntaxError) as caught:
        parse(case.text.replace("\n", "\r\n"))
    assert caught.value.line == case.line
