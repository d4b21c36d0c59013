"""Threads, minimally real (#13): a reply to a channel message starts its thread, and the
channel's participant bots hear the thread operations through normal use.

Zoho, "Bot Participation Handler" (https://zoho.com/cliq/help/platform/bot-participation-handler.html)
lists the operations `message_sent`, `auto_followed_thread`, `thread_closed`, `thread_reopened`
(and `added_in_thread`, `removed_from_thread`); the page does not give their data, so the shapes
here are cliqsim's (docs/components.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import START, write_package

from cliqsim.cli import main
from cliqsim.errors import UsageError
from cliqsim.platform.runtime import Outcome, Runtime

HEARD = '''
what = operation + " in " + chat.get("type");
if(data.containsKey("thread")) { what = what + " [" + data.get("thread").get("title") + "]"; }
if(data.containsKey("message")) { what = what + ": " + data.get("message").get("text"); }
return {"text": what};
'''


def _allowing(runtime: Runtime, outcome: Outcome) -> Outcome:
    while outcome.status == "consent_required" and outcome.pending is not None:
        outcome = runtime.decide(outcome.pending, True)
    return outcome


@pytest.fixture
def echo(tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> Runtime:
    root = tmp_path / "components"
    write_package(root, "echo", """
        type = "bot"
        name = "Echo"
        [handlers]
        participation = "part.dg"
        """, {"part.dg": HEARD})
    runtime = make_runtime(root)
    _allowing(runtime, runtime.add_bot_to_channel("u_admin", "echo", "general"))
    _allowing(runtime, runtime.submit("u_arjun", "general", "morning"))  # Arjun allows Echo
    return runtime


def _texts(outcome: Outcome) -> list[str]:
    return [m.text for m in outcome.messages if m.sender.id != "u_arjun"]


def test_the_first_reply_starts_the_thread_and_participant_bots_follow_it(
        echo: Runtime) -> None:
    parent = _allowing(echo, echo.submit("u_admin", "general", "Release on Friday?"))
    parent_id = next(m.id for m in parent.messages if m.text == "Release on Friday?")
    first = _allowing(echo, echo.reply_in_thread("u_arjun", parent_id, "Yes, after QA"))
    assert first.status == "ok", first.error
    thread = f"thread_{parent_id}"
    assert [m.text for m in echo.messages(thread)][0] == "Yes, after QA"
    assert echo.chat(thread).type == "thread"
    heard = [m.text for m in echo.messages(thread) if m.sender.id != "u_arjun"]
    assert "auto_followed_thread in thread [Release on Friday?]: Release on Friday?" in heard
    assert "message_sent in thread: Yes, after QA" in heard
    again = _allowing(echo, echo.reply_in_thread("u_arjun", parent_id, "QA is done"))
    assert _texts(again) == ["message_sent in thread: QA is done"]  # followed once only
    assert all(m.chat_id == thread for m in again.messages)
    assert "Yes, after QA" not in [m.text for m in echo.messages("general")]


def test_closing_and_reopening_a_thread(echo: Runtime) -> None:
    parent = _allowing(echo, echo.submit("u_admin", "general", "Incident 42"))
    parent_id = parent.messages[0].id
    _allowing(echo, echo.reply_in_thread("u_arjun", parent_id, "looking"))
    thread = f"thread_{parent_id}"
    closed = _allowing(echo, echo.trigger_event("u_arjun", "thread-close", [thread]))
    assert "thread_closed in thread [Incident 42]" in _texts(closed)
    with pytest.raises(UsageError, match="is closed; reopen it first"):
        echo.reply_in_thread("u_arjun", parent_id, "more")
    reopened = _allowing(echo, echo.trigger_event("u_arjun", "thread-reopen", [thread]))
    assert "thread_reopened in thread [Incident 42]" in _texts(reopened)
    assert _allowing(echo, echo.reply_in_thread("u_arjun", parent_id, "fixed")).status == "ok"


def test_only_channel_messages_have_threads_and_only_members_reply(echo: Runtime) -> None:
    dm = echo.submit("u_admin", "dm_u_admin_u_arjun", "psst")
    with pytest.raises(UsageError, match="not a channel"):
        echo.reply_in_thread("u_arjun", dm.messages[0].id, "hi")
    sales = echo.submit("u_admin", "sales", "pipeline review")
    with pytest.raises(UsageError):
        echo.reply_in_thread("u_meera", sales.messages[0].id, "me too")  # not in #sales


def test_run_thread_replies_headless(echo: Runtime, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    parent = _allowing(echo, echo.submit("u_admin", "general", "Standup notes"))
    # the command runs at the fixture's time: a consent given then covers no earlier run
    data = ["--data", str(tmp_path / "data"), "--components", str(tmp_path / "components"),
            "--now", START.isoformat()]
    code = main(["run", "noted", "--thread", parent.messages[0].id, "--user", "u_arjun",
                 "--consent", "allow", "--json", *data])
    assert code == 0
    shown = json.loads(capsys.readouterr().out)
    texts = [m["text"] for m in shown["messages"]]
    assert "noted" in texts and "message_sent in thread: noted" in texts


def test_a_person_not_yet_asked_is_asked_about_following_first(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    root = tmp_path / "components"
    write_package(root, "echo", """
        type = "bot"
        name = "Echo"
        [handlers]
        participation = "part.dg"
        """, {"part.dg": HEARD})
    runtime = make_runtime(root)
    _allowing(runtime, runtime.add_bot_to_channel("u_admin", "echo", "general"))
    parent = _allowing(runtime, runtime.submit("u_admin", "general", "Plan"))
    asked = runtime.reply_in_thread("u_meera", parent.messages[0].id, "ok")
    assert asked.status == "consent_required" and asked.pending is not None
    assert asked.pending.description.startswith("Echo: auto_followed_thread")
    assert asked.messages[0].text == "ok"  # the reply is posted all the same
    done = runtime.decide(asked.pending, True)
    assert done.messages[-1].text == "auto_followed_thread in thread [Plan]: Plan"


def test_a_recorded_thread_replays(tmp_path: Path,
                                   make_runtime: Callable[[Path], Runtime]) -> None:
    """A thread's id carries its message's id, so a transcript aliases both together."""
    from cliqsim.platform.transcript import replay

    root = tmp_path / "components"
    write_package(root, "echo", """
        type = "bot"
        name = "Echo"
        [handlers]
        participation = "part.dg"
        """, {"part.dg": HEARD})
    runtime = make_runtime(root)
    path = tmp_path / "thread.toml"
    runtime.record_to(path)
    _allowing(runtime, runtime.add_bot_to_channel("u_admin", "echo", "general"))
    parent = _allowing(runtime, runtime.submit("u_admin", "general", "Deploy?"))
    parent_id = parent.messages[0].id
    _allowing(runtime, runtime.reply_in_thread("u_arjun", parent_id, "after lunch"))
    _allowing(runtime, runtime.trigger_event("u_arjun", "thread-close", [f"thread_{parent_id}"]))
    runtime.record_to(None)
    text = path.read_text()
    assert "thread_$m" in text and f"thread_{parent_id}" not in text
    report = replay(path, root)
    assert report.ok, [line for step in report.steps for line in step.diff]


def test_a_bot_added_to_a_thread_hears_it_until_removed(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    """`added_in_thread` / `removed_from_thread` ("Bot Participation Handler"): a bot that is
    not in the channel is added to one thread, hears its messages, then is removed."""
    root = tmp_path / "components"
    write_package(root, "scribe", """
        type = "bot"
        name = "Scribe"
        [handlers]
        participation = "part.dg"
        """, {"part.dg": HEARD})
    runtime = make_runtime(root)
    parent = runtime.submit("u_admin", "general", "Retro notes")
    parent_id = parent.messages[0].id
    runtime.reply_in_thread("u_arjun", parent_id, "first")  # nobody follows it yet
    thread = f"thread_{parent_id}"
    added = _allowing(runtime, runtime.trigger_event("u_arjun", "thread-add",
                                                     ["scribe", thread]))
    assert "added_in_thread in thread [Retro notes]" in _texts(added)
    heard = _allowing(runtime, runtime.reply_in_thread("u_arjun", parent_id, "second"))
    assert _texts(heard) == ["message_sent in thread: second"]
    assert runtime.submit("u_arjun", "general", "in the channel").messages[-1].text == (
        "in the channel")  # not a participant of the channel: it hears nothing there
    removed = _allowing(runtime, runtime.trigger_event("u_arjun", "thread-remove",
                                                       ["scribe", thread]))
    assert "removed_from_thread in thread [Retro notes]" in _texts(removed)
    quiet = runtime.reply_in_thread("u_arjun", parent_id, "third")
    assert _texts(quiet) == []
    with pytest.raises(UsageError, match="is not in the thread"):
        runtime.trigger_event("u_arjun", "thread-remove", ["scribe", thread])
