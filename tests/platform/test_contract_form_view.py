"""Forms opened by their permalink and closed (#13 item 4).

Zoho, "Form View Handler" (https://www.zoho.com/cliq/help/platform/form_functions_workflow/
view-handler.html): the view handler returns the form when someone opens the form's permalink,
with `params` (at most 10 custom parameters, 10,000 characters). Zoho, "Forms in Cliq"
(https://zoho.com/cliq/help/platform/cliq-forms.html): the form's `action` object defines the
flow for submit and cancel; `trigger_on_cancel` turns the cancel flow on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.cli import main
from cliqsim.platform.responses import ResponseError, form_from_map

VIEW = ('return {"type":"form","title":"Floor " + params.get("floor"),"name":"fb",'
        '"trigger_on_cancel":true,"action":{"type":"invoke.function","name":"feedback"},'
        '"inputs":[{"type":"text","name":"note","label":"Note","mandatory":true}]};')
SUBMIT = 'return {"text":form.get("action") + ": " + form.get("values").get("note")};'


def _components(root: Path) -> Path:
    write_package(root, "feedback", 'type = "function"\nname = "feedback"\nfunction_type = '
                  '"form"\n[handlers]\nsubmit = "s.dg"\nview = "v.dg"\n',
                  {"s.dg": SUBMIT, "v.dg": VIEW})
    return root


def test_a_permalink_opens_the_view_handlers_form_then_submits_or_cancels(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--components", str(_components(tmp_path / "c")), "--data", str(tmp_path / "d"),
              "--consent", "allow", "--json"]
    assert main(["form", "feedback", "--param", "floor=2", *common]) == 0
    assert json.loads(capsys.readouterr().out)["form"]["title"] == "Floor 2"
    assert main(["form", "feedback", "--param", "floor=3", "--form", "note=too cold",
                 *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == "submit: too cold"
    assert main(["form", "feedback", "--param", "floor=3", "--cancel", *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == "cancel: "
    many = [a for i in range(11) for a in ("--param", f"p{i}=x")]
    assert main(["form", "feedback", *many, *common]) == 2
    assert "at most 10 custom parameters" in capsys.readouterr().err


def test_the_action_object_may_split_submit_and_cancel() -> None:
    inputs = [{"type": "text", "name": "a", "label": "A"}]
    split = form_from_map({"type": "form", "title": "T", "name": "n", "inputs": inputs,
                           "action": {"submit": {"type": "invoke.function", "name": "save"},
                                      "cancel": {"type": "invoke.function", "name": "undo"}}})
    assert (split.action, split.cancel_action, split.trigger_on_cancel) == ("save", "undo", True)
    plural = form_from_map({"type": "form", "title": "T", "name": "n", "inputs": inputs,
                            "actions": {"submit": {"type": "invoke.function", "name": "save"}}})
    assert (plural.action, plural.cancel_action, plural.trigger_on_cancel) == (
        "save", None, False)
    with pytest.raises(ResponseError, match=r"action\.submit"):
        form_from_map({"type": "form", "title": "T", "name": "n", "inputs": inputs,
                       "action": {"submit": {"type": "open.url"}}})
