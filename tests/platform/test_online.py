"""`--online`: invokeurl performs real HTTP against a server this test starts on 127.0.0.1,
still behind the consent guard; size caps, redirects and timeouts fail as Deluge errors."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.deluge.errors import DelugeLimitError, DelugeRuntimeError
from cliqsim.deluge.interpreter import Limits, run_text
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Span
from cliqsim.platform.online import OnlineHttp, size_cap
from cliqsim.platform.runtime import Runtime

SPAN = Span(1, 1, 1, 2)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json",
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        path, _, query = self.path.partition("?")
        if path == "/rates":
            self._send(200, json.dumps({"base": "INR", "query": query, "usd": 0.012}).encode())
        elif path == "/text":
            self._send(200, b"plain words", "text/plain")
        elif path == "/big":
            self._send(200, b"x" * 4096, "text/plain")
        elif path.startswith("/hop"):
            left = int(path.removeprefix("/hop") or 0)
            target = f"/hop{left - 1}" if left > 0 else "/rates"
            self._send(302, b"", extra={"Location": target})
        elif path == "/drip":  # one byte every 0.2 s: each read is quick, the whole is not
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
        elif path == "/away":
            self._send(302, b"", extra={"Location": "http://localhost:1/elsewhere"})
        else:
            self._send(404, b'{"error":"not found"}')

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode()
        self._send(201, json.dumps({"got": body, "type": self.headers.get("Content-Type")})
                   .encode())


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def rates_package(root: Path, base: str) -> None:
    write_package(root, "rates", f"""
        type = "command"
        name = "rates"
        [handlers]
        execution = "run.dg"
        [connections.ratesapi]
        service = "Rates"
        auth = "admin"
        hosts = ["127.0.0.1"]
        [[fixtures]]
        url = "{base}/rates"
        body = {{ base = "INR", usd = 0.5, query = "fixture" }}
        """, {"run.dg": f"""
        r = invokeurl
        [
            url :"{base}/rates"
            type :GET
            parameters:{{"to":"USD"}}
            connection:"ratesapi"
        ];
        if(arguments != "")
        {{
            other = "http://" + arguments + ":" + "{base.rsplit(':', 1)[1]}" + "/rates";
            r = invokeurl
            [
                url :other
                type :GET
            ];
        }}
        return "1 INR = " + r.get("usd") + " USD (" + r.get("query") + ")";
        """})


def make(tmp_path: Path, base: str, online: bool) -> Runtime:
    root = tmp_path / "components"
    rates_package(root, base)
    return Runtime(root, tmp_path / "data", SimulatedClock(datetime(2026, 12, 1, tzinfo=UTC)),
                   online=online)


def test_online_invokeurl_reaches_the_local_server(tmp_path: Path, server: str) -> None:
    runtime = make(tmp_path, server, online=True)
    outcome = allow(runtime, runtime.submit("u_admin", "general", "/rates"))
    assert outcome.status == "ok", outcome.error
    assert outcome.messages[-1].text == "1 INR = 0.012 USD (to=USD)"
    assert outcome.run is not None
    details = [e.detail for e in outcome.run.effects if e.kind == "api"]
    assert len(details) == 1 and details[0].startswith("online")


def test_offline_fixtures_stay_the_default(tmp_path: Path, server: str) -> None:
    runtime = make(tmp_path, server, online=False)
    outcome = allow(runtime, runtime.submit("u_admin", "general", "/rates"))
    assert outcome.messages[-1].text == "1 INR = 0.5 USD (fixture)"


def test_online_call_to_a_host_nobody_granted_is_blocked(tmp_path: Path, server: str) -> None:
    runtime = make(tmp_path, server, online=True)
    outcome = allow(runtime, runtime.submit("u_admin", "general", "/rates localhost"))
    assert outcome.status == "error"
    assert outcome.error is not None and outcome.error.kind == "blocked"
    assert "localhost" in outcome.error.message
    assert any(r.event == "blocked" for r in runtime.ledger("u_admin"))


def test_post_bodies_and_detailed_answers(server: str) -> None:
    http = OnlineHttp()
    form = http.fetch({"url": f"{server}/submit", "type": "POST",
                       "parameters": {"a": 1, "b": True}}, SPAN)
    assert form == {"got": "a=1&b=true", "type": "application/x-www-form-urlencoded"}
    as_json = http.fetch({"url": f"{server}/submit", "type": "POST", "body": {"a": 1},
                          "content-type": "application/json"}, SPAN)
    assert json.loads(as_json["got"]) == {"a": 1}
    detailed = http.fetch({"url": f"{server}/text", "detailed": True}, SPAN)
    assert detailed["responseCode"] == 200 and detailed["responseText"] == "plain words"
    missing = http.fetch({"url": f"{server}/nope", "detailed": True}, SPAN)
    assert missing["responseCode"] == 404


def test_redirects_are_bounded_and_stay_on_the_host(server: str) -> None:
    http = OnlineHttp(max_redirects=3)
    assert http.fetch({"url": f"{server}/hop2"}, SPAN)["usd"] == 0.012
    with pytest.raises(DelugeRuntimeError, match="redirected more than 3 times"):
        http.fetch({"url": f"{server}/hop5"}, SPAN)
    with pytest.raises(DelugeRuntimeError, match="another host"):
        http.fetch({"url": f"{server}/away"}, SPAN)


def test_responses_past_the_size_cap_fail(server: str) -> None:
    with pytest.raises(DelugeRuntimeError, match="larger than"):
        OnlineHttp(max_bytes=1024).fetch({"url": f"{server}/big"}, SPAN)
    assert size_cap("www.zohoapis.com") == 15 * 1024 * 1024
    assert size_cap("api.github.com") == 5 * 1024 * 1024


def test_unreachable_and_bad_addresses_are_deluge_errors() -> None:
    http = OnlineHttp(timeout=2)
    with pytest.raises(DelugeRuntimeError, match="failed"):
        http.fetch({"url": "http://127.0.0.1:1/x"}, SPAN)
    with pytest.raises(DelugeRuntimeError, match="must start with http"):
        http.fetch({"url": "ftp://example.com/x"}, SPAN)


def test_one_deadline_covers_the_whole_request_not_each_read(server: str) -> None:
    # A server dripping one byte every 0.2 s never trips a per-read timeout; the request's
    # own deadline (here 1 s instead of Deluge's 40 s) still ends it.
    with pytest.raises(DelugeRuntimeError, match="timed out after 1 seconds"):
        OnlineHttp(timeout=1).fetch({"url": f"{server}/drip"}, SPAN)


def test_a_request_ends_at_the_runs_deadline(server: str) -> None:
    http = OnlineHttp()

    class Online(RecordingHost):
        def invoke_url(self, request: dict[str, object], span: Span) -> object:
            return http.fetch(request, span)

    text = f'r = invokeurl [ url: "{server}/drip" type: GET ];\nreturn r;'
    with pytest.raises(DelugeLimitError, match="Execution time limit"):
        run_text(text, Online(now=datetime(2026, 1, 1, tzinfo=UTC)), {}, Limits(timeout_s=1))


# ---- issue #11, class 9: online mode does only what was consented


class RerouteHandler(Handler):
    seen: list[tuple[str, str, str | None]] = []

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        RerouteHandler.seen.append(("POST", self.path, self.headers.get("Host")))
        if self.path == "/see-other":
            self._send(303, b"", extra={"Location": "/delete-everything"})
        elif self.path == "/moved":
            self._send(302, b"", extra={"Location": "/delete-everything"})
        else:
            self._send(201, b'{"ok": true}')

    def do_GET(self) -> None:  # noqa: N802
        RerouteHandler.seen.append(("GET", self.path, self.headers.get("Host")))
        self._send(200, b'{"reached": "' + self.path.encode() + b'"}')


@pytest.fixture
def reroute_server() -> Iterator[str]:
    RerouteHandler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), RerouteHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("path", ["/see-other", "/moved"])
def test_a_redirect_never_turns_a_consented_post_into_a_get(
    reroute_server: str, path: str
) -> None:
    """RFC 9110 §15.4.4: a 303 is followed with GET (and clients do the same for a POST
    answered 301/302): a different method on the same host, which nobody allowed."""
    http = OnlineHttp()
    with pytest.raises(DelugeRuntimeError, match="would turn the POST into a GET"):
        http.fetch({"url": reroute_server + path, "type": "POST", "body": "x"}, SPAN)
    http.close()
    assert [(m, p) for m, p, _ in RerouteHandler.seen] == [("POST", path)]


def test_a_script_may_not_set_the_host_header(tmp_path: Path, reroute_server: str) -> None:
    root = tmp_path / "components"
    write_package(root, "vhost", """
        type = "command"
        name = "vhost"
        [handlers]
        execution = "run.dg"
        """, {"run.dg": f"""
        r = invokeurl
        [
            url :"{reroute_server}/x"
            type :GET
            headers:{{"Host":"admin.internal"}}
        ];
        return "got " + r;
        """})
    runtime = Runtime(root, tmp_path / "data",
                      SimulatedClock(datetime(2026, 12, 1, tzinfo=UTC)), online=True)
    outcome = allow(runtime, runtime.submit("u_admin", "general", "/vhost"))
    assert outcome.status == "error" and outcome.error is not None
    assert outcome.error.kind == "blocked" and "'Host'" in outcome.error.message
    assert RerouteHandler.seen == []
    assert any(r.event == "blocked" for r in runtime.ledger("u_admin"))
