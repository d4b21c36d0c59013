"""Static checks: loop placement, undefined variables, unknown built-ins and arity; and the
handler corpus in tests/deluge/cases/handlers passes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cliqsim.deluge import builtins, check, parse
from cliqsim.deluge.builtins import BuiltinSpec
from cliqsim.deluge.checks import free_names
from cliqsim.deluge.errors import Diagnostic
from cliqsim.platform.triggers import HANDLER_INPUTS as CLIQ_HANDLER_INPUTS

HANDLERS = Path(__file__).parent / "cases" / "handlers"


Names = set[str] | frozenset[str]


def run(text: str, predeclared: Names = frozenset()) -> list[Diagnostic]:
    return check(parse(text), predeclared)


def codes(text: str, predeclared: Names = frozenset()) -> list[tuple[str, str, int]]:
    return [(d.severity, d.code, d.span.line) for d in run(text, predeclared)]


# --------------------------------------------------------------------------- loops


def test_break_and_continue_outside_a_loop_are_errors() -> None:
    found = run("break;\nif (true) {\n  continue;\n}\n")
    assert [(d.code, d.span.line) for d in found] == [
        ("break-outside-loop", 1),
        ("continue-outside-loop", 3),
    ]
    assert all(d.severity == "error" for d in found)
    assert "for each" in found[0].message


def test_break_and_continue_inside_loops_are_fine() -> None:
    text = """
    for each x in {1, 2}
    {
        if (x == 1) { continue; }
        try { for each y in {3} { break; } } catch (e) { break; }
    }
    """
    assert run(text) == []


def test_loop_ends_at_its_closing_brace() -> None:
    assert codes("for each x in {1} { }\nbreak;") == [("error", "break-outside-loop", 2)]


# --------------------------------------------------------------------------- variables


def test_read_before_assignment_is_an_error_once_per_name() -> None:
    found = run("a = b + 1;\nc = b;\nb = 2;\n")
    assert [(d.code, d.span.line, d.message) for d in found] == [
        ("undefined-variable", 1, "Variable 'b' is not defined"),
    ]
    assert found[0].span.column == 5


def test_assignment_anywhere_earlier_counts_even_in_a_branch() -> None:
    text = """
    if (flag) { label = "yes"; }
    info label;
    for each item in items { last = item; }
    info last;
    info item;
    try { v = 1; } catch (err) { info err.message; }
    info err;
    """
    assert run(text, {"flag", "items"}) == []


def test_compound_assignment_and_self_reference_need_a_value() -> None:
    assert codes("total += 1;") == [("error", "undefined-variable", 1)]
    assert codes("n = n + 1;") == [("error", "undefined-variable", 1)]


def test_reads_follow_source_order_inside_a_loop() -> None:
    text = "for each x in {1, 2} { if (previous == x) { info x; } previous = x; }"
    assert codes(text) == [("error", "undefined-variable", 1)]


def test_predeclared_names_signature_parameters_and_system_variables() -> None:
    assert run('info user.get("email") + arguments;', CLIQ_HANDLER_INPUTS) == []
    assert run("info user;") != []
    assert run("string f(String a, int b) { return a + b; }") == []
    assert run("x = now; y = today; z = zoho.currentdate; w = zoho.loginuserid;") == []


def test_names_inside_every_kind_of_expression_are_checked() -> None:
    text = """
    r = invokeurl [ url: u1 headers: {"a": u2} ];
    l = {u3, [u4]};
    c = Collection("k": u5);
    i = if(u6, -u7, !u8);
    t = zoho.cliq.postToChat(u9, "x");
    m = u10.get(u11);
    f = ifnull(u12, "a");
    """
    names = sorted(d.message.split("'")[1] for d in run(text))
    assert names == sorted(f"u{i}" for i in range(1, 13))


def test_handler_input_names_cover_the_reference() -> None:
    for name in [
        "user",
        "chat",
        "arguments",
        "options",
        "selections",
        "mentions",
        "attachments",
        "location",
        "message",
        "messages",
        "target",
        "form",
        "context_id",
        "answers",
        "access",
        "environment",
        "newuser",
        "links",
        "headers",
        "params",
        "body",
        "http_method",
        "operation",
        "data",
        "app_info",
        "event",
        "url",
        "domain",
    ]:
        assert name in CLIQ_HANDLER_INPUTS


# --------------------------------------------------------------------------- built-ins


@pytest.fixture
def fake_builtins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two built-ins registered for this test only (monkeypatch removes them afterwards)."""
    monkeypatch.setitem(
        builtins.BUILTINS,
        "zzpad",
        BuiltinSpec("zzPad", "text", 1, 2, "test only", method=True, function=True),
    )
    monkeypatch.setitem(
        builtins.BUILTINS,
        "zzmethodonly",
        BuiltinSpec("zzMethodOnly", "text", 0, 0, "test only", method=True, function=False),
    )


