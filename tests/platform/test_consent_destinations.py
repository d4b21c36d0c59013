"""Red team, hole 1: where a Cliq post goes is part of its consent item, as a mail's recipients
are. "Posts messages to Cliq channels as you" used to cover any channel or person, even one
computed at run time.

Zoho's Deluge pages "Post to chat", "Post to channel", "Post to user", "Post to bot"
(https://www.zoho.com/deluge/help/cliq/post-to-chat.html and siblings): the destination is the
task's first argument. cliqsim lists literal destinations, shows one computed at run time as
such (flagged) and lets it be only the narrowest: this chat, yourself, this component's bot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from platform_helpers import allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.consent.destination import Destination
from cliqsim.consent.gate import ConsentRequest, Gate
from cliqsim.consent.guard import GuardedHost
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import make_manifest
from cliqsim.consent.store import ConsentStore
from cliqsim.deluge.errors import EffectBlocked
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Span
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

COMMAND = """\
type = "command"
name = "{name}"
[handlers]
execution = "run.dg"
"""


def _runtime(tmp_path: Path, make_runtime: Callable[[Path], Runtime],
             scripts: dict[str, str]) -> Runtime:
    root = tmp_path / "c"
    root.mkdir(exist_ok=True)
    (root / "workspace.toml").write_text(
        (bundled_components() / "workspace.toml").read_text(encoding="utf-8"), encoding="utf-8")
    for name, script in scripts.items():
        write_package(root, name, COMMAND.format(name=name), {"run.dg": script})
    return make_runtime(root)


def _posts(items: tuple[ConsentItem, ...]) -> list[ConsentItem]:
    return [i for i in items if i.kind == "task" and i.target.startswith("zoho.cliq.post")]


def test_a_literal_channel_is_listed_and_another_is_blocked(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {"tosales": (
        'ch = "sales";\nif(arguments == "all") { ch = "general"; }\n'
        'zoho.cliq.postToChannel(ch, "hello");\nreturn {"text": "ok"};\n')})
    asked = runtime.submit("u_arjun", "general", "/tosales")
    assert asked.consent is not None
    (post,) = _posts(asked.consent.items)
    assert post.target == 'zoho.cliq.postToChannel {"to": ["general", "sales"]}'
    assert post.purpose == "Posts messages to Cliq channels as you: #general, #sales"
    assert not post.flagged
    done = allow(runtime, asked)
    assert done.status == "ok", done.error
    assert runtime.submit("u_arjun", "general", "/tosales all").status == "ok"


def test_a_destination_decided_at_run_time_is_shown_and_covers_only_this_chat(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {"anywhere": (
        'zoho.cliq.postToChannel(arguments, "leaked");\nreturn {"text": "ok"};\n')})
    asked = runtime.submit("u_arjun", "general", "/anywhere general")
    assert asked.consent is not None
    (post,) = _posts(asked.consent.items)
    assert post.target == 'zoho.cliq.postToChannel {"to": null}'
    assert post.flagged
    assert "a channel decided when the code runs" in post.purpose
    assert "only this chat" in post.note
    assert allow(runtime, asked).status == "ok"  # into the chat it runs in: allowed
    before = len(runtime.messages("sales", "u_arjun", None))
    blocked = runtime.submit("u_arjun", "general", "/anywhere sales")
    assert blocked.status == "error" and blocked.error is not None
    assert "posting to #sales" in blocked.error.message
    assert len(runtime.messages("sales", "u_arjun", None)) == before
    assert any(r.event == "blocked" and "#sales" in r.detail for r in runtime.ledger("u_arjun"))


def test_this_chat_is_named_as_such_and_not_flagged(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {"here": (
        'zoho.cliq.postToChat(chat.get("id"), "hi");\nreturn {"text": "ok"};\n')})
    asked = runtime.submit("u_arjun", "sales", "/here")
    assert asked.consent is not None
    (post,) = _posts(asked.consent.items)
    assert post.target == 'zoho.cliq.postToChat {"to": ["this chat"]}'
    assert post.purpose.endswith(": this chat") and not post.flagged
    assert allow(runtime, asked).status == "ok"


def test_a_direct_message_to_someone_computed_covers_only_you(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {
        "dm": 'zoho.cliq.postToUser(arguments, "psst");\nreturn {"text": "ok"};\n',
        "note": 'zoho.cliq.postToUser(zoho.loginuserid, "note");\nreturn {"text": "ok"};\n',
    })
    asked = runtime.submit("u_arjun", "general", "/dm arjun@zylker.com")
    assert asked.consent is not None
    (post,) = _posts(asked.consent.items)
    assert "a person decided when the code runs" in post.purpose and "only you" in post.note
    assert allow(runtime, asked).status == "ok"  # to yourself
    other = runtime.submit("u_arjun", "general", "/dm meera@zylker.com")
    assert other.status == "error" and other.error is not None
    assert "meera@zylker.com" in other.error.message
    mine = runtime.submit("u_arjun", "general", "/note")
    assert mine.consent is not None
    (note,) = _posts(mine.consent.items)
    assert note.purpose.endswith(": you") and not note.flagged
    assert allow(runtime, mine).status == "ok"


def test_a_new_destination_in_changed_code_asks_again(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {"tosales": (
        'zoho.cliq.postToChannel("sales", "hello");\nreturn {"text": "ok"};\n')})
    assert allow(runtime, runtime.submit("u_arjun", "general", "/tosales")).status == "ok"
    script = tmp_path / "c" / "tosales" / "run.dg"
    script.write_text('zoho.cliq.postToChannel("general", "hello");\nreturn {"text": "ok"};\n',
                      encoding="utf-8")
    runtime.reload()
    again = runtime.submit("u_arjun", "general", "/tosales")
    assert again.status == "consent_required"
    assert again.consent is not None and again.consent.diff is not None
    assert [i.purpose for i in again.consent.diff.added] == [
        "Posts messages to Cliq channels as you: #general"]


def test_a_grant_stored_before_destinations_were_part_of_the_item_asks_again(
    tmp_path: Path,
) -> None:
    """An old grant (the item `zoho.cliq.postToChannel`, with no destination) must fail closed:
    the gate asks again, and such an item by itself covers no post."""
    old = ConsentItem("task", "zoho.cliq.postToChannel", "user",
                      "Posts messages to Cliq channels as you")
    new = ConsentItem("task", Destination("zoho.cliq.postToChannel", "channel",
                                          ("sales",)).target(), "user",
                      "Posts messages to Cliq channels as you: #sales")
    gate = Gate(ConsentStore.in_dir(tmp_path), SimulatedClock(datetime(2026, 3, 1, tzinfo=UTC)))
    gate.grant("u_arjun", make_manifest("tosales", "command", [old], name="/tosales"))
    decision = gate.check("u_arjun", make_manifest("tosales", "command", [new],
                                                   name="/tosales"))
    assert isinstance(decision, ConsentRequest) and decision.reason == "changed"
    guard = GuardedHost(RecordingHost(), [old], component="/tosales")
    try:
        guard.call_task("zoho.cliq.postToChannel", ["sales", "hi"], Span.point(1, 1))
    except EffectBlocked as blocked:
        assert "posting to #sales" in blocked.message
    else:
        raise AssertionError("an item without a destination let a post through")


def test_a_destination_is_compared_as_cliq_names_it() -> None:
    spec = Destination("zoho.cliq.postToChannel", "channel", ("Sales",))
    assert spec.covers("#sales", lambda symbol: ())
    assert spec.covers(" SALES ", lambda symbol: ())
    assert not spec.covers("sales2", lambda symbol: ())
    assert not spec.covers(["sales"], lambda symbol: ())  # a list is no channel name
    here = Destination("zoho.cliq.postToChat", "chat", None)
    assert here.covers("CT_1", lambda symbol: ("CT_1",) if symbol == "this chat" else ())
    assert not here.covers("CT_2", lambda symbol: ("CT_1",) if symbol == "this chat" else ())
    odd = Destination("zoho.cliq.postToChannel", "channel", ('x", and everyone',))
    assert odd.shown() == '#"x\\", and everyone"'  # quoted: code text never reads as more


def test_a_post_through_cliqs_own_rest_api_is_flagged(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    """Cliq's REST API (https://www.zoho.com/cliq/help/restapi/v2/) puts the destination in the
    address path, which an API item (a host) does not limit: the dialog says so."""
    runtime = _runtime(tmp_path, make_runtime, {"rest": (
        'r = invokeurl [ url: "https://cliq.zoho.com/api/v2/channelsbyname/" + arguments + '
        '"/message" type: POST parameters: {"text": "hi"} ];\nreturn {"text": "ok"};\n')})
    asked = runtime.submit("u_arjun", "general", "/rest sales")
    assert asked.consent is not None
    (api,) = [i for i in asked.consent.items if i.kind == "api"]
    assert api.target == "POST cliq.zoho.com" and api.flagged
    assert "Cliq's own REST API" in api.note


def test_a_message_cliq_would_refuse_opens_no_chat_first(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    """Limits hold before effects: postToUser checked the message only after it had opened a
    direct chat with the person (Zoho's "Post to user" page: the message is text or a map)."""
    runtime = _runtime(tmp_path, make_runtime, {"dmbad": (
        'zoho.cliq.postToUser("meera@zylker.com", 42);\nreturn {"text": "ok"};\n')})
    before = {c.id for c in runtime.chats("u_meera")}
    done = allow(runtime, runtime.submit("u_arjun", "general", "/dmbad"))
    assert done.status == "error" and done.error is not None
    assert "the message must be text" in done.error.message
    assert {c.id for c in runtime.chats("u_meera")} == before
