"""Cliq's REST API reached with `invokeurl`: the message endpoints post into the workspace.

Zoho, "Messages" (https://www.zoho.com/cliq/help/restapi/v2/messages/): "The messaging API lets
you post messages to a channel, a user, or a bot", the messages the `zoho.cliq.postTo*` tasks
post; a post answers "204 No Content". cliqsim answers the four message addresses through those
tasks (same authorization, same limits); a fixture for the address still wins, and every other
Cliq address needs one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allowing, write_package

from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]
CONNECTION = ('[connections.cliqapi]\nservice = "Zoho Cliq"\nauth = "user"\n'
              'hosts = ["cliq.zoho.com"]\n')


def _runtime(tmp_path: Path, make_runtime: MakeRuntime, script: str,
             extra: str = "") -> Runtime:
    root = tmp_path / "components"
    write_package(root, "rest", 'type = "command"\nname = "rest"\n[handlers]\n'
                  'execution = "run.dg"\n' + CONNECTION + extra, {"run.dg": script})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    return runtime


POSTS = """\
channel = invokeurl
[
\turl :"https://cliq.zoho.com/api/v2/channelsbyname/announcements/message"
\ttype :POST
\tparameters:{"text":"Office closed Monday"}.toString()
\tconnection:"cliqapi"
];
detailed = invokeurl
[
\turl :"https://cliq.zoho.com/api/v2/chats/general/message"
\ttype :POST
\tparameters:{"text":"Standup in 5","card":{"title":"Reminder","theme":"modern-inline"}}
\tconnection:"cliqapi"
\tdetailed:true
];
return {"text":"[" + channel + "] " + detailed.get("responseCode")};
"""


def test_the_message_endpoints_post_as_the_connections_account(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _runtime(tmp_path, make_runtime, POSTS)
    done = allowing(runtime, runtime.submit("u_arjun", "sales", "/rest"))
    assert done.status == "ok", done.error
    assert done.messages[-1].text == "[] 204"
    notice = runtime.messages("announcements")[-1]
    assert notice.text == "Office closed Monday" and notice.sender.name == "Arjun Rao"
    reminder = runtime.messages("general")[-1]
    assert reminder.card is not None and reminder.card.title == "Reminder"
    assert done.run is not None
    assert any("posted in the workspace (Cliq's API); as Arjun Rao's Zoho Cliq account"
               in e.detail for e in done.run.effects)


def test_a_rest_post_is_held_to_what_the_task_allows(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    """Meera is not in #sales: the API refuses her post there as postToChannel does."""
    script = POSTS.replace("announcements", "sales")
    runtime = _runtime(tmp_path, make_runtime, script)
    refused = allowing(runtime, runtime.submit("u_meera", "general", "/rest"))
    assert refused.status == "error"
    assert all(m.text != "Office closed Monday" for m in runtime.messages("sales", "u_admin"))


def test_a_rest_post_needs_a_way_to_sign_in(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    unsigned = ('r = invokeurl [ url: "https://cliq.zoho.com/api/v2/channelsbyname/general/'
                'message" type: POST parameters: {"text": "hi"} ];\nreturn {"text": "ok"};\n')
    runtime = _runtime(tmp_path, make_runtime, unsigned)
    refused = allowing(runtime, runtime.submit("u_arjun", "general", "/rest"))
    assert refused.status == "error" and refused.error is not None
    assert "needs a connection or an Authorization header" in refused.error.message
    header = unsigned.replace('type: POST', 'type: POST headers: {"Authorization": '
                              '"Zoho-oauthtoken 1000.x"}')
    runtime = _runtime(tmp_path / "header", make_runtime, header)
    assert allowing(runtime, runtime.submit("u_arjun", "general", "/rest")).status == "ok"
    assert runtime.messages("general")[-2].text == "hi"


def test_a_fixture_still_wins_and_other_addresses_need_one(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    fixture = ('[[fixtures]]\nmethod = "POST"\n'
               'url = "https://cliq.zoho.com/api/v2/chats/general/message"\nbody = "canned"\n')
    runtime = _runtime(tmp_path, make_runtime, POSTS, fixture)
    before = len(runtime.messages("general"))
    done = allowing(runtime, runtime.submit("u_arjun", "sales", "/rest"))
    assert done.status == "ok", done.error
    assert len([m for m in runtime.messages("general") if m.card]) == 0
    assert len(runtime.messages("general")) == before
    listing = ('r = invokeurl [ url: "https://cliq.zoho.com/api/v2/channels" type: GET '
               'connection: "cliqapi" ];\nreturn {"text": "ok"};\n')
    runtime = _runtime(tmp_path / "get", make_runtime, listing)
    missing = allowing(runtime, runtime.submit("u_arjun", "general", "/rest"))
    assert missing.error is not None and "has no offline fixture" in missing.error.message
