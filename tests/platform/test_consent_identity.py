"""Issue #11, classes 5 and 6.

Class 5: a grant belongs to one component identity — type, name, extension and the folder it was
loaded from. A different component with the same folder name elsewhere never inherits it.
Class 6: when the organization's consent to an extension expires or is revoked, every component
of the extension stops with a message saying an org admin must renew it; the admin is asked on
the next install or when they next use one of its components; the ledger records each step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from platform_helpers import allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.platform.runtime import Runtime

HELLO_COMMAND = """\
type = "command"
name = "hello"
[handlers]
execution = "run.dg"
"""
HELLO_BOT = """\
type = "bot"
name = "hello"
[handlers]
welcome = "welcome.dg"
message = "welcome.dg"
"""
READS_EMAIL = 'e = user.get("email");\nreturn {"text": "hi " + e};\n'


def test_a_grant_does_not_carry_over_to_a_same_named_folder_elsewhere(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write_package(one, "hello", HELLO_COMMAND, {"run.dg": READS_EMAIL})
    write_package(two, "hello", HELLO_BOT, {"welcome.dg": READS_EMAIL})
    data = tmp_path / "data"
    first = Runtime(one, data, clock)
    allow(first, first.submit("u_arjun", "general", "/hello"))
    second = Runtime(two, data, clock)
    asked = second.open_bot("u_arjun", "hello")
    assert asked.status == "consent_required", asked
    assert asked.consent is not None and asked.consent.reason == "first_run"
    assert second.consent_state("u_arjun", "hello").state == "ask"


def test_the_same_folder_keeps_its_grant(
    tmp_path: Path, clock: SimulatedClock, make_runtime: Callable[[Path], Runtime]
) -> None:
    write_package(tmp_path / "one", "hello", HELLO_COMMAND, {"run.dg": READS_EMAIL})
    runtime = make_runtime(tmp_path / "one")
    allow(runtime, runtime.submit("u_arjun", "general", "/hello"))
    again = make_runtime(tmp_path / "one").submit("u_arjun", "general", "/hello")
    assert again.status == "ok"


def test_an_expired_org_consent_stops_the_extension_until_an_admin_renews_it(
    installed: Runtime, clock: SimulatedClock
) -> None:
    allow(installed, installed.open_bot("u_arjun", "PollBot"))
    clock.advance(timedelta(days=61))
    stopped = installed.open_bot("u_arjun", "PollBot")
    assert stopped.status == "denied", stopped
    assert "stopped" in stopped.notice and "org admin" in stopped.notice
    assert "expired on" in stopped.notice
    events = [(r.event, r.user_id) for r in installed.ledger(None)]
    assert ("expired", "@org") in events
    assert any(r.event == "blocked" and "stopped" in r.detail
               for r in installed.ledger("u_arjun"))
    # the admin is asked when they next use it; allowing renews the org consent
    asked = installed.open_bot("u_admin", "PollBot")
    assert asked.status == "consent_required" and asked.pending is not None
    assert asked.pending.org
    after = installed.decide(asked.pending, True)
    assert after.status in ("ok", "consent_required")
    assert any(r.event == "granted" and r.user_id == "@org" and "replaces" in r.detail
               for r in installed.ledger(None))
    resumed = installed.open_bot("u_arjun", "PollBot")
    assert resumed.status != "denied"


def test_a_revoked_org_consent_stops_it_and_install_asks_again(installed: Runtime) -> None:
    org = next(g for g in installed.grants("@org"))
    installed.revoke("@org", grant_id=org.grant_id, component=None)
    stopped = installed.open_bot("u_arjun", "PollBot")
    assert stopped.status == "denied" and "was revoked on" in stopped.notice
    again = installed.install_extension("u_admin", "poll")
    assert again.status == "consent_required" and again.pending is not None
    assert again.pending.org
    done = installed.decide(again.pending, True)
    assert done.status == "ok" and done.activated is True
    assert installed.open_bot("u_arjun", "PollBot").status != "denied"
