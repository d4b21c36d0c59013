"""The effect inventory: every object, task, URL, mail and identity read, from the AST alone."""

from __future__ import annotations

import pytest

from cliqsim.deluge.effects import Effects, host_of, inventory
from cliqsim.deluge.parser import parse
from cliqsim.platform.triggers import HANDLER_INPUTS


def effects_of(text: str) -> Effects:
    return inventory(parse(text, "run.dg"), "run.dg", HANDLER_INPUTS)


def test_literal_field_reads_are_listed_per_field_with_their_lines() -> None:
    effects = effects_of(
        'email = user.get("email");\n'
        'name = user.get("first_name") + " " + user.getJSON("last_name");\n'
        'return {"text": email};\n'
    )
    (user,) = effects.objects
    assert user.object == "user"
    assert user.fields == {"email", "first_name", "last_name"}
    assert [(field, span.line) for field, span in user.reads] == [
        ("email", 1),
        ("first_name", 2),
        ("last_name", 2),
    ]


def test_whole_object_uses_make_fields_unknown() -> None:
    effects = effects_of(
        'key = "email";\n'
        "a = user.get(key);\n"  # computed key
        'b = chat.get("title");\n'
        'zoho.cliq.postToChat(chat, "hi");\n'  # the whole chat passed on
        'if (message.containsIgnoreCase("hi")) { info "yes"; }\n'
    )
    by_name = {use.object: use for use in effects.objects}
    assert by_name["user"].fields is None
    assert by_name["chat"].fields is None
    assert [line for line in (s.line for s in by_name["chat"].spans)] == [3, 4]
    assert by_name["message"].fields is None


def test_a_local_variable_named_like_an_object_is_not_an_object_read() -> None:
    effects = effects_of(
        'user = "me";\n'
        "info user;\n"
        "if (true) { location = 1; } else { location = 2; }\n"
        "info location;\n"
        "if (true) { message = 1; }\n"
        "info message;\n"  # assigned on one path only: may still be the input
        "for each chat in {1, 2} { info chat; }\n"
        "info chat;\n"  # after the loop the input may show through
    )
    names = {use.object: [s.line for s in use.spans] for use in effects.objects}
    assert names == {"message": [6], "chat": [8]}


def test_tasks_with_their_service_operation_and_literal_connection() -> None:
    effects = effects_of(
        'zoho.cliq.postToChannel("general", "hi");\n'
        'zoho.crm.createRecord("Leads", {"Last_Name": "x"}, {}, "crm_conn");\n'
        'zoho.crm.createRecord("Leads", {"Last_Name": "y"}, {}, "crm_conn");\n'
        'c = "books";\n'
        'zoho.books.getRecords("Invoices", "123", "", c);\n'
        'zoho.cliq.extension.getProperties("k", "ext_conn");\n'
        'r = thisapp.notify("x");\n'
        'zoho.weird.thing("a", "maybe_conn");\n'
    )
    tasks = [(t.name, t.service, t.operation, t.connection, len(t.spans)) for t in effects.tasks]
    assert tasks == [
        ("zoho.cliq.postToChannel", "cliq", "postToChannel", None, 1),
        ("zoho.crm.createRecord", "crm", "createRecord", "crm_conn", 2),
        ("zoho.books.getRecords", "books", "getRecords", None, 1),
        ("zoho.cliq.extension.getProperties", "cliq", "extension.getProperties", "ext_conn", 1),
        ("thisapp.notify", "thisapp", "notify", None, 1),
        ("zoho.weird.thing", "weird", "thing", None, 1),
    ]
    assert effects.tasks[2].connection_computed
    assert effects.tasks[5].last_literal == "maybe_conn"


@pytest.mark.parametrize(
    ("url_code", "url", "prefix", "host"),
    [
        (
            '"https://maps.googleapis.com/maps/api/x"',
            "https://maps.googleapis.com/maps/api/x",
            "https://maps.googleapis.com/maps/api/x",
            "maps.googleapis.com",
        ),
        (
            '"https://maps.googleapis.com/x?q=" + arguments',
            None,
            "https://maps.googleapis.com/x?q=",
            "maps.googleapis.com",
        ),
        (
            '"https://Api.Example.com:8443" + "/v1"',
            "https://Api.Example.com:8443/v1",
            "https://Api.Example.com:8443/v1",
            "api.example.com",
        ),
        ('"https://maps.google" + arguments', None, "https://maps.google", None),
        ('"https://" + arguments + "/x"', None, "https://", None),
        ("arguments", None, None, None),
        ('base + "x"', "https://api.example.com/x", "https://api.example.com/x", "api.example.com"),
        ("base + arguments", None, "https://api.example.com/", "api.example.com"),
    ],
)
def test_invokeurl_urls_literal_prefix_or_decided_at_run_time(
    url_code: str, url: str | None, prefix: str | None, host: str | None
) -> None:
    effects = effects_of(
        'base = "https://api.example.com/";\n'
        f'r = invokeurl\n[\n  url: {url_code}\n  type: POST\n  connection: "conn"\n];\n'
    )
    (use,) = effects.urls
    assert (use.kind, use.method, use.connection) == ("invokeurl", "POST", "conn")
    assert (use.url, use.url_prefix, use.host) == (url, prefix, host)
    assert use.decided_at_run_time == (host is None)
    assert use.spans[0].line == 2


