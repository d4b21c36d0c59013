"""The interpreter's fast paths (issue #18) give what the general code gives: loops whose body
runs without type checks while their variables keep their usual types, the statement count kept
as a base plus a small count, NUMBER range checks, and the conversion of large input lists.

The typed code is compared with the same script compiled without what the compiler knows of
types (`compile_ast(..., typed=False)`): same value, same statement count, same info lines, or
the same error on the same line."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cliqsim.deluge import ast as dast
from cliqsim.deluge import compiler, compiler_runtime
from cliqsim.deluge.compiler import compile_ast, variable
from cliqsim.deluge.compiler_bounded import plan as bounded_plan
from cliqsim.deluge.errors import DelugeError, DelugeLimitError
from cliqsim.deluge.interpreter import CompiledScript, Limits, run, run_text
from cliqsim.deluge.parser import parse
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.small_ints import all_small_ints
from cliqsim.deluge.source import Source

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
MAX = 2**63 - 1
MIN = -(2**63)


def _compiled(text: str, typed: bool) -> CompiledScript:
    source = Source(text, "<fast paths>")
    script = parse(text, source.name)
    return CompiledScript(source, script, compile_ast(script, source, typed), "")


def _outcome(
    text: str, inputs: dict[str, Any], typed: bool, limit: int, max_text: int
) -> tuple[Any, ...]:
    host = RecordingHost(now=NOW)
    limits = Limits(max_statements=limit, max_text=max_text)
    try:
        result = run(_compiled(text, typed), host, inputs, limits)
    except DelugeError as error:
        return ("error", type(error).__name__, error.message, error.line, host.infos)
    return ("value", result.returned, result.statements, host.infos)


def _same_either_way(
    text: str, inputs: dict[str, Any], limit: int = 5_000, max_text: int = 10_000_000
) -> tuple[Any, ...]:
    typed = _outcome(text, inputs, True, limit, max_text)
    assert typed == _outcome(text, inputs, False, limit, max_text)
    return typed


# --------------------------------------------------------------------------- typed loops

ARITHMETIC = """total = 0;
for each i in items {
    if (i % 3 == 0) {
        total = total + i * 2;
    } else {
        total = total - 1;
    }
}
return total;"""

TEXT = """count = 0;
for each w in items {
    t = w.trim().toUpperCase() + "-" + w.length();
    if (t.contains("B")) {
        count = count + 1;
    }
}
return count;"""


@pytest.mark.parametrize(
    "items",
    [
        list(range(-20, 20)),
        [1, 2, "x", 4, 5],  # the loop variable changes type: the general copy runs
        [3, 3.5, 6, None],
        [MAX - 1, 3, 6],  # the NUMBER range is passed inside the typed copy
        [MIN + 1, -3],
        [True, 3],
        [],
    ],
)
def test_a_numeric_loop_gives_what_the_general_code_gives(items: list[Any]) -> None:
    _same_either_way(ARITHMETIC, {"items": items})


@pytest.mark.parametrize(
    "items",
    [
        [" ab ", "b", "xyz", "", "BBB "],
        [" ab ", 12, None, "b"],
        [[1, "b"], {"b": 1}, "ab"],
        [1.5, True, "b"],
    ],
)
def test_a_text_loop_gives_what_the_general_code_gives(items: list[Any]) -> None:
    _same_either_way(TEXT, {"items": items})


def test_the_typed_copy_still_counts_every_statement() -> None:
    # Zoho's limits page: each iteration counts the loop and the statements inside it.
    outcome = _same_either_way(ARITHMETIC, {"items": list(range(300))})
    assert outcome[0] == "value"
    assert outcome[2] == 1 + 300 * 3 + 1  # total = 0; 300 x (loop, if, assignment); return


def test_the_statement_limit_stops_a_typed_loop_on_the_same_iteration() -> None:
    outcome = _same_either_way(ARITHMETIC, {"items": list(range(3_000))}, limit=2_000)
    assert outcome[:2] == ("error", "DelugeLimitError")
    assert outcome[3] == 2  # the for each line


def test_a_variable_that_changes_type_inside_the_loop_is_checked_again() -> None:
    text = """total = 0;
