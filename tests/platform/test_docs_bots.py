"""Zoho's own documented bot samples, run as they are printed on the Cliq help pages.

Each test names the page its script comes from; the script is copied from the page (comments
and layout kept where they matter), and the test checks what the page says the bot shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allow, allowing, write_package

from cliqsim.cli import main
from cliqsim.errors import UsageError
from cliqsim.platform.chat_ids import bot_chat_id
from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]


def _bot(tmp_path: Path, make_runtime: MakeRuntime, handlers: dict[str, str],
         extra: str = "") -> Runtime:
    """A bot named Cliq Help Bot (unique name `helpbot`) with the given handler scripts."""
    lines = [f'{key} = "{key}.dg"' for key in handlers]
    manifest = ('type = "bot"\nname = "Cliq Help Bot"\nunique_name = "helpbot"\n' + extra
                + "\n[handlers]\n" + "\n".join(lines) + "\n")
    write_package(tmp_path / "components", "helpbot", manifest,
                  {f"{key}.dg": script for key, script in handlers.items()})
    return make_runtime(tmp_path / "components")


# Zoho, "Bot Welcome Handler" (https://www.zoho.com/cliq/help/platform/bot-welcomehandler.html):
# attributes `user` and `newuser` (boolean: a first subscription, or a re-subscription).
WELCOME = """\
// Sample Syntax For Bot Welcome Handler

response=Map();
if(newuser)
{
  response.put("text","Hey *" + user.get("first_name") + "* ! Thank you for subscribing! Click the *Actions* option in the bottom right corner of the chat window, and choose *Know Cliq Help Bot* to know more about me. Trust me, I am interesting! :wink: ");
}
else
{
  response.put("text","I guess you missed me! :smirk: Anyhoo, thanks for subscribing back.");
}
return response;
"""


def test_the_welcome_handler_sample_greets_new_and_returning_subscribers(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _bot(tmp_path, make_runtime, {"welcome": WELCOME})
    first = allow(runtime, runtime.open_bot("u_admin", "Cliq Help Bot"))
    assert first.messages[-1].text.startswith("Hey *Priya* ! Thank you for subscribing!")
    assert first.messages[-1].chat_id == bot_chat_id("helpbot", "u_admin")
    again = runtime.trigger_event("u_admin", "resubscribe", ["Cliq Help Bot"])
    assert again.messages[-1].text == (
        "I guess you missed me! :smirk: Anyhoo, thanks for subscribing back.")


# Zoho, "Bot Message Handler" (https://www.zoho.com/cliq/help/platform/bot-messagehandler.html):
# `message` is the text sent to the bot; the sample is the Cliq Help Bot's.
MESSAGE = """\
//Sample Syntax for Bot Message Handler

response = Map();
contact = "[Contacts](https://www.zoho.com/cliq/help/contacts/)";
if(message.containsIgnoreCase("contacts"))
{
\tresponse.put("text","That's a really good question. Why don't you take a look at our help guide on " + contact + " !");
}
else if(message.containsIgnoreCase("Hi") || message.containsIgnoreCase("Hey"))
{
\tresponse.put("text","Hey *" + user.get("first_name") + "* ! How can I help you today?");
}
else
{
\tresponse.put("text","I'm sorry, I am not able to help you with this question. :sad: ");
}
return response;
"""


def test_the_message_handler_sample_answers_in_the_bot_chat(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _bot(tmp_path, make_runtime, {"message": MESSAGE})
    chat = bot_chat_id("helpbot", "u_admin")
    runtime.open_bot("u_admin", "Cliq Help Bot")
    first = allow(runtime, runtime.submit("u_admin", chat, "How do I add contacts?"))
    assert first.messages[-1].text == (
        "That's a really good question. Why don't you take a look at our help guide on "
        "[Contacts](https://www.zoho.com/cliq/help/contacts/) !")
    assert runtime.submit("u_admin", chat, "hey there").messages[-1].text == (
        "Hey *Priya* ! How can I help you today?")
    assert runtime.submit("u_admin", chat, "what is 2+2").messages[-1].text == (
        "I'm sorry, I am not able to help you with this question. :sad: ")


# Zoho, "Bot Mention Handler" (https://www.zoho.com/cliq/help/platform/bot-mentionshandler.html):
# attributes message, mentions, user, chat, location; the sample is the Op Bot's.
MENTION = """\
//Sample Syntax for Bot Mention Handler

response = Map();
response.put("text","Hey! Thanks *" + user.get("first_name") + "* for mentioning me here. I can help you get in touch with the *Front Desk* easily or book your *Shuttle* , to name a few! Take a look at my *Actions* menu to get an idea about my responsibilities. :cool: ");
return response;
"""


def test_the_mention_handler_sample_answers_where_the_bot_is_mentioned(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _bot(tmp_path, make_runtime, {"mention": MENTION})
    outcome = allow(runtime, runtime.submit("u_arjun", "general", "@helpbot where is my parcel"))
    reply = outcome.messages[-1]
    assert reply.chat_id == "general" and reply.sender.kind == "bot"
    assert reply.text.startswith("Hey! Thanks *Arjun* for mentioning me here.")


# Zoho, "Message Details Object" (https://zoho.com/cliq/help/platform/cliq-objects/
# message-details-object.html): "The message_details object is passed as an attribute to the Bot
# Mention Handler and Bot Message Handler": `{time, message {type: "text", text, mentions}}`.
DETAILS = """\
details = message_details.get("message");
return {"text":details.get("type") + ": " + details.get("text") + " (" +
        details.get("mentions").size() + " mentioned)"};
