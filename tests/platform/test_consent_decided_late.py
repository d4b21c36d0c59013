"""A consent request answered late is judged again when the answer comes (docs/consents.md,
threat model row 27).

A request waits for the person's answer (the dialog stays open; `Runtime.decide` comes later).
Allowing used to grant and run at once, on the strength of what held when the request was
made: a component of an extension that an org admin uninstalled in the meantime (or whose
organization consent lapsed) still ran, and a person who had left the channel still ran a
command there. Now `Pipeline.decide` asks again what `start` asks (available, authorized)
before it grants anything."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.clock import SimulatedClock
from cliqsim.platform.authorization import NotAuthorized
from cliqsim.platform.runtime import Runtime


def _welcome(runtime: Runtime) -> list[str]:
    return [m.text for m in runtime.messages("bot_pollbot_u_arjun") if m.component]


def test_allowing_after_the_extension_was_uninstalled_runs_nothing(installed: Runtime) -> None:
    asked = installed.open_bot("u_arjun", "pollbot")
    assert asked.status == "consent_required" and asked.pending is not None
    assert installed.uninstall_extension("u_admin", "poll").status == "ok"
    answered = installed.decide(asked.pending, True)
    assert answered.status == "denied"
    assert "not installed" in (answered.notice or "")
    assert not installed.grants("u_arjun")  # nothing was granted
    assert not any("Welcome" in (m.text or "") for m in answered.messages)


def test_allowing_after_the_org_consent_lapsed_runs_nothing(
        installed: Runtime, clock: SimulatedClock) -> None:
    clock.set(clock.now() + timedelta(days=59, hours=23))
    asked = installed.open_bot("u_arjun", "pollbot")
    assert asked.status == "consent_required" and asked.pending is not None
    clock.set(clock.now() + timedelta(hours=2))  # the org's 60 days end while it waits
    answered = installed.decide(asked.pending, True)
    assert answered.status == "denied"
    assert "expired" in (answered.notice or "")
    assert not installed.grants("u_arjun")


def test_allowing_once_is_judged_again_too(installed: Runtime) -> None:
    asked = installed.open_bot("u_arjun", "pollbot")
    assert asked.pending is not None
    installed.uninstall_extension("u_admin", "poll")
    assert installed.decide(asked.pending, True, once=True).status == "denied"


def test_allowing_after_leaving_the_channel_runs_nothing(
        tmp_path: Path, clock: SimulatedClock) -> None:
    root = tmp_path / "c"
    write_package(root, "hello", 'type = "command"\nname = "hello"\n[handlers]\n'
                  'execution = "execution.dg"\n',
                  {"execution.dg": 'zoho.cliq.postToChat(chat.get("id"), "hi");\n'
                                   'return {"text": "done"};\n'})
    runtime = Runtime(root, tmp_path / "d", clock)
    asked = runtime.submit("u_arjun", "sales", "/hello")
    assert asked.status == "consent_required" and asked.pending is not None
    runtime.trigger_event("u_arjun", "leave", ["sales"])
    with pytest.raises(NotAuthorized):
        runtime.decide(asked.pending, True)
    assert not runtime.grants("u_arjun")
    assert not [m for m in runtime.messages("sales") if m.text in ("hi", "done")]


def test_a_request_answered_while_everything_still_holds_runs(installed: Runtime) -> None:
    asked = installed.open_bot("u_arjun", "pollbot")
    assert asked.pending is not None
    answered = installed.decide(asked.pending, True)
    assert answered.status == "ok"
    assert any("Welcome" in (m.text or "") for m in answered.messages)
