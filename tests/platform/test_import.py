"""`cliqsim import`: real Cliq project layouts become packages that load and run.

The layouts below mirror how Cliq projects are kept in public repositories: by component
folders (`Bots/`, `Slash Command/`, `Message Actions/`, `UnfurlHandlers/`), by kebab-case
files in role folders (`commands/x-slash-command.dg`, `handlers/x-suggestion-handler.dg`), and
flat folders where only the handler inputs tell (Cliq's handler pages: welcome gets `newuser`,
form handlers get `form`, incoming webhooks `body`/`headers`, installation `app_info`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cliqsim.cli import main
from cliqsim.platform.importer import import_project
from cliqsim.platform.importer.vocabulary import folder_kind, words
from cliqsim.platform.packages import load_packages


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


ZOHO_STYLE = {
    "Bots/PollBot/welcome handler.ds": 'if(newuser){ return {"text":"Hello"}; }\n'
                                      'return {"text":"Back"};',
    "Bots/PollBot/message handler.ds": 'return {"text":"Got " + message};',
    "Bots/PollBot/mention handler.ds": 'return {"text":"hi " + user.get("first_name")};',
    "Bots/menu/My Polls.ds": 'return {"text":"My polls"};',
    "Slash Command/poll/execution.ds":
        'return {"text":"Poll?","buttons":[{"label":"Yes","type":"+","action":'
        '{"type":"invoke.function","data":{"name":"vote"}}}]};',
    "Slash Command/poll/suggestion.ds": 'return [{"title":"new"}];',
    "Functions/vote.deluge": 'return {"text":"voted " + target.get("id")};',
    "Forms/createpoll.m": 'return {"text":"created " + form.get("values").get("q")};',
    "Schedulers/Reminder.deluge": 'zoho.cliq.postToChannel("general", {"text":"reminder"});',
    "Widgets/Dashboard/view.dg": 'return {"type":"applet","tabs":[{"label":"Home","id":"home"}],'
                                 '"active_tab":"home","sections":[]};',
    "Widgets/Dashboard/button handler.dg": 'return {"text":"at " + target.get("section_id")};',
    "Message Actions/Translate.dg": 'return {"text":"Translated " + message.get("text")};',
    "UnfurlHandlers/github preview.dg": 'return {"title":"Repo " + url};',
    "installation.dg": 'info app_info;\nreturn {"status":200};',
    "misc.dg": "x = 1;",
    "README.txt": "This is our Cliq extension.",
}


def _placed(report_json: dict) -> dict[str, tuple[str, str]]:
    """source → (package type, handler)."""
    types = {p["id"]: p["type"] for p in report_json["packages"]}
    return {g["source"]: (types[g["package"]], g["handler"]) for g in report_json["guesses"]}


def test_component_folders_place_every_script_and_bundle_an_extension(tmp_path: Path) -> None:
    source = _write(tmp_path / "Zylker Polls", ZOHO_STYLE)
    report = import_project(source, tmp_path / "out").to_json()
    placed = _placed(report)
    assert placed == {
        "Bots/PollBot/welcome handler.ds": ("bot", "welcome"),
        "Bots/PollBot/message handler.ds": ("bot", "message"),
        "Bots/PollBot/mention handler.ds": ("bot", "mention"),
        "Bots/menu/My Polls.ds": ("bot", "menu: My Polls"),
        "Slash Command/poll/execution.ds": ("command", "execution"),
        "Slash Command/poll/suggestion.ds": ("command", "suggestion"),
        "Functions/vote.deluge": ("function", "button"),
        "Forms/createpoll.m": ("function", "submit"),
        "Schedulers/Reminder.deluge": ("scheduler", "execution"),
        "Widgets/Dashboard/view.dg": ("widget", "view"),
        "Widgets/Dashboard/button handler.dg": ("widget", "button"),
        "Message Actions/Translate.dg": ("message_action", "execution"),
        "UnfurlHandlers/github preview.dg": ("link_handler", "preview"),
        "installation.dg": ("extension", "installation"),
    }
    assert [u["source"] for u in report["unplaced"]] == ["misc.dg"]
    assert [s["source"] for s in report["skipped"]] == ["README.txt"]
    names = {p["id"]: p["name"] for p in report["packages"]}
    assert names["pollbot"] == "PollBot" and names["poll"] == "poll"
    assert names["zylker_polls"] == "Zylker Polls"
    # every left-to-do item names its package; schedules and domains are flagged
    assert any(t.startswith("reminder: set the real [schedule]") for t in report["todo"])
    assert any(t.startswith("github: set `domains`") for t in report["todo"])
    assert not any(t.startswith("fix ") for t in report["todo"]), report["todo"]
    catalog = load_packages(tmp_path / "out")
    assert catalog.errors == []
    assert catalog.packages["zylker_polls"].components == [
        "pollbot", "poll", "github", "translate", "reminder", "dashboard", "createpoll", "vote"]
    assert [m.name for m in catalog.packages["pollbot"].menu] == ["My Polls"]


def test_imported_extension_installs_and_its_command_runs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "Zylker Polls", ZOHO_STYLE)
    out = tmp_path / "out"
    assert main(["import", str(source), "--out", str(out)]) == 0
    capsys.readouterr()
    data = ["--data", str(tmp_path / "data"), "--components", str(out)]
    assert main(["extensions", "install", "zylker_polls", "--consent", "allow", *data]) == 0
    capsys.readouterr()
    assert main(["run", "/poll", "--consent", "allow", "--json", *data]) == 0
    posted = json.loads(capsys.readouterr().out)["messages"]
    poll = next(m for m in posted if m["text"] == "Poll?")
    assert "vote" in json.dumps(poll["buttons"])
    assert load_packages(out).function("vote") is not None


TASKER_STYLE = {
    "commands/taskerProject-slash-command.dg":
        'cmd = arguments.trim();\n'
        'if(cmd == "create")\n{\n'
        '\treturn {"type":"form","title":"New","name":"newproject","inputs":[{"type":"text",'
        '"name":"title","label":"Title"}],"action":{"type":"invoke.function",'
        '"name":"createProject"}};\n}\n'
        'r = invokeurl [ url: "https://tasker.example.com/api/projects" type: GET '
        'connection:"taskerconn" ];\n'
        'return {"text":"Projects","buttons":[{"label":"Invite","type":"+","action":'
        '{"type":"invoke.function","data":{"name":"inviteMember"}}}]};',
    "handlers/taskerProject-suggestion-handler.dg": 'return [{"title":"create"}];',
    "functions/createProject-function.dg": 'return {"text":form.get("values").get("title")};',
    "functions/inviteMember-function.dg":
        'return {"type":"form","title":"Invite","name":"invite","inputs":[{"type":"text",'
        '"name":"email","label":"Email","trigger_on_change":true}],"action":'
        '{"type":"invoke.function","name":"inviteMemberSubmit"}};',
    "functions/inviteMemberChangeHandler.dg": 'v = target.get("value");\n'
                                              'return {"type":"form_modification","actions":[]};',
    "bot/welcome.dg": 'return {"text":"Hi " + user.get("first_name")};',
    "bot/message-handler.dg": 'return {"text":"You said " + message};',
    "bot/menus/myTasks-menu-handler.dg": 'return {"text":"Your tasks"};',
    "message-actions/createTaskFromMessage-action-handler.dg":
        'return {"text":"Task: " + message.get("text")};',
}


def test_role_folders_and_kebab_file_names(tmp_path: Path) -> None:
    source = _write(tmp_path / "cliq-scripts", TASKER_STYLE)
    report = import_project(source, tmp_path / "out").to_json()
    placed = _placed(report)
    assert placed["commands/taskerProject-slash-command.dg"] == ("command", "execution")
    assert placed["handlers/taskerProject-suggestion-handler.dg"] == ("command", "suggestion")
    assert placed["bot/menus/myTasks-menu-handler.dg"] == ("bot", "menu: My Tasks")
    assert placed["message-actions/createTaskFromMessage-action-handler.dg"] == (
        "message_action", "execution")
    packages = {p["id"]: p for p in report["packages"]}
    # functions take the names that buttons and forms invoke, not the file names
    assert packages["createproject"]["name"] == "createProject"
    assert packages["createproject"]["function_type"] == "form"
    assert packages["invitemember"]["function_type"] == "button"
    # the change handler belongs to the form the button opens, whose submit is missing
    assert packages["invitemembersubmit"]["handlers"] == {
        "change": "functions/inviteMemberChangeHandler.dg"}
    assert any("invitemembersubmit: the project has no submit handler" in t
               for t in report["todo"])
    # the command's connection is declared and flagged; its URL needs a fixture
    assert any(t.startswith("taskerproject: check connections taskerconn") for t in
               report["todo"])
    assert any("https://tasker.example.com/api/projects" in t for t in report["todo"])
    toml = (tmp_path / "out" / "taskerproject" / "component.toml").read_text()
    assert 'hosts = [\n    "tasker.example.com",\n]' in toml


def test_handler_inputs_decide_when_names_say_nothing(tmp_path: Path) -> None:
    source = _write(tmp_path / "flat", {
        "a.dg": 'if(newuser) { return {"text":"hi"}; }',
        "b.dg": 'v = form.get("values");\nt = target.get("name");\nreturn {};',
        "c.dg": 'q = target.get("query");\nf = form.get("name");\nreturn {};',
        "d.dg": 'x = body;\ny = headers;\nreturn {};',
        "e.dg": 'info app_info.get("type");',
        "f.dg": 'return {"text":messages.get("count")};',
        "g.dg": 'info context_id;\ninfo answers;',
        "h.dg": 'return {"text":"x"};',
    })
    placed = _placed(import_project(source, tmp_path / "out").to_json())
    assert placed["a.dg"] == ("bot", "welcome")
    assert placed["b.dg"] == ("function", "change")
    assert placed["c.dg"] == ("function", "dynamic_select")
    assert placed["d.dg"] == ("bot", "incoming_webhook")
    assert placed["e.dg"] == ("extension", "installation")
    assert placed["f.dg"] == ("message_action", "execution")
    assert placed["g.dg"] == ("bot", "context")
    assert "h.dg" not in placed


def test_unparsable_script_is_placed_and_named_in_the_report(tmp_path: Path) -> None:
    source = _write(tmp_path / "p", {"Commands/broken.dg": 'x = "open\nreturn {'})
    report = import_project(source, tmp_path / "out").to_json()
    assert _placed(report)["Commands/broken.dg"] == ("command", "execution")
    assert any("does not parse" in t for t in report["todo"])
    assert any(t.startswith("fix ") for t in report["todo"])


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    source = _write(tmp_path / "p", {"Commands/x.dg": "return {};"})
    assert main(["import", str(source), "--out", str(out)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "mine"
    assert main(["import", str(tmp_path / "missing"), "--out", str(tmp_path / "o2")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    empty = _write(tmp_path / "docs-only", {"README.md": "# our extension"})
    assert main(["import", str(empty), "--out", str(tmp_path / "o3")]) == 2
    assert "holds no Deluge scripts (files ending in .deluge, .dg" in capsys.readouterr().err
    assert not (tmp_path / "o3").exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("inviteMemberChangeHandler", ["invite", "member", "change", "handler"]),
    ("taskerProject-slash-command", ["tasker", "project", "slash", "command"]),
    ("welcome handler", ["welcome", "handler"]),
    ("HTTPWebhook_v2", ["http", "webhook", "v2"]),
])
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(("folder", "kind"), [
    ("Bots", "bot"), ("Slash Command", "command"), ("Message Actions", "message_action"),
    ("message-actions", "message_action"), ("UnfurlHandlers", "link_handler"),
    ("Schedulers", "scheduler"), ("Widgets", "widget"), ("Forms", "form"), ("menu", "bot_menu"),
    ("lib", None),
])
def test_folder_kinds(folder: str, kind: str | None) -> None:
    assert folder_kind(folder) == kind


def test_more_than_an_extension_bundles_is_written_unbundled(tmp_path: Path) -> None:
    """The loader's limit: an extension bundles at most 4 integration components together."""
    files = {f"Commands/c{i}.dg": 'return {"text":"x"};' for i in range(3)}
    files.update({f"Message Actions/a{i}.dg": 'return {"text":"x"};' for i in range(2)})
    files["installation.dg"] = 'return {"status":200};'
    report = import_project(_write(tmp_path / "p", files), tmp_path / "out").to_json()
    assert any("5 integration components but an extension bundles at most 4" in t
               for t in report["todo"])
    assert not any(t.startswith("fix ") for t in report["todo"]), report["todo"]


