"""Every trigger reachable headless (#13 items 4 and 5): a bot's menu actions (`cliqsim menu`),
and a form opened by a button or a bot menu submitted with `--form`, as one opened by `run`.

Zoho, "Bot Menu Handler" (bothandlers.html): the menu handler gets `handler {type, name}`;
Zoho, "Forms": a form's submit handler gets `form.values`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.cli import main

FORM = ('return {"type":"form","title":"Feedback","name":"feedback","button_label":"Send",'
        '"action":{"type":"invoke.function","name":"feedbackform"},"inputs":[{"type":"text",'
        '"name":"note","label":"Note","mandatory":true}]};')


def _components(root: Path) -> Path:
    write_package(root, "helper", 'type = "bot"\nname = "Helper"\n[handlers]\n'
                  'message = "m.dg"\n[[menu]]\nname = "Feedback"\nhandler = "menu.dg"\n',
                  {"m.dg": 'return {"text":"hi"};', "menu.dg": FORM})
    write_package(root, "ask", 'type = "command"\nname = "ask"\n[handlers]\nexecution = "a.dg"\n',
                  {"a.dg": 'return {"text":"Tell us","buttons":[{"label":"Give feedback",'
                           '"action":{"type":"invoke.function","data":{"name":"openform"}}}]};'})
    write_package(root, "openform", 'type = "function"\nname = "openform"\nfunction_type = '
                  '"button"\n[handlers]\nbutton = "b.dg"\n', {"b.dg": FORM})
    write_package(root, "feedbackform", 'type = "function"\nname = "feedbackform"\n'
                  'function_type = "form"\n[handlers]\nsubmit = "s.dg"\n',
                  {"s.dg": 'return {"text":"thanks for: " + form.get("values").get("note")};'})
    return root


def test_a_menu_action_opens_a_form_submitted_headless(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--components", str(_components(tmp_path / "c")), "--data", str(tmp_path / "d"),
              "--consent", "allow", "--json"]
    assert main(["menu", "Helper", "Feedback", "--form", "note=fast", *common]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["messages"][-1]["text"] == "thanks for: fast"
    assert main(["menu", "Helper", "Nope", *common]) == 2
    assert "menu: Feedback" in capsys.readouterr().err


def test_a_button_opens_a_form_submitted_headless(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--components", str(_components(tmp_path / "c")), "--data", str(tmp_path / "d"),
              "--consent", "allow", "--json"]
    assert main(["run", "/ask", *common]) == 0
    reply = json.loads(capsys.readouterr().out)["messages"][-1]
    assert main(["click", reply["id"], "Give feedback", "--form", "note=clear", *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == "thanks for: clear"
    assert main(["click", reply["id"], "Give feedback", "--form", "nope=1", *common]) == 2
    assert "has no field 'nope'; its fields: note" in capsys.readouterr().err
