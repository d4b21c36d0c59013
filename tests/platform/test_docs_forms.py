"""Forms as Zoho's "Forms in Cliq" pages document them (https://www.zoho.com/cliq/help/platform/
cliq-forms.html and the input pages under .../cliq-forms/): the form object, grouped and
multi-select drop-downs, the catalogue component, the characters an input name may use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allowing, write_package

from cliqsim.platform.responses import ResponseError, normalize
from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]

SUBMIT = """\
values = form.get("values");
region = values.get("region");
teams = values.get("teams");
names = List();
for each team in teams
{
\tnames.add(team.get("label"));
}
return {"text":"Region " + region.get("label") + " (" + region.get("value") + "), teams " + names};
"""


def _form_command(tmp_path: Path, make_runtime: MakeRuntime, form: str) -> Runtime:
    root = tmp_path / "components"
    write_package(root, "plan", 'type = "command"\nname = "plan"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": form})
    write_package(root, "planform", 'type = "function"\nname = "planform"\n'
                  'function_type = "form"\n[handlers]\nsubmit = "submit.dg"\n',
                  {"submit.dg": SUBMIT})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    return runtime


# "Drop-down Menu: Developer Defined" (https://zoho.com/cliq/help/platform/cliq-forms/
# drop-down-developer-defined.html): "The items in the drop-down menu can be either grouped or
# displayed individually. The grouping of menu items can be handled with the options array
# attribute"; a multi select sets `multiple` and `max_selections`. The form object's `version`
# is 1 ("Forms in Cliq").
GROUPED = """\
return {"type":"form","title":"Plan a launch","name":"plan","version":1,
        "action":{"type":"invoke.function","name":"planform"},
        "inputs":[
          {"type":"select","name":"region","label":"Region","placeholder":"Pick a region",
           "mandatory":true,
           "options":[{"label":"Asia","options":[{"label":"India","value":"in"},
                                                 {"label":"Japan","value":"jp"}]},
                      {"label":"Europe","options":[{"label":"Spain","value":"es"}]},
                      {"label":"Elsewhere","value":"other"}]},
          {"type":"select","name":"teams","label":"Teams","placeholder":"Pick teams",
           "multiple":true,"max_selections":"3",
           "options":[{"label":"Sales","value":"sales"},{"label":"Support","value":"support"},
                      {"label":"Marketing","value":"mkt"}]}]};
"""


def test_a_grouped_and_a_multi_select_drop_down(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _form_command(tmp_path, make_runtime, GROUPED)
    opened = allowing(runtime, runtime.submit("u_admin", "general", "/plan"))
    form = opened.form
    assert form is not None, opened.error
    region = form.inputs[0]
    assert [(o.group, o.label, o.value) for o in region.options] == [
        ("Asia", "India", "in"), ("Asia", "Japan", "jp"), ("Europe", "Spain", "es"),
        (None, "Elsewhere", "other")]
    done = allowing(runtime, runtime.submit_form("u_admin", "general", form,
                                                 {"region": "jp", "teams": ["sales", "mkt"]}))
    assert done.status == "ok", done.error
    assert done.messages[-1].text == "Region Japan (jp), teams Sales,Marketing"


# "Catalogue Component" (https://zoho.com/cliq/help/platform/cliq-forms/
# catalogue-component.html): `catalogue` or `dynamic_catalogue`; options (at most 25) of
# `{label, value, description, ...}`; "There can be only one catalogue/ dynamic catalogue type of
# input per form."
def _catalogue(kind: str, items: int) -> dict[str, object]:
    return {"type": kind, "name": f"{kind}_items", "label": "Items", "max_selections": 10,
            "options": [{"label": f"Item {i}", "value": f"i{i}", "description": "A thing"}
                        for i in range(items)]}


def _form(*inputs: dict[str, object]) -> dict[str, object]:
    return {"type": "form", "title": "Order", "name": "order",
            "action": {"type": "invoke.function", "name": "order"}, "inputs": list(inputs)}


def test_the_catalogue_component_rules() -> None:
    form = normalize(_form(_catalogue("catalogue", 25)), "message").form
    assert form is not None and len(form.inputs[0].options) == 25
    assert normalize(_form(_catalogue("dynamic_catalogue", 3)), "message").form is not None
    with pytest.raises(ResponseError, match=r"inputs\[0\].options: has 26 items; a catalogue "
                                            r"has at most 25"):
        normalize(_form(_catalogue("catalogue", 26)), "message")
    with pytest.raises(ResponseError, match="at most one catalogue or dynamic catalogue"):
        normalize(_form(_catalogue("catalogue", 2), _catalogue("dynamic_catalogue", 2)),
                  "message")


@pytest.mark.parametrize("name", ["project_name", "Project-Name2"])
def test_input_names_use_the_documented_characters(name: str) -> None:
    """"Allowed characters are alphabets (lowercase and uppercase), numbers, underscore (_) and
    hyphen (-)" (the Developer Defined and Dynamic Select drop-down pages)."""
    field = {"type": "text", "name": name, "label": "Name", "placeholder": "..."}
    form = normalize(_form(field), "message").form
    assert form is not None and form.inputs[0].name == name
    with pytest.raises(ResponseError, match=r"inputs\[0\].name: 'project name' may use only"):
        normalize(_form({**field, "name": "project name"}), "message")


# "Single-line Input Fields" and "Multi-line Input Field" (https://www.zoho.com/cliq/help/platform/
# cliq-forms/input-type-text.html, .../multi-line-input.html): `mandatory` — "Default value
# considered is true" (so do the Cliq Native and Dynamic Select drop-downs; Checkbox: false);
# `max_length` / `min_length` bound what the person types, a textarea at 1000 by default. The
# textarea page's code sample starts the "Add note" form.
NOTE = """\
inputs = list();
inputs.add(
{
"type": "textarea",
"name": "note",
"label": "Add note",
"hint": "Notes you add goes into your default notebook!",
"placeholder": "Write your note",
"max_length": "20"
});
inputs.add({"type":"text","name":"tag","label":"Tag","placeholder":"work","min_length":"3"});
inputs.add({"type":"checkbox","name":"pin","label":"Pin","options":[{"label":"Pin it","value":"pin"}]});
inputs.add({"type":"text","name":"ref","label":"Reference","placeholder":"optional","mandatory":"false"});
return {"type":"form","title":"Add note","name":"note","action":{"type":"invoke.function","name":"planform"},"inputs":inputs};
"""


def test_text_inputs_are_mandatory_by_default_and_keep_their_lengths(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _form_command(tmp_path, make_runtime, NOTE)
    form = allowing(runtime, runtime.submit("u_admin", "general", "/plan")).form
    assert form is not None
    assert [(i.name, i.mandatory) for i in form.inputs] == [
        ("note", True), ("tag", True), ("pin", False), ("ref", False)]
    empty = runtime.submit_form("u_admin", "general", form, {})
    assert empty.form_errors == {"note": "Add note is required", "tag": "Tag is required"}
    bad = runtime.submit_form("u_admin", "general", form,
                              {"note": "x" * 21, "tag": "ab"})
    assert bad.form_errors == {"note": "Add note allows at most 20 characters",
                               "tag": "Tag needs at least 3 characters"}
