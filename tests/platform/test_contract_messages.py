"""Messages with files, several messages, and a command's selections (#13 item 6).

Zoho, "Message Actions" (message-actions handler page): an action may be limited to text,
link or attachment messages and may take several messages (`messages.count`, `messages.list`);
Zoho, "Slash command execution handler": `selections` holds the suggestions the person picked
(at most 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.cli import main

FILES = ('names = List();\nfor each f in attachments { names.add(f.getFileName()); }\n'
         'return {"text":"files: " + names + " of a " + message.get("type") + " message"};')
COUNT = 'return {"text":"selected " + messages.get("count")};'


def _components(root: Path) -> Path:
    write_package(root, "savefile", 'type = "message_action"\nname = "Save file"\n'
                  'message_types = ["attachment"]\n[handlers]\nexecution = "f.dg"\n',
                  {"f.dg": FILES})
    write_package(root, "count", 'type = "message_action"\nname = "Count"\n'
                  'multi_selectable = true\n[handlers]\nexecution = "c.dg"\n', {"c.dg": COUNT})
    return root


def test_an_attachment_message_is_stored_with_its_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec.txt"
    spec.write_text("the spec")
    common = ["--components", str(_components(tmp_path / "c")), "--data", str(tmp_path / "d"),
              "--consent", "allow", "--json"]
    assert main(["run", "here is the spec", "--attach", str(spec), *common]) == 0
    posted = json.loads(capsys.readouterr().out)["messages"][0]
    assert posted["attachments"][0]["name"] == "spec.txt"
    assert main(["action", "Save file", "--message", posted["id"], *common]) == 0
    reply = json.loads(capsys.readouterr().out)["messages"][-1]
    assert reply["text"] == "files: spec.txt of a attachment message"
    assert main(["action", "Save file", "--message", "no files here", *common]) == 2
    assert "works on attachment messages, not on a text message" in capsys.readouterr().err


def test_a_multi_message_action_gets_every_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--components", str(_components(tmp_path / "c")), "--data", str(tmp_path / "d"),
              "--consent", "allow", "--json"]
    assert main(["action", "Count", "--message", "first", "--message", "second", *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == "selected 2"


def test_selections_come_from_the_suggestions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _components(tmp_path / "c")
    write_package(root, "pick", 'type = "command"\nname = "pick"\n[handlers]\n'
                  'execution = "e.dg"\nsuggestion = "s.dg"\n',
                  {"s.dg": 'return [{"title":"red","description":"warm"},{"title":"blue"}];',
                   "e.dg": 'return {"text":"picked " + selections.size() + ": " + '
                           'selections.get(0).get("title")};'})
    common = ["--components", str(root), "--data", str(tmp_path / "d"), "--consent", "allow",
              "--json"]
    assert main(["run", "/pick ", "--select", "blue", *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == "picked 1: blue"
    assert main(["run", "/pick ", "--select", "castle", *common]) == 2
    assert "--select 'castle': the suggestions for '/pick ' are red, blue" in (
        capsys.readouterr().err)