def test_a_function_folder_script_reading_arguments_stays_a_function(tmp_path: Path) -> None:
    """A button function gets `arguments` (Cliq's Button Function Handler page), as a command
    does; under `Functions/` it is a function, never a command."""
    source = _write(tmp_path / "p", {
        "Commands/tracker/execution.dg":
            'return {"text":"x","buttons":[{"label":"Authorize","type":"+","action":'
            '{"type":"invoke.function","data":{"name":"Authorization"}}}]};',
        "Functions/Authorization.dg": 'info arguments.get("key");\nreturn {"text":"ok"};',
    })
    report = import_project(source, tmp_path / "out").to_json()
    assert _placed(report)["Functions/Authorization.dg"] == ("function", "button")


def test_fixtures_and_hosts_come_from_requests_not_from_card_images(tmp_path: Path) -> None:
    """Only what `invokeurl` requests needs a fixture and a connection host; a card's image
    address is shown by Cliq, never fetched by the script. A URL built at run time gets the
    fixture wildcard (docs/components.md § Fixtures), a query string becomes `query` names."""
    source = _write(tmp_path / "p", {
        "Schedulers/digest.dg":
            'base = "https://api.example.com";\n'
            'r = invokeurl [ url: base + "/items/" + zoho.currentdate type: GET '
            'connection: "ex" ];\n'
            's = invokeurl [ url: "https://desk.example.com/v1/search?ticketNumber=12" '
            'type: GET connection: "ex" ];\n'
            'zoho.cliq.postToChannel("general", {"text":"x","card":'
            '{"thumbnail":"https://img.example.net/owl.png"}});',
    })
    report = import_project(source, tmp_path / "out").to_json()
    fixtures = [t for t in report["todo"] if "[[fixtures]]" in t]
    assert fixtures == [
        'digest: add a [[fixtures]] entry for url = "https://api.example.com/items/*" '
        "so it runs offline",
        'digest: add a [[fixtures]] entry for url = "https://desk.example.com/v1/search", '
        "query ['ticketNumber'] so it runs offline",
    ]
    manifest = (tmp_path / "out" / "digest" / "component.toml").read_text()
    assert "img.example.net" not in manifest
    assert "api.example.com" in manifest and "desk.example.com" in manifest


