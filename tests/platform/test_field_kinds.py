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


# Seen in github.com/HKHARI/ZohoCliq_ZohoDesk-Integration (Deluge_Scripts/*.js, one name
# ending in a space) and github.com/prathiswaran-gr/notify_cliq_issue_from_mail (*.c): Deluge
# kept under another language's suffix for the code host's highlighting; and a button function
# that keeps the comment Zoho's editor starts every new function with, naming it
# ("[What's this?](invoke.function|HandleTicket)"), while its file name says something else.
REPORT_SCHEDULER = '''
rows = {};
rows.add({"Ticket":"[+:thumbsup: Done](invoke.function|HandleTicket|me@zylker.com|42)"});
zoho.cliq.postToChannel("general", {"text":"Pending","slides":{{"type":"table",
    "data":{"headers":{"Ticket"},"rows":rows}}}});
'''
TEMPLATE_BUTTON = '''
// Use the below given instant button's syntax to see how the function code is invoked!
// [What's this?](invoke.function|HandleTicket)
return {"text":"Done: " + arguments.get("key") + " by " + user.get("first_name")};
'''
NODE_SERVER = '''
const express = require("express");
const app = express();
app.listen(3000);
'''


def test_import_reads_deluge_under_borrowed_suffixes_and_zoho_template_names(
        tmp_path: Path) -> None:
    from cliqsim.platform.importer import import_project

    source = tmp_path / "project" / "Deluge_Scripts"
    source.mkdir(parents=True)
    (source / "Cliq_Storage_scheduler.js").write_text(REPORT_SCHEDULER, encoding="utf-8")
    (source / "Cliq_project_integration.js ").write_text(TEMPLATE_BUTTON, encoding="utf-8")
    (source / "server.js").write_text(NODE_SERVER, encoding="utf-8")
    vendored = tmp_path / "project" / "node_modules" / "lib"  # never read: vendored code
    vendored.mkdir(parents=True)
    (vendored / "helper.js").write_text(REPORT_SCHEDULER, encoding="utf-8")
    report = import_project(tmp_path / "project", tmp_path / "out")
    placed = {p.id: p for p in report.plan.packages}
    assert sorted(placed) == ["cliq_storage", "handleticket"]
    assert placed["cliq_storage"].kind == "scheduler"
    assert placed["handleticket"].name == "HandleTicket"  # named by Zoho's comment
    assert not report.plan.missing  # the table's instant button finds its function
    assert not report.plan.unplaced  # server.js is not Deluge: not a script of the project


# github.com/HKHARI/ZohoCliq_ZohoDesk-Integration posts a table whose Action cells hold instant
# buttons, `[+:thumbsup: Work Done](invoke.function|HandleTicket|owner|<record id>)`, the form
# Cliq's function template comment shows; its HandleTicket function reads `target.get("name")`
# (the label) and `arguments.get("key")` (the last part). They were drawn as raw text.
INSTANT_REPORT = '''
rows = {{"Ticket":"1042","Action":"[+Done](invoke.function|handleticket|me@zylker.com|rec-1)"},
        {"Ticket":"1050","Action":"[-Drop](invoke.function|handleticket|me@zylker.com|rec-2)"}};
return {"text":"Pending: [Refresh](invoke.function|handleticket)",
        "slides":{{"type":"table","data":{"headers":{"Ticket","Action"},"rows":rows}}}};
'''
HANDLE_TICKET = 'return {"text":target.get("name") + " on " + ifnull(arguments.get("key"), "-")};'


