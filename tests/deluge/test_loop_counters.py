"""Loop counters (issue #18): a variable a loop's body changes only by adding or taking a NUMBER
constant (`count = count + 1`) adds without a range check in the loop's typed copy, once the
check at the loop's start (`compiler_runtime.counters`) proves it cannot leave the 64-bit range
before the statement budget runs out. Each case compares the typed code with the same script
compiled without what the compiler knows of types: same value and statement count, or the same
error on the same line (Zoho's limits page counts each iteration and each statement in it)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cliqsim.deluge import ast as dast
from cliqsim.deluge import compiler, compiler_runtime
from cliqsim.deluge.compiler import compile_ast
from cliqsim.deluge.compiler_types import counter_step, loop_counters
from cliqsim.deluge.errors import DelugeError
from cliqsim.deluge.interpreter import CompiledScript, Limits, run
from cliqsim.deluge.parser import parse
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Source

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
MAX = 2**63 - 1
MIN = -(2**63)


def _compiled(text: str, typed: bool) -> CompiledScript:
    source = Source(text, "<counters>")
    script = parse(text, source.name)
    return CompiledScript(source, script, compile_ast(script, source, typed), "")


def _outcome(text: str, inputs: dict[str, Any], typed: bool, limit: int) -> tuple[Any, ...]:
    host = RecordingHost(now=NOW)
    try:
        result = run(_compiled(text, typed), host, inputs, Limits(max_statements=limit))
    except DelugeError as error:
        return ("error", type(error).__name__, error.message, error.line)
    return ("value", result.returned, result.statements, host.infos)


def _same_either_way(text: str, inputs: dict[str, Any], limit: int = 5_000) -> tuple[Any, ...]:
    typed = _outcome(text, inputs, True, limit)
    assert typed == _outcome(text, inputs, False, limit)
    return typed


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The answer of each check of a loop's counters (looked up when a script is compiled)."""
    seen: list[bool] = []
    real = compiler_runtime.counters

    def spy(*args: Any) -> bool:
        seen.append(real(*args))
        return seen[-1]

    real_globals = compiler_runtime.helper_globals
    monkeypatch.setattr(compiler, "helper_globals", lambda: {**real_globals(), "_counters": spy})
    return seen


COUNT = """count = start;
for each w in items {
    if (w.contains("b")) { count = count + step; }
}
return count;"""


def _loop(text: str) -> dast.ForEach:
    loop = next(s for s in parse(text, "<t>").body if isinstance(s, dast.ForEach))
    return loop


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("n = 0; for each x in xs { n = n + 1; }", {"n": 1}),
        ("n = 0; for each x in xs { n += 2; n -= 7; n = 3 + n; n = n - 1; }", {"n": 7}),
        ("n = 0; m = 0; for each x in xs { if (x > 1) { n = n + 1; } else { m += 5; } }",
         {"n": 1, "m": 5}),
        ("for each x in xs { n = n + 1; }", {}),  # not surely assigned before the loop
        ("n = 0; for each x in xs { n = n + 1; n = 0; }", {}),
        ("n = 0; for each x in xs { n = n + x; }", {}),
        ("n = 0; for each x in xs { n = n * 1; }", {}),
        ("n = 0; for each x in xs { n = 1 - n; }", {}),
        ("n = 0; for each x in xs { n = n + -1; }", {}),
        ("n = 0; for each x in xs { n = n + 1.5; }", {}),
        ("n = 0; for each x in xs { n = n + \"1\"; }", {}),
        ("n = 0; for each x in xs { n = n + 4294967296; }", {}),  # too large a step
        ("n = 0; for each n in xs { n = n + 1; }", {}),  # the loop variable
        ("n = 0; for each x in xs { n = n + 1; for each y in xs { } }", {}),
        ("n = 0; for each x in xs { try { n = n + 1; } catch (e) { } }", {}),
    ],
)  # fmt: skip
def test_which_variables_are_counters(text: str, found: dict[str, int]) -> None:
    loop = _loop(text)
    bound = frozenset({"n", "m"} & {s.target for s in parse(text, "<t>").body
                                     if isinstance(s, dast.Assign)})  # fmt: skip
    assert loop_counters(loop, bound) == found


