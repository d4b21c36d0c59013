"""Issue #12, "runs that escape their limits": every run stops inside its limits.

One deadline per run covers statements, built-ins (regular expressions included) and effects;
the statement budget is checked before each effect; sizes are checked before values are built.
The limits are docs/deluge.md's "Limits" table. No timing assertions: each case only has to end
with the right Deluge error.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from cliqsim.deluge import interpreter
from cliqsim.deluge.errors import DelugeLimitError, DelugeRuntimeError, DelugeSyntaxError
from cliqsim.deluge.interpreter import Limits, run_text
from cliqsim.deluge.parser import MAX_SCRIPT_CHARS
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Span

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
TIME_LIMIT = "Execution time limit"


def host() -> RecordingHost:
    return RecordingHost(now=NOW)


def run(text: str, limits: Limits | None = None, h: RecordingHost | None = None) -> Any:
    return run_text(text, h or host(), {}, limits or Limits()).returned


# --------------------------------------------------------------------------- regular expressions


@pytest.mark.parametrize(
    "call",
    [
        '"{a}!".matches("(a|aa)+$")',
        '"{a}!".replaceAll("(a|aa)+$", "x")',
        '"{a}!".replaceFirst("(a|aa)+$", "x")',
        '"{a}!".replaceAllIgnoreCase("(A|AA)+$", "x")',
        '"{a}!".replaceFirstIgnoreCase("(A|AA)+$", "x")',
    ],
)
def test_a_catastrophic_pattern_stops_at_the_deadline(call: str) -> None:
    text = f"return {call.replace('{a}', 'a' * 60)};"
    with pytest.raises(DelugeLimitError, match=TIME_LIMIT):
        run(text, Limits(timeout_s=0.3))


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        # Zoho Creator, "matches" (built-in-function-string-matches.html)
        ('matches("ID004500F", "[A-Z]{2}[0-9]{6}[A-Z]")', True),
        ('matches("$345.78", "\\$[0-9]+\\.[0-9]{2}")', True),
        ('"(123) 456 7890".matches("^\\(?([0-9]{3})\\)?[-. ]?([0-9]{3})[-. ]?([0-9]{4})$")', True),
        ('"ABC-123x".matches("[A-Z]+-[0-9]+")', False),
        # Java's dialect: possessive, atomic, named groups, \Q..\E, ASCII \d \w, intersections
        ('"aab".matches("a++b")', True),
        ('"aab".matches("(?>a+)b")', True),
        ('"ab".matches("(?<first>a)b")', True),
        ('"a.b".matches("a\\\\Q.\\\\Eb")', True),
        ('"axb".matches("a\\\\Q.\\\\Eb")', False),
        ('"٣".matches("\\\\d")', False),
        ('"é".matches("\\\\w")', False),
        ('"é".matches("\\\\p{L}")', True),
        ('"c".matches("[a-z&&[^b]]")', True),
        ('"b".matches("[a-z&&[^b]]")', False),
        ('"A".matches("\\\\x{41}")', True),
        ('"John Smith".replaceAll("(\\\\w+) (\\\\w+)", "$2, $1")', "Smith, John"),
        ('"abc".replaceAll("", "-")', "-a-b-c-"),
        ('"a.b.c".replaceAll(".", "-", true)', "a-b-c"),
        ('"x".replaceAll("x", "\\\\$1")', "$1"),
        ('"Cat cat".replaceAllIgnoreCase("CAT", "dog")', "dog dog"),
    ],
)
def test_the_java_dialect(call: str, expected: Any) -> None:
    assert run(f"return {call};") == expected


def test_an_invalid_pattern_is_a_deluge_error() -> None:
    with pytest.raises(DelugeRuntimeError, match="Invalid regular expression"):
        run('return "a".matches("(a");')


# --------------------------------------------------------------------------- one deadline


def test_slow_built_ins_in_a_short_loop_stop_at_the_deadline() -> None:
    text = (
        's = "ab".repeat(2000000);\n'
        'for each i in "1".repeat(100).toList("") {\n  t = s.replaceAll("a", "c");\n}\n'
        "return t.length();"
    )
    with pytest.raises(DelugeLimitError, match=TIME_LIMIT):
        run(text, Limits(timeout_s=0.2))


class _SlowHost(RecordingHost):
    """A host whose task call asks how much time the run has left, as online HTTP does."""

    def __init__(self) -> None:
        super().__init__(now=NOW)
        self.left: list[float | None] = []

    def call_task(self, name: str, args: list[Any], span: Span) -> Any:
        self.left.append(interpreter.time_left())
        return super().call_task(name, args, span)


def test_hosts_and_nested_runs_share_the_runs_deadline() -> None:
    h = _SlowHost()
    run('zoho.cliq.postToChat("x", "y");', Limits(timeout_s=5), h)
    assert h.left and h.left[0] is not None and 0 < h.left[0] <= 5
    assert interpreter.time_left() is None  # outside a run


def test_a_nested_run_cannot_extend_the_outer_deadline() -> None:
    class Nesting(RecordingHost):
        def call_task(self, name: str, args: list[Any], span: Span) -> Any:
            inner = Limits(timeout_s=1000)
            return run_text("return 1;", RecordingHost(now=NOW), {}, inner).returned

    h = Nesting(now=NOW)
    assert run('return zoho.cliq.postToChat("x", "y");', Limits(timeout_s=5), h) == 1
    seen: list[float | None] = []

    class Peek(RecordingHost):
        def call_task(self, name: str, args: list[Any], span: Span) -> Any:
            seen.append(interpreter.time_left())
            return None

    class Outer(RecordingHost):
        def call_task(self, name: str, args: list[Any], span: Span) -> Any:
            run_text('zoho.cliq.postToChat("x", "y");', Peek(now=NOW), {}, Limits(timeout_s=1000))
            return None

    run('zoho.cliq.postToChat("x", "y");', Limits(timeout_s=5), Outer(now=NOW))
    assert seen and seen[0] is not None and seen[0] <= 5


# --------------------------------------------------------------------------- budget before effects


def _posts(n: int) -> str:
    return "".join(f'zoho.cliq.postToChannel("general", "m{i}");\n' for i in range(n))


@pytest.mark.parametrize(
    "text",
    [
        _posts(60),  # straight-line
        "x = 1;\nif (x == 1) {\n" + _posts(60) + "} else {\n" + _posts(60) + "}\n",  # folded if
        "for each i in {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20} {\n"
        '  info i;\n  zoho.cliq.postToChannel("general", i);\n}\n',  # a loop
        "try {\n" + _posts(60) + "} catch (e) {\n  info e;\n}\n",
    ],
)
def test_no_effect_happens_once_the_budget_is_spent(text: str) -> None:
    h = host()
    with pytest.raises(DelugeLimitError, match="Maximum number of executed statements"):
        run(text, Limits(max_statements=50), h)
    # Each effect is one statement (a loop's also counts its iteration and its info): at most
    # 50 of them can have happened within a budget of 50.
    assert 0 < len(h.effects) <= 50


def test_the_effect_that_spends_the_last_statement_still_happens() -> None:
    h = host()
    with pytest.raises(DelugeLimitError):
        run(_posts(60), Limits(max_statements=50), h)
    assert len(h.effects) == 50
    h = host()
    run(_posts(50), Limits(max_statements=50), h)
    assert len(h.effects) == 50


def test_invokeurl_sendmail_and_info_check_the_budget_too() -> None:
    for line in (
        'invokeurl [ url: "https://api.example.com/x" type: GET ];',
        'sendmail [ from: "a@b.com" to: "c@d.com" subject: "s" message: "m" ];',
        'info "x";',
        'getUrl("https://api.example.com/x");',
    ):
        h = host()
        with pytest.raises(DelugeLimitError):
            run((line + "\n") * 12, Limits(max_statements=10), h)
        assert len(h.effects) == 10, line


# --------------------------------------------------------------------------- sizes before building


def test_replace_all_stops_before_building_a_text_past_the_limit() -> None:
    with pytest.raises(DelugeLimitError, match="Text too long"):
        run(
            'r = "x".repeat(5000);\nreturn "abcdefghij".replaceAll("", r);', Limits(max_text=20_000)
        )
    with pytest.raises(DelugeLimitError, match="Text too long"):
        run('r = "x".repeat(5000);\nreturn "aaaa".replaceAll("(a)", "$1" + r);',
            Limits(max_text=15_000))  # fmt: skip


def test_padding_with_a_long_fill_builds_only_what_it_returns() -> None:
    assert run('return "".leftpad(1000, "x".repeat(200)).length();') == 1000
    assert run('return "ab".rightpad(7, "xyz");') == "abxyzxy"
    assert run('return "ab".leftpad(7, "xyz");') == "xyzxyab"
    with pytest.raises(DelugeLimitError, match="Text too long"):
        run('return "".leftpad(2000, "x");', Limits(max_text=1000))


def test_to_json_list_refuses_a_list_past_the_collection_limit() -> None:
    with pytest.raises(DelugeLimitError, match="Collection too large"):
        run('return ("[" + "1,".repeat(200) + "1]").toJSONList();', Limits(max_collection=100))
    with pytest.raises(DelugeLimitError, match="Collection too large"):
        run('return ("[" + "a,".repeat(200) + "a]").toJSONList();', Limits(max_collection=100))
    with pytest.raises(DelugeLimitError, match="Collection too large"):
        run('return ("{" + "\\"k\\":[" + "1,".repeat(200) + "1]}").toMap();',
            Limits(max_collection=100))  # fmt: skip


def test_info_output_of_a_run_is_cut_at_its_limit() -> None:
    h = host()
    text = 'm = {"k": "x".repeat(400)};\nfor each i in {1,2,3,4,5,6,7,8,9,10} {\n  info m;\n}\n'
    run(text, Limits(max_info=1000), h)
    assert sum(len(line) for line in h.infos) < 1000 + 100
    assert "info output cut" in h.infos[-1]
    assert len(h.infos) == 3


def test_a_returned_value_past_the_text_limit_is_refused_before_it_is_copied() -> None:
    text = 't = "x".repeat(900);\nl = List();\nfor each i in "1".repeat(100).toList("") {\n'
    text += "  l.add(t);\n}\nreturn l;"
    with pytest.raises(DelugeLimitError, match="the returned value"):
        run(text, Limits(max_text=10_000))
    with pytest.raises(DelugeLimitError, match="Text too long"):
        run(text.replace("return l;", "return l.toString();"), Limits(max_text=10_000))
    h = host()
    with pytest.raises(DelugeLimitError, match="arguments of zoho.cliq.postToChat"):
        run(text.replace("return l;", 'zoho.cliq.postToChat("c", l);'), Limits(max_text=10_000), h)
    assert h.effects == []


def test_a_script_past_the_size_limit_is_refused_at_save_time() -> None:
    text = 'x = "' + "y" * MAX_SCRIPT_CHARS + '";'
    with pytest.raises(DelugeSyntaxError, match="characters long, more than the limit"):
        run(text)


def test_effects_before_a_loop_see_the_exact_count() -> None:
    # Zoho counts a for each once per iteration, not when entered: the two infos are
    # statements 1 and 2, the loop's first iteration statement 3.
    h = host()
    with pytest.raises(DelugeLimitError):
        run("info 1;\ninfo 2;\nfor each x in {1, 2} {\n  info x;\n}\n", Limits(max_statements=2), h)
    assert h.infos == ["1", "2"]
    h = host()
    run("info 1;\ninfo 2;\nfor each x in {1, 2} {\n  info x;\n}\n", Limits(max_statements=6), h)
    assert h.infos == ["1", "2", "1", "2"]
