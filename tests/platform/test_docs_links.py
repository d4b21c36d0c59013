"""Zoho's own documented link-handler (extension unfurling) samples, run as printed.

Each test names the page its script comes from.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allowing, write_package

from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]

PREVIEW = """\
return {"title":"Project plan","type":"link","provider_url":"https://pages.example.org",
        "dynamic_actions":true,
        "actions":[{"type":"button","label":"Add","style":"+","params":{"page_id":"p1"}}]};
"""

# Zoho, "Action handler" (https://www.zoho.com/cliq/help/platform/build-cliq-extensions/
# extension-unfurling/action-handler.html): the sample answers a click with the "Add Block"
# form, whose text input writes its lengths as text ("0", "100").
ADD_BLOCK = """\
return {
   "type": "form",
   "title": "Add Block",
   "name": "addblock",
   "hint": "Add a new block to the page",
   "button_label": "Add",
   "inputs": [
      {
         "name": "title",
         "label": "Block title",
         "placeholder": "Sample block",
         "min_length": "0",
         "max_length": "100",
         "mandatory": true,
         "type": "text"
      },
      {
         "name": "type",
         "label": "Block type",
         "placeholder": "Choose from the list of block types",
         "multiple": false,
         "mandatory": true,
         "type": "select",
         "options": [
            {
               "value": "title",
               "label": "Title"
            },
            {
               "value": "page",
               "label": "Page"
            },
            {
               "value": "todolist",
               "label": "To-do List"
            }
         ]
      }
   ],
   "action": {
      "type": "invoke.function",
      "name": "addblock"
   }
};
"""

# Zoho, "Menu Handler" (https://www.zoho.com/cliq/help/platform/build-cliq-extensions/
# extension-unfurling/menu-handler.html): the sample returns one Share button.
MENU = """\
return [
   {
      "type": "button",
      "label": "Share",
      "hint": "Share page to chat participants",
      "params": {
         "page_id": "demopageid123"
      }
   }
];
"""

SUBMIT = ('values = form.get("values");\nreturn {"text":"Added " + values.get("title") + " ("'
          ' + values.get("type").get("label") + ")"};\n')


def _pages(tmp_path: Path, make_runtime: MakeRuntime) -> Runtime:
    root = tmp_path / "components"
    write_package(root, "pages", """
        type = "link_handler"
        name = "Pages"
        domains = ["pages.example.org"]
        [handlers]
        preview = "preview.dg"
        action = "action.dg"
        menu = "menu.dg"
        """, {"preview.dg": PREVIEW, "action.dg": ADD_BLOCK, "menu.dg": MENU})
    write_package(root, "addblock", 'type = "function"\nname = "addblock"\n'
                  'function_type = "form"\n[handlers]\nsubmit = "submit.dg"\n',
                  {"submit.dg": SUBMIT})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    return runtime


def test_the_action_handler_sample_opens_the_add_block_form(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _pages(tmp_path, make_runtime)
    posted = allowing(runtime, runtime.submit("u_admin", "general",
                                           "plan: https://pages.example.org/p1"))
    assert posted.status == "ok", posted.error
    message = runtime.messages("general")[-1]
    clicked = runtime.click("u_admin", message.id, "Add")
    assert clicked.status == "ok", clicked.error
    form = clicked.form
    assert form is not None and form.name == "addblock" and form.button_label == "Add"
    assert [(i.name, i.type, i.mandatory) for i in form.inputs] == [
        ("title", "text", True), ("type", "select", True)]
    submitted = allowing(runtime, runtime.submit_form(
        "u_admin", "general", form, {"title": "Goals", "type": "todolist"}))
    assert submitted.status == "ok", submitted.error
    assert submitted.messages[-1].text == "Added Goals (To-do List)"


def test_the_menu_handler_sample_adds_its_share_button(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _pages(tmp_path, make_runtime)
    allowing(runtime, runtime.submit("u_admin", "general", "https://pages.example.org/p1"))
    message = runtime.messages("general")[-1]
    labels = [b.label for b in message.all_buttons()]
    assert "Add" in labels
    more = next(b for b in message.all_buttons() if b.label not in ("Add",))
    opened = runtime.click("u_admin", message.id, more.label)
    assert opened.status == "ok", opened.error
    assert "Share" in [b.label for b in runtime.message(message.id).all_buttons()]
