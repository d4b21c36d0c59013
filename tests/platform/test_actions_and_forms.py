"""Message actions (user and admin credentials), the /announce form flow, fixtures."""

from __future__ import annotations

from platform_helpers import allow

from cliqsim.platform.runtime import Runtime


def _message(runtime: Runtime, chat: str, text: str) -> str:
    return next(m.id for m in runtime.messages(chat) if text in m.text)


def test_translate_uses_the_users_own_connection(runtime: Runtime) -> None:
    spanish = _message(runtime, "general", "Hola equipo")
    asked = runtime.run_action("u_arjun", "translate", [spanish])
    api = next(i for i in asked.consent.items if i.kind == "api")
    assert api.credentials == "user" and api.target == "POST translation.googleapis.com"
    done = allow(runtime, asked)
    reply = done.messages[-1]
    assert reply.text == "Hello team, the demo for the Madrid client is tomorrow at 10."
    assert reply.card.title == "Translated from ES (Arjun)"
    assert done.run is not None
    assert done.run.inputs["message"]["text"].startswith("Hola equipo")


def test_a_request_without_fixture_fails_listing_the_fixtures(runtime: Runtime) -> None:
    posted = runtime.submit("u_arjun", "general", "Bonjour à tous")
    outcome = allow(runtime, runtime.run_action("u_arjun", "translate", [posted.messages[0].id]))
    assert outcome.status == "error"
    assert outcome.error is not None and outcome.error.kind == "script"
    assert "has no offline fixture in translate/component.toml" in outcome.error.message
    assert "fixtures that exist: POST https://translation.googleapis.com" in (
        outcome.error.message)
    assert outcome.error.line == 4
    shown = outcome.messages[-1]
    assert shown.is_error and "Translate failed (execution_handler in translate/execution.dg" in (
        shown.text)


def test_crm_lead_is_created_with_the_admins_connection(runtime: Runtime) -> None:
    note = _message(runtime, "sales", "Kavya Menon")
    asked = runtime.run_action("u_arjun", "Add as CRM lead", [note])
    task = next(i for i in asked.consent.items
                if i.target == 'zoho.crm.createRecord {"in": [["Leads"]]}')
    assert task.credentials == "admin" and task.connection == "zohocrm"
    done = allow(runtime, asked)
    assert done.messages[-1].card.title == "Kavya Menon (Lotusretail)"
    leads = runtime.crm_records("Leads")
    created = next(r for r in leads if r.get("Email") == "kavya.menon@lotusretail.in")
    assert created["Lead_Source"] == "Chat" and created["Last_Name"] == "Menon"
    again = runtime.run_action("u_arjun", "Add as CRM lead", [note])
    assert "is already a lead" in again.messages[-1].banner.text


def test_action_on_a_message_type_it_does_not_take(runtime: Runtime) -> None:
    import pytest

    from cliqsim.errors import UsageError

    link = runtime.submit("u_arjun", "general", "see https://zylker.com/pricing").messages[0]
    with pytest.raises(UsageError, match="works on text messages, not on a link message"):
        runtime.run_action("u_arjun", "Add as CRM lead", [link.id])


def test_announce_form_validates_then_posts_and_mails(runtime: Runtime) -> None:
    opened = allow(runtime, runtime.submit("u_meera", "general", "/announce Hi"))
    form = opened.form
    assert form is not None and form.action == "announceform"
    assert [i.name for i in form.inputs] == ["headline", "details", "channel", "tag", "email"]
    assert form.input("headline").value == "Hi"

    missing = runtime.submit_form("u_meera", "general", form, {"headline": "Hi"})
    assert missing.form_errors == {"details": "Details is required"}

    short = allow(runtime, runtime.submit_form("u_meera", "general", form, {
        "headline": "Hi", "details": "x", "channel": "announcements"}))
    assert short.status == "error"
    assert short.form_errors == {"headline": "Use at least 5 characters"}
    assert short.form is form

    done = runtime.submit_form("u_meera", "general", form, {
        "headline": "Office closed Monday", "details": "For Pongal.", "channel": "general",
        "tag": "holiday", "email": True})
    assert done.status == "ok"
    assert done.messages[-1].banner.text == "Posted in #general."
    card = next(m for m in done.messages if m.chat_id == "general" and m.card)
    assert card.card.title == "📣 Office closed Monday [holiday]"
    assert card.sender.name == "Meera Iyer" and card.visible_to is None
    assert done.run is not None
    assert done.run.inputs["form"]["values"]["channel"] == {"label": "#general",
                                                           "value": "general"}
    mails = runtime.outbox("u_meera")
    assert [m.subject for m in mails] == ["[Announcement] Office closed Monday"]


def test_change_and_dynamic_select_handlers(runtime: Runtime) -> None:
    form = allow(runtime, runtime.submit("u_meera", "general", "/announce")).form
    assert form is not None
    changed = allow(runtime, runtime.change_form("u_meera", "general", form,
                                                 {"channel": "sales"}, "channel"))
    action = changed.form_actions[0]
    assert action.type == "update" and action.name == "details"
    assert action.input is not None and action.input.hint.startswith("Sales may forward")
    options = runtime.form_options("u_meera", "general", form, {}, "tag", "ho")
    assert [o.label for o in options.options] == ["Holiday"]


def test_connections_resolve_to_whose_account_they_declare(runtime: Runtime) -> None:
    spanish = _message(runtime, "general", "Hola equipo")
    translated = allow(runtime, runtime.run_action("u_meera", "translate", [spanish]))
    assert translated.run is not None
    assert "as Meera Iyer's Google Cloud Translation account" in translated.run.effects[0].detail
    note = _message(runtime, "sales", "Kavya Menon")
    lead = allow(runtime, runtime.run_action("u_arjun", "Add as CRM lead", [note]))
    assert lead.run is not None
    created = [e.target for e in lead.run.effects if "createRecord" in e.target]
    assert created == ["zoho.crm.createRecord as Priya Sharma's Zoho CRM account"]
