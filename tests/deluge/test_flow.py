"""The data-flow pass: where values read from given sources end up (no Cliq names here)."""

from __future__ import annotations

from cliqsim.deluge.flow import Flow, flows
from cliqsim.deluge.parser import parse


def found(
    code: str, sources: tuple[str, ...] = ("user", "chat"), variables: tuple[str, ...] = ()
) -> set[tuple[str, str | None, str, str, str]]:
    return {
        (f.source, f.field, f.sink.kind, f.sink.name, f.sink.part)
        for f in flows(parse(code, "t.dg"), sources, variables)
    }


def test_a_field_through_variables_and_collections_to_an_api_parameter() -> None:
    code = """
    e = user.get("email");
    m = Map();
    m.put("who", e);
    r = invokeurl [ url: "https://api.example.com/x" type: POST parameters: m ];
    """
    assert found(code) == {("user", "email", "invokeurl", "invokeurl", "parameters")}


def test_task_arguments_keep_their_literals() -> None:
    (flow,) = flows(parse('zoho.cliq.postToChannel("sales", chat.get("title"));', "t.dg"), ["chat"])
    assert (flow.source, flow.field, flow.sink.part) == ("chat", "title", "argument 2")
    assert flow.sink.literals == ("sales", None)


def test_whole_objects_info_return_and_mail() -> None:
    code = """
    info user;
    sendmail [ from: zoho.loginuserid to: user.get("email") subject: "s" message: chat ];
    return {"text": user.toString()};
    """
    assert found(code, variables=("zoho.loginuserid",)) == {
        ("user", None, "info", "info", ""),
        ("zoho.loginuserid", None, "sendmail", "sendmail", "from"),
        ("user", "email", "sendmail", "sendmail", "to"),
        ("chat", None, "sendmail", "sendmail", "message"),
        ("user", None, "return", "return", ""),
    }


def test_reassignment_forgets_and_branches_merge() -> None:
    assert found('x = user.get("email"); x = "nobody"; info x;') == set()
    assert found('x = user.get("email"); if(a) { x = "n"; } info x;') == {
        ("user", "email", "info", "info", "")
    }
    assert found('user = "me"; info user;') == set()  # a local, not the input


def test_loops_carry_values_round_and_into_their_variable() -> None:
    code = """
    rows = List();
    for each id in user.get("ids") { rows.add(id); }
    info rows;
    last = "";
    for each c in {1, 2} { info last; last = chat.get("id"); }
    """
    assert found(code) == {("user", "ids", "info", "info", ""), ("chat", "id", "info", "info", "")}


def test_try_catch_and_legacy_urls() -> None:
    code = """
    try { v = user.get("name"); } catch (e) { v = chat.get("title"); }
    r = postUrl("https://api.example.com/x", {"v": v});
    """
    assert found(code) == {
        ("user", "name", "postUrl", "postUrl", "argument 2"),
        ("chat", "title", "postUrl", "postUrl", "argument 2"),
    }


def test_nested_fields_keep_the_first_key_and_params_shadow() -> None:
    code = 'info message.get("sender").get("first_name");'
    assert found(code, ("message",)) == {("message", "sender", "info", "info", "")}
    script = parse("string f(string user) { info user; return user; }", "t.dg")
    assert flows(script, ["user"]) == ()


def test_flows_are_unique_and_ordered_by_sink() -> None:
    result = flows(parse("info user; info user; return user;", "t.dg"), ["user"])
    assert [f.sink.span.column for f in result] == [1, 12, 23]
    assert all(isinstance(f, Flow) for f in result)
