"""The guard lets through exactly the granted effects and blocks the rest, with effect and line."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from cliqsim.consent.guard import GuardedHost, bind_objects, bindable_objects, object_fields
from cliqsim.consent.items import RUNTIME_ADDRESS, ConsentItem
from cliqsim.consent.mail import LOGIN_USER, MailSpec
from cliqsim.consent.manifest import ConnectionSpec
from cliqsim.consent.records import RecordTarget
from cliqsim.deluge.errors import EffectBlocked
from cliqsim.deluge.source import Span

from .conftest import EMAIL, MAPS, POST

LINE_7 = Span(7, 5, 7, 30)
GMAPS = ConnectionSpec("gmaps", "Google Maps", "admin", ("maps.googleapis.com",))
WEATHER = ConnectionSpec("weather", "Weather", "user", ("*.weather.example",))


class Inner:
    """The platform's host stand-in: records what reached it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def now(self) -> datetime:
        return datetime(2026, 3, 1, tzinfo=UTC)

    def system_variable(self, name: str, span: Span) -> Any:
        self.calls.append(("var", name))
        return "asha@example.com"

    def call_task(self, name: str, args: list[Any], span: Span) -> Any:
        self.calls.append(("task", name))
        return {"status": "SUCCESS"}

    def invoke_url(self, request: dict[str, Any], span: Span) -> Any:
        self.calls.append(("url", request["url"]))
        return {"results": []}

    def send_mail(self, params: dict[str, Any], span: Span) -> None:
        self.calls.append(("mail", params.get("to")))

    def info(self, text: str, span: Span) -> None:
        self.calls.append(("info", text))


def guarded(*items: ConsentItem, blocked: list[str] | None = None) -> tuple[GuardedHost, Inner]:
    inner = Inner()
    host = GuardedHost(
        inner,
        items,
        {"gmaps": GMAPS, "weather": WEATHER},
        component="/nearby",
        on_blocked=lambda what, span: (blocked if blocked is not None else []).append(what),
    )
    return host, inner


def test_a_granted_task_runs_and_is_recorded_as_used() -> None:
    host, inner = guarded(POST)
    assert host.call_task("zoho.cliq.postToChannel", ["general", "hi"], LINE_7) == {
        "status": "SUCCESS"
    }
    assert inner.calls == [("task", "zoho.cliq.postToChannel")]
    assert host.used_keys == {POST.key}


def test_a_task_outside_the_grant_is_blocked_with_its_name_and_line() -> None:
    blocked: list[str] = []
    host, inner = guarded(POST, blocked=blocked)
    with pytest.raises(EffectBlocked) as caught:
        host.call_task("zoho.crm.createRecord", ["Leads", {}, {}, "crm"], LINE_7)
    assert "zoho.crm.createRecord" in caught.value.message
    assert "line 7" in caught.value.message
    assert caught.value.span == LINE_7
    assert blocked == ["the task zoho.crm.createRecord at line 7"]
    assert inner.calls == []
    assert host.used_keys == frozenset()


def test_a_task_through_another_connection_is_blocked() -> None:
    crm = ConsentItem("task", RecordTarget("zoho.crm.createRecord", (("Leads",),)).target(),
                      "admin", "x", connection="crm")
    host, inner = guarded(crm)
    host.call_task("zoho.crm.createRecord", ["Leads", {}, {}, "crm"], LINE_7)
    with pytest.raises(EffectBlocked, match="connection 'crm_admin'"):
        host.call_task("zoho.crm.createRecord", ["Leads", {}, {}, "crm_admin"], LINE_7)
    assert inner.calls == [("task", "zoho.crm.createRecord")]


def test_urls_are_checked_by_host_method_and_connection() -> None:
    host, inner = guarded(MAPS)
    host.invoke_url(
        {"url": "https://maps.googleapis.com/maps/api/place?q=bank", "type": "GET",
         "connection": "gmaps"},
        LINE_7,
    )
    for request, reason in [
        ({"url": "https://evil.example/steal", "connection": "gmaps"}, "GET evil.example"),
        ({"url": "https://maps.googleapis.com/x", "type": "POST", "connection": "gmaps"},
         "POST maps.googleapis.com"),
        ({"url": "https://maps.googleapis.com/x"}, "GET maps.googleapis.com"),
        ({"url": "https://maps.googleapis.com.evil.example/x", "connection": "gmaps"},
         "maps.googleapis.com.evil.example"),
        ({"url": "ftp://maps.googleapis.com/x", "connection": "gmaps"}, "not an http"),
        ({"url": None}, "not an http"),
    ]:
        with pytest.raises(EffectBlocked, match=reason):
            host.invoke_url(request, LINE_7)
    assert inner.calls == [("url", "https://maps.googleapis.com/maps/api/place?q=bank")]


