"""Kinds of failure found by running more public Cliq code written by others through cliqsim
(session 22, engineer `field`), each reproduced with a small script of our own. The real code
was run as it is, outside the repository; where each kind was seen:

- A message action that opens a form whose first select has `trigger_on_change`, the change
  handler adding the next select (`add_after`) before submit: the Zoho Projects "add issue"
  message action and its `addissue` form function, in the marketplace samples kept by
  github.com/GuruDhanush/Deluge-Language-Parser (test/example/sample1.dart). Headless, `cliqsim
  action ... --form` ignored the form, and `--form` could not fill a field the change handler
  adds. Zoho, "Form change handler" (https://www.zoho.com/cliq/help/platform/form-change-handler.html):
  the handler runs when a field with `trigger_on_change` changes, and its `form_modification`
  actions change the form the user is filling.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.cli import main

ASK_FORM = '''
return {"type":"form","title":"Add Issue","name":"add","button_label":"Add",
        "actions":{"submit":{"type":"invoke.function","name":"fileissue"}},
        "inputs":{{"type":"select","name":"portal","label":"Portal","trigger_on_change":true,
                   "mandatory":true,"options":{{"label":"Zylker","value":"p1"}}},
                  {"type":"text","name":"title","label":"Title","mandatory":true,
                   "value":message.get("text")}}};
'''
ON_CHANGE = '''
actions = list();
if(target.get("name") == "portal")
{
    portal = form.get("values").get("portal").get("value");
    actions.add({"type":"add_after","name":"portal","input":{"type":"select","name":"project",
        "label":"Project","mandatory":true,
        "options":{{"label":"Site of " + portal,"value":"42"}}}});
}
return {"type":"form_modification","actions":actions};
'''
ON_SUBMIT = '''
values = form.get("values");
return {"text":values.get("title") + " filed in " + values.get("project").get("label")};
'''


def _issue_components(root: Path) -> Path:
    write_package(root, "addissue", 'type = "message_action"\nname = "Add issue"\n'
                  '[handlers]\nexecution = "a.dg"\n', {"a.dg": ASK_FORM})
    write_package(root, "fileissue", 'type = "function"\nname = "fileissue"\n'
                  'function_type = "form"\n[handlers]\nsubmit = "s.dg"\nchange = "c.dg"\n',
                  {"s.dg": ON_SUBMIT, "c.dg": ON_CHANGE})
    return root


def test_a_message_action_form_filled_headless_through_its_change_handler(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--components", str(_issue_components(tmp_path / "c")), "--data",
              str(tmp_path / "d"), "--consent", "allow", "--json"]
    assert main(["action", "Add issue", "--message", "Laptop broken", "--form", "portal=p1",
                 "--form", "project=42", *common]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["messages"][-1]["text"] == "Laptop broken filed in Site of p1"
    # a field no change handler added is still refused, naming the fields there are
    assert main(["action", "Add issue", "--message", "Laptop broken", "--form", "nope=1",
                 *common]) == 2
    assert "has no field 'nope'; its fields: portal, title" in capsys.readouterr().err
