"""A person who leaves a channel leaves its threads too (docs/consents.md, threat model row 44).

A thread's members were copied from its channel when the thread started and brought up to date
only when someone replied in it again: a person removed from #sales (or who left it) could
still read a thread of #sales, post in it, and run commands there (under their own consent,
with the thread's messages as `chat`), because the one authorization check saw the stale copy.
Now a channel's membership change reaches its threads at once (`Workspace.update_channel`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from platform_helpers import allowing, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.errors import UsageError
from cliqsim.platform.authorization import NotAuthorized
from cliqsim.platform.runtime import Runtime


def _thread(tmp_path: Path, clock: SimulatedClock) -> tuple[Runtime, str]:
    root = tmp_path / "c"
    write_package(root, "hello", 'type = "command"\nname = "hello"\n[handlers]\n'
                  'execution = "execution.dg"\n',
                  {"execution.dg": 'zoho.cliq.postToChat(chat.get("id"), "hi");\n'
                                   'return {"text": "done"};\n'})
    runtime = Runtime(root, tmp_path / "d", clock)
    parent = runtime.submit("u_admin", "sales", "Plan")
    reply = runtime.reply_in_thread("u_arjun", parent.messages[0].id, "ok")
    return runtime, reply.messages[0].chat_id


def test_after_leaving_the_channel_its_thread_is_closed_to_them(
        tmp_path: Path, clock: SimulatedClock) -> None:
    runtime, thread = _thread(tmp_path, clock)
    allowing(runtime, runtime.submit("u_arjun", thread, "/hello"))  # a member: it runs
    runtime.trigger_event("u_arjun", "leave", ["sales"])
    with pytest.raises((NotAuthorized, UsageError)):  # refused before anything runs
        runtime.submit("u_arjun", thread, "/hello")
    with pytest.raises(NotAuthorized):
        runtime.messages(thread, user_id="u_arjun")


def test_joining_the_channel_opens_its_threads(tmp_path: Path, clock: SimulatedClock) -> None:
    runtime, thread = _thread(tmp_path, clock)
    with pytest.raises(NotAuthorized):
        runtime.messages(thread, user_id="u_meera")
    runtime.trigger_event("u_meera", "join", ["sales"])
    assert [m.text for m in runtime.messages(thread, user_id="u_meera")][0] == "ok"
