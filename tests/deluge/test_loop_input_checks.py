"""An input list of small NUMBERs is checked once, when it is converted (issue #18): a loop with
an unchecked copy (`compiler_bounded`) trusts that check only for a variable the script uses
for nothing but walking it, and never assigns (`compiler_types.only_walked`), and only while the
variable still names the very list the conversion made (`RunState.small_lists`).

Each hostile script below changes the list, or a list it could be, between the conversion and
the loop (through the variable, an alias, a map, a loop variable, a catch, a second input of
the same caller list): the loop must check it again and give what the general code gives
(the same script compiled with `typed=False`). A script that put a text into the list and
still ran the unchecked copy would meet `"x" % 3` in Python (string formatting) and fail with
an internal error instead of Deluge's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from cliqsim.deluge import compiler, compiler_runtime
from cliqsim.deluge.compiler import compile_ast
from cliqsim.deluge.compiler_types import only_walked
from cliqsim.deluge.errors import DelugeError
from cliqsim.deluge.interpreter import CompiledScript, Limits, run
from cliqsim.deluge.parser import parse
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Source
from cliqsim.deluge.values import Converted, from_plain_inputs

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)

LOOP = """total = 0;
for each i in items {
    if (i % 3 == 0) { total = total + i * 2; } else { total = total - 1; }
}
return total;"""


def _compiled(text: str, typed: bool) -> CompiledScript:
    source = Source(text, "<input checks>")
    script = parse(text, source.name)
    return CompiledScript(source, script, compile_ast(script, source, typed), "")


def _outcome(text: str, inputs: dict[str, Any], typed: bool, limits: Limits) -> tuple[Any, ...]:
    try:
        result = run(_compiled(text, typed), RecordingHost(now=NOW), inputs, limits)
    except DelugeError as error:
        return ("error", type(error).__name__, error.message, error.line)
    return ("value", result.returned, result.statements)


def _same_either_way(
    text: str, inputs: dict[str, Any], limits: Limits | None = None
) -> tuple[Any, ...]:
    limits = limits or Limits(max_statements=100_000)
    typed = _outcome(text, inputs, True, limits)
    assert typed == _outcome(text, inputs, False, limits)
    return typed


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, bool]]:
    """(answer, whether the elements were checked again) for each check at the start of a loop
    with an unchecked copy. The property that matters: no True answer without the check,
    unless the list is an input walked only (`test_an_input_list_only_walked_is_checked_once`)."""
    seen: list[tuple[bool, bool]] = []
    real_check, real_small = compiler_runtime.bounded, compiler_runtime.all_small_ints
    scanned: list[bool] = []

    def small(items: list[Any]) -> bool:
        scanned.append(True)
        return real_small(items)

    def spy(*args: Any) -> bool:
        scanned.clear()
        answer = real_check(*args)
        seen.append((answer, bool(scanned)))
        return answer

    monkeypatch.setattr(compiler_runtime, "all_small_ints", small)
    real_globals = compiler_runtime.helper_globals
    monkeypatch.setattr(compiler, "helper_globals", lambda: {**real_globals(), "_bounded": spy})
    return seen


# --------------------------------------------------------------------------- which variables


def _walked(text: str) -> frozenset[str]:
    return only_walked(parse(text, "<t>"))


def test_a_variable_only_walked_is_found() -> None:
    assert _walked(LOOP) == {"items"}
    assert _walked("for each a in xs { for each b in xs { n = a + b; } }") == {"xs"}
    assert _walked("for each index k in xs { info k; }") == {"xs"}


@pytest.mark.parametrize(
    "text",
    [
        "xs.add(1); for each x in xs { }",  # a method on it
        "n = xs.size(); for each x in xs { }",  # even one that changes nothing
        "ys = xs; for each x in xs { }",  # an alias
        "m = {'k': xs}; for each x in xs { }",  # held by a map
        "l = {xs}; for each x in xs { }",  # held by a list
        "info xs; for each x in xs { }",
        "for each x in xs { } return xs;",
        "for each x in xs { } xs = {1};",  # assigned (after: the loop may run again? no, but
        "xs = {1}; for each x in xs { }",  # any assignment keeps it out)
        "xs += {1}; for each x in xs { }",
        "for each xs in xs { }",  # the loop variable
        "for each x in xs { for each xs in ys { } }",
        "try { n = 1 / 0; } catch (xs) { } for each x in xs { }",  # the catch variable
        "for each x in xs.sort() { }",  # walked through a method: not a plain name
        "for each x in f(xs) { }",
        "for each x in xs { n = xs.size(); }",  # used inside its own loop
        "for each x in (xs) { } ys = xs;",
    ],
)
def test_any_other_use_keeps_a_variable_out(text: str) -> None:
    assert "xs" not in _walked(text)


# --------------------------------------------------------------------------- checked once


def test_an_input_list_only_walked_is_checked_once(checks: list[tuple[bool, bool]]) -> None:
    outcome = _same_either_way(LOOP, {"items": list(range(-300, 300))})
    assert outcome[0] == "value"
    assert checks == [(True, False)]  # unchecked copy, trusted the conversion's check


def test_a_name_spelled_another_way_is_the_same_list(checks: list[tuple[bool, bool]]) -> None:
    outcome = _same_either_way(LOOP.replace("in items", "in ITEMS"), {"Items": [1, 2, 3]})
    assert outcome[:2] == ("value", 4) and checks == [(True, False)]


def test_the_conversion_records_only_the_lists_it_made() -> None:
    plain = [1, 2, 3]
    values, small = from_plain_inputs(
        {"a": plain, "b": plain, "c": [1, "x"], "d": Converted([4, 5]), "e": (1, 2), "f": 7},
        UTC,
    )
    assert [id(x) for x in small] == [id(values["a"]), id(values["b"])]
    assert values["a"] is not plain and values["b"] is not values["a"]


@pytest.mark.parametrize(
    "bad",
    ['"x"', '"x" * 3', "2147483648", "9223372036854775807", "true", "1.5", "null", "{1}",
     "{'k': 1}"],
)  # fmt: skip
@pytest.mark.parametrize(
    "change",
    [
        "items.add({bad});",
        "ITEMS.add({bad});",  # Deluge matches variables without case
        "Ys = Items; yS.add({bad});",
        "items.insert({bad});",
        "items.addAll({{{bad}}});",
        "items.remove(0); items.add({bad});",  # the same length as before
        "ys = items; ys.add({bad});",
        "ys = items; ys.removeElement(0); ys.add({bad});",
        "m = {{'k': items}}; m.get('k').add({bad});",
        "l = {{items}}; l.get(0).add({bad});",
        "for each ys in {{items}} {{ ys.add({bad}); }}",
        "if (items.size() > 0) {{ items.add({bad}); }}",
    ],
)
def test_a_list_changed_before_the_loop_is_checked_again(
    checks: list[tuple[bool, bool]], change: str, bad: str
) -> None:
    text = change.format(bad=bad) + "\n" + LOOP
    outcome = _same_either_way(text, {"items": [0, 1, 2, 3]})
    assert all(scanned for answer, scanned in checks if answer)  # checked again
    assert outcome[0] == "error" or checks == [] or checks == [(False, True)]


def test_a_list_changed_inside_an_enclosing_loop_is_checked_every_time(
    checks: list[tuple[bool, bool]],
) -> None:
    text = """total = 0;