def test_a_counter_step_is_read_either_way_round() -> None:
    body = parse("n = 2 + n; n = n - 3; n -= 4; n = n + m;", "<t>").body
    assert [counter_step(s, "n") for s in body] == [2, 3, 4, None]


def test_the_benchmark_counter_adds_without_a_range_check(answers: list[bool]) -> None:
    text = COUNT.replace("step", "1")
    result = _same_either_way(text, {"items": ["ab", "x", "b"] * 50, "start": 0})
    assert result[:2] == ("value", 100) and answers == [True]


@pytest.mark.parametrize(
    ("start", "limit", "answer"),
    [
        (0, 5_000, True),
        (-(10**18), 5_000, True),
        (MAX - 5_001, 5_000, True),  # room for every statement the budget allows
        (MAX - 5_000, 5_000, False),  # the checked code decides: it may overflow
        (MAX - 3, 5_000, False),  # and it does: the same error on the same line
        (MIN + 3, 5_000, False),
        (MIN, 5_000, False),
        (0, 2**62, True),
        ("s", 5_000, False),  # a TEXT: `count + 1` joins
        (1.5, 5_000, False),
        (None, 5_000, False),
        (True, 5_000, False),
    ],
)
def test_a_counter_is_trusted_only_when_it_cannot_leave_the_range(
    answers: list[bool], start: Any, limit: int, answer: bool
) -> None:
    for text in (COUNT.replace("step", "1"), COUNT.replace("+ step", "- 1")):
        _same_either_way(text, {"items": ["b"] * 10, "start": start}, limit=limit)
    assert answers == [answer, answer]


def test_a_large_step_needs_more_room(answers: list[bool]) -> None:
    text = COUNT.replace("step", "2147483648")
    assert "count" not in loop_counters(_loop(text), frozenset({"count"}))
    text = COUNT.replace("step", "2147483647")
    _same_either_way(text, {"items": ["b"] * 10, "start": MAX - 2**31 * 5_002}, limit=5_000)
    _same_either_way(text, {"items": ["b"] * 10, "start": MAX - 2**31 * 4_000}, limit=5_000)
    _same_either_way(text, {"items": ["b"] * 10, "start": MAX - 2**31 * 5}, limit=5_000)
    assert answers == [True, False, False]


def test_an_overflowing_counter_stops_with_zoho_s_error() -> None:
    outcome = _same_either_way(COUNT.replace("step", "1"), {"items": ["b"] * 10, "start": MAX - 3})
    assert outcome[0] == "error" and outcome[3] == 3


STATEMENTS = [
    "n = n + 1;",
    "n += 7;",
    "n -= 3;",
    "m = m + 2147483647;",
    "m = 5 + m;",
    "if (w.contains(\"b\")) { n = n + 1; } else { m -= 1; }",
    "t = w.trim() + n;",
    "if (n > 3) { m = m - 1; }",
    "info n;",
]  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=4),
    st.lists(st.sampled_from([" ab ", "b", "", "x", 3, None]), max_size=8),
    st.sampled_from([0, -5, MAX, MIN, MAX - 2**31 * 40, MIN + 30, "s", 1.5, None]),
    st.sampled_from([0, MAX - 20, MIN + 2**33]),
    st.sampled_from([3, 25, 5_000]),
)
def test_any_counting_loop_gives_what_the_general_code_gives(
    body: list[str], items: list[Any], n: Any, m: Any, limit: int
) -> None:
    text = (
        "n = start;\nm = other;\nfor each w in items {\n    "
        + "\n    ".join(body)
        + '\n}\nreturn {"n": n, "m": m};'
    )
    _same_either_way(text, {"items": items, "start": n, "other": m}, limit=limit)
