"""The host a consent item names is the host the request goes to, written so it cannot pass
for another (docs/consents.md, threat model class 12).

- A look-alike internationalized name (`mаps.googleapis.com` with a Cyrillic `а`) is shown and
  compared in its ASCII form (`xn--mps-6cd.googleapis.com`, IDNA with UTS #46 mapping: what
  goes on the wire), in the dialog, in connection hosts and at run time; a full-width `ｍ`
  maps to the plain letter it stands for, so the dialog names the host it reaches.
- User info before `@` never names the host (`https://maps.googleapis.com@evil.example/` is
  evil.example), and the host is read as the HTTP client reads it.
- An IPv6 literal keeps its brackets and loses its port, like any host.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from platform_helpers import allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.deluge.effects import canonical_host, host_of
from cliqsim.platform.runtime import Runtime

MANIFEST = """\
type = "command"
name = "maps"
[handlers]
execution = "run.dg"
[connections.g]
service = "Google"
auth = "user"
hosts = ["*.googleаpis.com"]
"""


def _runtime(tmp_path: Path, clock: SimulatedClock, script: str) -> Runtime:
    write_package(tmp_path / "c", "maps", MANIFEST, {"run.dg": script})
    return Runtime(tmp_path / "c", tmp_path / "data", clock)


def _targets(runtime: Runtime) -> set[str]:
    outcome = runtime.submit("u_arjun", "general", "/maps x")
    assert outcome.consent is not None, outcome
    return {item.target for item in outcome.consent.manifest.items if item.kind == "api"}


def test_a_look_alike_host_is_shown_in_its_ascii_form(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    runtime = _runtime(tmp_path, clock, (
        'r = invokeurl [ url: "https://mаps.googleapis.com/x" type: GET ];\n'
        't = invokeurl [ url: "https://" + arguments + "/x" type: GET connection: "g"];\n'))
    targets = _targets(runtime)
    assert "GET xn--mps-6cd.googleapis.com" in targets
    assert "GET maps.googleapis.com" not in targets
    assert "GET *.xn--googlepis-5yh.com" in targets  # the connection's look-alike host too
    assert all(t.isascii() for t in targets)


def test_a_look_alike_in_code_is_its_own_item(tmp_path: Path, clock: SimulatedClock) -> None:
    # granted: maps.googleapis.com (plain); at run time the look-alike is another host
    runtime = _runtime(tmp_path, clock, (
        'h = "maps.googleapis.com";\n'
        'if (arguments == "x") { h = "mаps.googleapis.com"; }\n'
        'r = invokeurl [ url: "https://" + h + "/x" type: GET ];\n'
        'return {"text": "ran"};\n'))
    targets = _targets(runtime)
    assert targets == {"GET maps.googleapis.com", "GET xn--mps-6cd.googleapis.com"}


@pytest.mark.parametrize(("url", "host"), [
    ("https://maps.googleapis.com@evil.example/x", "evil.example"),
    ("https://evil.example\\@maps.googleapis.com/x", "maps.googleapis.com"),
    ("https://a@b@maps.googleapis.com/", "maps.googleapis.com"),
    ("https://evil.example#@maps.googleapis.com/", "evil.example"),
    ("https://evil.example?@maps.googleapis.com/", "evil.example"),
    ("https://MAPS.googleapis.com:444/x", "maps.googleapis.com"),
    ("https://[::1]:8080/x", "[::1]"),
    ("https://münchen.de/x", "xn--mnchen-3ya.de"),
])
def test_the_host_is_the_one_the_http_client_reaches(url: str, host: str) -> None:
    assert host_of(url) == host
    assert canonical_host(httpx.URL(url).raw_host.decode("ascii")) == host.strip("[]")


def test_an_invalid_international_name_stays_visibly_odd() -> None:
    odd = canonical_host("evil\u202e.example")
    assert odd.isascii() and "\\u202e" in odd
    assert canonical_host("*.Exаmple.com") == "*.xn--exmple-4nf.com"


def test_an_allowed_host_in_its_unicode_form_runs(tmp_path: Path, clock: SimulatedClock) -> None:
    write_package(tmp_path / "c", "maps", """\
type = "command"
name = "maps"
[handlers]
execution = "run.dg"
[[fixtures]]
method = "GET"
url = "https://xn--mnchen-3ya.de/x"
body = "ok"
""", {"run.dg": 'r = invokeurl [ url: "https://münchen.de/x" type: GET ];\n'
                'return {"text": "got " + r};\n'})
    runtime = Runtime(tmp_path / "c", tmp_path / "data", clock)
    outcome = allow(runtime, runtime.submit("u_arjun", "general", "/maps"))
    assert outcome.status in ("ok", "error"), outcome
    assert outcome.error is None or outcome.error.kind != "blocked", outcome.error


def test_a_look_alike_mail_address_is_shown_escaped(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    runtime = _runtime(tmp_path, clock, (
        'sendmail [ from: zoho.loginuserid to: "boss@zylkеr.com" subject: "s" message: "m" ]\n'))
    outcome = runtime.submit("u_arjun", "general", "/maps")
    assert outcome.consent is not None
    (mail,) = [i for i in outcome.consent.manifest.items if i.kind == "task"]
    assert '"boss@zylk\\u0435r.com"' in mail.purpose and mail.purpose.isascii()
