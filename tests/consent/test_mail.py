"""Issue #11, class 2: a `sendmail` item names the real sender and every recipient (`to`, `cc`,
`bcc`, `reply to`); the dialog shows them; the guard lets through only mail that matches; a
recipient known only at run time is shown as such, flagged, and may only be the person's own
address (reference §2.4 `sendmail`; Zoho's page "Send mail", misc-statements_send-mail)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from cliqsim.consent.guard import GuardedHost
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import ConsentManifest, build_manifest
from cliqsim.deluge.errors import EffectBlocked
from cliqsim.deluge.parser import parse
from cliqsim.deluge.source import Source, Span
from cliqsim.platform.triggers import HANDLER_INPUTS

LINE = Span(3, 1, 3, 20)
ME, ADMIN = "arjun@zylker.com", "priya@zylker.com"


def build(text: str) -> ConsentManifest:
    return build_manifest(
        "mailer", "command", {"run": (Source(text, "run.dg"), parse(text, "run.dg"))}, {},
        objects=HANDLER_INPUTS,
    )


def mail_items(manifest: ConsentManifest) -> list[ConsentItem]:
    return [item for item in manifest.items if item.mail is not None]


class Inner:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def now(self) -> datetime:
        return datetime(2026, 3, 1, tzinfo=UTC)

    def system_variable(self, name: str, span: Span) -> Any:
        return {"zoho.loginuserid": ME, "zoho.adminuserid": ADMIN}[name.lower()]

    def call_task(self, name: str, args: list[Any], span: Span) -> Any:
        raise AssertionError("no tasks here")

    def invoke_url(self, request: dict[str, Any], span: Span) -> Any:
        raise AssertionError("no URLs here")

    def send_mail(self, params: dict[str, Any], span: Span) -> None:
        self.sent.append(params)

    def info(self, text: str, span: Span) -> None:
        pass


def guard(items: list[ConsentItem]) -> tuple[GuardedHost, Inner]:
    inner = Inner()
    return GuardedHost(inner, items), inner


FULL = (
    'sendmail [ from: zoho.adminuserid to: "team@zylker.com" cc: "boss@zylker.com" '
    'bcc: "audit@zylker.com" reply to: "help@zylker.com" subject: "s" message: "m" ];\n'
)


def test_every_recipient_and_the_sender_are_shown() -> None:
    (mail,) = mail_items(build(FULL))
    assert mail.purpose == (
        "Sends email from the admin's address to team@zylker.com; cc boss@zylker.com; "
        "bcc audit@zylker.com; replies go to help@zylker.com"
    )
    assert mail.credentials == "admin" and not mail.flagged


def test_cc_bcc_and_reply_to_to_others_are_blocked() -> None:
    (mail,) = mail_items(build(FULL))
    host, inner = guard([mail])
    ok = {"from": ADMIN, "to": "team@zylker.com", "cc": "boss@zylker.com",
          "bcc": "audit@zylker.com", "reply to": "help@zylker.com"}
    host.send_mail(ok, LINE)
    for key, other in (("cc", "spy@evil.example"), ("bcc", "spy@evil.example"),
                       ("reply to", "spy@evil.example"), ("to", "team@zylker.com, x@evil.example")):
        with pytest.raises(EffectBlocked, match="sending email"):
            host.send_mail({**ok, key: other}, LINE)
    assert inner.sent == [ok]


def test_a_sender_other_than_the_one_shown_is_blocked() -> None:
    (mail,) = mail_items(build(FULL))
    host, inner = guard([mail])
    with pytest.raises(EffectBlocked, match="from arjun@zylker.com"):
        host.send_mail({"from": ME, "to": "team@zylker.com"}, LINE)
    assert inner.sent == []


def test_a_literal_sender_is_named_not_called_the_admin() -> None:
    (mail,) = mail_items(build(
        'sendmail [ from: "ceo@other.example" to: zoho.loginuserid subject: "s" message: "m" ];\n'
    ))
    assert mail.purpose == "Sends email from ceo@other.example to your address"
    host, inner = guard([mail])
    host.send_mail({"from": "ceo@other.example", "to": ME}, LINE)
    with pytest.raises(EffectBlocked):
        host.send_mail({"from": "ceo@other.example", "to": ADMIN}, LINE)
    assert len(inner.sent) == 1


def test_a_second_mail_to_a_computed_address_is_flagged_and_blocked() -> None:
    manifest = build(
        'sendmail [ from: zoho.loginuserid to: "team@zylker.com" subject: "s" message: "m" ];\n'
        'x = arguments;\n'
        'sendmail [ from: zoho.loginuserid to: x subject: "s" message: "m" ];\n'
    )
    literal, computed = sorted(mail_items(manifest), key=lambda i: i.flagged)
    assert not literal.flagged
    assert computed.flagged and "decided when the code runs" in computed.purpose
    assert "only your own" in computed.note
    host, inner = guard([literal, computed])
    host.send_mail({"from": ME, "to": "team@zylker.com"}, LINE)
    host.send_mail({"from": ME, "to": ME}, LINE)  # to yourself: what the dialog says
    with pytest.raises(EffectBlocked, match="to outsider@evil.example"):
        host.send_mail({"from": ME, "to": "outsider@evil.example"}, LINE)
    assert [m["to"] for m in inner.sent] == ["team@zylker.com", ME]


def test_a_sender_decided_at_run_time_is_flagged_and_may_only_be_you() -> None:
    (mail,) = mail_items(build(
        'f = arguments;\nsendmail [ from: f to: "team@zylker.com" subject: "s" message: "m" ];\n'
    ))
    assert mail.flagged and mail.purpose.startswith(
        "Sends email from an address decided when the code runs")
    host, inner = guard([mail])
    host.send_mail({"from": ME, "to": "team@zylker.com"}, LINE)
    with pytest.raises(EffectBlocked):
        host.send_mail({"from": ADMIN, "to": "team@zylker.com"}, LINE)


def test_mails_with_different_recipients_are_different_items() -> None:
    one = mail_items(build(
        'sendmail [ from: zoho.loginuserid to: "a@x.example" subject: "s" message: "m" ];\n'))
    two = mail_items(build(
        'sendmail [ from: zoho.loginuserid to: "b@x.example" subject: "s" message: "m" ];\n'))
    assert one[0].key != two[0].key


def test_text_that_is_not_an_address_is_quoted_in_the_purpose() -> None:
    (mail,) = mail_items(build(
        'sendmail [ from: zoho.loginuserid to: "a@x.example; and nobody else" '
        'subject: "s" message: "m" ];\n'))
    assert mail.purpose == 'Sends email from your address to "a@x.example; and nobody else"'
