"""Zoho's form input pages, one input type each (https://www.zoho.com/cliq/help/platform/
cliq-forms/...): each page's code sample run as a slash command, then submitted as the Cliq client
would let a person submit it. What the client itself refuses (a mandatory field left empty, a date
outside the picker's filter, a place outside the boundary, more ticks than `max_selections`) comes
back as `form_errors` before the submit handler runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from platform_helpers import allowing, write_package

from cliqsim.platform.messages import Form
from cliqsim.platform.responses import ResponseError, normalize
from cliqsim.platform.runtime import Outcome, Runtime

MakeRuntime = Callable[[Path], Runtime]

# The form function every sample names: it answers with what it was given.
ECHO = 'return {"text": form.get("values").toString()};'


def _open(tmp_path: Path, make_runtime: MakeRuntime, script: str,
          function: str) -> tuple[Runtime, Form]:
    root = tmp_path / "components"
    write_package(root, "sample", 'type = "command"\nname = "sample"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": script})
    write_package(root, function, f'type = "function"\nname = "{function}"\n'
                  'function_type = "form"\n[handlers]\nsubmit = "submit.dg"\n',
                  {"submit.dg": ECHO})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    opened = allowing(runtime, runtime.submit("u_admin", "general", "/sample"))
    assert opened.form is not None, opened.error
    return runtime, opened.form


def _submit(runtime: Runtime, form: Form, values: dict[str, Any]) -> Outcome:
    return allowing(runtime, runtime.submit_form("u_admin", "general", form, values))


# Zoho, "Single-line Input Type: Date" (https://www.zoho.com/cliq/help/platform/cliq-forms/
# input-type-date.html), "Code Sample": `value` is a default date (YYYY-MM-DD); `mandatory`:
# "Default value considered is true".
DATE = """\
inputs = list();
inputs.add({
  "hint": "Mention till when you'd require the access",
  "name": "dateinfo",
  "label": "Access required till",
  "placeholder": "12/12/2018",
  "type": "date",
  "value": "2018-12-12",
  "mandatory": true
  });