def test_function_style_arity_is_an_error(fake_builtins: None) -> None:
    assert run('a = zzPad("x", 1); b = zzpad("x", 1, 2);') == []
    found = run('a = zzPad("x");\nb = zzPad("x", 1, 2, 3);')
    assert [(d.severity, d.code, d.span.line) for d in found] == [
        ("error", "arity", 1),
        ("error", "arity", 2),
    ]
    assert "Number of Arguments mismatches" in found[0].message
    assert "2 to 3 arguments" in found[0].message


def test_method_style_arity_is_a_warning(fake_builtins: None) -> None:
    assert run('a = "x".zzPad(1);') == []
    found = run('a = "x".zzPad();')
    assert [(d.severity, d.code) for d in found] == [("warning", "arity")]
    assert found[0].span.column == 9  # the method name


def test_unknown_function_style_name_is_an_error() -> None:
    found = run("a = noSuchThing(1);")
    assert [(d.severity, d.code) for d in found] == [("error", "unknown-function")]
    assert found[0].message == "Not able to find 'noSuchThing' function"


def test_unknown_method_is_an_error_with_the_nearest_names() -> None:
    """Deluge refuses to save a script calling an unknown function (error-messages page), in
    either style; the message names the nearest built-ins (issue #14, item 14)."""
    found = run('a = "x".noSuchMethod();')
    assert [(d.severity, d.code) for d in found] == [("error", "unknown-function")]
    typo = run('message = "a b"; parts = message.toLsit(" ");', {"message"})
    assert [(d.severity, d.code) for d in typo] == [("error", "unknown-function")]
    assert typo[0].message.startswith("Not able to find 'toLsit' function (did you mean 'toList'")


def test_method_only_built_in_called_as_a_function_is_a_warning(fake_builtins: None) -> None:
    found = run('a = zzMethodOnly("x");')
    assert [(d.severity, d.code) for d in found] == [("warning", "unknown-function")]


def test_language_forms_and_tasks_are_not_looked_up() -> None:
    text = """
    a = ifnull(x1, 1);
    b = if(true, 1, 2);
    c = zoho.cliq.noSuchTask(1, 2, 3, 4, 5);
    d = Map(); e = List:String(); f = Collection("a");
    try { g = 1; } catch (err) { info err.message + err.lineNo; }
    """
    assert codes(text, {"x1"}) == []


def test_an_empty_built_in_table_reports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builtins, "BUILTINS", {})
    assert run('a = noSuchThing(1); b = "x".noSuchMethod();') == []


def test_diagnostics_come_in_source_order() -> None:
    found = run("a = u1;\nbreak;\nb = nope(1);\nc = u2;\n")
    assert [d.span.line for d in found] == [1, 2, 3, 4]


# --------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize("path", sorted(HANDLERS.glob("*.dg")), ids=lambda p: p.name)
def test_realistic_handlers_parse_and_pass_the_checks(path: Path) -> None:
    script = parse(path.read_text(encoding="utf-8"), str(path))
    errors = [d for d in check(script, CLIQ_HANDLER_INPUTS) if d.severity == "error"]
    assert errors == []


def test_the_corpus_covers_the_handler_kinds() -> None:
    names = {p.stem for p in HANDLERS.glob("*.dg")}
    assert len(names) >= 8
    for kind in [
        "slash",
        "suggestion",
        "bot_message",
        "bot_context",
        "message_action",
        "form_submit",
        "button",
        "scheduler",
    ]:
        assert any(name.startswith(kind) for name in names), kind


def test_free_names_are_the_names_read_before_any_assignment() -> None:
    """What a handler expects bound: `user` and `arguments` are read first; `x` is assigned
    before its read; a loop variable and a caught error are bound by their statements."""
    script = parse('x = arguments.trim();\ninfo x + user.get("email");\n'
                   'for each r in rows { info r; }\ntry { y = 1; } catch (e) { info e; }\n'
                   'info later;\nlater = 2;')
    assert free_names(script) == {"arguments", "user", "rows", "later"}