def test_instant_buttons_in_text_and_table_cells_are_buttons(  # type: ignore[no-untyped-def]
        make_runtime, tmp_path: Path) -> None:
    from platform_helpers import allowing

    root = tmp_path / "components"
    write_package(root, "tickets", 'type = "command"\nname = "tickets"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": INSTANT_REPORT})
    write_package(root, "handleticket", 'type = "function"\nname = "handleticket"\n'
                  'function_type = "button"\n[handlers]\nbutton = "b.dg"\n',
                  {"b.dg": HANDLE_TICKET})
    runtime = make_runtime(root)
    posted = allowing(runtime, runtime.submit("u_admin", "general", "/tickets"))
    assert posted.status == "ok", posted.error
    message = posted.messages[-1]
    buttons = message.all_buttons()
    assert [(b.label, b.type, b.key, b.function) for b in buttons] == [
        ("Refresh", None, None, "handleticket"), ("Done", "+", "rec-1", "handleticket"),
        ("Drop", "-", "rec-2", "handleticket")]
    for label, expected in (("Drop", "Drop on rec-2"), ("Refresh", "Refresh on -")):
        clicked = allowing(runtime, runtime.click("u_admin", message.id, label))
        assert clicked.status == "ok", clicked.error
        assert clicked.messages[-1].text == expected


# github.com/MURUGAN008/cliq-pomodoro-extension keeps its bot's message handler as
# `message_handler.ds`; `cliqsim check` on the components folder checked no file of it
# ("no .dg files"), so a syntax error there showed only at run time.
def test_check_reads_the_handler_files_packages_name_whatever_their_suffix(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "components"
    write_package(root, "pomo", 'type = "bot"\nname = "Pomo"\n[handlers]\n'
                  'message = "message_handler.ds"\n[[menu]]\nname = "Stop"\n'
                  'handler = "menu/stop.deluge"\n',
                  {"message_handler.ds": 'return {"text":"ok"};',
                   "menu/stop.deluge": 'return {"text":"stopped" ;'})
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "stop.deluge:1: error" in out and "2 files checked" in out


# github.com/Rakshitha20045/WellTask-ZohoCliq-Bot keeps its widget's view handler as
# `Commands/Widget` (suffix-less; it returns `{"type":"applet","data_type":"web_view",...}`), and
# its forms build the submit action with put beside an input map that has a label: the importer
# made the widget a command named "command", and read the input's name as a widget button's.
APPLET_VIEW = '''
tabs = list();
tabs.add({"label":"Task Board","id":"dashboard"});
resp = Map();
resp.put("type","applet");
resp.put("data_type","web_view");
resp.put("tabs",tabs);
resp.put("web_view",{"url":"https://example.com/board"});
return resp;
'''
PUT_BUILT_FORM = '''
inputs = List();
inputs.add({"type":"text","name":"group_name","label":"3. Group Name","mandatory":true});
action = Map();
action.put("type","invoke.function");
action.put("name","CreateHandler");
return {"type":"form","title":"New","name":"ws","inputs":inputs,"action":action};
'''


def test_import_places_an_applet_as_a_widget_and_reads_put_built_actions_once(
        tmp_path: Path) -> None:
    from cliqsim.platform.importer import import_project

    commands = tmp_path / "project" / "Commands"
    commands.mkdir(parents=True)
    (commands / "Widget").write_text(APPLET_VIEW, encoding="utf-8")
    (commands / "help").write_text(PUT_BUILT_FORM, encoding="utf-8")
    report = import_project(tmp_path / "project", tmp_path / "out")
    kinds = {p.id: (p.kind, sorted(p.handlers)) for p in report.plan.packages}
    assert kinds == {"widget": ("widget", ["view"]), "help": ("command", ["execution"])}
    assert report.plan.missing == [("CreateHandler", "form")]


# WellTask's widget view handler reads `chat` (`if(!isNull(chat))`), which Zoho's "Widget
# Execution Handler" page does not list among a widget's inputs: `cliqsim check` passed it
# (every Cliq input was predeclared) while the run failed "Variable 'chat' is not defined".
# A handler file a package names is now checked with the inputs its handler gets.
def test_check_knows_which_inputs_a_packages_handler_gets(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "components"
    reads_chat = ('x = ifnull(chat, "home");\n'
                  'return {"type":"applet","tabs":{{"label":"A","id":"a"}}};')
    write_package(root, "board", 'type = "widget"\nname = "Board"\n[handlers]\n'
                  'view = "view.ds"\n', {"view.ds": reads_chat})
    write_package(root, "where", 'type = "command"\nname = "where"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": 'return {"text":chat.get("id")};'})
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "view.ds:1:12: error: Variable 'chat' is not defined" in out
    assert "run.dg" not in out and "2 files checked: 1 error" in out


# The participation handler of the BugBuster support bot (its README, a public Cliq bot that
# forwards every channel message to its server) logs nothing to the channel: it answers
# `Map()`. Typing in its channel ran it, but `--trace` and the `--json` runs showed no run and
# its `info` lines were dropped, because one event's outcomes were merged keeping only the
# first run. Session 23, engineer `field`.
LISTENER = '''
if(operation == "message_sent")
{
    info "heard " + data.get("message").get("text") + " in " + chat.get("title");
}
return Map();
'''


def test_runs_a_message_sets_off_in_a_channel_reach_the_inspector(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "components"
    write_package(root, "ears", 'type = "bot"\nname = "Ears"\n[handlers]\n'
                  'participation = "p.dg"\nmention = "m.dg"\n',
                  {"p.dg": LISTENER, "m.dg": 'return {"text":"yes?"};'})
    common = ["--components", str(root), "--data", str(tmp_path / "d"), "--consent", "allow"]
    assert main(["participation", "add", "Ears", "general", *common]) == 0
    capsys.readouterr()
    assert main(["run", "login page is broken", "--chat", "general", "--json", *common]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(r["component"], r["handler"]) for r in report["runs"]] == [
        ("ears", "participation_handler")]
    assert report["info"] == ["heard login page is broken in General"]
    # a mention runs the mention handler and the participation handler: both are shown
    assert main(["run", "@Ears are you there", "--chat", "general", "--json", *common]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [r["handler"] for r in report["runs"]] == ["mention_handler",
                                                       "participation_handler"]
    assert report["info"] == ["heard @Ears are you there in General"]
    assert report["messages"][-1]["text"] == "yes?"


# The same kind for the other events that run two handlers: Asana's uninstallation handler
# (Zoho's marketplace samples kept by github.com/GuruDhanush/Deluge-Language-Parser) deletes
# the Asana webhooks its installation handler made; `extensions uninstall --trace` showed
# neither its run nor its calls. A link's after-send handler ran beside its preview unseen.
UNINSTALL = '''
hooks = invokeurl
[
	url :"https://app.asana.com/api/1.0/webhooks"
	type :GET
	connection:"asana"
];
info "deleting " + hooks.get("data").size();
'''


def test_uninstall_and_after_send_runs_reach_the_inspector(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "components"
    write_package(root, "asana", '''type = "extension"
name = "Asana for Cliq"
components = []
[handlers]
uninstallation = "u.dg"
[connections.asana]
service = "Asana"
auth = "admin"
hosts = ["app.asana.com"]
[[fixtures]]
url = "https://app.asana.com/api/1.0/webhooks"
body = '{"data":[{"id":77}]}'
''', {"u.dg": UNINSTALL})
    write_package(root, "pages", 'type = "link_handler"\nname = "Pages"\n'
                  'domains = ["example.org"]\n[handlers]\npreview = "p.dg"\n'
                  'after_send = "a.dg"\n',
                  {"p.dg": 'return {"type":"link","title":"Example page",'
                                     '"provider_url":"https://example.org"};',
                   "a.dg": 'info "sent " + url;\nreturn Map();'})
    common = ["--components", str(root), "--data", str(tmp_path / "d"), "--consent", "allow"]
    assert main(["extensions", "install", "Asana for Cliq", *common]) == 0
    capsys.readouterr()
    assert main(["extensions", "uninstall", "Asana for Cliq", "--json", *common]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [r["handler"] for r in report["runs"]] == ["uninstallation_handler"]
    assert [e["target"] for e in report["runs"][0]["effects"]] == [
        "GET https://app.asana.com/api/1.0/webhooks"]
    assert report["info"] == ["deleting 1"]
    assert main(["run", "see https://example.org/a", "--json", *common]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [r["handler"] for r in report["runs"]] == ["unfurl_handler",
                                                       "unfurl_after_send_handler"]
    assert report["info"] == ["sent https://example.org/a"]


# Zoho's own YouTube command in the Cliq marketplace samples (github.com/GuruDhanush/
# Deluge-Language-Parser keeps them) tests `selections.length() > 0`; so do its dictionary
# command (`response.get("results").length() != 0`) and a Zoho engineer's transcript scheduler.
# The length page is about text; cliqsim refused "Not able to find 'length' function for LIST".
PLAY = '''
message = Map();
if(selections.length() > 0)
{
    message.put("text","https://www.youtube.com/watch?v=" + selections.get(0).get("id"));
}
else
{
    message.put("text","Select a video to play!");
}
return message;
'''
VIDEOS = 'return {{"title":"Deluge in 10 minutes","description":"","id":"v1"}};'


def test_length_of_a_list_counts_its_elements(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "components"
    write_package(root, "youtube", 'type = "command"\nname = "youtube"\n[handlers]\n'
                  'execution = "run.dg"\nsuggestion = "s.dg"\n', {"run.dg": PLAY, "s.dg": VIDEOS})
    common = ["--components", str(root), "--data", str(tmp_path / "d"), "--json", "--consent",
              "allow"]
    assert main(["check", str(root)]) == 0
    capsys.readouterr()
    # before its consent, picking a suggestion stops at the consent (exit 3), as running does:
    # it said "the suggestions for '/youtube deluge' are none"
    assert main(["run", "/youtube deluge", "--select", "Deluge in 10 minutes",
                 *common[:-2]]) == 3
    assert json.loads(capsys.readouterr().out)["status"] == "consent_required"
    assert main(["run", "/youtube deluge", "--select", "Deluge in 10 minutes", *common]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["messages"][-1]["text"] == "https://www.youtube.com/watch?v=v1"
    assert main(["run", "/youtube deluge", *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == (
        "Select a video to play!")


# Zoho's own marketplace samples (the Tenor GIF and Google Drive commands kept by
# github.com/GuruDhanush/Deluge-Language-Parser) post with `zoho.chat.postToChat`, the task's name
# from when Cliq was Zoho Chat: cliqsim said "zoho.chat.postToChat is not simulated by cliqsim".
OLD_NAME = '''
img = "https://media.tenor.com/cat.gif";
aa = zoho.chat.postToChat(chat.get("id"),img);
return Map();
'''


def test_zoho_chat_tasks_are_the_zoho_cliq_tasks(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "components"
    write_package(root, "gif", 'type = "command"\nname = "gif"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": OLD_NAME})
    common = ["--components", str(root), "--data", str(tmp_path / "d"), "--json"]
    assert main(["run", "/gif cat", *common]) == 3  # asked first, like any post
    report = json.loads(capsys.readouterr().out)
    assert any(i["target"].startswith("zoho.cliq.postToChat ")
               for i in report["consent"]["items"])
    assert main(["run", "/gif cat", "--consent", "allow", *common]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["messages"][-1]["text"] == "https://media.tenor.com/cat.gif"
    assert report["messages"][-1]["chat_id"] == "general"


# The Tenor GIF command's suggestion handler (the same marketplace samples) offers pictures
# alone, `{"imageurl": ...}`: Zoho's "Command Suggestion Handler" page lets a suggestion be "a
# title, description, image or ... different combinations from them". cliqsim required a title.
GIFS = '''
list = List();
for each  url in {"https://media.tenor.com/a.gif","https://media.tenor.com/b.gif"}
{
    list.add({"imageurl":url});
}
return list;
'''
PICKED = 'return {"text":selections.get(0).get("imageurl")};'


def test_a_suggestion_may_be_a_picture_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "components"
    write_package(root, "gif", 'type = "command"\nname = "gif"\n[handlers]\n'
                  'execution = "run.dg"\nsuggestion = "s.dg"\n', {"run.dg": PICKED, "s.dg": GIFS})
    common = ["--components", str(root), "--data", str(tmp_path / "d"), "--consent", "allow"]
    assert main(["run", "/gif cat", "--suggest", "--json", *common]) == 0
    assert json.loads(capsys.readouterr().out)["suggestions"] == [
        {"title": "", "description": "", "imageurl": "https://media.tenor.com/a.gif"},
        {"title": "", "description": "", "imageurl": "https://media.tenor.com/b.gif"}]
    assert main(["run", "/gif cat", "--select", "https://media.tenor.com/b.gif", "--json",
                 *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == (
        "https://media.tenor.com/b.gif")
    # an entry with none of the three is still refused
    (root / "gif" / "s.dg").write_text('return {{"id":"x"}};', encoding="utf-8")
    assert main(["run", "/gif cat", "--suggest", *common]) == 1
    assert "[0].title: is required" in capsys.readouterr().out


# github.com/End-side-Developer/tasker-backend keeps a form's change handler as its own file,
# `inviteMemberChangeHandler.ds`, and its command's form names it again under a key Cliq's forms
# do not have ("change_handler"); the form's `action` names `inviteMember`. `cliqsim import` made
# a second form function with no submit handler, which never runs.
INVITE_FORM = '''
return {"type":"form","title":"Invite","name":"invite_member","inputs":[
    {"label":"User","name":"user","type":"text","trigger_on_change":true}],
    "action":{"type":"invoke.function","name":"inviteMember"},
    "change_handler":{"type":"invoke.function","name":"inviteMemberChangeHandler"}};
'''
INVITE_SUBMIT = 'return {"text":"Invited " + form.get("values").get("user")};'
INVITE_CHANGE = '''
if(target.get("name") == "user")
{
    return {"type":"form_modification","actions":{}};
}
return Map();
'''


def test_import_files_a_named_change_handler_under_its_form_function(tmp_path: Path) -> None:
    from cliqsim.platform.importer import import_project

    scripts = tmp_path / "project" / "cliq-scripts"
    scripts.mkdir(parents=True)
    (scripts / "taskerProject-slash-command.ds").write_text(INVITE_FORM, encoding="utf-8")
    (scripts / "inviteMember-function.ds").write_text(INVITE_SUBMIT, encoding="utf-8")
    (scripts / "inviteMemberChangeHandler.ds").write_text(INVITE_CHANGE, encoding="utf-8")
    report = import_project(tmp_path / "project", tmp_path / "out")
    placed = {p.id: (p.kind, sorted(p.handlers)) for p in report.plan.packages}
    assert placed == {"taskerproject": ("command", ["execution"]),
                      "invitemember": ("function", ["change", "submit"])}


# Zoho's own marketplace forms (the Zoho Docs, Projects and Desk commands of the samples
# kept by github.com/GuruDhanush/Deluge-Language-Parser) give selects a default no option has,
# `"value":"list"` beside options read from an API. The chat window shows nothing picked; headless
# `--form` refused the submit with "'list' is not one of the options", a value nobody gave.
FOLDERS = '''
return {"type":"form","title":"View files","name":"upload","button_label":"View",
        "actions":{"submit":{"type":"invoke.function","name":"viewdocs"}},
        "inputs":{{"type":"select","name":"folder","label":"Folders","mandatory":true,
                   "value":"board","options":{{"label":"Specs","value":"f1"}}},
                  {"type":"text","name":"note","label":"Note","mandatory":false}}};
'''
SHOW_FOLDER = 'return {"text":"Files of " + form.get("values").get("folder").get("label")};'


def test_a_select_default_no_option_has_is_no_pick(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "components"
    write_package(root, "docs", 'type = "command"\nname = "docs"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": FOLDERS})
    write_package(root, "viewdocs", 'type = "function"\nname = "viewdocs"\n'
                  'function_type = "form"\n[handlers]\nsubmit = "s.dg"\n',
                  {"s.dg": SHOW_FOLDER})
    common = ["--components", str(root), "--data", str(tmp_path / "d"), "--consent", "allow"]
    assert main(["run", "/docs", "--form", "note=soon", *common]) == 1
    out = capsys.readouterr().out
    assert "Folders is required" in out and "not one of the options" not in out
    assert main(["run", "/docs", "--form", "folder=f1", "--json", *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == "Files of Specs"