form = {
  "type": "form",
  "title": "ZylCal Users",
  "hint": "Submit your details to early access to ZylTrix!",
  "name": "ID",
  "version": 1,
  "button_label": "Submit",
  "action": {
      "type": "invoke.function",
      "name": "userinfo"
  },
  "inputs": inputs
};
return form;
"""


def test_the_date_sample_submits_its_default_date(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime, form = _open(tmp_path, make_runtime, DATE, "userinfo")
    done = _submit(runtime, form, {})
    assert done.status == "ok", done.error
    assert done.messages[-1].text == '{"dateinfo":"2018-12-12"}'


def test_a_date_input_is_mandatory_by_default() -> None:
    date = {"type": "date", "name": "due", "label": "Due", "placeholder": "2018-12-12"}
    form = normalize(_form(date), "message").form
    assert form is not None and form.inputs[0].mandatory is True


def _form(*inputs: dict[str, Any]) -> dict[str, Any]:
    return {"type": "form", "title": "Sample", "name": "sample",
            "action": {"type": "invoke.function", "name": "sample"}, "inputs": list(inputs)}


# Zoho, "Date and time" (https://www.zoho.com/cliq/help/platform/cliq-forms/
# input-type-date-time.html), "Code sample": `value` is `{date_time, time_zone_id}`, and the
# handler gets the same object. The page's `filter` ("The earliest selectable date-time",
# "The latest", `allowed_days`) bounds what the picker lets a person choose.
DATE_TIME = """\
inputs = list();
inputs.add({
"type":"datetime",
"name":"DateTime",
"label":"Date and Time Details",
"hint":"Please cite your availability",
"placeholder":"2020-02-03T12:15",
"mandatory":"true",
"value":{
"date_time":"2020-02-03T12:15",
"time_zone_id":"Africa/Lome"
}
});
form = {
"type":"form",
"title":"ZylCal Users",
"name":"ID",
"hint":"Submit your details to get early access to ZylTrix!",
"version":1,
"button_label":"Submit",
"action":{
"type":"invoke.function",
"name":"info"
},
"inputs":inputs
};
return form;
"""


def test_the_date_time_sample_gives_the_handler_its_date_time_object(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime, form = _open(tmp_path, make_runtime, DATE_TIME, "info")
    done = _submit(runtime, form, {})
    assert done.status == "ok", done.error
    assert done.messages[-1].text == (
        '{"DateTime":{"date_time":"2020-02-03T12:15","time_zone_id":"Africa/Lome"}}')


def test_a_date_time_filter_bounds_what_can_be_picked(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    bounded = DATE_TIME.replace(
        '"mandatory":"true",',
        '"mandatory":"true",\n"filter":{"from":"2020-02-01T09:00","to":"2020-02-29T18:00",'
        '"allowed_days":["monday","tuesday","wednesday","thursday","friday"]},')
    runtime, form = _open(tmp_path, make_runtime, bounded, "info")
    assert _submit(runtime, form, {}).status == "ok"  # Monday 3 February 2020, 12:15
    for picked in ("2020-01-31T12:00", "2020-03-02T12:00", "2020-02-08T12:00"):
        refused = _submit(runtime, form, {"DateTime": {"date_time": picked}})
        assert refused.status == "error", picked
        assert "DateTime" in refused.form_errors


# Zoho, "Location" (https://www.zoho.com/cliq/help/platform/cliq-form/input-type-location.html),
# "Sample Code": `boundary {latitude, longitude, radius}` — "You cannot pick locations falling
# outside the specified radius" (kilometres); `mandatory` here true (default false).
LOCATION = """\
inputs = list();
inputs.add({
"type":"location",
"name":"place",
"label":"Location",
"hint":"Please specify a valid location",
"placeholder":"Click to select location",
"boundary":{
"latitude":41.8781,
"longitude":-87.6298,
"radius":10
},
"mandatory":true
});
form={
"type":"form",
"title":"Delivery",
"name":"delivery",
"action":{"type":"invoke.function","name":"deliver"},
"inputs":inputs
};
return form;
"""


def test_the_location_sample_keeps_picks_inside_its_boundary(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime, form = _open(tmp_path, make_runtime, LOCATION, "deliver")
    assert _submit(runtime, form, {}).form_errors == {"place": "Location is required"}
    inside = _submit(runtime, form, {"place": {"latitude": "41.8827", "longitude": "-87.6233"}})
    assert inside.status == "ok", inside.error
    assert inside.messages[-1].text == '{"place":{"latitude":"41.8827","longitude":"-87.6233"}}'
    outside = _submit(runtime, form, {"place": {"latitude": 41.9742, "longitude": -87.9073}})
    assert outside.status == "error"
    assert outside.form_errors["place"].startswith("Location must be within 10 km")


# Zoho, "Checkbox Fields in Forms" (https://www.zoho.com/cliq/help/platform/cliq-forms/
# input-checkbox.html): options 1-5, `max_selections` (1-5) the most a person may tick, `value`
# default values "separated by commas", `mandatory` false by default. The "Project Status Check"
# sample, as far as the stored copy shows it.
CHECKBOX = """\
return {
"type":"form",
"title":"Project Status Check",
"name":"marathon",
"hint":"Select the items that are completed or currently in progress to indicate the project status",
"action":{"type":"invoke.function","name":"projectstatus"},
"inputs":[{
"type":"checkbox",
"name":"projectdetails",
"label":"Component Details ",
"hint":"Select the components that are completed",
"max_selections":"2",
"value":"design,backend",
"options":[{"label":"Design","value":"design"},{"label":"Backend","value":"backend"},
           {"label":"Frontend","value":"frontend"},{"label":"Testing","value":"testing"}]
}]
};
"""


def test_the_checkbox_sample_takes_its_defaults_and_at_most_max_selections(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime, form = _open(tmp_path, make_runtime, CHECKBOX, "projectstatus")
    assert form.inputs[0].mandatory is False
    done = _submit(runtime, form, {})
    assert done.messages[-1].text == ('{"projectdetails":[{"label":"Design","value":"design"},'
                                      '{"label":"Backend","value":"backend"}]}')
    too_many = _submit(runtime, form, {"projectdetails": ["design", "backend", "testing"]})
    assert too_many.form_errors == {
        "projectdetails": "Component Details allows at most 2 selections"}


@pytest.mark.parametrize("count", ["0", "6", "many"])
def test_checkbox_max_selections_is_one_to_five(count: str) -> None:
    box = {"type": "checkbox", "name": "c", "label": "C", "max_selections": count,
           "options": [{"label": "A", "value": "a"}]}
    with pytest.raises(ResponseError, match=r"inputs\[0\].max_selections"):
        normalize(_form(box), "message")


# Zoho, "Radio buttons" (https://zoho.com/cliq/help/platform/cliq-forms/input-type-radio.html):
# options 2-5, `value` a default option, `mandatory` false by default. The "Customer Survey"
# sample, as far as the stored copy shows it.
RADIO = """\
return {
   "type":"form",
   "title":"Customer Survey ",
   "name":"survey",
   "hint":"Help us understand what mattered most in your decision-making",
   "action":{"type":"invoke.function","name":"surveyresult"},
   "inputs":[{
      "type":"radio",
      "name":"factor",
      "label":"Deciding factor",
      "hint":"Pick the one that mattered most",
      "value":"price",
      "options":[{"label":"Price","value":"price"},{"label":"Features","value":"features"},
                 {"label":"Support","value":"support"}]
   }]
};
"""


def test_the_radio_sample_gives_the_chosen_option(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime, form = _open(tmp_path, make_runtime, RADIO, "surveyresult")
    assert form.inputs[0].mandatory is False
    assert _submit(runtime, form, {}).messages[-1].text == (
        '{"factor":{"label":"Price","value":"price"}}')
    assert _submit(runtime, form, {"factor": "support"}).messages[-1].text == (
        '{"factor":{"label":"Support","value":"support"}}')


# Zoho, "Toggle Input in Forms" (https://zoho.com/cliq/help/platform/cliq-forms/
# input-toggle.html), "Deluge Script - Slash Command": `value` BOOLEAN, "Default toggle state is
# considered to be false".
TOGGLE = """\
toggle_input ={
   "type":"toggle",
   "name":"automated_reports",
   "label":"Automated Reports",
   "hint":"Weekly inventory report: Top-selling items, low stock products and overall sales performance",
   "value":true,
   "trigger_on_change":false,
   "disabled":false
};
quiet = {"type":"toggle","name":"digest","label":"Daily digest"};
return {"type":"form","title":"Report settings","name":"reports",
        "action":{"type":"invoke.function","name":"reportsettings"},
        "inputs":[toggle_input, quiet]};