def test_a_url_variable_assigned_different_hosts_lists_each_host() -> None:
    """Issue #11 class 8: two literal hosts reaching a call (if/else) are both listed, not one
    address decided at run time (this test asserted the old, imprecise answer before)."""
    effects = effects_of(
        'u = "https://a.example/x";\n'
        'if (arguments == "b") { u = "https://b.example/x"; }\n'
        "r = invokeurl [ url: u ];\n"
        'v = "https://c.example/1";\n'
        'if (arguments == "d") { v = "https://c.example/2"; }\n'
        'v += "?q=1";\n'
        "s = invokeurl [ url: v ];\n"
    )
    first, also, second = effects.urls
    assert (first.method, first.host, also.host) == ("GET", "a.example", "b.example")
    assert first.spans == also.spans
    assert second.host == "c.example"


def test_method_and_connection_decided_at_run_time_are_reported() -> None:
    effects = effects_of(
        'c = "conn";\nr = invokeurl [ url: "https://x.example/" '
        'type: if(arguments == "", "PUT", "GET") connection: c ];\n'
    )
    (use,) = effects.urls
    assert use.method is None
    assert use.connection is None and use.connection_computed


def test_legacy_url_functions_and_sendmail() -> None:
    effects = effects_of(
        'a = getUrl("https://old.example/v1");\n'
        'b = postUrl("https://old.example/v2", {"x": 1});\n'
        'sendmail\n[\n  from: zoho.adminuserid\n  to: "team@example.com"\n'
        '  subject: "s"\n  message: "m"\n];\n'
    )
    kinds = [(u.kind, u.method, u.host) for u in effects.urls]
    assert kinds == [
        ("getUrl", "GET", "old.example"),
        ("postUrl", "POST", "old.example"),
        ("sendmail", None, None),
    ]
    mail = effects.urls[2]
    assert mail.recipients == ("team@example.com",)
    assert mail.sender == "zoho.adminuserid"
    assert not mail.decided_at_run_time


def test_identity_reads_and_nested_uses_everywhere() -> None:
    effects = effects_of(
        "try {\n"
        "  for each m in {1} {\n"
        '    info ifnull(zoho.loginuserid, "");\n'
        '    x = if(true, zoho.cliq.getRecords("db", {}), 1);\n'
        "  }\n"
        "} catch (e) {\n"
        '  y = invokeurl [ url: "https://in.catch.example/" ];\n'
        "}\n"
        "info today;\n"
    )
    assert [(i.name, i.spans[0].line) for i in effects.identities] == [("zoho.loginuserid", 3)]
    assert [t.name for t in effects.tasks] == ["zoho.cliq.getRecords"]
    assert [u.host for u in effects.urls] == ["in.catch.example"]


def test_a_script_without_effects_is_empty() -> None:
    assert effects_of('x = 1 + 2;\nreturn {"text": x.toString()};\n').empty


def test_function_parameters_are_locals_not_objects() -> None:
    effects = effects_of("string button.fn(String user)\n{\n  return user;\n}\n")
    assert effects.objects == ()


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://Maps.Example.com:8443/x", "maps.example.com"),
        ("http://user:pw@api.example.com/", "api.example.com"),
        ("https://api.example.com?x=1", "api.example.com"),
        ("mailto:x@y", None),
        ("/relative/path", None),
    ],
)
def test_host_of(url: str, host: str | None) -> None:
    assert host_of(url) == host


def test_invokeapi_is_listed_as_a_request_to_the_services_api_domain() -> None:
    """Zoho's invokeAPI task names a service and a path; cliqsim runs it as an invokeurl to the
    service's API domain, so the inventory (and the consent dialog) lists that host."""
    effects = effects_of(
        'leadId = "1";\n'
        "r = invokeapi\n[\n  service: crm\n  path: \"/crm/v7/Leads/\" + leadId\n  type: PUT\n"
        '  connection: "crmconn"\n];\n'
        'c = invokeapi [ service: cliq path: "/api/v2/channels" ];\n'
    )
    crm, cliq = effects.urls
    assert (crm.kind, crm.method, crm.connection) == ("invokeurl", "PUT", "crmconn")
    assert (crm.url, crm.host) == ("https://www.zohoapis.com/crm/v7/Leads/1", "www.zohoapis.com")
    assert (cliq.url, cliq.host, cliq.method) == (
        "https://cliq.zoho.com/api/v2/channels",
        "cliq.zoho.com",
        "GET",
    )


def test_a_url_variable_is_one_variable_whatever_its_case() -> None:
    """Deluge matches variable names without case, so the inventory must too: a host assigned
    under another spelling reaches the call (a case-sensitive inventory would miss it)."""
    effects = effects_of(
        'U = "https://a.example/x";\n'
        'if (arguments == "b") { u = "https://b.example/x"; }\n'
        "r = invokeurl [ url: u ];\n"
    )
    first, also = effects.urls
    assert (first.host, also.host) == ("a.example", "b.example")


def test_an_address_with_a_space_or_a_control_character_has_no_origin() -> None:
    """`origin_of` tests an address's host part with `isprintable()` and a search for the one
    printable white space (the ASCII space): the same as testing each character for white
    space or not printable, for every code point."""
    import sys

    from cliqsim.deluge.effects import origin_of

    odd = [chr(c) for c in range(sys.maxunicode + 1)
           if chr(c).isspace() or not chr(c).isprintable()]
    assert all(not c.isprintable() or c == " " for c in odd)
    for c in ("\t", " ", "\u3000", "\u00a0", "\x85", "\u200b", "\x00", "\u2028"):
        assert origin_of(f"https://api.exa{c}mple.com/x") is None
    assert origin_of("https://API.example.com:8080/x?q= 1") == ("https", "api.example.com", 8080)