def test_a_function_a_widget_button_invokes_is_a_widget_button_function(tmp_path: Path) -> None:
    """A widget button names its function beside its label, without an `action` wrapper
    (Cliq's widget button object: `{"label", "type": "invoke.function", "name", "id"}`); that
    function is a `widget_button` function, and the widget's footer click reaches it."""
    view = ('b = List();\nb.add({"label":"Next","type":"invoke.function","name":"navigate",'
            '"id":"next_2"});\nreturn {"type":"applet","tabs":[{"label":"Home","id":"home"}],'
            '"active_tab":"home","sections":[{"id":1,"elements":[{"type":"text","text":"p1"}]}],'
            '"footer":{"buttons":b}};')
    source = _write(tmp_path / "p", {
        "Widgets/products/view.dg": view,
        "Functions/navigate.dg": 'p = target.get("id").remove("next_");\n'
                                 'return {"type":"applet","tabs":[{"label":"Home","id":"home"}],'
                                 '"active_tab":"home","sections":[{"id":1,"elements":'
                                 '[{"type":"text","text":"page " + p}]}]};',
    })
    report = import_project(source, tmp_path / "out").to_json()
    assert _placed(report)["Functions/navigate.dg"] == ("function", "widget_button")
    function = load_packages(tmp_path / "out").function("navigate")
    assert function is not None and function.function_type == "widget_button"