for each i in items {
    total = total + i;
    if (total > 5) {
        total = "many " + total;
    }
}
return total;"""
    assert _same_either_way(text, {"items": [1, 2, 3, 4]})[:2] == ("error", "DelugeRuntimeError")
    assert _same_either_way(text, {"items": [1, 2]})[1] == 3


def test_a_loop_variable_that_is_never_assigned_before_is_not_checked_early() -> None:
    # `later` is read in the loop only after the loop assigns it: no check reads it unassigned.
    text = """for each i in items {
    if (i > 1) {
        later = later + i;
    } else {
        later = i;
    }
}
return later;"""
    assert _same_either_way(text, {"items": [1, 2, 3]})[1] == 6


STATEMENTS = [
    "total = total + x;",
    "total = total - 1;",
    "total = total * x;",
    "if (x % 3 == 0) { total = total + x * 2; } else { total = total - 1; }",
    't = x.trim() + "-" + x.length();',
    'if (t.contains("B")) { total = total + 1; }',
    "if (x > 5) { continue; }",
    "if (x == 7) { break; }",
    "x = x + 1;",
    "total = x;",
    "t = t + x;",
    "info total;",
    'total = "s";',
    "total = -total;",
    "if (total < x && x >= 0) { t = t.toUpperCase(); }",
    "try { total = total + x; } catch (e) { info e; }",
    "t = t + x;",
    't += "," + x + "|";',
    't = t + x.length() + "-" + total;',
]
VALUES = st.one_of(
    st.integers(min_value=-10, max_value=10),
    st.sampled_from([MAX, MIN, MAX - 1, MIN + 1, 2**62, 1.5, None, True, "b", " aB ", "", "7"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=5),
    st.lists(VALUES, max_size=8),
    st.sampled_from(["0", '""', "1.5", str(MAX), "null"]),
)
def test_any_loop_gives_what_the_general_code_gives(
    body: list[str], items: list[Any], start: str
) -> None:
    text = (
        f't = "";\ntotal = {start};\nfor each x in items {{\n    '
        + "\n    ".join(body)
        + '\n}\nreturn {"total": total, "t": t};'
    )
    _same_either_way(text, {"items": items}, limit=60)


@pytest.mark.parametrize("size", [5, 7, 8, 9, 10])
@pytest.mark.parametrize("number", [5, 123])
def test_a_join_checked_once_fails_as_the_joins_one_at_a_time(size: int, number: int) -> None:
    # the text limit is 10: the error names the size of the first join past it
    text = """n = "a".repeat(number).length();
for each s in items {
    t = s + "-" + n + "|" + s.length();
}
return t;"""
    outcome = _same_either_way(text, {"items": ["x" * size], "number": number}, max_text=10)
    if size + 1 + len(str(number)) + 2 > 10:
        assert "Text too long" in outcome[2]


@pytest.mark.parametrize("size", [1, 3, 4, 6, 9])
def test_a_text_appended_in_place_keeps_the_limit(size: int) -> None:
    # the text limit is 10: an append that passes it fails (a limit no catch stops), with the
    # size of the first join past it
    text = """s = "x".repeat(size);
n = "ab".length();
try {
    s = s + w + "-" + n;
} catch (e) {
    info s + " " + e;
}
s += w;
return s;"""
    outcome = _same_either_way(text, {"w": "yy", "size": size}, max_text=100)
    assert outcome[0] == "value"
    outcome = _same_either_way(text, {"w": "yy", "size": size}, max_text=10)
    if size + 5 > 10:
        assert outcome[:2] == ("error", "DelugeLimitError")
        assert "Text too long" in outcome[2]


def test_text_built_in_a_loop_is_the_same_text() -> None:
    text = """s = "";