def test_a_wildcard_connection_host_covers_its_subdomains_only() -> None:
    item = ConsentItem("api", "ANY *.weather.example", "user", "x", connection="weather")
    host, _ = guarded(item)
    host.invoke_url({"url": "https://api.weather.example/today", "type": "PUT",
                     "connection": "weather"}, LINE_7)
    with pytest.raises(EffectBlocked):
        host.invoke_url({"url": "https://weather.example/", "connection": "weather"}, LINE_7)


def test_an_address_decided_at_run_time_covers_no_host() -> None:
    runtime = ConsentItem("api", RUNTIME_ADDRESS, "user", "x", flagged=True)
    host, inner = guarded(runtime)
    with pytest.raises(EffectBlocked, match="GET example.com"):
        host.invoke_url({"url": "https://example.com/"}, LINE_7)
    assert inner.calls == []


def test_mail_and_identity_need_their_items() -> None:
    mail = ConsentItem("task", MailSpec(LOGIN_USER, ("a@b.example",)).target(), "user",
                       "Sends email")
    login = ConsentItem("object", "zoho.loginuserid", "user", "Reads your email address")
    host, inner = guarded(mail, login)
    host.send_mail({"from": "asha@example.com", "to": "a@b.example"}, LINE_7)
    assert host.system_variable("zoho.loginuserid", LINE_7) == "asha@example.com"
    with pytest.raises(EffectBlocked, match="reading zoho.adminuserid at line 7"):
        host.system_variable("zoho.adminuserid", LINE_7)
    host.system_variable("zoho.appname", LINE_7)  # not an identity: the inner host decides
    bare, _ = guarded()
    with pytest.raises(EffectBlocked, match="sending email"):
        bare.send_mail({"to": "a@b.example"}, LINE_7)
    assert host.used_keys == {mail.key, login.key}
    assert ("var", "zoho.adminuserid") not in inner.calls


def test_only_covered_objects_and_fields_are_bound() -> None:
    chat = ConsentItem("object", "chat", "user", "Reads this chat's details")
    items = [EMAIL, chat, POST]
    assert bindable_objects(items) == {"user", "chat"}
    assert object_fields(items) == {"user": frozenset({"email"}), "chat": None}
    inputs = {
        "user": {"id": "1", "email": "asha@example.com", "first_name": "Asha"},
        "chat": {"id": "CT_1", "title": "general"},
        "location": {"latitude": 12.9, "longitude": 77.6},
        "arguments": "bank",
        "custom": 1,
    }
    bound = bind_objects(items, inputs, objects={"user", "chat", "location", "arguments"})
    assert bound == {
        "user": {"email": "asha@example.com"},
        "chat": {"id": "CT_1", "title": "general"},
        "custom": 1,
    }


def test_a_connection_chosen_at_run_time_was_shown_as_such_and_covers_the_call() -> None:
    chosen = ConsentItem(
        "task", RecordTarget("zoho.crm.getRecords", (("Leads",),)).target(), "admin", "x",
        flagged=True,
        note="the connection is chosen when the code runs",
    )
    host, inner = guarded(chosen)
    # red team: it covers a connection the component declares (whose account the dialog
    # could name), never one it does not
    host.call_task("zoho.crm.getRecords", ["Leads", 1, 200, {}, "weather"], LINE_7)
    assert inner.calls == [("task", "zoho.crm.getRecords")]
    with pytest.raises(EffectBlocked):
        host.call_task("zoho.crm.getRecords", ["Leads", 1, 200, {}, "crm_any"], LINE_7)


def test_each_item_used_is_reported_once() -> None:
    used: list[str] = []
    host = GuardedHost(Inner(), [POST], on_used=lambda item: used.append(item.target))
    for _ in range(3):
        host.call_task("zoho.cliq.postToChannel", ["general", "hi"], LINE_7)
    assert used == [POST.target]
    assert host.used_items == (POST,)
    assert host.now() == datetime(2026, 3, 1, tzinfo=UTC)


def test_a_blocked_effect_stops_the_run_even_inside_try_catch() -> None:
    from cliqsim.deluge.interpreter import run_text
    from cliqsim.deluge.recording_host import RecordingHost

    inner = RecordingHost()
    host = GuardedHost(inner, [POST], component="/nearby")
    script = (
        "try {\n"
        '  r = invokeurl [ url: "https://" + arguments + "/x" ];\n'
        '} catch (e) { zoho.cliq.postToChannel("general", "caught"); }\n'
        'zoho.cliq.postToChannel("general", "after");\n'
    )
    with pytest.raises(EffectBlocked) as caught:
        run_text(script, host, {"arguments": "evil.example"})
    assert caught.value.span is not None and caught.value.span.line == 2
    assert "Blocked GET evil.example (the address https://evil.example/x) at line 2" in (
        caught.value.message
    )
    assert "/nearby was not allowed" in caught.value.message
    assert inner.effects == []