"""


def test_the_toggle_sample_and_a_toggle_left_alone(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime, form = _open(tmp_path, make_runtime, TOGGLE, "reportsettings")
    assert _submit(runtime, form, {}).messages[-1].text == (
        '{"automated_reports":true,"digest":false}')
    assert _submit(runtime, form, {"automated_reports": False}).messages[-1].text == (
        '{"automated_reports":false,"digest":false}')


# Zoho, "Drop-down Menu: Cliq Native" (https://zoho.com/cliq/help/platform/cliq-forms/
# drop-down-cliq-native.html): `data_source` channels | conversations | teams | contacts, each
# with its `filter` values; a default `value` of ids, "comma separated" for a multi select;
# `max_selections` at most 10; `mandatory` true by default. The items are the person's own.
NATIVE = """\
inputs = list();
inputs.add({
  "type": "native_select",
  "name": "channels",
  "label": "Post to",
  "hint": "Pick the channels to post the summary in",
  "placeholder": "Choose channels",
  "data_source": "channels",
  "filter": ["organization", "team"],
  "multiple": true,
  "max_selections": "2",
  "value": "general"
});
inputs.add({
  "type": "native_select",
  "name": "reviewer",
  "label": "Reviewer",
  "placeholder": "Choose a colleague",
  "data_source": "contacts",
  "mandatory": false
});
return {"type":"form","title":"Share summary","name":"share",
        "action":{"type":"invoke.function","name":"sharesummary"},"inputs":inputs};