for each round in {1, 2, 3} {
    for each i in items { total = total + i; }
    items.add("x" + round);
}
return total;"""
    outcome = _same_either_way(text, {"items": [1, 2, 3]})
    assert outcome[:2] == ("value", "12x1123x1x2")
    assert checks[:2] == [(True, True), (False, True)]  # then `total` is a text: no copy


def test_a_loop_variable_holding_the_list_is_checked(checks: list[tuple[bool, bool]]) -> None:
    text = """total = 0;
for each l in {items, other} {
    l.add("x");
    for each i in l { total = total + i; }
}
return total;"""
    _same_either_way(text, {"items": [1, 2], "other": [3]})
    assert all(scanned for answer, scanned in checks if answer)


def test_one_caller_list_given_twice_is_two_lists(checks: list[tuple[bool, bool]]) -> None:
    # `a` and `b` come from the same caller list: each input is its own copy, so changing one
    # leaves the other as the conversion checked it
    text = """a.add("x");
total = 0;
for each i in b { total = total + i; }
return {"total": total, "a": a};"""
    shared = [1, 2, 3]
    outcome = _same_either_way(text, {"a": shared, "b": shared, "m": {"k": shared}})
    assert outcome[1] == {"total": 6, "a": [1, 2, 3, "x"]}
    assert checks == [(True, False)]
    assert shared == [1, 2, 3]


@pytest.mark.parametrize(
    "items",
    [[1, "x"], [1, True], [2, 2**31], [3, 1.5], [None], (1, 2), Converted([1, "x"]),
     Converted([1, 2]), [[1]], [{"k": 1}]],
)  # fmt: skip
def test_an_input_walked_only_that_the_conversion_did_not_pass_is_checked(
    checks: list[tuple[bool, bool]], items: Any
) -> None:
    _same_either_way(LOOP, {"items": items})
    assert all(scanned for answer, scanned in checks if answer)


def test_a_list_that_is_not_an_input_is_checked(checks: list[tuple[bool, bool]]) -> None:
    text = "items = {1, 2, 3};\n" + LOOP
    _same_either_way(text, {})
    text = "for each i in {1, 2} { }\n" + LOOP.replace("items", "xs").replace(
        "total = 0;", "total = 0; xs = {4, 5};"
    )
    _same_either_way(text, {"xs": [1, 2]})
    assert all(scanned for answer, scanned in checks if answer)


# --------------------------------------------------------------------------- memory


def test_a_long_text_added_many_times_after_the_conversion_is_refused_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The input list is checked at conversion, then the script adds one long text to it a
    thousand times before walking it: the check at the loop's start must refuse it without
    writing it out (`small_ints`), and the loop gives Deluge's error."""
    from cliqsim.deluge import small_ints

    written: list[int] = []
    real = small_ints.marshal.dumps

    def counted(value: Any, version: int) -> bytes:
        out = real(value, version)
        written.append(len(out))
        return out

    monkeypatch.setattr(small_ints.marshal, "dumps", counted)
    text = """big = "x";
for each k in {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20} {
    big = big + big;
}
for each k in items {
    ys.add(big);
}
total = 0;
for each i in ys { total = total + i; }
return total;"""
    limits = Limits(max_statements=100_000, max_text=3_000_000)
    outcome = _same_either_way(text, {"items": list(range(1_000)), "ys": [1]}, limits)
    assert outcome[:2] == ("error", "DelugeLimitError")
    assert "Text too long" in outcome[2]
    assert max(written) < 100_000  # only the small input lists were ever written


