"""Zoho, "Form Function" (https://www.zoho.com/cliq/help/platform/form_functions_workflow.html):
a form function's handlers get `user`, `chat`, `form` ({values, name, action}) and `message`,
"Details of the message for which the form is invoked"; Zoho, "Form Change Handler"
(https://zohohelp.com/cliq/help/platform/form_functions_workflow/change-handler.html) lists
`access`, `environment`, `user`, `chat`, `form` and `target`. The pattern real extensions use:
a message action opens a form about the message, and the submit handler files the message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allowing, write_package

from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]

OPEN = """\
return {"type":"form","title":"Create task","name":"task",
        "action":{"type":"invoke.function","name":"createtask"},
        "inputs":[{"type":"text","name":"title","label":"Task title","placeholder":"Title",
                   "value":message.get("text")},
                  {"type":"select","name":"priority","label":"Priority","placeholder":"Pick",
                   "trigger_on_change":true,
                   "options":[{"label":"High","value":"high"},{"label":"Low","value":"low"}]}]};
"""
SUBMIT = """\
values = form.get("values");
return {"text":"Task '" + values.get("title") + "' from " + message.get("sender").get("name")
        + "'s message " + message.get("id") + " (" + form.get("action") + ")"};
"""
CHANGE = """\
info access.get("user_id") + " " + environment.get("tld") + " " + chat.get("id") + " "
     + user.get("first_name") + " " + target.get("name") + " " + message.get("text");
return {"type":"form_modification","actions":[]};
"""


def test_a_form_opened_from_a_message_gets_the_message(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    root = tmp_path / "components"
    write_package(root, "totask", 'type = "message_action"\nname = "Create task"\n'
                  '[handlers]\nexecution = "open.dg"\n', {"open.dg": OPEN})
    write_package(root, "createtask", 'type = "function"\nname = "createtask"\n'
                  'function_type = "form"\n[handlers]\nsubmit = "submit.dg"\n'
                  'change = "change.dg"\n', {"submit.dg": SUBMIT, "change.dg": CHANGE})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    said = runtime.submit("u_arjun", "general", "Renew the SSL certificate").messages[0]
    opened = allowing(runtime, runtime.run_action("u_admin", "Create task", [said.id]))
    form = opened.form
    assert form is not None, opened.error
    title = form.input("title")
    assert title is not None and title.value == "Renew the SSL certificate"
    changed = allowing(runtime, runtime.change_form("u_admin", "general", form,
                                                    {"priority": "high"}, "priority"))
    assert changed.status == "ok", changed.error
    assert changed.run is not None and changed.run.info == (
        "u_admin .com general Priya priority Renew the SSL certificate",)
    done = allowing(runtime, runtime.submit_form("u_admin", "general", form, {}))
    assert done.status == "ok", done.error
    assert done.messages[-1].text == (
        f"Task 'Renew the SSL certificate' from Arjun Rao's message {said.id} (submit)")