"""


def test_the_native_select_lists_the_persons_own_channels_and_colleagues(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime, form = _open(tmp_path, make_runtime, NATIVE, "sharesummary")
    channels, reviewer = form.inputs
    assert channels.mandatory is True and reviewer.mandatory is False
    assert ("#General", "general") in [(o.label, o.value) for o in channels.options]
    assert [o.label for o in reviewer.options] == ["Arjun Rao", "Meera Iyer"]
    done = _submit(runtime, form, {"reviewer": "u_meera"})
    assert done.status == "ok", done.error
    assert done.messages[-1].text == ('{"channels":[{"label":"#General","value":"general"}],'
                                      '"reviewer":{"label":"Meera Iyer","value":"u_meera"}}')
    stranger = _submit(runtime, form, {"reviewer": "u_nobody"})
    assert stranger.form_errors["reviewer"].startswith("'u_nobody' is not one of the options")


@pytest.mark.parametrize(("change", "words"), [
    ({"data_source": "people"}, r"data_source: 'people' is not a Cliq data source"),
    ({"data_source": None}, r"data_source: is required"),
    ({"filter": ["dm"]}, r"filter: 'dm' does not filter channels"),
    ({"max_selections": 11}, r"max_selections: 11: a native select allows 1 to 10"),
])
def test_the_native_select_attributes_are_checked(change: dict[str, Any], words: str) -> None:
    field = {"type": "native_select", "name": "c", "label": "C", "placeholder": "Pick",
             "data_source": "channels", **change}
    with pytest.raises(ResponseError, match=words):
        normalize(_form({k: v for k, v in field.items() if v is not None}), "message")


# Zoho, "Drop-down Menu: Developer Defined" (https://zoho.com/cliq/help/platform/cliq-forms/
# drop-down-developer-defined.html) and "Drop-down Menu: Dynamic Select" (https://www.zoho.com/
# cliq/help/platform/cliq-forms/dynamic-drop-down.html): at most 100 options ("Max no of
# elements - 100"), each value up to 100 characters, "Maximum selections: 10". The dynamic
# select's handler answers with options of the same shape.
def _drop_down(kind: str, options: int, value: str = "v", **extra: Any) -> dict[str, Any]:
    return {"type": kind, "name": "pick", "label": "Pick", "placeholder": "Pick one",
            "options": [{"label": f"Option {i}", "value": f"{value}{i}"} for i in range(options)],
            **extra}


@pytest.mark.parametrize("kind", ["select", "dynamic_select"])
def test_drop_down_limits(kind: str) -> None:
    form = normalize(_form(_drop_down(kind, 100, value="v" * 97, multiple=True,
                                      max_selections=10)), "message").form
    assert form is not None and len(form.inputs[0].options) == 100
    with pytest.raises(ResponseError, match=r"inputs\[0\].options: has 101 options; a drop-down "
                                            r"has at most 100"):
        normalize(_form(_drop_down(kind, 101)), "message")
    with pytest.raises(ResponseError, match=r"options\[0\].value: is 101 characters"):
        normalize(_form(_drop_down(kind, 1, value="v" * 100)), "message")
    with pytest.raises(ResponseError, match=r"inputs\[0\].max_selections: 11"):
        normalize(_form(_drop_down(kind, 3, multiple=True, max_selections=11)), "message")


def test_a_dynamic_select_handler_answers_at_most_100_options() -> None:
    from cliqsim.platform.form_responses import dynamic_options

    many = {"options": [{"label": f"Item {i}", "value": f"item{i}"} for i in range(101)]}
    assert len(dynamic_options({"options": many["options"][:100]})) == 100
    with pytest.raises(ResponseError, match="has 101 options; a drop-down has at most 100"):
        dynamic_options(many)


# Zoho, "Single-line Input Type : File Upload" (https://zoho.com/cliq/help/platform/cliq-forms/
# inputtype-upload-file.html): "attach upto a maximum of 10 files"; `mandatory` true by default;
# `multiple` and `max_selections` (at most 10, "defaults to 1"); `max_size` in KB, 1-51200. The
# form function gets the files as Deluge file objects.
FILES = """\
return {"type":"form","title":"Expense claim","name":"claim",
        "action":{"type":"invoke.function","name":"claimfiles"},
        "inputs":[{"type":"file","name":"bills","label":"Bills","hint":"Attach the bills",
                   "placeholder":"Upload bills","multiple":true,"max_selections":"2",
                   "max_size":"1"}]};
