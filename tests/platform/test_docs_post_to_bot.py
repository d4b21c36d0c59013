"""Zoho, "Post To Bot" (https://www.zoho.com/cliq/help/platform/post-to-bot.html): "Send a bot
message", "Broadcast message to all bot subscribers" (`broadcast`), "Send message to specific
subscribers of the bot" (`userids`, comma separated); Zoho's Deluge "Post to Bot" page
(https://www.zoho.com/deluge/help/cliq/post-to-bot.html): "The chat will be displayed to all the
bot subscribers if you are the admin, otherwise the chat will be visible only to you"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allowing, write_package

from cliqsim.errors import UsageError
from cliqsim.platform.chat_ids import bot_chat_id
from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]

SEND = """\
zoho.cliq.postToBot("newsbot", {"text":"Sprint review at 4 PM","broadcast":true});
zoho.cliq.postToBot("newsbot", {"text":"Please share the demo build","userids":"u_meera,u_arjun"});
zoho.cliq.postToBot("newsbot", {"text":"Note to self","broadcast":false});
return Map();
"""


def _texts(runtime: Runtime, user_id: str) -> list[str]:
    try:
        return [m.text for m in runtime.messages(bot_chat_id("newsbot", user_id))]
    except UsageError:  # no bot chat with this person yet
        return []


def test_broadcast_and_userids_choose_whose_bot_chats_get_the_post(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    write_package(tmp_path / "components", "newsbot",
                  'type = "bot"\nname = "News Bot"\nunique_name = "newsbot"\n'
                  '[[menu]]\nname = "Send"\nhandler = "send.dg"\n', {"send.dg": SEND})
    runtime = make_runtime(tmp_path / "components")
    allowing(runtime, runtime.open_bot("u_arjun", "newsbot"))
    sent = allowing(runtime, runtime.menu_action("u_admin", "newsbot", "Send"))  # an org admin
    assert sent.status == "ok", sent.error
    assert _texts(runtime, "u_admin") == ["Sprint review at 4 PM", "Note to self"]
    assert _texts(runtime, "u_arjun") == ["Sprint review at 4 PM", "Please share the demo build"]
    assert _texts(runtime, "u_meera") == ["Please share the demo build"]  # not a subscriber
    # anyone else's post, whatever it names, is visible only to them
    allowing(runtime, runtime.menu_action("u_meera", "newsbot", "Send"))
    assert _texts(runtime, "u_meera")[1:] == [
        "Sprint review at 4 PM", "Please share the demo build", "Note to self"]
    assert len(_texts(runtime, "u_arjun")) == 2


# Zoho, "Post to Bot as an admin" (https://www.zoho.com/deluge/help/cliq/post-to-bot-as-admin.html):
# "The bot subscribers will receive your message and the sender will be displayed as admin".
def test_post_to_bot_as_admin_shows_the_admin_as_sender(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    write_package(tmp_path / "components", "newsbot",
                  'type = "bot"\nname = "News Bot"\nunique_name = "newsbot"\n'
                  '[[menu]]\nname = "Send"\nhandler = "send.dg"\n',
                  {"send.dg": 'zoho.cliq.postToBotAsAdmin("newsbot","Hello");\nreturn Map();\n'})
    runtime = make_runtime(tmp_path / "components")
    allowing(runtime, runtime.open_bot("u_arjun", "newsbot"))
    sent = allowing(runtime, runtime.menu_action("u_arjun", "newsbot", "Send"))
    assert sent.status == "ok", sent.error
    hello = runtime.messages(bot_chat_id("newsbot", "u_arjun"))[-1]
    assert hello.text == "Hello"
    assert (hello.sender.kind, hello.sender.name) == ("user", "Priya Sharma")
