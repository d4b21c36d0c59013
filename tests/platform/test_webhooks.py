"""Bot incoming webhooks (runtime and `cliqsim webhook`) and participation, with the PayAlerts
sample; the Birthday wishes and Status check samples on their schedule."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from platform_helpers import allow

from cliqsim.cli import main
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

FIXTURES = bundled_components() / "payalerts" / "fixtures"
SIGNED = {"X-Razorpay-Signature": "demo", "Content-Type": "application/json"}


def body(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_a_failed_payment_webhook_alerts_sales(runtime: Runtime) -> None:
    asked = runtime.deliver_webhook("PayAlerts", body("payment_failed.json"), headers=SIGNED)
    assert asked.status == "consent_required"
    assert asked.pending is not None and asked.pending.user_id == "u_admin"  # the bot's owner
    done = allow(runtime, asked)
    assert done.status == "ok", done.error
    alert = runtime.messages("sales")[-1]
    assert alert.sender.name == "PayAlerts"
    assert "INR 4999" in alert.text and "declined by the bank" in alert.text
    reply = runtime.messages("bot_payalerts_u_admin")[-1]
    assert reply.text == "Failed payment pay_NkQ3vB1f8aXq2P (INR 4999) reported to #sales."
    assert done.run is not None and isinstance(done.run.inputs["body"], str)
    assert done.run.inputs["headers"]["X-Razorpay-Signature"] == "demo"


def test_large_payments_and_unsigned_calls(runtime: Runtime) -> None:
    allow(runtime, runtime.deliver_webhook("payalerts", body("payment_captured.json"),
                                           headers=SIGNED))
    assert "INR 125000" in runtime.messages("sales")[-1].text
    before = len(runtime.messages("sales"))
    unsigned = runtime.deliver_webhook("payalerts", body("payment_failed.json"))
    assert "without the X-Razorpay-Signature header" in unsigned.messages[-1].text
    assert len(runtime.messages("sales")) == before


def test_participation_runs_when_the_bot_joins_or_leaves(runtime: Runtime) -> None:
    added = allow(runtime, runtime.add_bot_to_channel("u_admin", "PayAlerts", "sales"))
    assert added.messages[-1].text == "Hello Sales! I'll post failed and large payments here."
    assert added.run is not None and added.run.inputs["operation"] == "added"
    removed = runtime.remove_bot_from_channel("u_admin", "PayAlerts", "sales")
    assert removed.messages[-1].text == "PayAlerts will no longer post here."


def cli(tmp_path: Path, *args: str) -> int:
    return main(["webhook", *args, "--data", str(tmp_path / "data")])


def test_cliqsim_webhook_delivers_from_a_file(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code = cli(tmp_path, "PayAlerts", "--body", f"@{FIXTURES / 'payment_failed.json'}",
               "--header", "X-Razorpay-Signature: demo", "--consent", "allow", "--json")
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "ok"
    assert [m["chat_id"] for m in data["messages"]] == ["sales", "bot_payalerts_u_admin"]


@pytest.mark.parametrize(("args", "words"), [
    (["--body", "{not json"], "--body is not valid JSON (line 1, column 2"),
    (["--body", "@missing.json"], "there is no file missing.json"),
    (["--body", "{}", "--header", "nocolon"], "write NAME:VALUE"),
    (["--body", "{}", "--param", "x"], "write NAME=VALUE"),
])
def test_cliqsim_webhook_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   args: list[str], words: str) -> None:
    assert cli(tmp_path, "PayAlerts", *args) == 2
    assert words in capsys.readouterr().err


def test_cliqsim_webhook_unknown_bot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(tmp_path, "Nobody", "--body", "{}") == 2
    assert "there is no bot 'Nobody'" in capsys.readouterr().err


def test_text_bodies_pass_with_a_text_content_type(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code = cli(tmp_path, "PayAlerts", "--body", "ping", "--header",
               "Content-Type:text/plain", "--header", "X-Razorpay-Signature:x",
               "--consent", "allow", "--json")
    assert code == 1  # the sample parses JSON: its error is reported, not a traceback
    data = json.loads(capsys.readouterr().out)
    assert data["error"]["kind"] in ("script", "blocked")


def test_the_birthday_and_status_schedulers(runtime: Runtime,
                                            clock: object) -> None:
    for request in runtime.scheduler_consents("u_admin"):
        allow(runtime, request)
    runtime.advance_to(datetime(2026, 12, 2, 5, 0, tzinfo=UTC))
    general = [m for m in runtime.messages("general") if m.component == "birthdays"]
    assert [m.text for m in general] == [
        "Happy birthday, *Arjun, Karthik*! 🎂 Have a wonderful year ahead."]
    assert general[0].time == datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
    status = [m for m in runtime.messages("announcements") if m.component == "statuscheck"]
    assert len(status) == 1  # Wed Dec 2, 09:30 IST (first seen after Tue's 09:30)
    assert status[0].text.startswith("GitHub: *Partially Degraded Service*")
    assert status[0].slides[0].data["rows"][2] == {"Service": "Pull Requests",
                                                   "Status": "degraded performance"}