def test_an_input_of_one_long_text_many_times_is_never_written_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The caller's list itself holds one long text a thousand times (after a NUMBER, so it
    looks like a list of NUMBERs at first): neither the conversion nor the loop's start writes
    it out, and the loop gives Deluge's error."""
    from cliqsim.deluge import small_ints, value_copies

    written: list[int] = []
    real = small_ints.marshal.dumps

    def counted(value: Any, version: int) -> bytes:
        out = real(value, version)
        written.append(len(out))
        return out

    monkeypatch.setattr(small_ints.marshal, "dumps", counted)
    monkeypatch.setattr(value_copies.marshal, "dumps", counted)
    items = [1] + ["x" * 1_000_000] * 1_000
    limits = Limits(max_statements=100_000, max_text=3_000_000)
    for text in (LOOP, "return items;"):
        outcome = _same_either_way(text, {"items": items}, limits)
        assert outcome[0] == "error"
    assert all(size < 100_000 for size in written)


# --------------------------------------------------------------------------- reading the code


def test_the_generated_code_can_be_read(tmp_path: Any) -> None:
    """`scripts/deluge_python.py` prints what a script compiles to (docs/architecture.md)."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "deluge_python.py"
    path = tmp_path / "loop.dg"
    path.write_text(LOOP, encoding="utf-8")
    for args in ([str(path)], ["--bench", "arithmetic"]):
        out = subprocess.run(
            [sys.executable, str(script), *args], capture_output=True, text=True, check=True
        ).stdout
        assert out.startswith("def _script(_rt, _cx, _in):")
        assert "_bounded(_rt, _t1, (v_total, ), _N + _n, 3, 4294967296, _k1, True)" in out