# Layouts seen in public extensions (#13's held-out measure): a `BotMenuHandler/` folder, form
# and button actions built with put (as Zoho's form samples build them), and function files
# whose names differ from the names Cliq knows the functions by.
RENAMED = {
    "BotMenuHandler/create_item.dg":
        'response = Map();\nresponse.put("type","form");\nresponse.put("title","New");\n'
        'response.put("name","newitem");\ninputs = list();\n'
        'inputs.add({"type":"text","name":"title","label":"Title"});\n'
        'response.put("inputs",inputs);\naction = Map();\n'
        'action.put("type","invoke.function");\naction.put("name","createitem");\n'
        'response.put("action",action);\nreturn response;\n',
    "BotMenuHandler/List_Items.dg":
        'refs = Map();\nrefs.put(1, {"type":"button","object":{"label":"Drop","type":"-",'
        '"key":"7","action":{"type":"invoke.function","data":{"name":"dropforlist"}}}});\n'
        'refs.put(2, {"type":"button","object":{"label":"Gone","type":"-",'
        '"action":{"type":"invoke.function","data":{"name":"missingfn"}}}});\n'
        'return {"text":"[Drop]($1) [Gone]($2)","references":refs};\n',
    "Functions/CreateItemSubmit/create_item_submit.dg":
        'return {"text":"made " + form.get("values").get("title")};\n',
    "Functions/DropItem/drop_item.dg": 'info arguments.get("key");\nreturn Map();\n',
}


