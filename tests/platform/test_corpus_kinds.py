"""Kinds of failure found by running public Cliq extensions written by others (#13, the held-out
measure), each reproduced with a small script of our own and checked against Zoho's page.

- Zoho, "Delete Records" (https://www.zoho.com/cliq/help/platform/delete-records.html) writes
  criteria as `<field_name>==<field_value>`; real extensions also write `field=value`, and pass
  the criteria text itself to `deleteRecords`.
- Zoho, "Widget Execution Handler"
  (https://www.zoho.com/cliq/help/platform/widget-execution-handler.html): the sample starts from
  a default tab and reads `target.get("id")` only `if(target.containKey("id"))`, so on load the
  target names no tab.
- Zoho, "Widget Section Element: Cards"
  (https://www.zoho.com/cliq/help/platform/widget-section-elements/card.html): up to 25 cards per
  element, each with a title (≤ 100) and up to 5 buttons.
- Zoho Cliq REST API, "Buttons" (https://www.zoho.com/cliq/help/restapi/v3/buttons/): an
  instant button's reference is `{"type": "button", "object": {label, type, action}}`, placed in
  the text as `[Label]($key)`.
- `return Map();` ends Zoho's own handler samples: an empty map posts nothing.
"""

from __future__ import annotations

from pathlib import Path

from platform_helpers import allow, write_package

from cliqsim.platform.runtime import Runtime
from cliqsim.platform.widgets import render_text


