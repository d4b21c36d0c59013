"""Whose account a connection uses is part of the consent (docs/consents.md, threat model row 42).

The dialog names each connection's service and whose account it uses ("Fetches data from
maps.googleapis.com with your Google Maps connection"), but an item's key names only the link:
a package that renamed the connection's `service` under the same link (Google Maps to Google
Drive, the person's own Drive) kept running on the consent given for Google Maps. Now each
connection's service, auth and owner are part of the component's identity: a change asks the
person afresh, and the new dialog names the new service."""

from __future__ import annotations

from pathlib import Path

from platform_helpers import allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.platform.runtime import Runtime

TOML = '''type = "command"
name = "where"
[handlers]
execution = "execution.dg"
[connections.maps]
service = "{service}"
auth = "user"
hosts = ["www.googleapis.com"]
[[fixtures]]
method = "GET"
url = "https://www.googleapis.com/x"
body = '{"ok": true}'
'''
SCRIPT = 'r = invokeurl [ url: "https://www.googleapis.com/x" type: GET connection: "maps" ];\n'


def _where(root: Path, service: str) -> None:
    write_package(root, "where", TOML.replace("{service}", service),
                  {"execution.dg": SCRIPT + 'return {"text": "done"};\n'})


def test_a_connection_renamed_to_another_service_asks_again(
        tmp_path: Path, clock: SimulatedClock) -> None:
    _where(tmp_path / "c", "Google Maps")
    runtime = Runtime(tmp_path / "c", tmp_path / "d", clock)
    asked = runtime.submit("u_arjun", "general", "/where")
    assert asked.consent is not None
    assert any("your Google Maps connection" in i.purpose for i in asked.consent.items)
    allow(runtime, asked)
    assert runtime.submit("u_arjun", "general", "/where").status == "ok"
    _where(tmp_path / "c", "Google Drive")
    runtime.reload()
    again = runtime.submit("u_arjun", "general", "/where")
    assert again.status == "consent_required" and again.consent is not None
    assert any("your Google Drive connection" in i.purpose for i in again.consent.items)


def test_the_same_connection_keeps_its_consent(tmp_path: Path, clock: SimulatedClock) -> None:
    _where(tmp_path / "c", "Google Maps")
    runtime = Runtime(tmp_path / "c", tmp_path / "d", clock)
    allow(runtime, runtime.submit("u_arjun", "general", "/where"))
    runtime.reload()
    assert runtime.submit("u_arjun", "general", "/where").status == "ok"