for each w in items {
    s = s + w;
    s += "," + w.length();
    s = s + "|" + w + "\n";
}
return s;"""
    outcome = _same_either_way(text, {"items": ["a", "bc", 3, None, [1], "d"]})
    assert outcome[:2] == ("error", "DelugeRuntimeError") or outcome[1].startswith("a,1|a")
    assert _same_either_way(text, {"items": ["a", "bc", "d"]})[1] == "a,1|a\nbc,2|bc\nd,1|d\n"


# --------------------------------------------------------------------------- NUMBER range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"a = {MIN + 1}; b = a - 1; return b;", MIN),  # the smallest NUMBER is a NUMBER
        (f"a = {MIN + 1}; return a - 1 - 1;", "Number out of range"),
        (f"a = {MAX}; return a + 1;", "Number out of range"),
        (f"a = {MAX}; return a - 1 + 1;", MAX),
        (f"a = {2**62}; return a * 2;", "Number out of range"),
        (f"a = {-(2**62)}; return a * 2;", MIN),
    ],
)
def test_number_results_are_range_checked(text: str, expected: Any) -> None:
    outcome = _same_either_way(text, {})
    if isinstance(expected, str):
        assert expected in outcome[2]
    else:
        assert outcome[1] == expected


def test_divisibility_holds_for_negative_numbers() -> None:
    # Deluge's remainder takes the dividend's sign (as Java's): -7 % 3 is -1, and a test of a
    # remainder against 0 gives the same either way
    text = "a = -9; b = -7; return {a % 3 == 0, b % 3 == 0, b % 3 != 0, 0 == a % 3, b % 3};"
    assert run_text(text, RecordingHost(now=NOW)).returned == [True, False, True, True, -1]


# --------------------------------------------------------------------------- statement count


@pytest.mark.parametrize("limit", [127, 128, 129, 1_000, 30_001])
def test_the_count_is_exact_across_checkpoints(limit: int) -> None:
    # 1 + 3 per iteration + 1: a run of exactly `limit` statements passes, one more fails
    iterations = (limit - 2) // 3
    text = "n = 0;\nfor each i in items {\n  n = n + i;\n  m = n;\n}\nreturn n;"
    inputs = {"items": list(range(iterations))}
    exact = 2 + 3 * iterations
    result = run_text(text, RecordingHost(now=NOW), inputs, Limits(max_statements=exact))
    assert result.statements == exact
    with pytest.raises(DelugeLimitError):
        run_text(text, RecordingHost(now=NOW), inputs, Limits(max_statements=exact - 1))


# --------------------------------------------------------------------------- input lists


class Color(enum.IntEnum):
    RED = 1


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([1, 2, 2**63], "does not fit in 64 bits"),
        ([MIN - 1, 0], "does not fit in 64 bits"),
        ([1, Color.RED], "holds a Color value"),
        ([Color.RED, Color.RED], "holds a Color value"),
        ([1, object()], "holds a object value"),
    ],
)
def test_large_input_lists_are_still_checked(items: list[Any], message: str) -> None:
    with pytest.raises(DelugeError, match=message):
        run_text("return items.size();", RecordingHost(now=NOW), {"items": items * 500})


@pytest.mark.parametrize(
    "items",
    [[MIN, MAX, 0] * 100, [True, 1, False], ("a", "b"), [1.5, None, "x"], ["a"] * 1000, []],
)
def test_large_input_lists_arrive_whole(items: Any) -> None:
    result = run_text("items.add(1); return items;", RecordingHost(now=NOW), {"items": items})
    assert result.returned == [*items, 1]
    if isinstance(items, list):
        assert len(items) in (0, 3, 300, 1000)  # the caller's list is not changed


def test_a_list_is_not_written_out_unless_every_element_is_an_int(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`for each` over `{1, big, big, ...}` (one long text a thousand times) must not make
    `marshal` write every reference out before the list is refused."""
    from cliqsim.deluge import small_ints

    written: list[Any] = []
    monkeypatch.setattr(small_ints.marshal, "dumps", lambda *a: written.append(a) or b"")
    assert not all_small_ints([1] + ["x" * 1000] * 1000)
    assert not all_small_ints([1, 2, True])
    assert written == []


