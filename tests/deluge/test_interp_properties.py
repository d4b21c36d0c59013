"""Properties of the interpreter over generated scripts: whatever parses runs to a value or a
Deluge error (never a Python exception), and loops that never end stop at the limit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cliqsim.deluge.builtins import BUILTINS
from cliqsim.deluge.errors import DelugeError, DelugeLimitError, DelugeSyntaxError
from cliqsim.deluge.interpreter import Limits, compile_parsed, run
from cliqsim.deluge.parser import parse
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Source

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
NAMES = ("a", "b", "c")
METHODS = sorted(spec.name for spec in BUILTINS.values() if "." not in spec.name)

literals = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.integers(min_value=-5, max_value=12).map(str),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6).map(
        lambda f: repr(abs(f))
    ),
    st.text(alphabet="ab ,:{}[]\"'\\-1.", max_size=8).map(
        lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    ),
    st.sampled_from(
        [
            "true",
            "false",
            "null",
            "'15-Aug-1947'",
            "'01-Jan-2020 10:00:00'",
            "now",
            "today",
            "zoho.currentdate",
            "zoho.loginuserid",
            "Map()",
            "List()",
            "Collection()",
            '"{\\"k\\": 1}"',
            '"1,2,3"',
        ]
    ),  # fmt: skip
    st.sampled_from(NAMES),
)


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    operators = st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=",
                                 "&&", "||"])  # fmt: skip
    args = st.lists(inner, max_size=2).map(", ".join)
    return st.one_of(
        st.tuples(inner, operators, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda e: f"-{e}"),
        inner.map(lambda e: f"!{e}"),
        st.lists(inner, max_size=3).map(lambda items: "{" + ", ".join(items) + "}"),
        st.lists(st.tuples(literals, inner), max_size=2).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
        ),
        st.tuples(inner, st.sampled_from(METHODS), args).map(lambda t: f"{t[0]}.{t[1]}({t[2]})"),
        st.tuples(st.sampled_from(METHODS), inner, args).map(
            lambda t: f"{t[0]}({t[1]}{', ' + t[2] if t[2] else ''})"
        ),
        st.tuples(inner, inner, inner).map(lambda t: f"if({t[0]}, {t[1]}, {t[2]})"),
        st.tuples(inner, inner).map(lambda t: f"ifnull({t[0]}, {t[1]})"),
    )


expressions = st.recursive(literals, _compound, max_leaves=8)


def _statements(depth: int) -> st.SearchStrategy[str]:
    simple = st.one_of(
        st.tuples(
            st.sampled_from(NAMES), st.sampled_from(["=", "+=", "-=", "*="]), expressions
        ).map(lambda t: f"{t[0]} {t[1]} {t[2]};"),
        expressions.map(lambda e: f"info {e};"),
        expressions.map(lambda e: f"{e};"),
        expressions.map(lambda e: f"return {e};"),
        st.tuples(st.sampled_from(NAMES), expressions).map(lambda t: f"{t[0]}.add({t[1]});"),
    )
    if depth == 0:
        return simple
    block = st.lists(_statements(depth - 1), min_size=1, max_size=3).map(" ".join)
    return st.one_of(
        simple,
        st.tuples(expressions, block, block).map(
            lambda t: f"if ({t[0]}) {{ {t[1]} }} else {{ {t[2]} }}"
        ),
        st.tuples(st.sampled_from(NAMES), expressions, block).map(
            lambda t: f"for each {t[0]} in {t[1]} {{ {t[2]} }}"
        ),
        st.tuples(block, block).map(lambda t: f"try {{ {t[0]} }} catch (e) {{ info e; {t[1]} }}"),
        st.sampled_from(["break;", "continue;"]),
    )


scripts = st.lists(_statements(2), min_size=1, max_size=6).map(
    lambda body: 'a = 1; b = "x"; c = {1, 2};\n' + "\n".join(body)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts)
def test_any_parsed_script_runs_to_a_value_or_a_deluge_error(text: str) -> None:
    try:
        script = parse(text, "<generated>")
    except DelugeSyntaxError:
        assume(False)
        return
    limits = Limits(max_statements=300, max_text=100_000, max_collection=2_000)
    try:
        compiled = compile_parsed(script, Source(text, "<generated>"))
        run(compiled, RecordingHost(now=NOW), {}, limits)
    except DelugeError as error:
        assert error.message
        if error.span is not None:
            assert 1 <= error.span.line <= text.count("\n") + 1


@pytest.mark.parametrize("limit", [50, 5_000])
def test_a_self_growing_loop_stops_at_the_statement_limit(limit: int) -> None:
    recording = RecordingHost(now=NOW)
    text = "l = {1};\nfor each n in l {\n  l.add(n + 1);\n  info n;\n}"
    compiled = compile_parsed(parse(text), Source(text))
    with pytest.raises(DelugeLimitError, match=f"{limit:,}") as caught:
        run(compiled, recording, {}, Limits(max_statements=limit))
    assert caught.value.line == 2
    # three statements an iteration: the loop stopped within one iteration of the limit
    assert limit // 3 - 2 <= len(recording.infos) <= limit // 3
