"""Red team, hole 2: the scheme and port are part of an API item. `GET api.example.com` used to
cover `https://api.example.com:6379/` (another service on that machine) and plain `http://`.

Now the item names the scheme when it is not https and the port when it is not the scheme's
default (`GET http://api.example.com:8080`), and the guard compares scheme, host and port.
Deluge's `invokeurl` page (https://www.zoho.com/deluge/help/deluge-invoke-url.html) takes any
absolute URL, so nothing in the code limits either."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from platform_helpers import allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.consent.guard import GuardedHost
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import ConnectionSpec
from cliqsim.deluge.effects import origin_of, origin_text, split_origin
from cliqsim.deluge.errors import EffectBlocked
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Span
from cliqsim.platform.runtime import Runtime

LINE = Span.point(3, 1)
API = ConsentItem("api", "GET api.example.com", "user",
                  "Fetches data from api.example.com without signing in")


def _guard(*items: ConsentItem, **connections: ConnectionSpec) -> GuardedHost:
    return GuardedHost(RecordingHost(), items, connections, component="/api")


def _get(guard: GuardedHost, url: str, **extra: Any) -> None:
    guard.invoke_url({"url": url, "type": "GET", **extra}, LINE)


@pytest.mark.parametrize("url", [
    "https://api.example.com:6379/",
    "http://api.example.com/x",
    "http://api.example.com:443/x",
    "ftp://api.example.com/x",
    "https://api.example.com:99999/x",
    "https://api.example.com:0/x",
])
def test_a_host_item_covers_neither_another_port_nor_another_scheme(url: str) -> None:
    with pytest.raises(EffectBlocked):
        _get(_guard(API), url)


@pytest.mark.parametrize("url", [
    "https://api.example.com/x", "https://API.example.com:443/x", "HTTPS://api.example.com",
])
def test_the_default_port_is_the_same_address(url: str) -> None:
    _get(_guard(API), url)


def test_an_item_with_a_port_covers_that_port_only() -> None:
    item = ConsentItem("api", "POST http://127.0.0.1:8080", "user", "Sends data to ...")
    guard = _guard(item)
    guard.invoke_url({"url": "http://127.0.0.1:8080/hook", "type": "POST"}, LINE)
    for url in ("http://127.0.0.1/hook", "http://127.0.0.1:8081/hook",
                "https://127.0.0.1:8080/hook"):
        with pytest.raises(EffectBlocked):
            guard.invoke_url({"url": url, "type": "POST"}, LINE)


def test_the_blocked_message_names_the_scheme_and_port() -> None:
    with pytest.raises(EffectBlocked) as caught:
        _get(_guard(API), "http://api.example.com:6379/")
    assert "GET http://api.example.com:6379" in caught.value.message


def test_connection_hosts_cover_https_on_the_default_port() -> None:
    spec = ConnectionSpec("w", "Weather", "user", ("*.weather.example",))
    item = ConsentItem("api", "GET *.weather.example", "user", "x", connection="w")
    guard = _guard(item, w=spec)
    _get(guard, "https://eu.weather.example/x", connection="w")
    with pytest.raises(EffectBlocked):
        _get(guard, "http://eu.weather.example/x", connection="w")
    with pytest.raises(EffectBlocked):
        _get(guard, "https://eu.weather.example:8443/x", connection="w")


def test_origins_are_read_and_written_one_way() -> None:
    assert origin_of("http://API.example.com:8080/x") == ("http", "api.example.com", 8080)
    assert origin_of("https://api.example.com:443") == ("https", "api.example.com", None)
    assert origin_of("https://[::1]:8443/x") == ("https", "[::1]", 8443)
    assert origin_of("https://api.example.com:http/") is None
    assert origin_of("https://api.example .com/") is None
    for text in ("api.example.com", "http://api.example.com", "api.example.com:8443",
                 "http://[::1]:8080", "[::1]"):
        scheme, host, port = split_origin(text)
        assert origin_text(host, scheme, port) == text


MANIFEST = """\
type = "command"
name = "api"
[handlers]
execution = "run.dg"
"""


def _items(tmp_path: Path, clock: SimulatedClock, script: str) -> tuple[Runtime, Any]:
    write_package(tmp_path / "c", "api", MANIFEST, {"run.dg": script})
    runtime = Runtime(tmp_path / "c", tmp_path / "data", clock)
    asked = runtime.submit("u_arjun", "general", "/api 6379")
    assert asked.consent is not None, asked
    return runtime, asked


def test_the_dialog_names_a_plain_http_address_and_a_port(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    _, asked = _items(tmp_path, clock, (
        'a = invokeurl [ url: "http://api.example.com:8080/x" type: GET ];\n'
        'b = invokeurl [ url: "https://api.example.com:443/y" type: POST ];\n'
        'return {"text": "ok"};\n'))
    apis = {i.target: i for i in asked.consent.items if i.kind == "api"}
    assert set(apis) == {"GET http://api.example.com:8080", "POST api.example.com"}
    assert apis["GET http://api.example.com:8080"].purpose == (
        "Fetches data from http://api.example.com:8080 without signing in")


def test_a_port_decided_at_run_time_is_flagged_and_only_the_default_is_allowed(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    runtime, asked = _items(tmp_path, clock, (
        'r = invokeurl [ url: "https://api.example.com:" + arguments + "/x" type: GET ];\n'
        'return {"text": "ok"};\n'))
    (item,) = [i for i in asked.consent.items if i.kind == "api"]
    assert item.target == "GET api.example.com" and item.flagged
    assert "the port is decided when the code runs" in item.note
    done = allow(runtime, asked)
    assert done.status == "error" and done.error is not None
    assert "GET api.example.com:6379" in done.error.message
