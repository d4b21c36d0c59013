"""Red team, found while closing hole 2: the scheme is part of an API item (`GET
api.example.com` is https), but online, a redirect that kept the host and port and changed only
the scheme (https -> http on the default ports, or the same explicit port) was followed. Now a
redirect to another scheme is refused, like one to another host, port or method. Local server
on 127.0.0.1 only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.source import Span
from cliqsim.platform.online import OnlineHttp

SPAN = Span.point(1, 1)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        port = self.server.server_address[1]
        self.send_response(302)
        self.send_header("Location", f"https://127.0.0.1:{port}/secret")
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_redirect_to_another_scheme_is_not_followed(server: str) -> None:
    with pytest.raises(DelugeRuntimeError, match="another scheme"):
        OnlineHttp(timeout=5).fetch({"url": f"{server}/start"}, SPAN)
