"""The installer authorizes an extension's connections; each person authorizes the ones that
sign in with their own account (#13 item 9).

Zoho, "Connections" (https://www.zoho.com/cliq/help/platform/connections.html) and Deluge's
connections page: "Use credentials of login user" on means each user authenticates the connection
with their own account; off means every run uses the connection owner's; an extension's installer
authenticates the connections the extension uses ("Connections from extensions")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allow, write_package

from cliqsim.platform.runtime import Runtime

SEED = '''
[[users]]
id = "u_admin"
first_name = "Priya"
last_name = "Sharma"
email = "priya@zylker.com"
admin = true

[[users]]
id = "u_lead"
first_name = "Kavya"
last_name = "Menon"
email = "kavya@zylker.com"
admin = true

[[users]]
id = "u_arjun"
first_name = "Arjun"
last_name = "Rao"
email = "arjun@zylker.com"

[[channels]]
unique_name = "general"
title = "General"
members = ["*"]
'''

ISSUES = '''
mine = invokeurl [ url: "https://api.github.com/issues" type: GET connection: "github" ];
deals = invokeurl [ url: "https://www.zohoapis.com/crm/v2/Deals" type: GET connection: "crm" ];
return {"text": mine.get("count") + " issues, " + deals.get("count") + " deals"};
'''


def _tracker(tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> Runtime:
    root = tmp_path / "components"
    root.mkdir(parents=True)
    (root / "workspace.toml").write_text(SEED, encoding="utf-8")
    write_package(root, "tracker", """
        type = "extension"
        name = "Tracker"
        components = ["issues"]
        [connections.crm]
        service = "zohocrm"
        auth = "admin"
        hosts = ["www.zohoapis.com"]
        [[fixtures]]
        url = "https://www.zohoapis.com/crm/v2/Deals"
        body = {count = 3}
        """, {})
    write_package(root / "tracker", "issues", """
        type = "command"
        name = "issues"
        [handlers]
        execution = "run.dg"
        [connections.github]
        service = "GitHub"
        auth = "user"
        hosts = ["api.github.com"]
        [[fixtures]]
        url = "https://api.github.com/issues"
        body = {count = 2}
        """, {"run.dg": ISSUES})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    return runtime


def test_the_installer_authorizes_every_connection_and_agrees_to_the_user_ones(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    runtime = _tracker(tmp_path, make_runtime)
    asked = runtime.install_extension("u_lead", "tracker")
    assert asked.status == "consent_required" and asked.consent is not None
    items = {i.target: i for i in asked.consent.items if i.kind == "org"}
    assert set(items) == {"connection:crm", "connection:github"}
    crm, github = items["connection:crm"], items["connection:github"]
    assert crm.credentials == "admin" and crm.connection == "crm"
    assert "your account (the installer's)" in crm.purpose
    assert github.credentials == "user" and github.connection == "github"
    assert "each person connects their own account" in github.purpose
    assert allow(runtime, asked).activated is True


def test_runs_sign_in_with_the_installers_and_the_persons_own_accounts(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    """The admin connection signs in with the installer's account (Kavya installed it, not the
    first admin Priya); the user connection with the person's own, after their own consent."""
    runtime = _tracker(tmp_path, make_runtime)
    allow(runtime, runtime.install_extension("u_lead", "tracker"))
    asked = runtime.submit("u_arjun", "general", "/issues")
    assert asked.status == "consent_required" and asked.consent is not None
    own = {(i.target, i.credentials, i.connection) for i in asked.consent.items
           if i.kind == "api"}
    assert own == {("GET api.github.com", "user", "github"),
                   ("GET www.zohoapis.com", "admin", "crm")}
    done = allow(runtime, asked)
    assert done.status == "ok", done.error
    assert done.messages[-1].text == "2 issues, 3 deals"
    assert done.run is not None
    details = [e.detail for e in done.run.effects]
    assert details[0].endswith("as Arjun Rao's GitHub account")
    assert details[1].endswith("as Kavya Menon's zohocrm account")


def test_each_person_authorizes_their_own_account_on_first_use(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    """One person's consent is not another's: the admin who installed it is asked too."""
    runtime = _tracker(tmp_path, make_runtime)
    allow(runtime, runtime.install_extension("u_lead", "tracker"))
    allow(runtime, runtime.submit("u_arjun", "general", "/issues"))
    assert runtime.submit("u_arjun", "general", "/issues").status == "ok"
    lead = runtime.submit("u_lead", "general", "/issues")
    assert lead.status == "consent_required"
    done = allow(runtime, lead)
    assert done.run is not None
    assert done.run.effects[0].detail.endswith("as Kavya Menon's GitHub account")


def test_an_admin_connection_without_an_install_uses_the_first_org_admin(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    """A standalone component (no extension, so no installer) keeps the documented default."""
    root = tmp_path / "components"
    root.mkdir(parents=True)
    (root / "workspace.toml").write_text(SEED, encoding="utf-8")
    write_package(root, "deals", """
        type = "command"
        name = "deals"
        [handlers]
        execution = "run.dg"
        [connections.crm]
        service = "zohocrm"
        auth = "admin"
        hosts = ["www.zohoapis.com"]
        [[fixtures]]
        url = "https://www.zohoapis.com/crm/v2/Deals"
        body = {count = 3}
        """, {"run.dg": 'd = invokeurl [ url: "https://www.zohoapis.com/crm/v2/Deals" '
                        'type: GET connection: "crm" ];\nreturn {"text": d.get("count")};\n'})
    runtime = make_runtime(root)
    done = allow(runtime, runtime.submit("u_arjun", "general", "/deals"))
    assert done.run is not None
    assert done.run.effects[0].detail.endswith("as Priya Sharma's zohocrm account")
