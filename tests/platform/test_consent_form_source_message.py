"""A form opened from a message hands that message only to someone who may still read it, in its
own chat (docs/consents.md, threat model row 45).

A form opened from a message ("the message for which the form is invoked", Zoho's Form
Function page) gave its submit handler that message as it is now. The form could be submitted
after its person had left the channel, or in another chat: the handler got the channel's
message all the same (edited since, perhaps, with more in it), and ran elsewhere. Now
submitting, changing or cancelling such a form asks what a message action asks: the message is
in the chat the form is submitted in, and the person is a member of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from platform_helpers import allowing, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.platform.authorization import NotAuthorized
from cliqsim.platform.messages import Form
from cliqsim.platform.runtime import Runtime

FORM = ('return {"type": "form", "name": "f", "title": "T", "action": {"type": '
        '"invoke.function", "name": "fsub"}, "inputs": [{"type": "text", "name": "x", '
        '"label": "X"}]};\n')


def _opened(tmp_path: Path, clock: SimulatedClock) -> tuple[Runtime, Form]:
    root = tmp_path / "c"
    write_package(root, "ask", 'type = "message_action"\nname = "Ask"\n[handlers]\n'
                  'execution = "a.dg"\n', {"a.dg": FORM})
    write_package(root, "fsub", 'type = "function"\nname = "fsub"\nfunction_type = "form"\n'
                  '[handlers]\nsubmit = "s.dg"\n',
                  {"s.dg": 'return {"text": "saw: " + message.get("text")};\n'})
    runtime = Runtime(root, tmp_path / "d", clock)
    posted = runtime.submit("u_admin", "sales", "Q4 numbers: confidential")
    opened = allowing(runtime, runtime.run_action("u_arjun", "Ask", [posted.messages[0].id],
                                                  "sales"))
    assert opened.form is not None and opened.form.message_id is not None
    return runtime, opened.form


def test_submitting_after_leaving_the_channel_reads_nothing(
        tmp_path: Path, clock: SimulatedClock) -> None:
    runtime, form = _opened(tmp_path, clock)
    runtime.trigger_event("u_arjun", "leave", ["sales"])
    for chat in ("sales", "general"):
        with pytest.raises(NotAuthorized):
            runtime.submit_form("u_arjun", chat, form, {"x": "1"})


def test_submitting_in_another_chat_is_refused(tmp_path: Path, clock: SimulatedClock) -> None:
    runtime, form = _opened(tmp_path, clock)
    with pytest.raises(NotAuthorized):
        runtime.submit_form("u_arjun", "general", form, {"x": "1"})


def test_submitting_where_it_was_opened_reads_the_message(
        tmp_path: Path, clock: SimulatedClock) -> None:
    runtime, form = _opened(tmp_path, clock)
    done = allowing(runtime, runtime.submit_form("u_arjun", "sales", form, {"x": "1"}))
    assert [m.text for m in done.messages] == ["saw: Q4 numbers: confidential"]
