"""`cliqsim trigger`: any handler with the inputs Cliq gives it plus a payload, through consent;
and ready-made events (#16 item 5). Inputs per handler follow Cliq's handler pages (Bot Welcome
Handler: `user`, `newuser`; Bot Participation Handler: `operation`, `data`, `chat`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cliqsim.cli import main
from cliqsim.errors import UsageError
from cliqsim.platform.runtime import Runtime


def _allow(runtime: Runtime, outcome):  # type: ignore[no-untyped-def]
    while outcome.status == "consent_required":
        outcome = runtime.decide(outcome.pending, True)
    return outcome


def test_welcome_with_newuser_false_reaches_the_handler(installed: Runtime) -> None:
    outcome = _allow(installed, installed.trigger("u_admin", "pollbot", "welcome",
                                                  {"newuser": False}))
    assert outcome.status == "ok"
    assert outcome.chat_id == "bot_pollbot_u_admin"
    assert outcome.messages[-1].text.startswith("Welcome back")


def test_the_payload_merges_into_cliqs_inputs(installed: Runtime) -> None:
    outcome = _allow(installed, installed.trigger(
        "u_admin", "pollbot", "participation", {"operation": "added"}, "general"))
    assert outcome.status == "ok"
    assert outcome.chat_id == "general"


def test_consent_is_asked_and_denial_runs_nothing(runtime: Runtime) -> None:
    outcome = runtime.trigger("u_admin", "nearby", "execution", {"arguments": "bank"})
    assert outcome.status == "consent_required"
    denied = runtime.decide(outcome.pending, False)
    assert denied.status == "denied"
    assert not any(m.component == "nearby" for m in denied.messages)


def test_non_message_responses_come_back_as_returned(runtime: Runtime) -> None:
    outcome = _allow(runtime, runtime.trigger("u_admin", "nearby", "suggestion",
                                              {"arguments": "ba"}))
    assert outcome.notice is not None
    assert outcome.notice.startswith("suggestion_handler returned: [")


@pytest.mark.parametrize(("args", "words"), [
    (("nearby", "welcome", None, None), "has no 'welcome' handler; its handlers: execution"),
    (("pollbot", "welcome", {"newusr": False}, None), "gets no newusr; its inputs are"),
    (("nosuch", "execution", None, None), "there is no component 'nosuch'"),
    (("nearby", "execution", None, "sales"), None),  # u_meera is not in #sales
])
def test_mistakes_are_named(installed: Runtime, args: tuple, words: str | None) -> None:
    component, handler, payload, chat = args
    with pytest.raises(UsageError) as caught:
        installed.trigger("u_meera", component, handler, payload, chat)
    assert (words or "is not a member of Sales") in caught.value.message


def test_events_change_the_workspace(installed: Runtime) -> None:
    joined = installed.trigger_event("u_meera", "join", ["sales"])
    assert joined.notice == "Meera Iyer joined #sales"
    assert "u_meera" in installed.chat("sales").members
    # now a member, Meera can trigger in #sales
    outcome = installed.trigger("u_meera", "nearby", "execution", None, "sales")
    assert outcome.status == "consent_required"
    installed.trigger_event("u_meera", "leave", ["#sales"])
    assert "u_meera" not in installed.chat("sales").members
    installed.trigger_event("u_admin", "rename", ["general", "Everyone"])
    assert installed.chat("general").title == "Everyone"
    with pytest.raises(UsageError):
        installed.trigger_event("u_admin", "explode", [])


def test_resubscribe_runs_welcome_with_newuser_false(installed: Runtime) -> None:
    _allow(installed, installed.open_bot("u_arjun", "pollbot"))
    outcome = _allow(installed, installed.trigger_event("u_arjun", "resubscribe", ["pollbot"]))
    assert outcome.messages[-1].text.startswith("Welcome back")


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data", str(tmp_path / "d")]
    assert main(["trigger", "pollbot", "--json", *data]) == 0
    assert "menu:My polls" in json.loads(capsys.readouterr().out)["handlers"]
    assert main(["trigger", "nearby", "execution", "--payload", '{"arguments":"bank"}',
                 "--consent", "allow", "--json", *data]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["card"]["title"] == "Nearby banks"
    assert main(["trigger", "nearby", "execution", "--payload", "[1]", *data]) == 2
    assert "JSON object" in capsys.readouterr().err
    assert main(["trigger", "--event", "join", "sales", "--user", "u_meera", *data]) == 0
    assert "joined #sales" in capsys.readouterr().out
