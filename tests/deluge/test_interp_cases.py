"""The run-time cases in tests/deluge/cases/{builtins,run,field}/*.dg.

Each file holds chunks separated by a line `// ---`; a chunk's first line is a `// title`
comment, used as the test id. A chunk is run on its own with a recording host (the clock at
2026-11-29 10:00:00 UTC), and checked against its markers:

    // > text                          the next `info` line, in order (every info is checked)
    // => JSON                         the returned value, as plain data
    // ### error: <part of message> @ line N   the run fails with a runtime error at line N
    // ### limit: <part of message>    the run stops at a limit (DelugeLimitError)
    // ### syntax: <part of message> @ line N  the script does not save (DelugeSyntaxError)
    // @input {"inputs": {...}, "tasks": {...}, "urls": {...}, "system": {...},
    //         "timezone": "...", "now": "..."}   what the host and inputs hold

Line numbers count from the chunk's first line (1).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from cliqsim.clock import parse_when
from cliqsim.deluge.errors import DelugeLimitError, DelugeRuntimeError, DelugeSyntaxError
from cliqsim.deluge.interpreter import compile_script, run
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.values_dates import zone_named

CASES = Path(__file__).parent / "cases"
SEPARATOR = re.compile(r"(?m)^// ---[ \t]*\n")
INFO = re.compile(r"(?m)^\s*// > ?(?P<text>.*?)[ \t]*$")
RETURNS = re.compile(r"(?m)^\s*// => (?P<json>.*)$")
ERROR = re.compile(r"(?m)^\s*// ### error: (?P<message>.*?) @ line (?P<line>\d+)[ \t]*$")
LIMIT = re.compile(r"(?m)^\s*// ### limit: (?P<message>.*?)[ \t]*$")
SYNTAX = re.compile(r"(?m)^\s*// ### syntax: (?P<message>.*?) @ line (?P<line>\d+)[ \t]*$")
INPUT = re.compile(r"(?m)^\s*// @input (?P<json>.*)$")
NOW = datetime(2026, 11, 29, 10, 0, 0).astimezone()
# builtins/ and run/ hold Zoho's documented examples; field/ holds scripts from public reports
# by people who write Deluge (forum topics, blog posts, Q&A), each naming its source.
PARTS = ("builtins", "run", "field")


@dataclass(frozen=True)
class Case:
    id: str
    text: str


def load_cases() -> list[Case]:
    cases: list[Case] = []
    paths = [path for part in PARTS for path in sorted(CASES.glob(f"{part}/*.dg"))]
    for path in paths:
        for chunk in SEPARATOR.split(path.read_text(encoding="utf-8"))[1:]:
            title = chunk.splitlines()[0].lstrip("/ ").strip()
            cases.append(Case(f"{path.parent.name}/{path.stem}: {title}", chunk))
    return cases


def plain(value: Any) -> Any:
    """Returned values as JSON would show them (dates in ISO form)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def host_for(text: str) -> tuple[RecordingHost, dict[str, Any]]:
    match = INPUT.search(text)
    config = json.loads(match.group("json")) if match else {}
    now = parse_when(config["now"]) if "now" in config else parse_when("2026-11-29T10:00:00Z")
    zone = zone_named(config["timezone"]) if "timezone" in config else None
    host = RecordingHost(
        now=now,
        zone=zone,
        tasks=config.get("tasks"),
        urls=config.get("urls"),
        system_variables=config.get("system"),
    )
    return host, config.get("inputs", {})


CASE_LIST = load_cases()


@pytest.mark.parametrize("case", CASE_LIST, ids=[c.id for c in CASE_LIST])
def test_case(case: Case) -> None:
    host, inputs = host_for(case.text)
    expected_infos = [m.group("text") for m in INFO.finditer(case.text)]
    error = ERROR.search(case.text)
    limit = LIMIT.search(case.text)
    syntax = SYNTAX.search(case.text)
    if syntax:
        with pytest.raises(DelugeSyntaxError) as refused:
            compile_script(case.text, case.id)
        assert syntax.group("message") in refused.value.message
        assert refused.value.line == int(syntax.group("line")), refused.value.render()
        return
    compiled = compile_script(case.text, case.id)
    if error or limit:
        kind = DelugeLimitError if limit else DelugeRuntimeError
        with pytest.raises(kind) as caught:
            run(compiled, host, inputs)
        if error:
            assert not isinstance(caught.value, DelugeLimitError), caught.value.message
            assert error.group("message") in caught.value.message
            assert caught.value.line == int(error.group("line")), caught.value.render()
        else:
            assert limit is not None and limit.group("message") in caught.value.message
        assert host.infos == expected_infos
        return
    result = run(compiled, host, inputs)
    assert host.infos == expected_infos
    returns = RETURNS.search(case.text)
    if returns:
        assert plain(result.returned) == json.loads(returns.group("json"))


def test_every_case_checks_something() -> None:
    for case in CASE_LIST:
        markers = (INFO, RETURNS, ERROR, LIMIT, SYNTAX)
        assert any(m.search(case.text) for m in markers), f"{case.id} has no expectation"
