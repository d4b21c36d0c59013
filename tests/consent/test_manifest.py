"""Manifests: items with credentials, purposes and locations; union over handlers; fingerprint."""

from __future__ import annotations

from cliqsim.consent.items import RUNTIME_ADDRESS, ConsentItem
from cliqsim.consent.manifest import ConnectionSpec, ConsentManifest, build_manifest
from cliqsim.deluge.parser import parse
from cliqsim.deluge.source import Source
from cliqsim.platform.triggers import HANDLER_INPUTS

CONNECTIONS = {
    "gmaps": ConnectionSpec("gmaps", "Google Maps", "admin", ("maps.googleapis.com",)),
    "crm": ConnectionSpec("crm", "Zoho CRM", "user", ("www.zohoapis.com",)),
    "weather": ConnectionSpec("weather", "Weather", "user", ("api.weather.example",)),
}


def build(**scripts: str) -> ConsentManifest:
    parsed = {
        handler: (Source(text, f"{handler}.dg"), parse(text, f"{handler}.dg"))
        for handler, text in scripts.items()
    }
    return build_manifest("nearby", "command", parsed, CONNECTIONS, name="/nearby",
                          objects=HANDLER_INPUTS)


def item(manifest: ConsentManifest, target: str) -> ConsentItem:
    (found,) = [i for i in manifest.items if i.target == target]
    return found


NEARBY = '''email = user.get("email");
resp = invokeurl
[
  url: "https://maps.googleapis.com/maps/api/place/nearbysearch/json?query=" + arguments
  type: GET
  connection: "gmaps"
];
zoho.cliq.postToChannel("general", "searched");
return {"text": resp.toString()};
'''


def test_items_say_what_whose_and_where() -> None:
    manifest = build(execution=NEARBY)
    assert [(i.kind, i.target, i.credentials) for i in manifest.items] == [
        ("object", "arguments", "user"),
        ("object", "user.email", "user"),
        ("task", 'zoho.cliq.postToChannel {"to": ["general"]}', "user"),
        ("api", "GET maps.googleapis.com", "admin"),
    ]
    email = item(manifest, "user.email")
    assert email.purpose == "Reads your email address"
    (where,) = email.locations
    assert (where.file, where.line, where.column) == ("execution.dg", 1, 9)
    assert where.text == 'email = user.get("email");'
    maps = item(manifest, "GET maps.googleapis.com")
    assert maps.purpose == (
        "Fetches data from maps.googleapis.com with the admin's Google Maps connection"
    )
    assert maps.connection == "gmaps"
    assert not maps.flagged
    assert item(manifest, 'zoho.cliq.postToChannel {"to": ["general"]}').purpose == (
        "Posts messages to Cliq channels as you: #general"
    )


def test_the_manifest_is_the_union_over_handlers_with_every_location() -> None:
    manifest = build(
        execution='e = user.get("email");\n',
        suggestion='x = 1;\nf = user.get("email");\nn = user.get("first_name");\n',
    )
    email = item(manifest, "user.email")
    assert [(loc.file, loc.line) for loc in email.locations] == [
        ("execution.dg", 1), ("suggestion.dg", 2),
    ]
    assert item(manifest, "user.first_name").purpose == "Reads your first name"


def test_the_fingerprint_ignores_locations_but_not_needs() -> None:
    one = build(execution='e = user.get("email");\n')
    moved = build(execution='x = 1;\n\n\ne = user.get("email");\n', other='f = user.get("email");')
    more = build(execution='e = user.get("email");\nl = location;\n')
    assert one.fingerprint == moved.fingerprint
    assert one.fingerprint != more.fingerprint
    diff = more.diff_from(one.items)
    assert [i.target for i in diff.added] == ["location"]
    assert diff.removed == ()


def test_task_credentials_follow_the_connection_and_gaps_are_flagged() -> None:
    manifest = build(
        execution=(
            'zoho.crm.createRecord("Leads", {}, {}, "crm");\n'
            'zoho.crm.getRecords("Leads", 1, 200, {}, "unknown_conn");\n'
            'zoho.desk.create("1", "tickets", {});\n'
            'zoho.cliq.postToChatAsAdmin("CT_1", "hi");\n'
            'zoho.mystery.doThing("a");\n'
        )
    )
    crm = item(manifest, 'zoho.crm.createRecord {"in": [["Leads"]]}')
    assert (crm.credentials, crm.connection, crm.flagged) == ("user", "crm", False)
    assert crm.purpose == "Creates records in Zoho CRM (Leads) as you"
    unknown = item(manifest, 'zoho.crm.getRecords {"in": [["Leads"]]}')
    assert unknown.flagged and "does not declare" in unknown.note
    assert unknown.credentials == "admin"
    desk = item(manifest, 'zoho.desk.create {"in": [["tickets", "1"]]}')
    assert desk.flagged and "refuses to save an integration task without" in desk.note
    assert item(manifest, 'zoho.cliq.postToChatAsAdmin {"to": ["CT_1"]}').credentials == "admin"
    mystery = item(manifest, "zoho.mystery.doThing")
    assert mystery.flagged and "does not know this task" in mystery.note


def test_a_url_decided_at_run_time_uses_the_connection_hosts_or_is_flagged() -> None:
    manifest = build(
        execution=(
            'a = invokeurl [ url: arguments connection: "weather" ];\n'
            "b = invokeurl [ url: \"https://\" + arguments type: POST ];\n"
            'c = invokeurl [ url: "https://elsewhere.example/x" connection: "gmaps" ];\n'
        )
    )
    weather = item(manifest, "GET api.weather.example")
    assert weather.credentials == "user" and not weather.flagged
    assert "decided at run time" in weather.note
    runtime = item(manifest, RUNTIME_ADDRESS)
    assert runtime.flagged and "covers no address" in runtime.note
    assert runtime.host is None and runtime.method is None
    assert runtime.purpose.startswith("Sends data to an address the code decides when it runs")
    elsewhere = item(manifest, "GET elsewhere.example")
    assert elsewhere.flagged and "does not list elsewhere.example" in elsewhere.note


def test_mail_and_identity_items() -> None:
    manifest = build(
        execution=(
            "sendmail [ from: zoho.loginuserid to: \"team@example.com\" subject: \"s\" "
            "message: \"m\" ];\n"
        )
    )
    (mail,) = [i for i in manifest.items if i.mail is not None]
    assert mail.credentials == "user"
    assert mail.purpose == "Sends email from your address to team@example.com"
    identity = item(manifest, "zoho.loginuserid")
    assert identity.purpose == "Reads your email address (zoho.loginuserid)"


def test_a_script_with_no_effects_gives_an_empty_manifest() -> None:
    manifest = build(execution='return {"text": "hello"};\n')
    assert manifest.items == () and not manifest.needs_consent