def test_a_small_int_list_is_copied_and_a_larger_one_still_checked() -> None:
    # the one-pass check (cliqsim.deluge.small_ints) takes lists of small NUMBERs; any other
    # list goes the general way, which keeps the 64-bit range and the type checks
    assert all_small_ints([0, -1, 2**31 - 1, -(2**31)]) and all_small_ints([])
    for refused in ([2**31], [-(2**31) - 1], [True], [1, False], [Color.RED], [1.0], ["1"]):
        assert not all_small_ints(refused)
    result = run_text("return items;", RecordingHost(now=NOW), {"items": [2**31, True, 1] * 9})
    assert result.returned == [2**31, True, 1] * 9


# --------------------------------------------------------------------------- unchecked loops
# A loop of plain NUMBER arithmetic over a list of small NUMBERs runs a copy of its body with no
# check inside, once the checks at its start prove nothing in it can fail
# (cliqsim.deluge.compiler_bounded). Each test compares it with the general code.


@pytest.fixture
def unchecked_runs(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records the answer of each check at the start of a loop that has an unchecked copy
    (the checks are looked up when a script is compiled)."""
    answers: list[bool] = []
    check = compiler_runtime.bounded

    def spy(*args: Any) -> bool:
        answers.append(check(*args))
        return answers[-1]

    real = compiler_runtime.helper_globals
    monkeypatch.setattr(compiler, "helper_globals", lambda: {**real(), "_bounded": spy})
    return answers


def test_the_benchmark_loop_runs_unchecked_and_counts_as_zoho(unchecked_runs: list[bool]) -> None:
    # Zoho's limits page: each iteration counts the loop and the statements inside it
    outcome = _same_either_way(ARITHMETIC, {"items": list(range(-300, 300))}, limit=5_000)
    assert unchecked_runs == [True]
    assert outcome[0] == "value"
    assert outcome[2] == 1 + 600 * 3 + 1


@pytest.mark.parametrize("limit", [1, 2, 100, 1_799, 1_800, 1_801, 1_802])
def test_an_unchecked_loop_stops_at_the_same_statement_as_the_checked_one(
    unchecked_runs: list[bool], limit: int
) -> None:
    # 1 + 600 x 3 + 1 statements: up to 1,801 the budget cannot hold the loop and the run, and
    # the checked code runs (and stops on the for each line, or the return)
    outcome = _same_either_way(ARITHMETIC, {"items": list(range(600))}, limit=limit)
    if limit >= 1_802:
        assert outcome[0] == "value" and unchecked_runs == [True]
    else:
        assert outcome[:2] == ("error", "DelugeLimitError")
        assert unchecked_runs in ([], [limit >= 1_801])


@pytest.mark.parametrize(
    ("start", "items", "unchecked"),
    [
        (0, [2**31 - 1, -(2**31)] * 50, True),
        (MAX - 2**40, [2**31 - 1] * 10, True),  # 10 x at most 2**32 + 2 more: within range
        (MAX - 2**40, [2**31 - 1] * 300, False),  # may pass the range: the checked code decides
        (MAX - 1, [1, 1, 1], False),
        (MIN, [0], False),  # -MIN is no NUMBER
        (0, [2**31], False),  # not a small NUMBER
        (0, [1, 2, True], False),
        (0, [1, 2, 3.5], False),
        ("s", [1], False),
        (None, [1], False),
    ],
)
def test_an_unchecked_loop_runs_only_where_nothing_can_fail(
    unchecked_runs: list[bool], start: Any, items: list[Any], unchecked: bool
) -> None:
    text = """total = start;
for each i in items {
    total = total + i * 2 - 1;
    if (-total < i) { total = total - 1; } else { total = total + 1; }
}
return total;"""
    _same_either_way(text, {"items": items, "start": start})
    assert unchecked_runs == [unchecked]


def test_a_long_unchecked_loop_checks_the_deadline(unchecked_runs: list[bool]) -> None:
    # a deadline already passed: the loop stops between two chunks with the time-limit error
    text = "n = 0; for each i in items { n = n + i; } return n;"
    limits = Limits(timeout_s=0.0, max_statements=100_000, max_collection=100_000)
    with pytest.raises(DelugeLimitError, match="Execution time limit"):
        run_text(text, RecordingHost(now=NOW), {"items": [1] * 20_000}, limits)
    assert unchecked_runs == [True]


def test_a_loop_whose_ways_differ_in_length_counts_each_as_it_runs(
    unchecked_runs: list[bool],
) -> None:
    # Zoho's limits page: each iteration counts the loop and the statements it executes
    text = """best = 0;
for each i in items {
    if (i > best) { best = i; } else if (i < 0) { best = best - 1; best = best + 2; }
}
return best;"""
    outcome = _same_either_way(text, {"items": [3, -1, 5, -7, 2, 9]})
    assert unchecked_runs == [True]
    assert outcome[1:3] == (9, 1 + (2 + 1) + (2 + 2) + (2 + 1) + (2 + 2) + 2 + (2 + 1) + 1)
    # the budget is checked against the longest way (4 a time): 23 may not be enough
    assert _same_either_way(text, {"items": [3, -1, 5, -7, 2, 9]}, limit=21)[0] == "value"
    assert unchecked_runs[1:] == [False]


@pytest.mark.parametrize(
    "body",
    [
        "total = total * 2;",  # grows faster than by a constant per iteration
        "total = total * i;",
        "total = total + i; info total;",
        "total = total + i.abs();",
        "total = total / 2;",
        "total = later + 1;",  # `later` is not surely assigned before the loop
        "if (i) { total = 1; } else { total = 2; }",
        "total = i > 2;",
    ],
)
def test_loops_with_other_statements_have_no_unchecked_copy(body: str) -> None:
    text = f"total = 0;\nfor each i in items {{ {body} }}\nreturn total;"
    loop = parse(text, "<t>").body[1]
    assert isinstance(loop, dast.ForEach)
    assert bounded_plan(loop, frozenset({"total"}), variable) is None


PLAIN_STATEMENTS = [
    "total = total + x;",
    "total = total - x * 3 + n;",
    "total += x;",
    "total -= 7;",
    "total = -total + x;",
    "n = x % 4;",
    "n = n + 1;",
    "total = x;",
    "total = total + x * x;",
    "total = total + x * x * x;",
    "total = total * x;",
    "x = x + total;",
    "if (x % 3 == 0) { total = total + x * 2; } else { total = total - 1; }",
    "if (x > total && !(x == 2)) { n = x; } else { n = total; }",
    "if (x < 0 || n >= 3) { n = n - x; } else if (0 != x % 5) { n = 0; } else { total += n; }",
    "if (x > total) { total = x; }",  # ways of different lengths: counted as they run
    "if (x < 0) { n = n + 1; total = total - x; } else if (x == 3) { } else { n = 1; }",
    "if (x % 2 == 0) { } else { }",
]
SMALL_VALUES = st.one_of(
    st.integers(min_value=-20, max_value=20),
    st.sampled_from([2**31 - 1, -(2**31), 2**31, 2**40, MAX, 1.5, True, None]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(PLAIN_STATEMENTS), min_size=1, max_size=4),
    st.one_of(
        st.lists(SMALL_VALUES, max_size=10),
        st.lists(st.integers(min_value=-(2**31), max_value=2**31 - 1), max_size=10),
    ),
    st.sampled_from(["0", "-5", str(MAX), str(MIN), str(MAX - 2**36), "1.5", '"s"', "null"]),
    st.sampled_from([3, 25, 60, 5_000]),
)
def test_any_plain_loop_gives_what_the_general_code_gives(
    body: list[str], items: list[Any], start: str, limit: int
) -> None:
    text = (
        f"n = 0;\ntotal = {start};\nfor each x in items {{\n    "
        + "\n    ".join(body)
        + '\n}\nreturn {"total": total, "n": n};'
    )
    _same_either_way(text, {"items": items}, limit=limit)
