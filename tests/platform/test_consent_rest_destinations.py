"""Red team: a post through Cliq's own REST API names where it goes, as the task's item does.

Zoho, "Messages" (https://www.zoho.com/cliq/help/restapi/v2/messages/): `POST
/api/v2/channelsbyname/{channel_unique_name}/message`, `/chats/{chat_id}/message`,
`/bots/{bot_unique_name}/message`, `/buddies/{email}/message` post the messages the
`zoho.cliq.postTo*` tasks post. cliqsim answers those addresses itself, so the consent lists such
a post as that task's item with its destination (a literal, `this chat`, `you`, or one decided
at run time, which may only be the narrowest), and the guard refuses any other destination
before the post (docs/consents.md, row 24)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allow, write_package

from cliqsim.consent.guard import GuardedHost
from cliqsim.consent.items import ConsentItem
from cliqsim.deluge.errors import EffectBlocked
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Span
from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]
CONNECTION = ('[connections.cliqapi]\nservice = "Zoho Cliq"\nauth = "user"\n'
              'hosts = ["cliq.zoho.com"]\n')
API = "https://cliq.zoho.com/api/v2/"


def _runtime(tmp_path: Path, make_runtime: MakeRuntime, url: str) -> Runtime:
    script = (f'r = invokeurl [ url: {url} type: POST parameters: {{"text": "rest post"}} '
              'connection: "cliqapi" ];\nreturn {"text": "ok"};\n')
    root = tmp_path / "components"
    write_package(root, "rest", 'type = "command"\nname = "rest"\n[handlers]\n'
                  'execution = "run.dg"\n' + CONNECTION, {"run.dg": script})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    return runtime


def _post(items: tuple[ConsentItem, ...]) -> ConsentItem:
    (post,) = [i for i in items if i.kind == "task" and i.target.startswith("zoho.cliq.post")]
    return post


def test_a_literal_address_names_its_channel(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _runtime(tmp_path, make_runtime, f'"{API}channelsbyname/announcements/message"')
    asked = runtime.submit("u_arjun", "general", "/rest")
    assert asked.consent is not None
    post = _post(asked.consent.items)
    assert post.target == 'zoho.cliq.postToChannel {"to": ["announcements"]}'
    assert post.purpose.endswith(": #announcements") and not post.flagged
    assert post.connection == "cliqapi"
    (api,) = [i for i in asked.consent.items if i.kind == "api"]
    assert "names where it posts" in api.note
    assert allow(runtime, asked).status == "ok"
    assert runtime.messages("announcements")[-1].text == "rest post"


def test_a_destination_decided_at_run_time_covers_only_this_chat(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _runtime(tmp_path, make_runtime,
                       f'"{API}channelsbyname/" + arguments + "/message"')
    asked = runtime.submit("u_arjun", "general", "/rest general")
    assert asked.consent is not None
    post = _post(asked.consent.items)
    assert post.target == 'zoho.cliq.postToChannel {"to": null}' and post.flagged
    assert "a channel decided when the code runs" in post.purpose
    assert "only this chat" in post.note
    assert allow(runtime, asked).status == "ok"  # into the chat it runs in
    before = len(runtime.messages("sales", "u_arjun", None))
    blocked = runtime.submit("u_arjun", "general", "/rest sales")
    assert blocked.status == "error" and blocked.error is not None
    assert "posting to #sales through Cliq's REST API" in blocked.error.message
    assert len(runtime.messages("sales", "u_arjun", None)) == before


def test_this_chat_and_you_are_read_from_the_address(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    here = _runtime(tmp_path, make_runtime,
                    f'"{API}channelsbyname/" + chat.get("channel_unique_name") + "/message"')
    asked = here.submit("u_arjun", "sales", "/rest")
    assert asked.consent is not None
    post = _post(asked.consent.items)
    assert post.target == 'zoho.cliq.postToChannel {"to": ["this chat"]}' and not post.flagged
    you = _runtime(tmp_path / "you", make_runtime,
                   f'"{API}buddies/" + zoho.loginuserid + "/message"')
    asked = you.submit("u_arjun", "general", "/rest")
    assert asked.consent is not None
    post = _post(asked.consent.items)
    assert post.target == 'zoho.cliq.postToUser {"to": ["zoho.loginuserid"]}'
    assert post.purpose.endswith(": you") and not post.flagged


def test_the_host_item_alone_allows_no_post() -> None:
    """A grant of the host (as the dialog used to ask) or of another destination lets no
    message post through: the guard refuses it before the request is made."""
    host = ConsentItem("api", "POST cliq.zoho.com", "user", "Calls cliq.zoho.com")
    sales = ConsentItem("task", 'zoho.cliq.postToChannel {"to": ["sales"]}', "user", "Posts")
    recording = RecordingHost()
    request = {"url": f"{API}channelsbyname/general/message", "type": "POST",
               "parameters": {"text": "hi"}}
    for items in ([host], [host, sales]):
        guard = GuardedHost(recording, items, component="/rest")
        try:
            guard.invoke_url(request, Span.point(1, 1))
        except EffectBlocked as blocked:
            assert "#general through Cliq's REST API" in blocked.message
        else:
            raise AssertionError("a post went where the consent did not name")
    assert not recording.effects
    guard = GuardedHost(recording, [host, sales], component="/rest")
    guard.invoke_url({**request, "url": f"{API}channelsbyname/Sales/message"}, Span.point(1, 1))
    assert len(recording.effects) == 1