def test_menu_folders_put_built_actions_and_functions_named_as_invoked(tmp_path: Path) -> None:
    source = _write(tmp_path / "Items Ext", RENAMED)
    report = import_project(source, tmp_path / "out").to_json()
    placed = _placed(report)
    assert placed["BotMenuHandler/create_item.dg"] == ("bot", "menu: Create Item")
    assert placed["BotMenuHandler/List_Items.dg"] == ("bot", "menu: List Items")
    names = {p["name"]: p for p in report["packages"] if p["type"] == "function"}
    # the form built with put invokes createitem: the submit file spells it with a suffix
    assert names["createitem"]["handlers"] == {
        "submit": "Functions/CreateItemSubmit/create_item_submit.dg"}
    # the closest spelling: drop_item.dg is the function the Drop button invokes
    assert names["dropforlist"]["handlers"] == {"button": "Functions/DropItem/drop_item.dg"}
    assert any("'dropforlist'" in t and "closest" in t for t in report["todo"])
    assert any("missingfn (button)" in t for t in report["todo"])
    assert not load_packages(tmp_path / "out").errors


def test_schedulers_without_inputs_and_the_channels_they_post_to(tmp_path: Path) -> None:
    """A script reading no handler input, returning nothing and posting runs on its own (Zoho,
    "Schedulers": no inputs of its own); the channel it posts to joins the written
    workspace.toml so the project runs as written."""
    source = _write(tmp_path / "Standup", {
        "pending_users.dg": 'day = zoho.currentdate.toString("EEEE");\nif(day != "Sunday")\n'
                            '{\n\tzoho.cliq.postToChannel("dailytasks",{"text":"update!"});\n}\n',
        "helper.dg": 'x = 1;\nreturn x;\n',
    })
    report = import_project(source, tmp_path / "out").to_json()
    assert _placed(report)["pending_users.dg"] == ("scheduler", "execution")
    assert [u["source"] for u in report["unplaced"]] == ["helper.dg"]
    seed = (tmp_path / "out" / "workspace.toml").read_text(encoding="utf-8")
    assert 'unique_name = "dailytasks"' in seed and 'unique_name = "general"' in seed
    assert any("dailytasks" in t for t in report["todo"])


def test_extension_tasks_bundle_an_extension_and_declare_their_connection(
        tmp_path: Path) -> None:
    """`zoho.cliq.extension.*` works only in an extension's components (Zoho, "Extension
    Properties Tasks", https://www.zoho.com/deluge/help/cliq/extension-tasks.html), and a task's
    last argument names a connection; a script copied out of Cliq's editor may have no
    suffix (`message_handler_code`)."""
    source = _write(tmp_path / "stock-bot", {
        "message_handler_code":
            'props = zoho.cliq.extension.getProperties({"api_key"},"cliq_connection");\n'
            'return {"text":"key " + ifnull(props.get("api_key"),"none") + " " + message};\n',
        "welcome_handler_code.deluge": 'return {"text":"hi " + user.get("first_name")};\n',
        "LICENSE": "MIT License\n\nPermission is hereby granted, free of charge;\n",
    })
    report = import_project(source, tmp_path / "out").to_json()
    placed = _placed(report)
    assert placed["message_handler_code"] == ("bot", "message")
    assert "LICENSE" not in placed and not report["unplaced"]
    kinds = {p["type"] for p in report["packages"]}
    assert kinds == {"bot", "extension"}
    catalog = load_packages(tmp_path / "out")
    assert not catalog.errors
    bot = next(p for p in report["packages"] if p["type"] == "bot")
    manifest = next((tmp_path / "out").rglob(f"{bot['id']}/component.toml")).read_text()
    assert "[connections.cliq_connection]" in manifest and "hosts = []" in manifest