"""
FILE_ECHO = """\
names = "";
for each bill in form.get("values").get("bills")
{
\tnames = names + bill.getFileName() + ";";
}
return {"text":names};
"""


def test_the_file_upload_input_gives_file_objects_within_its_limits(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    from cliqsim.platform.records import Attachment

    root = tmp_path / "components"
    write_package(root, "sample", 'type = "command"\nname = "sample"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": FILES})
    write_package(root, "claimfiles", 'type = "function"\nname = "claimfiles"\n'
                  'function_type = "form"\n[handlers]\nsubmit = "submit.dg"\n',
                  {"submit.dg": FILE_ECHO})
    runtime = make_runtime(root)
    form = allowing(runtime, runtime.submit("u_admin", "general", "/sample")).form
    assert form is not None and form.inputs[0].mandatory is True
    assert _submit(runtime, form, {}).form_errors == {"bills": "Bills is required"}
    taxi, hotel = Attachment("taxi.pdf", b"%PDF taxi"), Attachment("hotel.pdf", b"%PDF hotel")
    done = _submit(runtime, form, {"bills": [taxi, hotel]})
    assert done.status == "ok", done.error
    assert done.messages[-1].text == "taxi.pdf;hotel.pdf;"
    three = _submit(runtime, form, {"bills": [taxi, hotel, taxi]})
    assert three.form_errors == {"bills": "Bills takes at most 2 files"}
    big = _submit(runtime, form, {"bills": [Attachment("scan.pdf", b"x" * 1025)]})
    assert big.form_errors == {"bills": "scan.pdf is larger than 1 KB"}
    with pytest.raises(ResponseError, match=r"inputs\[0\].max_size: '51201'"):
        normalize(_form({"type": "file", "name": "f", "label": "F", "placeholder": "p",
                         "max_size": "51201"}), "message")


# Zoho, "Hidden Input Field" (https://zoho.com/cliq/help/platform/cliq-forms/pre-filled-input.html):
# `{"type": "hidden", "name", "value"}`, value required (2000); "since the field will not be
# added in the form, users cannot see or modify it's values": the form function gets the form's
# value whatever a submit says.
HIDDEN = """\
inputs = list();
inputs.add({"type":"hidden","name":"project","value":"1800000000123"});
inputs.add({"type":"text","name":"bug","label":"Bug title","placeholder":"What broke?"});
return {"type":"form","title":"Add bug","name":"addbug",
        "action":{"type":"invoke.function","name":"addbug"},"inputs":inputs};
"""


def test_a_hidden_input_keeps_its_value(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime, form = _open(tmp_path, make_runtime, HIDDEN, "addbug")
    done = _submit(runtime, form, {"bug": "Login fails", "project": "999"})
    assert done.status == "ok", done.error
    assert done.messages[-1].text == '{"project":"1800000000123","bug":"Login fails"}'
    with pytest.raises(ResponseError, match=r"inputs\[0\].value: a hidden input needs a value"):
        normalize(_form({"type": "hidden", "name": "h"}), "message")
    with pytest.raises(ResponseError, match=r"inputs\[0\].value: is 2001 characters"):
        normalize(_form({"type": "hidden", "name": "h", "value": "x" * 2001}), "message")
