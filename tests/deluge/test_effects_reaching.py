"""Issue #11, class 8: URL hosts come from the assignments that reach the call (in statement
order), so literal hosts are listed as hosts and only a host that truly depends on run-time data
is "decided at run time"; `u.getUrl()` / `u.postUrl(...)` method forms are listed too."""

from __future__ import annotations

from cliqsim.deluge.effects import Effects, inventory
from cliqsim.deluge.parser import parse
from cliqsim.platform.triggers import HANDLER_INPUTS


def hosts(text: str) -> list[str | None]:
    effects: Effects = inventory(parse(text, "run.dg"), "run.dg", HANDLER_INPUTS)
    return [use.host for use in effects.urls]


def test_a_later_literal_assignment_replaces_an_earlier_run_time_one() -> None:
    assert hosts(
        'u = arguments;\nu = "https://api.example.com";\n'
        'r = invokeurl [ url: u + "/items" type: GET ];\n'
    ) == ["api.example.com"]


def test_self_append_keeps_the_host() -> None:
    assert hosts(
        'base = "https://api.example.com/";\nu = base + "items";\n'
        'u = u + "?page=2";\nu += "&size=10";\n'
        "r = invokeurl [ url: u ];\n"
    ) == ["api.example.com"]


def test_a_reassignment_after_the_call_does_not_reach_it() -> None:
    assert hosts(
        'u = "https://api.example.com/x";\nr = invokeurl [ url: u ];\nu = r.get("next");\n'
    ) == ["api.example.com"]
    assert hosts(
        'u = "https://api.example.com/x";\nr = invokeurl [ url: u ];\n'
        'u = r.get("next");\ns = invokeurl [ url: u ];\n'
    ) == ["api.example.com", None]


def test_both_hosts_of_an_if_else_are_listed() -> None:
    assert hosts(
        'if (arguments == "eu") { u = "https://eu.example.com/"; }\n'
        'else { u = "https://us.example.com/"; }\n'
        'r = invokeurl [ url: u + "x" ];\n'
    ) == ["eu.example.com", "us.example.com"]


def test_an_if_without_else_keeps_the_value_before_it() -> None:
    assert hosts(
        'u = "https://a.example/";\nif (arguments == "x") { u = arguments; }\n'
        "r = invokeurl [ url: u ];\n"
    ) == ["a.example", None]


def test_a_loop_sees_what_its_own_body_assigns_on_later_runs() -> None:
    assert hosts(
        'u = "https://a.example/";\nfor each x in {1, 2} {\n'
        'r = invokeurl [ url: u ];\nu = r.get("next");\n}\n'
    ) == ["a.example", None]
    assert hosts(
        'u = "https://a.example/list";\nfor each x in {1, 2} {\n'
        'r = invokeurl [ url: u ];\nu = u + "&page=" + x;\n}\n'
    ) == ["a.example"]


def test_the_catch_block_sees_every_value_the_try_may_have_left() -> None:
    assert hosts(
        'u = "https://a.example/";\ntry {\nu = "https://b.example/";\n'
        "x = 1 / 0;\n} catch (e) {\nr = invokeurl [ url: u ];\n}\n"
    ) == ["a.example", "b.example"]


def test_method_forms_of_get_url_and_post_url_are_listed() -> None:
    effects = inventory(
        parse('u = "https://x.example/a";\nr = u.getUrl();\np = u.postUrl({"a": 1});\n', "run.dg"),
        "run.dg",
        HANDLER_INPUTS,
    )
    assert [(use.kind, use.method, use.host) for use in effects.urls] == [
        ("getUrl", "GET", "x.example"),
        ("postUrl", "POST", "x.example"),
    ]
