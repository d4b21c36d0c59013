"""The public run API: compiling and caching, fresh environments, limits, errors, the host."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from cliqsim.deluge import interpreter
from cliqsim.deluge.errors import (
    DelugeError,
    DelugeLimitError,
    DelugeRuntimeError,
    DelugeSyntaxError,
    EffectBlocked,
)
from cliqsim.deluge.interpreter import Limits, clear_cache, compile_script, run, run_text
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Span

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def host(**kwargs: Any) -> RecordingHost:
    return RecordingHost(now=NOW, **kwargs)


def test_compiled_scripts_are_cached_by_text() -> None:
    text = 'info "cached";'
    assert compile_script(text, "a.dg") is compile_script(text, "a.dg")
    renamed = compile_script(text, "b.dg")
    assert renamed.source.name == "b.dg"
    assert renamed.program is compile_script(text, "a.dg").program


def test_the_cache_is_bounded() -> None:
    clear_cache()
    for i in range(300):
        compile_script(f"x = {i};")
    assert len(interpreter._cache) <= 256
    clear_cache()


def test_each_run_starts_from_a_fresh_environment() -> None:
    compiled = compile_script("l = items; l.add(4); count = l.size(); return count;")
    items = [1, 2, 3]
    assert run(compiled, host(), {"items": items}).returned == 4
    assert run(compiled, host(), {"items": items}).returned == 4
    assert items == [1, 2, 3], "a script must not change the caller's data"


def test_inputs_and_results_are_plain_data() -> None:
    script = """
    m = {"when": '15-Aug-1947', "c": Collection("a", "b"), "k": Collection("x": 1)};
    m.put("f", "hi".toFile("a.txt"));
    m.put("at", '15-Aug-1947 19:00:00');
    m.put("user", user.get("name"));
    m.put("days", {'15-Aug-1947'});
    return m;
    """
    result = run_text(script, host(), {"user": {"name": "Ann"}})
    # a DATE in a map gets the time 00:00:00 (Zoho's create-map and put pages); in a list it
    # stays a DATE
    assert result.returned["when"] == datetime(1947, 8, 15, tzinfo=UTC)
    assert result.returned["days"] == [date(1947, 8, 15)]
    assert result.returned["at"] == datetime(1947, 8, 15, 19, 0, tzinfo=UTC)
    assert result.returned["c"] == ["a", "b"]
    assert result.returned["k"] == {"x": 1}
    assert result.returned["f"]["file_name"] == "a.txt"
    assert result.returned["user"] == "Ann"


def test_unsupported_input_values_are_refused_clearly() -> None:
    with pytest.raises(DelugeRuntimeError, match="input 'thing' holds a object value"):
        run_text("info thing;", host(), {"thing": object()})


def test_statement_count_and_limit_are_configurable() -> None:
    compiled = compile_script("for each x in {1,2,3,4,5,6,7,8,9,10} { y = x; }")
    # Zoho's limits page: the loop and its statement, executed 10 times (not one more on entry)
    assert run(compiled, host()).statements == 20
    with pytest.raises(DelugeLimitError, match=r"\(10\) exceeded") as caught:
        run(compiled, host(), limits=Limits(max_statements=10))
    assert caught.value.line == 1


def test_straight_line_scripts_are_held_to_the_limit_too() -> None:
    text = "\n".join(f"x{i} = {i};" for i in range(30))
    with pytest.raises(DelugeLimitError):
        run_text(text, host(), limits=Limits(max_statements=20))


def test_the_timeout_stops_a_long_run() -> None:
    text = "l = {1}; for each n in l { l.add(n); }"
    limits = Limits(max_statements=10_000_000, timeout_s=1e-9)
    with pytest.raises(DelugeLimitError, match="Execution time limit"):
        run_text(text, host(), limits=limits)


class RecursiveHost(RecordingHost):
    """A host whose saved function `thisapp.again` runs the script again, as the platform
    does for saved functions."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(now=NOW)
        self.limits = limits
        self.calls = 0

    def call_task(self, name: str, args: list[Any], span: Span) -> Any:
        self.calls += 1
        return run_text("return thisapp.again();", self, {}, self.limits).returned


def test_nested_calls_stop_at_the_call_depth_limit() -> None:
    limits = Limits(max_call_depth=5)
    recursive = RecursiveHost(limits)
    with pytest.raises(DelugeLimitError, match=r"nested function calls \(5\)") as caught:
        run_text("x = 1;\nreturn thisapp.again();", recursive, {}, limits)
    assert recursive.calls == 5
    assert caught.value.line == 1  # the inner script's call (line 1 of its own text)
    assert caught.value.source is not None


class BlockingHost(RecordingHost):
    def call_task(self, name: str, args: list[Any], span: Span) -> Any:
        if name.startswith("zoho.crm"):
            raise EffectBlocked(f"{name} was not allowed", span)
        raise DelugeRuntimeError("the service said no", span)


def test_a_blocked_effect_is_not_caught_by_try_catch() -> None:
    script = 'try { r = zoho.crm.getRecords("Leads"); } catch (e) { info "caught"; }'
    with pytest.raises(EffectBlocked) as caught:
        run_text(script, BlockingHost(now=NOW))
    assert caught.value.line == 1


