"""Bot handlers for channel participation events, status changes and calls (#13 item 5).

Zoho, "Bot Participation Handler" (https://zoho.com/cliq/help/platform/
bot-participation-handler.html): `operation` is added, removed, message_sent, message_edited,
message_deleted or a thread operation; the handler listens to a channel the bot is a participant
of. Zoho, "Bot Status Change Handler" (https://www.zoho.com/cliq/help/platform/
bot-statuschangehandler.html): `existing_status` and `current_status` `{text, state}`, run only
when a custom status changes. The call handler (`call_handler`, v3 REST bots page) is reached
through `cliqsim trigger`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.cli import main
from cliqsim.platform.runtime import Runtime

BOT = """\
type = "bot"
name = "Listener"

[handlers]
participation = "participation.dg"
status_change = "status.dg"
call = "call.dg"
"""
PARTICIPATION = """\
if(operation == "added" || operation == "removed")
{
\treturn {"text":"I was " + operation};
}
msg = data.get("message");
return {"text":operation + ": " + msg.get("text") + " by " + user.get("first_name")};
"""
STATUS = """\
return {"text":existing_status.get("text") + " -> " + current_status.get("text") + " ("
        + current_status.get("state") + ")"};
"""
CALL = 'return {"text":"call " + operation + " " + data.get("call_id")};\n'


@pytest.fixture
def runtime(tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> Runtime:
    root = tmp_path / "components"
    write_package(root, "listener", BOT, {"participation.dg": PARTICIPATION,
                                          "status.dg": STATUS, "call.dg": CALL})
    return make_runtime(root)


def test_a_participant_bot_hears_messages_sent_edited_and_deleted(runtime: Runtime) -> None:
    added = allow(runtime, runtime.add_bot_to_channel("u_admin", "Listener", "general"))
    assert added.messages[-1].text == "I was added"
    sent = runtime.submit("u_admin", "general", "the build is green")
    posted, heard = sent.messages
    assert posted.text == "the build is green" and posted.sender.kind == "user"
    assert heard.text == "message_sent: the build is green by Priya"
    assert heard.sender.kind == "bot" and heard.chat_id == "general"
    edited = runtime.trigger_event("u_admin", "edit", [posted.id, "the build is red"])
    assert [m.text for m in edited.messages] == [
        "the build is red", "message_edited: the build is red by Priya"]
    deleted = runtime.trigger_event("u_admin", "delete", [posted.id])
    assert [m.text for m in deleted.messages] == [
        "This message was deleted", "message_deleted: the build is red by Priya"]
    assert runtime.message(posted.id).text == "This message was deleted"


def test_only_channels_the_bot_is_in_and_only_own_messages(runtime: Runtime) -> None:
    sent = runtime.submit("u_admin", "general", "nobody listens")
    assert [m.text for m in sent.messages] == ["nobody listens"]  # the bot is not a participant
    with pytest.raises(Exception, match="only edit their own messages"):
        runtime.trigger_event("u_arjun", "edit", [sent.messages[0].id, "hijacked"])
    allow(runtime, runtime.add_bot_to_channel("u_admin", "Listener", "general"))
    runtime.remove_bot_from_channel("u_admin", "Listener", "general")
    assert len(runtime.submit("u_admin", "general", "gone").messages) == 1


def test_a_first_post_asks_the_poster_before_the_bot_hears_it(runtime: Runtime) -> None:
    allow(runtime, runtime.add_bot_to_channel("u_admin", "Listener", "general"))
    asked = runtime.submit("u_arjun", "general", "hello all")
    assert asked.status == "consent_required"
    assert [m.text for m in asked.messages][0] == "hello all"  # posted all the same
    heard = runtime.decide(asked.pending, True)  # type: ignore[arg-type]
    assert heard.messages[-1].text == "message_sent: hello all by Arjun"


def test_status_change_runs_for_the_bots_a_user_is_subscribed_to(runtime: Runtime) -> None:
    assert runtime.change_status("u_admin", "In a meeting", "Busy").messages == ()  # no bot chat
    runtime.open_bot("u_admin", "Listener")
    changed = allow(runtime, runtime.change_status("u_admin", "Lunch", "Available"))
    reply = changed.messages[-1]
    assert reply.text == "In a meeting -> Lunch (Available)"
    assert reply.chat_id == "bot_listener_u_admin"
    with pytest.raises(Exception, match="Available or Busy"):
        runtime.change_status("u_admin", "Away", "Gone")


def test_every_new_handler_is_reachable_from_the_command_line(
        runtime: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--components", str(tmp_path / "components"), "--data", str(tmp_path / "cli"),
              "--consent", "allow", "--json"]
    assert main(["trigger", "listener", "call", "--payload",
                 '{"operation":"call_answered","data":{"call_id":"c1"}}', *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == "call call_answered c1"
    assert main(["trigger", "listener", "participation", "--chat", "general", "--payload",
                 '{"operation":"thread_closed","data":{"message":{"text":"t"}}}', *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"].startswith(
        "thread_closed: t by ")
    assert main(["trigger", "--event", "status", "Focus", "Busy", *common]) == 0
    capsys.readouterr()
