"""The button contract as Cliq documents it (#13 items 1 and 7).

Zoho, "Button Function Handler" (https://www.zoho.com/cliq/help/platform/functions_workflow.html):
the handler gets `arguments` with the button's `key` ({"key": "button_key"}) and `target`
(name, hint). Zoho, "Button Object for Message Cards": a confirm may ask for input, including
the token-generation input `{"type": "user_webhook_token"}`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.cli import main
from cliqsim.platform.runtime import Runtime

PICK = ('return {"text":"pick","buttons":[{"label":"Go","key":"item_42","action":'
        '{"type":"invoke.function","data":{"name":"keyfn"}}},{"label":"Token","type":"+",'
        '"action":{"type":"invoke.function","data":{"name":"keyfn"},"confirm":{"title":'
        '"Generate a token","description":"For your webhook","input":{"type":'
        '"user_webhook_token"}}}}]};')
KEYFN = 'return {"text":"key=" + arguments.get("key") + " input=" + arguments.get("input")};'


def _components(root: Path) -> Path:
    write_package(root, "pick", 'type = "command"\nname = "pick"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": PICK})
    write_package(root, "keyfn", 'type = "function"\nname = "keyfn"\nfunction_type = "button"'
                  '\n[handlers]\nbutton = "k.dg"\n', {"k.dg": KEYFN})
    return root


def test_the_key_reaches_arguments_and_the_reply_is_clickable_later(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    components = _components(tmp_path / "components")
    common = ["--components", str(components), "--data", str(tmp_path / "d"), "--consent",
              "allow", "--json"]
    assert main(["run", "/pick", *common]) == 0
    reply = json.loads(capsys.readouterr().out)["messages"][-1]
    assert reply["visible_to"] == "u_admin"
    # a later invocation (a new process in real use) clicks the stored reply's button
    assert main(["click", reply["id"], "Go", *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == "key=item_42 input="
    # another user never sees (or clicks) it
    assert main(["click", reply["id"], "Go", "--user", "u_arjun", *common]) == 2
    assert "not visible" in capsys.readouterr().err


def test_a_token_generating_confirm_gives_the_function_a_token(
        make_runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runtime: Runtime = make_runtime(_components(tmp_path / "components"))
    reply = runtime.submit("u_admin", "general", "/pick").messages[-1]  # touches nothing
    token = reply.buttons[1]
    assert token.confirm is not None and token.confirm.input_type == "user_webhook_token"
    outcome = allow(runtime, runtime.click("u_admin", reply.id, "Token"))
    assert outcome.messages[-1].text.startswith("key= input=cliqsim_webhook_token_")


# Zoho, "Button Function Handler" (functions_workflow.html), "Button Navigation Control":
# `{"navigation": true}` in a button function's reply replaces the original response with the new
# one and offers a way back to it.
LIST = ('return {"text":"List of issues","buttons":[{"label":"View Details","key":"bug_123",'
        '"action":{"type":"invoke.function","data":{"name":"details"}}}]};')
DETAILS = ('return {"navigation":true,"text":"Bug " + arguments.get("key"),"card":{"title":'
           '"Details"},"buttons":[{"label":"Close","action":{"type":"invoke.function",'
           '"data":{"name":"details"}}}]};')


def test_a_navigation_reply_replaces_the_message_and_offers_back(
        make_runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "components"
    write_package(root, "bugs", 'type = "command"\nname = "bugs"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": LIST})
    write_package(root, "details", 'type = "function"\nname = "details"\nfunction_type = '
                  '"button"\n[handlers]\nbutton = "d.dg"\n', {"d.dg": DETAILS})
    runtime: Runtime = make_runtime(root)
    original = runtime.submit("u_admin", "general", "/bugs").messages[-1]
    before = len(runtime.messages("general", "u_admin"))
    outcome = allow(runtime, runtime.click("u_admin", original.id, "View Details"))
    shown = outcome.messages[-1]
    assert shown.id == original.id and shown.text == "Bug bug_123"  # replaced in place
    assert shown.card is not None and shown.card.title == "Details"
    assert [b.label for b in shown.all_buttons()] == ["Close", "Back"]
    assert len(runtime.messages("general", "u_admin")) == before  # no new message
    back = runtime.click("u_admin", original.id, "Back").messages[-1]
    assert back.text == "List of issues" and back.card is None
    assert [b.label for b in back.all_buttons()] == ["View Details"]  # nothing more to go back to
    assert runtime.message(original.id).text == "List of issues"  # stored