def _command(root: Path, name: str, script: str) -> None:
    write_package(root, name, f'type = "command"\nname = "{name}"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": script})


def _function(root: Path, name: str, script: str, kind: str = "button") -> None:
    write_package(root, name, f'type = "function"\nname = "{name}"\nfunction_type = "{kind}"\n'
                  f'[handlers]\n{kind} = "f.dg"\n', {"f.dg": script})


CRITERIA = '''
zoho.cliq.createRecord("links", {"cliquserid": user.get("id"), "account": "A-1"});
zoho.cliq.createRecord("links", {"cliquserid": "u_other", "account": "B-2"});
zoho.cliq.createRecord("links", {"cliquserid": "u_other", "account": "B-3"});
mine = zoho.cliq.getRecords("links", {"criteria": "cliquserid=" + user.get("id")});
zoho.cliq.deleteRecords("links", "cliquserid==\\"u_other\\" && account==\\"B-2\\"");
left = zoho.cliq.getRecords("links", Map()).get("list");
return {"text": mine.get("list").get(0).get("account") + " " + left.size()};
'''


def test_criteria_with_one_equals_sign_and_criteria_text_to_delete(  # type: ignore[no-untyped-def]
        make_runtime, tmp_path: Path) -> None:
    root = tmp_path / "components"
    _command(root, "link", CRITERIA)
    runtime: Runtime = make_runtime(root)
    outcome = allow(runtime, runtime.submit("u_admin", "general", "/link"))
    assert outcome.status == "ok", outcome.error
    assert outcome.messages[-1].text == "A-1 2"


ZOHO_WIDGET = '''
id = "home";
if(target.containKey("id"))
{
    id = target.get("id");
}
cards = {{"title":"Create task","description":"Add one","buttons":{{"label":"Create",
    "type":"invoke.function","name":"maketask","id":"create"}}},
    {"title":"Projects","buttons":{{"label":"Switch","type":"invoke.function",
    "name":"maketask","id":"switch"}}}};
elements = {{"type":"cards","data":cards,"style":{"view":"gallery","size":"small"}}};
return {"type":"applet","tabs":{{"label":"Home","id":"home"},{"label":"Other","id":"other"}},
        "active_tab":id,"sections":{{"id":1,"elements":elements}},"header":{"title":id}};
'''


def test_widget_load_target_names_no_tab_and_card_buttons_click(  # type: ignore[no-untyped-def]
        make_runtime, tmp_path: Path) -> None:
    root = tmp_path / "components"
    write_package(root, "board", 'type = "widget"\nname = "Board"\n[handlers]\nview = "v.dg"\n',
                  {"v.dg": ZOHO_WIDGET})
    _function(root, "maketask", 'return {"type":"banner","text":"clicked " + target.get("id"),'
              '"status":"success"};', "widget_button")
    runtime: Runtime = make_runtime(root)
    opened = allow(runtime, runtime.open_widget("u_admin", "board"))
    assert opened.status == "ok", opened.error
    assert opened.run is not None and opened.run.inputs["target"] == {}
    assert opened.widget is not None and opened.widget.header == {"title": "home"}
    drawn = render_text(opened.widget)
    assert "Create task" in drawn and "[Switch](switch)" in drawn
    clicked = allow(runtime, runtime.click_widget("u_admin", "board", "Switch"))
    assert clicked.status == "ok", clicked.error
    assert clicked.run is not None and clicked.run.inputs["target"]["id"] == "switch"


def test_a_card_button_follows_the_widget_button_rules(  # type: ignore[no-untyped-def]
        make_runtime, tmp_path: Path) -> None:
    root = tmp_path / "components"
    write_package(root, "board", 'type = "widget"\nname = "Board"\n[handlers]\nview = "v.dg"\n',
                  {"v.dg": 'return {"type":"applet","sections":{{"id":1,"elements":{{"type":'
                   '"cards","data":{{"title":"T","buttons":{{"label":"Go","type":'
                   '"invoke.function","name":"x"}}}}}}}}};'})
    runtime: Runtime = make_runtime(root)
    opened = runtime.open_widget("u_admin", "board")  # reads nothing: no consent to ask
    assert opened.status == "error"
    assert opened.error is not None
    assert "sections[0].elements[0].data[0].buttons[0].id" in opened.error.message


INSTANT = '''
refs = Map();
refs.put(1, {"type":"button","object":{"label":"Delete","type":"-","key":"row_7",
    "action":{"type":"invoke.function","data":{"name":"droprow"}}}});
return {"text":"Row 7 [Delete]($1)","references":refs};
'''


def test_instant_button_references_in_the_documented_shape(  # type: ignore[no-untyped-def]
        make_runtime, tmp_path: Path) -> None:
    root = tmp_path / "components"
    _command(root, "rows", INSTANT)
    _function(root, "droprow", 'info arguments.get("key");\nreturn Map();')
    runtime: Runtime = make_runtime(root)
    outcome = runtime.submit("u_admin", "general", "/rows")  # reads nothing: no consent
    assert outcome.status == "ok", outcome.error
    message = outcome.messages[-1]
    assert [b.label for b in message.all_buttons()] == ["Delete"]
    clicked = allow(runtime, runtime.click("u_admin", message.id, "Delete"))
    assert clicked.status == "ok", clicked.error
    assert clicked.run is not None and clicked.run.info == ("row_7",)
    assert clicked.messages == ()  # return Map(); posts nothing


def test_trigger_checks_a_preview_and_an_applet_as_the_chat_window_does(  # type: ignore[no-untyped-def]
        make_runtime, tmp_path: Path) -> None:
    """`cliqsim trigger` is how a CI job exercises every handler: a preview or applet map that
    the chat window would refuse (Zoho, "Preview handler": title, type, provider_url required)
    fails there too, instead of passing as returned."""
    root = tmp_path / "components"
    write_package(root, "shop", 'type = "link_handler"\nname = "Shop"\ndomains = ["shop.example"]'
                  '\n[handlers]\npreview = "p.dg"\n', {"p.dg": 'return {"title":"T"};'})
    write_package(root, "board", 'type = "widget"\nname = "Board"\n[handlers]\nview = "v.dg"\n',
                  {"v.dg": 'return {"type":"applet","tabs":{{"label":"A","id":"a"}},'
                   '"data_type":"video"};'})
    runtime: Runtime = make_runtime(root)
    preview = runtime.trigger("u_admin", "shop", "preview", {"url": "https://shop.example/1"})
    assert preview.status == "error" and preview.error is not None
    assert "type" in preview.error.message or "provider_url" in preview.error.message
    widget = runtime.trigger("u_admin", "board", "view")
    assert widget.status == "error" and widget.error is not None
    assert "data_type" in widget.error.message