def test_a_failing_task_is_caught_by_try_catch() -> None:
    script = 'try {\n r = zoho.cliq.postToChat("c", "m");\n} catch (e) { return e.message; }'
    result = run_text(script, BlockingHost(now=NOW))
    assert result.returned == "the service said no"


def test_the_host_receives_plain_data_with_spans() -> None:
    recording = host(tasks={"zoho.cliq.postToChat": {"status": "SUCCESS"}})
    script = 'm = {"text": "hi", "n": 1.5};\nr = zoho.cliq.postToChat("CT_1", m);\nreturn r;'
    assert run_text(script, recording).returned == {"status": "SUCCESS"}
    (effect,) = recording.effects
    assert effect == {
        "kind": "task",
        "name": "zoho.cliq.postToChat",
        "args": ["CT_1", {"text": "hi", "n": 1.5}],
        "line": 2,
    }


def test_invokeurl_is_one_statement_and_reaches_the_host_once() -> None:
    recording = host(urls={"https://x.example.com": {"ok": True}})
    script = 'r = invokeurl\n[\n  url: "https://x.example.com"\n  type: POST\n];\nreturn r;'
    result = run_text(script, recording)
    assert result.returned == {"ok": True}
    assert result.statements == 2
    assert recording.effects[0]["method"] == "POST"


def test_runtime_errors_carry_source_span_and_a_pinpoint() -> None:
    compiled = compile_script('x = 1;\ny = {"a": 1};\nz = y.get("a") / 0;', "calc.dg")
    with pytest.raises(DelugeRuntimeError) as caught:
        run(compiled, host())
    error = caught.value
    assert error.line == 3
    assert error.source is not None and error.source.name == "calc.dg"
    assert "calc.dg:3:" in error.render()
    assert "z = y.get" in error.render()


def test_undefined_variables_name_the_variable_and_line() -> None:
    with pytest.raises(DelugeRuntimeError, match="Variable 'missing' is not defined") as caught:
        run_text("a = 1;\nif (a == 1) { b = missing + 1; }", host())
    assert caught.value.line == 2


def test_number_overflow_is_an_error() -> None:
    with pytest.raises(DelugeRuntimeError, match="64-bit"):
        run_text("x = 4611686018427387904; y = x * 4;", host())


def test_syntax_errors_come_from_compile_script() -> None:
    with pytest.raises(DelugeSyntaxError):
        compile_script("x = ;", "bad.dg")


def test_literals_outside_64_bits_are_rejected_at_compile_time() -> None:
    with pytest.raises(DelugeSyntaxError, match="64-bit"):
        compile_script("x = 99999999999999999999;")


def test_the_deepest_expressions_the_parser_accepts_compile_and_run() -> None:
    # The parser stops at 200 levels of AST; a bracketed sum takes two levels per step.
    depth = 98
    expression = "(" * depth + "x" + " + 1)" * depth
    assert run_text(f"x = 1; return {expression};", host()).returned == depth + 1
    chain = '"a"' + ".trim()" * 190
    assert run_text(f"return {chain};", host()).returned == "a"
    nested = "{" * 190 + "1" + "}" * 190
    assert run_text(f"x = {nested}; return 1;", host()).returned == 1
    assert run_text("x = 1; return " + "-" * 190 + "x;", host()).returned == 1
    assert run_text("x = true; return " + "!" * 191 + "x;", host()).returned is False


def test_deeply_nested_blocks_fail_with_a_clear_error_not_a_crash() -> None:
    loops = "".join(f"for each v{i} in {{1}} {{ " for i in range(25)) + "x = 1;" + " }" * 25
    with pytest.raises(DelugeError):
        compile_script(loops)
    ifs = "if (true) { " * 95 + "x = 1;" + " }" * 95
    try:
        compile_script(ifs)
    except DelugeError:
        pass


def test_system_variables_and_time_come_from_the_host() -> None:
    recording = RecordingHost(
        now=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
        system_variables={"zoho.loginuserid": "x@y.com"},
    )
    result = run_text("return {zoho.loginuserid, today, now};", recording)
    assert result.returned == [
        "x@y.com",
        date(2030, 1, 2),
        datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
    ]


def test_unknown_system_variables_are_runtime_errors() -> None:
    with pytest.raises(DelugeRuntimeError, match="zoho.nosuchthing"):
        run_text("x = zoho.nosuchthing;", host())


def test_statements_are_counted_as_zohos_limits_page_counts() -> None:
    """Zoho's limits page: a for-each over 5 elements with 2 statements inside counts 15."""
    loop = compile_script("for each x in {1,2,3,4,5} { a = x; b = a; }")
    assert run(loop, host()).statements == 15
    nested = compile_script(
        "n = 0;\nfor each x in {1,2,3} {\n for each y in {1,2} { n = n + 1; }\n}"
    )
    # 1 + 3 x (outer loop + 2 x (inner loop + 1 statement))
    assert run(nested, host()).statements == 1 + 3 * (1 + 2 * 2)
