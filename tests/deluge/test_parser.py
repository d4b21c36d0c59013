"""The parser builds the right AST (shapes, precedence, normalisation, spans) and refuses bad
input only with DelugeSyntaxError."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from cliqsim.deluge import DelugeSyntaxError, parse
from cliqsim.deluge import ast as dast
from cliqsim.deluge.parser import MAX_DEPTH
from cliqsim.deluge.source import Span

HANDLERS = Path(__file__).parent / "cases" / "handlers"


def expr(text: str) -> dast.Expr:
    """The value of the single statement `x = <text>;`."""
    (statement,) = parse(f"x = {text};").body
    assert isinstance(statement, dast.Assign)
    return statement.value


def shape(node: Any) -> Any:
    """A compact, span-free form of an expression for comparisons."""
    if isinstance(node, dast.Binary):
        return (node.op, shape(node.left), shape(node.right))
    if isinstance(node, dast.Unary):
        return (node.op, shape(node.operand))
    if isinstance(node, dast.Name):
        return node.name
    if isinstance(node, dast.Number):
        return node.value
    if isinstance(node, dast.Text):
        return repr(node.value)
    if isinstance(node, dast.MethodCall):
        return ("." + node.name, shape(node.target), *map(shape, node.args))
    if isinstance(node, dast.Call):
        return (node.name + "()", *map(shape, node.args))
    return type(node).__name__


# --------------------------------------------------------------------------- precedence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", ("+", 1, ("*", 2, 3))),
        ("a - b - c", ("-", ("-", "a", "b"), "c")),
        ("a / b % c", ("%", ("/", "a", "b"), "c")),
        ("a || b && c", ("||", "a", ("&&", "b", "c"))),
        ("a && b || c && d", ("||", ("&&", "a", "b"), ("&&", "c", "d"))),
        ("!a && b", ("&&", ("!", "a"), "b")),
        ("a < b && c >= d", ("&&", ("<", "a", "b"), (">=", "c", "d"))),
        ("a == b + 1", ("==", "a", ("+", "b", 1))),
        ("-x.y()", ("-", (".y", "x"))),
        ("(a + b) * c", ("*", ("+", "a", "b"), "c")),
        ("a != null", ("!=", "a", "Null")),
        ("-1 - -2", ("-", ("-", 1), ("-", 2))),
    ],
)
def test_operator_precedence(text: str, expected: Any) -> None:
    assert shape(expr(text)) == expected


# --------------------------------------------------------------------------- literals


def test_text_literals_and_escapes() -> None:
    value = expr(r'"a \"b\"\n\t\\ \u00e9 \d"')
    assert isinstance(value, dast.Text)
    assert value.value == 'a "b"\n\t\\ é \\d'
    assert value.single_quoted is False
    single = expr("'15-Aug-1947'")
    assert isinstance(single, dast.Text) and single.single_quoted and single.value == "15-Aug-1947"


def test_numbers_booleans_null() -> None:
    assert expr("42") == dast.Number(42, expr("42").span)
    decimal = expr("0.99")
    assert isinstance(decimal, dast.Decimal) and decimal.text == "0.99"
    for word, value in [("true", True), ("TRUE", True), ("False", False), ("fAlSe", False)]:
        node = expr(word)
        assert isinstance(node, dast.Boolean) and node.value is value
    assert isinstance(expr("NULL"), dast.Null)


def test_braces_make_maps_and_lists() -> None:
    empty = expr("{}")
    assert isinstance(empty, dast.MapLiteral) and empty.entries == ()
    listed = expr("{1, 2, 3}")
    assert isinstance(listed, dast.ListLiteral) and [shape(i) for i in listed.items] == [1, 2, 3]
    mapped = expr('{"a": 1, "b": {2}}')
    assert isinstance(mapped, dast.MapLiteral)
    assert [shape(k) for k, _ in mapped.entries] == ["'a'", "'b'"]
    assert isinstance(mapped.entries[1][1], dast.ListLiteral)
    square = expr("[]")
    assert isinstance(square, dast.ListLiteral) and square.items == ()


@pytest.mark.parametrize(
    ("text", "type_name", "element"),
    [
        ("Map()", "Map", None),
        ("map()", "Map", None),
        ("List()", "List", None),
        ("list()", "List", None),
        ("List:String()", "List", "String"),
        ("list : Int()", "List", "Int"),
        ("Collection()", "Collection", None),
    ],
)
def test_constructors_are_normalised(text: str, type_name: str, element: str | None) -> None:
    node = expr(text)
    assert isinstance(node, dast.Construct)
    assert (node.type_name, node.element_type) == (type_name, element)


def test_collection_with_entries_and_list_with_arguments() -> None:
    node = expr('Collection("Name": "Shawn", "Age": 30)')
    assert isinstance(node, dast.Construct) and node.args == ()
    assert [(shape(k), shape(v)) for k, v in node.entries] == [("'Name'", "'Shawn'"), ("'Age'", 30)]
    positional = expr('Collection("a", "b")')
    assert isinstance(positional, dast.Construct) and len(positional.args) == 2
    typed = expr("List({1, 2})")
    assert isinstance(typed, dast.Construct) and isinstance(typed.args[0], dast.ListLiteral)


# --------------------------------------------------------------------------- names and calls


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("now", "now"),
        ("today", "today"),
        ("zoho.currentdate", "zoho.currentdate"),
        ("zoho.loginuserid", "zoho.loginuserid"),
        ("zoho.device.type", "zoho.device.type"),
    ],
)
def test_system_variables(text: str, name: str) -> None:
    node = expr(text)
    assert isinstance(node, dast.SystemVariable) and node.name == name


def test_methods_on_system_variables() -> None:
    node = expr('zoho.currentdate.addDay(1).toString("yyyy")')
    assert isinstance(node, dast.MethodCall) and node.name == "toString"
    inner = node.target
    assert isinstance(inner, dast.MethodCall) and inner.name == "addDay"
    assert inner.target == dast.SystemVariable("zoho.currentdate", inner.target.span)


@pytest.mark.parametrize(
    ("text", "name", "count"),
    [
        ('zoho.cliq.postToChat("id", "hi")', "zoho.cliq.postToChat", 2),
        ('zoho.cliq.extension.getProperties({"k"}, "c")', "zoho.cliq.extension.getProperties", 2),
        ('zoho.crm.getRecords("Leads")', "zoho.crm.getRecords", 1),
        ("thisapp.fn(1)", "thisapp.fn", 1),
        ("standalone.fn()", "standalone.fn", 0),
    ],
)
def test_dotted_calls_are_tasks(text: str, name: str, count: int) -> None:
    node = expr(text)
    assert isinstance(node, dast.TaskCall)
    assert node.name == name and len(node.args) == count


def test_method_chains_and_property_reads() -> None:
    node = expr('m.get("a").get(0).trim()')
    assert shape(node) == (".trim", (".get", (".get", "m", "'a'"), 0))
    prop = expr("e.lineNo")
    assert isinstance(prop, dast.MethodCall) and prop.name == "lineNo" and prop.args == ()
    on_task = expr('zoho.cliq.getRecords("db", {}).get("list")')
    assert isinstance(on_task, dast.MethodCall) and isinstance(on_task.target, dast.TaskCall)


def test_function_style_calls_and_inline_if() -> None:
    assert shape(expr('ifnull(a, "b")')) == ("ifnull()", "a", "'b'")
    assert shape(expr("len(s)")) == ("len()", "s")
    node = expr('if(a > 1, "big", if(b, 1, 2))')
    assert isinstance(node, dast.IfExpr)
    assert shape(node.condition) == (">", "a", 1)
    assert isinstance(node.when_false, dast.IfExpr)


def test_names_and_keywords_are_matched_without_case() -> None:
    # Zoho's Command Suggestion Handler template writes `List = List(); ... list.add(entry);`
    # (docs/deluge.md, "Variable names"): one variable, whatever its case.
    script = parse("Total = 1; total = 2; IF (True) { INFO Total; } Else { info TOTAL; }")
    first, second, branch = script.body
    assert isinstance(first, dast.Assign) and first.target == "total"
    assert isinstance(second, dast.Assign) and second.target == "total"
    assert isinstance(branch, dast.If) and branch.else_body is not None
    (_condition, (shown,)), = branch.branches
    assert isinstance(shown, dast.Info) and isinstance(shown.value, dast.Name)
    assert (shown.value.name, shown.value.spelled) == ("total", "Total")


# --------------------------------------------------------------------------- block tasks


def test_invokeurl_keys_and_values() -> None:
    node = expr(
        """invokeurl
        [
            url :base + "/x"
            type: post
            Content-Type: "application/json"
            headers: {"a": 1,
                      "b": 2}
            response-format: FILE
            detailed: true
        ]"""
    )
    assert isinstance(node, dast.BlockTask) and node.task == "invokeurl"
    keys = [p.key for p in node.params]
    assert keys == ["url", "type", "content-type", "headers", "response-format", "detailed"]
    values = {p.key: p.value for p in node.params}
    assert shape(values["url"]) == ("+", "base", "'/x'")
    assert values["type"] == dast.Text("post", False, values["type"].span)
    assert values["response-format"] == dast.Text("FILE", False, values["response-format"].span)
    assert isinstance(values["headers"], dast.MapLiteral)
    assert isinstance(values["detailed"], dast.Boolean)


def test_sendmail_keys_with_spaces_and_several_recipients() -> None:
    (statement,) = parse(
        """sendMail
        [
            from: zoho.adminuserid
            to: "a@b.c", "d@e.f"
            reply   To: "x@y.z"
            content type: html
            subject: "s"
            message: "m"
        ]"""
    ).body
    assert isinstance(statement, dast.ExprStmt)
    task = statement.expr
    assert isinstance(task, dast.BlockTask) and task.task == "sendmail"
    values = {p.key: p.value for p in task.params}
    assert list(values) == ["from", "to", "reply to", "content type", "subject", "message"]
    assert isinstance(values["from"], dast.SystemVariable)
    to = values["to"]
    assert isinstance(to, dast.ListLiteral)
    assert [shape(i) for i in to.items] == ["'a@b.c'", "'d@e.f'"]
    assert values["content type"] == dast.Text("html", False, values["content type"].span)


def test_block_task_value_that_is_a_variable_stays_a_name() -> None:
    node = expr("invokeurl [ url: endpoint headers: h ]")
    assert isinstance(node, dast.BlockTask)
    assert [shape(p.value) for p in node.params] == ["endpoint", "h"]


# --------------------------------------------------------------------------- statements


def test_statement_kinds() -> None:
    script = parse(
        """
        a = 1; a += 2; a -= 1; a *= 3; a /= 2; a %= 5;
        if (a) { b = 1; } else if (c) { b = 2; } else if (d) { } else { b = 3; }
        for each x in l { continue; }
        for each index i in l { break; }
        try { info 1; } catch (err) { info err; }
        m.put("k", 1);
        return;
        """
    )
    kinds = [type(s).__name__ for s in script.body]
    assert kinds == ["Assign"] * 6 + ["If", "ForEach", "ForEach", "TryCatch", "ExprStmt", "Return"]
    assert [s.op for s in script.body[:6] if isinstance(s, dast.Assign)] == [
        "=",
        "+=",
        "-=",
        "*=",
        "/=",
        "%=",
    ]
    branch = script.body[6]
    assert isinstance(branch, dast.If) and len(branch.branches) == 3
    assert branch.branches[2][1] == () and branch.else_body is not None
    loop, indexed = script.body[7], script.body[8]
    assert isinstance(loop, dast.ForEach) and not loop.index and loop.var == "x"
    assert isinstance(indexed, dast.ForEach) and indexed.index and indexed.var == "i"
    caught = script.body[9]
    assert isinstance(caught, dast.TryCatch) and caught.error_name == "err"
    last = script.body[11]
    assert isinstance(last, dast.Return) and last.value is None


def test_empty_statements_leave_no_trace() -> None:
    assert len(parse(";;x = 1;;;").body) == 1
    assert parse("").body == ()
    assert parse("  // only a comment\n/* and a block */\n").body == ()


def test_saved_function_signature() -> None:
    script = parse("string button.fn(String a, int b)\n{\n\treturn a + b;\n}\n")
    assert script.signature is not None
    assert script.signature.return_type == "string"
    assert script.signature.name == "button.fn"
    assert [(p.type_name, p.name) for p in script.signature.params] == [
        ("String", "a"),
        ("int", "b"),
    ]
    assert len(script.body) == 1 and isinstance(script.body[0], dast.Return)
    bare = parse("void automation.Run() { }")
    assert bare.signature is not None and bare.signature.params == () and bare.body == ()


# --------------------------------------------------------------------------- spans


def test_spans_point_at_the_source() -> None:
    text = 'x = 1;\nname = user.get("first_name");\n'
    script = parse(text)
    second = script.body[1]
    assert isinstance(second, dast.Assign)
    assert (second.span.line, second.span.column, second.span.end_column) == (2, 1, 31)
    assert second.target_span == Span(2, 1, 2, 5, 7, 11)
    call = second.value
    assert isinstance(call, dast.MethodCall)
    assert text[call.span.start : call.span.end] == 'user.get("first_name")'
    assert text[call.name_span.start : call.name_span.end] == "get"


def test_multi_line_nodes_span_their_lines() -> None:
    script = parse("if (a)\n{\n  b = 1;\n}\nelse\n{\n}\n")
    (branch,) = script.body
    assert (branch.span.line, branch.span.end_line) == (1, 7)


def _children(node: Any) -> list[Any]:
    found: list[Any] = []

    def collect(value: Any) -> None:
        if dast.is_node_type(type(value)):
            found.append(value)
        elif isinstance(value, tuple):
            for item in value:
                collect(item)

    for name in dast.fields_of(type(node)):
        if name not in ("span", "name_span", "target_span"):
            collect(getattr(node, name))
    return found


def _walk(node: Any, text: str, parent: Span | None) -> int:
    count = 1
    span = node.span
    assert isinstance(span, Span)
    assert 0 <= span.start <= span.end <= len(text)
    if parent is not None and not isinstance(node, dast.Script):
        assert parent.start <= span.start and span.end <= parent.end, node
    for name in dast.fields_of(type(node)):
        value = getattr(node, name)
        assert not type(value).__module__.startswith("lark"), (node, name)
        if isinstance(value, str):
            assert type(value) is str, (node, name)
    for child in _children(node):
        count += _walk(child, text, span if not isinstance(node, dast.Script) else None)
    return count


@pytest.mark.parametrize("path", sorted(HANDLERS.glob("*.dg")), ids=lambda p: p.name)
def test_every_node_nests_inside_its_parent_and_is_plain_python(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _walk(parse(text), text, None) > 20


# --------------------------------------------------------------------------- limits and errors


def test_deep_brackets_are_refused_cleanly() -> None:
    with pytest.raises(DelugeSyntaxError, match="nests too deeply"):
        parse("x = " + "(" * 1000 + "1" + ")" * 1000 + ";")
    with pytest.raises(DelugeSyntaxError, match=r"Expecting '\)'"):
        parse("x = " + "(" * 10_000)
    with pytest.raises(DelugeSyntaxError, match="nests too deeply"):
        parse("x = " + "{" * 500 + "1" + "}" * 500 + ";")


def test_long_operator_chains_and_deep_blocks_are_refused_cleanly() -> None:
    with pytest.raises(DelugeSyntaxError, match="nests too deeply"):
        parse("x = " + " + ".join(["a"] * 5000) + ";")
    with pytest.raises(DelugeSyntaxError, match="nests too deeply"):
        parse("x = a" + ".b()" * 3000 + ";")
    with pytest.raises(DelugeSyntaxError, match="nests too deeply"):
        parse("if (a) {" * 300 + "}" * 300)


def test_nesting_just_under_the_limit_parses() -> None:
    depth = MAX_DEPTH // 2 - 5
    script = parse("x = " + "(" * depth + "1" + ")" * depth + ";")
    assert isinstance(script.body[0], dast.Assign)
    chain = parse("x = " + " + ".join(["a"] * (MAX_DEPTH - 10)) + ";")
    assert isinstance(chain.body[0], dast.Assign)


@pytest.mark.parametrize(
    "text",
    ["\x00", "\ufeffx = 1", "x = 1;\x00", "'", '"', "/*", "\\", "@@@", "x = 1; ]", "\u2028"],
)
def test_odd_input_raises_only_syntax_errors(text: str) -> None:
    try:
        parse(text)
    except DelugeSyntaxError as error:
        assert error.source is not None
        assert error.render()


def test_error_render_names_the_file_and_shows_a_caret() -> None:
    with pytest.raises(DelugeSyntaxError) as caught:
        parse("x = 1;\nif (x > 1 {\n}\n", "handlers/cmd.dg")
    rendered = caught.value.render()
    lines = rendered.splitlines()
    assert lines[0] == "handlers/cmd.dg:2:11: (Line no: 2) Expecting ',' or ')' but found '{'"
    assert lines[1].endswith("if (x > 1 {")
    assert lines[2].rstrip().endswith("^")
    assert lines[2].index("^") == lines[1].index("{")


def test_unclosed_block_names_the_opening_brace() -> None:
    with pytest.raises(DelugeSyntaxError) as caught:
        parse("for each x in l\n{\n  if (x) {\n    y = 1;\n  }\n")
    assert "Expecting '}' but found '<EOF>'" in caught.value.message
    assert any("line 2, column 1" in note for note in caught.value.notes)


def test_parse_is_safe_from_several_threads() -> None:
    text = (HANDLERS / "slash_nearby.dg").read_text(encoding="utf-8")
    expected = parse(text)
    results: list[object] = []

    def work() -> None:
        for _ in range(5):
            results.append(parse(text))
            try:
                parse("x = " + "(" * 300 + "1" + ")" * 300 + ";")
            except DelugeSyntaxError:
                pass

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 20
    assert all(result == expected for result in results)


# --------------------------------------------------------------------------- grammar cache


def _fresh_parse(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "from cliqsim.deluge import parse; print(len(parse('x = 1; y = x;').body))"
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


def test_grammar_cache_is_written_and_reused(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _fresh_parse({"CLIQSIM_CACHE": str(cache)})
    assert first.stdout.strip() == "2", first.stderr
    files = list(cache.glob("deluge-grammar-*.lark-cache"))
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    second = _fresh_parse({"CLIQSIM_CACHE": str(cache)})
    assert second.stdout.strip() == "2", second.stderr
    assert files[0].stat().st_mtime_ns == stamp


def test_damaged_or_unwritable_cache_still_parses(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _fresh_parse({"CLIQSIM_CACHE": str(cache)}).stdout.strip() == "2"
    (cached,) = cache.glob("deluge-grammar-*.lark-cache")
    cached.write_bytes(b"garbage")
    assert _fresh_parse({"CLIQSIM_CACHE": str(cache)}).stdout.strip() == "2"
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    result = _fresh_parse({"CLIQSIM_CACHE": str(blocked / "sub")})
    assert result.stdout.strip() == "2", result.stderr
    assert _fresh_parse({"CLIQSIM_CACHE": ""}).stdout.strip() == "2"


def test_tagged_block_values_are_one_entry_maps() -> None:
    (statement,) = parse(
        'sendmail [ to: "a@b.c" attachments: file: report, file: summary subject: "s" ]'
    ).body
    assert isinstance(statement, dast.ExprStmt) and isinstance(statement.expr, dast.BlockTask)
    values = {p.key: p.value for p in statement.expr.params}
    assert list(values) == ["to", "attachments", "subject"]
    attachments = values["attachments"]
    assert isinstance(attachments, dast.ListLiteral)
    tags = []
    for item in attachments.items:
        assert isinstance(item, dast.MapLiteral)
        ((key, value),) = item.entries
        tags.append((shape(key), shape(value)))
    assert tags == [("'file'", "report"), ("'file'", "summary")]


def test_a_failure_while_explaining_still_gives_a_syntax_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cliqsim.deluge import syntax_errors

    def broken(error: BaseException, source: object) -> None:
        raise KeyError("bug in the explanation")

    monkeypatch.setattr(syntax_errors, "describe", broken)
    with pytest.raises(DelugeSyntaxError) as caught:
        parse("x = 1\ny = 2;", "f.dg")
    assert caught.value.message.startswith("(Line no: ")
    assert caught.value.source is not None and caught.value.render().startswith("f.dg:")


def test_curly_quotes_pasted_from_a_blog_post_are_named_in_the_note() -> None:
    """Field scripts copied from blog posts carry curly quotes; the error says so."""
    with pytest.raises(DelugeSyntaxError) as refused:
        parse('deal = zoho.crm.getRecordById(\u201cDeals\u201d, dealId);\n', "pasted")
    assert "unexpected character" in refused.value.message
    assert refused.value.line == 1
    assert any("curly quote" in note and "straight quotes" in note for note in refused.value.notes)


def test_invokeurl_written_as_a_function_is_named_creators_only() -> None:
    """Zoho's invokeUrl Function page (deluge/help/web-data/invokeurl-function) says "This
    function is applicable only to Zoho Creator": the save error points at the task form."""
    with pytest.raises(DelugeSyntaxError) as refused:
        parse('r = invokeUrl("https://api.example.com/z", "GET");\n', "creator.dg")
    assert "Expecting '['" in refused.value.message
    notes = refused.value.notes
    assert any("Zoho Creator's only" in note and "invokeurl [" in note for note in notes)
