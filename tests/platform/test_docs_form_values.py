"""What a form's submit handler receives for the picker inputs, however the value was entered
(the chat window's text box, `cliqsim run --form NAME=VALUE`, or a picker object).

Zoho, "Form Submit Handler" (https://zoho.com/cliq/help/platform/form_functions_workflow/
submit-handler.html): `form` is "Details of the form object and the input values". The value
shapes come from each input's page, which gives the value a picker holds:
- "Single-line Input Type: Date" (https://zoho.com/cliq/help/platform/cliq-forms/
  input-type-date.html): "Expected Format: yyyy-MM-DD", text;
- "Date and time" (https://www.zoho.com/cliq/help/platform/cliq-forms/input-type-date-time.html):
  `value` "Describes the date, time and timezone value chosen by the user": `{date_time,
  time_zone_id}`, `date_time` as `yyyy-MM-ddTHH:mm`;
- "Location" (https://www.zoho.com/cliq/help/platform/cliq-form/input-type-location.html):
  `value` "Denotes the latitude and longitude of the selected location":
  `{"latitude": "13.08891", "longitude": "80.26483"}`.
A date-time picked without a zone carries the person's own (docs/components.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allowing, write_package
from test_docs_form_inputs import DATE, DATE_TIME, LOCATION, _open, _submit

from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]


def test_a_typed_date_reaches_the_handler_as_its_text(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime, form = _open(tmp_path, make_runtime, DATE, "userinfo")
    done = _submit(runtime, form, {"dateinfo": "2019-01-31"})
    assert done.status == "ok", done.error
    assert done.messages[-1].text == '{"dateinfo":"2019-01-31"}'
    for wrong in ("31/01/2019", "tomorrow", "20190131"):
        refused = _submit(runtime, form, {"dateinfo": wrong})
        assert refused.form_errors == {
            "dateinfo": f"Access required till: {wrong!r} is not a date (yyyy-MM-dd)"}


def test_a_typed_date_time_becomes_the_pickers_object_in_the_persons_zone(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime, form = _open(tmp_path, make_runtime, DATE_TIME, "info")
    zone = "Asia/Kolkata"  # the person's time zone in the test workspace
    for typed in ("2020-02-04 09:30", "2020-02-04T09:30"):
        done = _submit(runtime, form, {"DateTime": typed})
        assert done.status == "ok", done.error
        assert done.messages[-1].text == (
            '{"DateTime":{"date_time":"2020-02-04T09:30","time_zone_id":"' + zone + '"}}')
    refused = _submit(runtime, form, {"DateTime": "next tuesday"})
    assert refused.form_errors == {"DateTime": "Date and Time Details: 'next tuesday' is not a "
                                               "date-time (yyyy-MM-ddTHH:mm)"}


def test_a_typed_date_time_is_held_to_the_filter(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    bounded = DATE_TIME.replace(
        '"mandatory":"true",', '"mandatory":"true",\n"filter":{"from":"2020-02-01T09:00"},')
    runtime, form = _open(tmp_path, make_runtime, bounded, "info")
    refused = _submit(runtime, form, {"DateTime": "2020-01-31 12:00"})
    assert "DateTime" in refused.form_errors


def test_a_typed_place_becomes_latitude_and_longitude_inside_the_boundary(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime, form = _open(tmp_path, make_runtime, LOCATION, "deliver")
    done = _submit(runtime, form, {"place": "41.8827, -87.6233"})
    assert done.status == "ok", done.error
    assert done.messages[-1].text == '{"place":{"latitude":"41.8827","longitude":"-87.6233"}}'
    outside = _submit(runtime, form, {"place": "41.9742,-87.9073"})  # O'Hare, 25 km away
    assert outside.form_errors["place"].startswith("Location must be within 10 km")
    nowhere = _submit(runtime, form, {"place": "Chicago"})
    assert nowhere.form_errors == {
        "place": "Location: 'Chicago' is not a place (latitude, longitude)"}


# Zoho, "Dynamic Field Handler" (https://zoho.com/cliq/help/platform/form_functions_workflow/
# dynamic-field-handler.html): the handler gets `target {query, name}`; "Search results are
# populated based on the starts-with criteria followed by items that match with the contains
# criteria".
STATUS_FORM = """\
return {"type":"form","title":"Update lead","name":"lead",
        "action":{"type":"invoke.function","name":"leadstatus"},
        "inputs":[{"type":"dynamic_select","name":"status","label":"Status",
                   "placeholder":"Search a status"}]};
"""
STATUS_OPTIONS = """\
statuses = {"Attempted to Contact","Contact in Future","Contacted","Junk Lead","Lost Lead",
            "Not Contacted","Pre-Qualified"};
options = list();
for each status in statuses
{
\toptions.add({"label":status,"value":status.toLowerCase().replaceAll(" ","_")});
}
return {"options":options};
"""


def test_dynamic_select_options_start_with_the_query_then_contain_it(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    root = tmp_path / "components"
    write_package(root, "crm", 'type = "command"\nname = "crm"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": STATUS_FORM})
    write_package(root, "leadstatus", 'type = "function"\nname = "leadstatus"\n'
                  'function_type = "form"\n[handlers]\nsubmit = "submit.dg"\n'
                  'dynamic_select = "options.dg"\n',
                  {"submit.dg": 'return {"text":"ok"};', "options.dg": STATUS_OPTIONS})
    runtime = make_runtime(root)
    form = allowing(runtime, runtime.submit("u_admin", "general", "/crm")).form
    assert form is not None
    found = allowing(runtime, runtime.form_options("u_admin", "general", form, {}, "status",
                                                   "con"))
    assert [o.label for o in found.options] == [
        "Contact in Future", "Contacted", "Attempted to Contact", "Not Contacted",
        "Junk Lead", "Lost Lead", "Pre-Qualified"]