"""


def test_the_mention_and_message_handlers_get_message_details(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _bot(tmp_path, make_runtime, {"mention": DETAILS, "message": DETAILS})
    mentioned = allow(runtime, runtime.submit("u_arjun", "general", "@helpbot ping"))
    assert mentioned.status == "ok", mentioned.error
    assert mentioned.messages[-1].text == "text: @helpbot ping (1 mentioned)"
    direct = allowing(runtime, runtime.submit("u_arjun", "bot_helpbot_u_arjun", "hello"))
    assert direct.status == "ok", direct.error
    assert direct.messages[-1].text == "text: hello (0 mentioned)"


# Zoho, "Bot Menu Handler" (https://zoho.com/cliq/help/platform/bothandler-menu.html): the menu
# handler gets user, location, chat, context_id and `sub_action`; Zoho, "Bot sub actions"
# (https://www.zoho.com/cliq/help/platform/subactions.html): "When a user interacts with a bot
# sub action, sub_action attribute will be passed to the parent menu action for execution",
# at most 5 per menu action. The page's example: a Tasks action with open and completed tasks.
TASKS = """\
response = Map();
if(sub_action == "Open tasks")
{
\tresponse.put("text","Your open tasks, " + user.get("first_name"));
}
else if(sub_action == "Completed tasks")
{
\tresponse.put("text","Tasks you completed");
}
return response;
"""
PLAIN = 'return {"text":"stats: sub_action is " + ifnull(sub_action, "null")};\n'


def test_a_menu_action_runs_with_the_sub_action_picked(
        tmp_path: Path, make_runtime: MakeRuntime, capsys: pytest.CaptureFixture[str]) -> None:
    extra = ('[[menu]]\nname = "Tasks"\nhandler = "tasks.dg"\n'
             'sub_actions = ["Open tasks", "Completed tasks"]\n'
             '[[menu]]\nname = "Stats"\nhandler = "stats.dg"\n')
    runtime = _bot(tmp_path, make_runtime, {"message": MESSAGE}, extra)
    for name, script in (("tasks.dg", TASKS), ("stats.dg", PLAIN)):
        (tmp_path / "components" / "helpbot" / name).write_text(script)
    runtime.reload()
    assert runtime.load_errors == ()
    bot = next(b for b in runtime.bots("u_admin") if b.name == "Cliq Help Bot")
    assert bot.sub_actions == (("Open tasks", "Completed tasks"), ())
    opened = allow(runtime, runtime.menu_action("u_admin", "helpbot", "Tasks", "open tasks"))
    assert opened.messages[-1].text == "Your open tasks, Priya"
    done = runtime.menu_action("u_admin", "helpbot", "Tasks", "Completed tasks")
    assert done.messages[-1].text == "Tasks you completed"
    assert runtime.menu_action("u_admin", "helpbot", "Stats").messages[-1].text == (
        "stats: sub_action is null")
    with pytest.raises(UsageError, match="opens its sub actions: pick one of Open tasks, "
                                         "Completed tasks"):
        runtime.menu_action("u_admin", "helpbot", "Tasks")
    with pytest.raises(UsageError, match="has no sub action 'Overdue'"):
        runtime.menu_action("u_admin", "helpbot", "Tasks", "Overdue")
    common = ["--components", str(tmp_path / "components"), "--data", str(tmp_path / "data"),
              "--consent", "allow", "--json"]
    assert main(["menu", "helpbot", "Tasks", "--sub-action", "Completed tasks", *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == "Tasks you completed"


def test_at_most_five_sub_actions(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    subs = ", ".join(f'"s{i}"' for i in range(6))
    runtime = _bot(tmp_path, make_runtime, {"message": MESSAGE},
                   f'[[menu]]\nname = "Tasks"\nhandler = "message.dg"\nsub_actions = [{subs}]\n')
    assert any("at most 5 sub actions" in str(e) for e in runtime.load_errors)


# Zoho, "Bot Incoming Webhook Handler" (https://zoho.com/cliq/help/platform/
# bot-incomingwebhookhandler.html): the handler gets headers, `parameters`, body (text),
# http_method and user.
WEBHOOK = """\
payload = body.toMap();
return {"text":"New post by " + payload.get("author") + " via " + parameters.get("source")
        + " (" + http_method + ", " + headers.get("X-Event") + ")"};
"""


def test_the_incoming_webhook_handler_gets_parameters(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _bot(tmp_path, make_runtime, {"incoming_webhook": WEBHOOK})
    outcome = allow(runtime, runtime.deliver_webhook(
        "Cliq Help Bot", '{"author":"Kavya"}', headers={"X-Event": "post"},
        params={"source": "connect"}))
    assert outcome.messages[-1].text == "New post by Kavya via connect (POST, post)"


def test_the_menu_handler_gets_the_attributes_its_page_lists(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    """"Bot Menu Handler": User, Location, Chat, context_id, sub_action."""
    script = ('return {"text":user.get("first_name") + " in " + chat.get("type") + ", located "'
              ' + (location.get("status") != null) + ", context " + ifnull(context_id, "none")'
              ' + ", sub action " + ifnull(sub_action, "none")};\n')
    runtime = _bot(tmp_path, make_runtime, {"message": MESSAGE},
                   '[[menu]]\nname = "Stats"\nhandler = "stats.dg"\n')
    (tmp_path / "components" / "helpbot" / "stats.dg").write_text(script)
    runtime.reload()
    outcome = allow(runtime, runtime.menu_action("u_admin", "helpbot", "Stats"))
    assert outcome.messages[-1].text == (
        "Priya in bot, located true, context none, sub action none")