def test_widget_functions_exact_names_and_misspelt_folders(tmp_path: Path) -> None:
    """`Functions/widget/` holds the functions widget buttons call (Zoho, "Widget Function
    Handler": a button's `name` names a widget function); a file spelling an invoked name in
    full wins it over a shorter one; a bot script reading `newuser` is the welcome handler
    whatever its file says (Zoho, "Welcome Handler"); a misspelt `UnflurHandlers/` is still
    the link handlers' folder; the preview's `provider_url` names the domain it unfurls."""
    source = _write(tmp_path / "Tracker", {
        "Widgets/products.m": 'return {"type":"applet","sections":{{"id":1,"elements":{{"type":'
                              '"buttons","buttons":{{"label":"Next","type":"invoke.function",'
                              '"name":"WIDGETnavigate","id":"next_2"}}}}}}};',
        "Functions/widget/navigate.m": 'page = target.get("id");\nreturn {"type":"applet",'
                                       '"sections":{}};',
        "Functions/navigate.m": 'key = arguments.get("key");\nreturn {"text":key};',
        "Slash Command/list.m": 'return {"text":"x","buttons":{{"label":"Go","action":{"type":'
                                '"invoke.function","data":{"name":"navigate"}}}},'
                                '"form":null};',
        "Functions/update.m": 'return {"type":"form","title":"U","name":"u","inputs":{{"type":'
                              '"text","name":"p","label":"P"}},"action":{"type":'
                              '"invoke.function","name":"updateForm"}};',
        "Functions/updateForm.m": 'return {"text":"saved " + form.get("values").get("p")};',
        "Functions/saveForm.m": 'return {"text":"old " + form.get("values").get("p")};',
        "Bots/MessageHandler.m": 'if(newuser) { return {"text":"Welcome"}; }\n'
                                 'return {"text":"Back"};',
        "UnflurHandlers/preview.m": 'return {"title":"T","type":"link",'
                                    '"provider_url":"https://www.amazon.in/"};',
        "UnflurHandlers/action.m": 'return {"text":"added " + target.get("params")};',
    })
    report = import_project(source, tmp_path / "out").to_json()
    placed = _placed(report)
    names = {p["name"]: p for p in report["packages"]}
    assert names["WIDGETnavigate"]["function_type"] == "widget_button"
    assert names["WIDGETnavigate"]["handlers"] == {
        "widget_button": "Functions/widget/navigate.m"}
    assert names["navigate"]["handlers"] == {"button": "Functions/navigate.m"}
    assert names["updateForm"]["handlers"] == {"submit": "Functions/updateForm.m"}
    assert placed["Functions/saveForm.m"][1] == "submit"
    assert names["updateForm"]["handlers"]["submit"] != "Functions/saveForm.m"
    assert placed["Bots/MessageHandler.m"] == ("bot", "welcome")
    assert placed["UnflurHandlers/action.m"] == ("link_handler", "action")
    link = next(p for p in report["packages"] if p["type"] == "link_handler")
    toml = (tmp_path / "out" / link["id"] / "component.toml").read_text(encoding="utf-8")
    assert '"www.amazon.in"' in toml
    assert not load_packages(tmp_path / "out").errors


def test_a_component_posting_as_the_projects_bot_bundles_an_extension(tmp_path: Path) -> None:
    """A scheduler may post as a bot only from the bot's own extension (cliqsim's rule, after
    Zoho's "Post to bot" task: a component posts as its own bot or its extension's), so a
    project whose scheduler posts as its bot is written as an extension bundling both."""
    source = _write(tmp_path / "Price Watch", {
        "Bots/pricewatch/welcome handler.ds": 'return {"text":"hi"};',
        "Schedulers/morning.ds": 'zoho.cliq.postToBot("pricewatch",{"text":"Good morning"});',
    })
    report = import_project(source, tmp_path / "out").to_json()
    kinds = sorted(p["type"] for p in report["packages"])
    assert kinds == ["bot", "extension", "scheduler"]
    assert not load_packages(tmp_path / "out").errors
