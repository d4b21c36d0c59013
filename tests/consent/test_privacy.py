"""The least-privilege lint (each rule) and the data flows in words."""

from __future__ import annotations

import textwrap

from cliqsim.consent.dataflow import data_flows
from cliqsim.consent.manifest import ConnectionSpec
from cliqsim.consent.privacy import RULES, Finding, lint
from cliqsim.deluge.parser import parse
from cliqsim.deluge.source import Source
from cliqsim.platform.triggers import HANDLER_INPUTS

MAPS = ConnectionSpec("gmaps", "Google Maps", "admin", ("maps.googleapis.com",))
CRM = ConnectionSpec("zcrm", "Zoho CRM", "user")
SPARE = ConnectionSpec("spare", "Spare", "user", ("a.example.com",))


def scripts(code: str) -> dict[str, tuple[Source, object]]:
    text = textwrap.dedent(code)
    return {"execution_handler": (Source(text, "x/execution.dg"), parse(text, "x/execution.dg"))}


def codes(code: str, **connections: ConnectionSpec) -> list[tuple[str, int]]:
    return [(f.code, f.location.line if f.location else 0)
            for f in lint(scripts(code), connections, HANDLER_INPUTS)]  # type: ignore[arg-type]


def only(code: str, **connections: ConnectionSpec) -> Finding:
    (finding,) = lint(scripts(code), connections, HANDLER_INPUTS)  # type: ignore[arg-type]
    return finding


def test_every_rule_has_a_code_name_and_severity() -> None:
    assert list(RULES) == [f"CP00{i}" for i in range(1, 10)]
    assert {r.severity for r in RULES.values()} <= {"warning", "note"}


def test_cp001_whole_object_where_fields_would_do() -> None:
    finding = only('info user;')
    assert finding.code == "CP001" and "sends it to the log (info)" in finding.message
    assert 'user.get("' in finding.fix
    assert codes('x = user.toString(); return {"text": user.get("first_name")};') == [
        ("CP001", 1)]
    assert "already reads first_name" in only(
        'x = user.toString(); return {"text": user.get("first_name") + x};').fix
    assert codes('a = arguments.trim(); return {"text": a};') == []  # text input: no fields


def test_cp002_cp003_connections_and_hosts_nobody_uses() -> None:
    code = 'r = invokeurl [ url: "https://maps.googleapis.com/x" connection: "gmaps" ];'
    assert codes(code, gmaps=MAPS) == []
    (unused,) = lint(scripts(code), {"gmaps": MAPS, "spare": SPARE}, HANDLER_INPUTS)  # type: ignore[arg-type]
    assert (unused.code, unused.subject) == ("CP002", "connections.spare")
    wide = ConnectionSpec("gmaps", "Google Maps", "admin", ("maps.googleapis.com", "b.example"))
    finding = only(code, gmaps=wide)
    assert (finding.code, finding.subject) == ("CP003", "connections.gmaps.hosts")
    assert "'b.example'" in finding.message
    computed = 'r = invokeurl [ url: "https://" + arguments connection: "gmaps" ];'
    assert [c for c, _ in codes(computed, gmaps=wide)] == ["CP006"]  # any host may be reached


def test_cp004_admin_where_the_person_would_do() -> None:
    finding = only('zoho.cliq.postToChannelAsAdmin("sales", {"text": "hi"});')
    assert finding.code == "CP004" and "`zoho.cliq.postToChannel`" in finding.fix
    assert codes('sendmail [ from: zoho.adminuserid to: "a@b.c" subject: "s" message: "m" ];'
                 ) == [("CP004", 1)]
    assert codes('sendmail [ from: zoho.loginuserid to: "a@b.c" subject: "s" message: "m" ];'
                 ) == []


def test_cp005_integration_task_without_connection() -> None:
    finding, unused = lint(scripts('r = zoho.crm.getRecords("Leads", 1, 10);'),  # type: ignore[arg-type]
                           {"zcrm": CRM}, HANDLER_INPUTS)
    assert finding.code == "CP005" and '"zcrm")' in finding.fix
    assert unused.code == "CP002"  # the connection it should have used
    assert codes('r = zoho.crm.getRecords("Leads", 1, 10, {}, "zcrm");', zcrm=CRM) == []
    assert codes('zoho.cliq.postToChannel("sales", "hi");') == []


def test_cp006_cp007_addresses_and_recipients_decided_at_run_time() -> None:
    finding = only('r = invokeurl [ url: "https://" + arguments type: GET ];')
    assert finding.code == "CP006" and "cliqsim blocks it" in finding.message
    limited = only('r = invokeurl [ url: "https://" + arguments connection: "gmaps" ];',
                   gmaps=MAPS)
    assert "only the connection 'gmaps''s hosts" in limited.message
    mail = only('sendmail [ from: zoho.loginuserid to: arguments subject: "s" message: "m" ];')
    assert mail.code == "CP007" and "zoho.loginuserid" in mail.fix


def test_cp008_personal_data_that_only_reaches_info() -> None:
    finding = only('t = chat.get("title"); info "in " + t; return {"text": "hi"};')
    assert finding.code == "CP008" and finding.severity == "note"
    assert "this chat's title (`chat.title`)" in finding.message
    assert codes('t = chat.get("title"); info t; return {"text": t};') == []


def test_cp009_a_record_tasks_module_computed_at_run_time() -> None:
    """Zoho's "Get Records from Zoho CRM" page: the module is the first argument."""
    found = codes('r = zoho.crm.getRecords(arguments, 1, 10, {}, "zcrm");', zcrm=CRM)
    assert found == [("CP009", 1)]
    finding = only('r = zoho.crm.getRecords(arguments, 1, 10, {}, "zcrm");', zcrm=CRM)
    assert "module" in finding.message and "as text" in finding.fix
    assert codes('r = zoho.crm.getRecords("Leads", 1, 10, {}, "zcrm");', zcrm=CRM) == []


def test_data_flows_say_where_each_field_ends_up() -> None:
    code = """\
    e = user.get("email");
    r = invokeurl [ url: "https://api.example.com/x" type: POST body: e ];
    zoho.cliq.postToChannel("sales", {"text": chat.get("title")});
    return {"text": user.get("first_name")};
    """
    said = [str(f) for f in data_flows(scripts(code), HANDLER_INPUTS)]  # type: ignore[arg-type]
    assert said == [
        "your email address → the body of POST api.example.com (x/execution.dg line 2)",
        "this chat's title → posted to #sales (x/execution.dg line 3)",
        "your first name → the reply (x/execution.dg line 4)",
    ]
