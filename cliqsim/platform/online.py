"""`invokeurl` on the real network (`--online`), with Deluge's limits (reference §2.5, §4).

The consent guard has already checked the method and host against the grant before a request
gets here; this module only performs it:
- one deadline for the whole request, connecting, redirects and every read included: 40 s
  (Deluge's socket timeout), or less when the run has less left (`interpreter.time_left()`);
  a server that drips one byte at a time cannot keep a run alive past it;
- the response is read as a stream and cut off past 5 MB (15 MB from Zoho's own domains), with
  a Deluge-style error rather than a huge value;
- redirects are followed at most `MAX_REDIRECTS` times and only when they keep the host, the
  port and the method: a redirect to another host (or port) would reach a service nobody
  consented to, and a 303 See Other (or a 301/302 that clients follow as GET) would turn a
  consented POST into a GET nobody consented to, so they fail instead.
The answer is shaped as offline fixtures shape it: parsed JSON (map or list) or text, or with
`detailed: true` the `{responseCode, responseHeader, responseText}` map.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.interpreter import time_left
from cliqsim.deluge.source import Span
from cliqsim.platform.fixtures import parameter_text

TIMEOUT_SECONDS = 40.0
MAX_BYTES = 5 * 1024 * 1024
MAX_BYTES_ZOHO = 15 * 1024 * 1024
MAX_REDIRECTS = 5
ZOHO_DOMAINS = ("zoho.com", "zoho.eu", "zoho.in", "zoho.com.au", "zoho.jp", "zohoapis.com",
                "zohoapis.eu", "zohoapis.in", "zohocloud.ca", "zoho.sa")
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def size_cap(host: str) -> int:
    host = host.lower()
    zoho = any(host == d or host.endswith("." + d) for d in ZOHO_DOMAINS)
    return MAX_BYTES_ZOHO if zoho else MAX_BYTES


class OnlineHttp:
    """Performs `invokeurl` requests; one `httpx.Client` per runtime. The limits are
    attributes so a test (or a cautious user) can lower them."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS, max_redirects: int = MAX_REDIRECTS,
                 max_bytes: int | None = None) -> None:
        self.timeout = timeout
        self.max_redirects = max_redirects
        self.max_bytes = max_bytes  # None: Deluge's caps by domain
        self._client: httpx.Client | None = None
        # called with (request, status, headers, body text) for each final response
        self.on_response: Callable[[dict[str, Any], int, dict[str, str], str], None] | None = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout, follow_redirects=False,
                                        headers={"User-Agent": "cliqsim (invokeurl)"})
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __call__(self, request: dict[str, Any], span: Span) -> Any:
        return self.fetch(request, span)

    def fetch(self, request: dict[str, Any], span: Span) -> Any:
        """Perform `request` within one deadline: `self.timeout` seconds or what the run has
        left, whichever is less. The request runs on a worker thread, so neither a slow server
        nor one that drips its answer holds the run past the deadline."""
        left = time_left()
        budget = self.timeout if left is None else min(self.timeout, left)
        deadline = time.monotonic() + budget
        outcome: list[tuple[bool, Any]] = []

        def work() -> None:
            try:
                outcome.append((True, self._fetch(request, span, budget, deadline)))
            except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
                outcome.append((False, error))

        worker = threading.Thread(target=work, name="cliqsim invokeurl", daemon=True)
        worker.start()
        worker.join(budget + 0.05)
        if not outcome:
            raise self._late(request, span, budget, left)
        ok, value = outcome[0]
        if ok:
            return value
        if isinstance(value, _Late):
            raise self._late(request, span, budget, left) from None
        raise value

    def _late(self, request: dict[str, Any], span: Span, budget: float,
              left: float | None) -> DelugeRuntimeError:
        if left is not None and left <= self.timeout:
            time_left()  # raises the run's time-limit error once the deadline has passed
        method = str(request.get("type") or "GET").upper()
        return DelugeRuntimeError(f"invokeurl {method} {request.get('url')} timed out after "
                                  f"{budget:g} seconds", span)

    def _fetch(self, request: dict[str, Any], span: Span, budget: float,
               deadline: float) -> Any:
        method = str(request.get("type") or "GET").upper()
        if method not in METHODS:
            raise DelugeRuntimeError(f"invokeurl type {method} is not one of "
                                     f"{', '.join(sorted(METHODS))}", span)
        url = str(request.get("url") or "")
        outgoing = self._build(method, url, request, span)
        outgoing.extensions["timeout"] = httpx.Timeout(budget).as_dict()
        origin = (urlsplit(url).hostname or "").lower()
        hops = 0
        try:
            while True:
                response = self.client.send(outgoing, stream=True)
                try:
                    if response.is_redirect and response.next_request is not None:
                        target = response.next_request
                        if (target.url.host or "").lower() != origin:
                            raise DelugeRuntimeError(
                                f"invokeurl {method} {url} was redirected to {target.url.host}"
                                f", another host, which the consent does not cover; cliqsim "
                                "does not follow it", span)
                        if target.url.scheme != outgoing.url.scheme:
                            raise DelugeRuntimeError(
                                f"invokeurl {method} {url} was redirected to "
                                f"{target.url.scheme}://{target.url.host}, another scheme, "
                                "which the consent does not cover; cliqsim does not follow it",
                                span)
                        if target.url.port != outgoing.url.port:
                            raise DelugeRuntimeError(
                                f"invokeurl {method} {url} was redirected to port "
                                f"{target.url.port or 'the default'} of {target.url.host}, "
                                "another service, which the consent does not cover; cliqsim "
                                "does not follow it", span)
                        if target.method != outgoing.method:
                            raise DelugeRuntimeError(
                                f"invokeurl {method} {url} was answered with "
                                f"{response.status_code} {response.reason_phrase}, which "
                                f"would turn the {outgoing.method} into a {target.method} the "
                                "consent does not cover; cliqsim does not follow it", span)
                        hops += 1
                        if hops > self.max_redirects:
                            raise DelugeRuntimeError(
                                f"invokeurl {method} {url} was redirected more than "
                                f"{self.max_redirects} times", span)
                        outgoing = target
                        outgoing.extensions["timeout"] = httpx.Timeout(
                            max(0.001, deadline - time.monotonic())).as_dict()
                        continue
                    body = self._read(response, origin, method, url, span, deadline)
                    if self.on_response is not None:
                        self.on_response(request, response.status_code, dict(response.headers),
                                         body.decode(response.encoding or "utf-8", "replace"))
                    return _shape(response, body, request)
                finally:
                    response.close()
        except httpx.TimeoutException:
            raise _Late() from None
        except httpx.HTTPError as error:
            raise DelugeRuntimeError(f"invokeurl {method} {url} failed: {error}", span) from None

    def _build(self, method: str, url: str, request: dict[str, Any],
               span: Span) -> httpx.Request:
        if not url.lower().startswith(("http://", "https://")):
            raise DelugeRuntimeError(f"invokeurl url {url!r} must start with http:// or "
                                     "https://", span)
        headers = {str(k): str(v) for k, v in (request.get("headers") or {}).items()}
        content_type = request.get("content-type") or request.get("content_type")
        if content_type:
            headers["Content-Type"] = str(content_type)
        params: Any = request.get("parameters")
        body: Any = request.get("body")
        query: dict[str, str] | None = None
        content: bytes | None = None
        data: dict[str, str] | None = None
        if method == "GET" and isinstance(params, dict):
            query = {str(k): parameter_text(v) for k, v in params.items()}
        elif body is None:
            body = params
        if isinstance(body, dict):
            if "json" in str(content_type or "").lower():
                content = json.dumps(body).encode()
            else:
                data = {str(k): parameter_text(v) for k, v in body.items()}
        elif isinstance(body, (list,)):
            content = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        elif body is not None:
            content = str(body).encode()
            headers.setdefault("Content-Type", "text/plain")
        try:
            return self.client.build_request(method, url, params=query, headers=headers,
                                             content=content, data=data)
        except (httpx.InvalidURL, ValueError) as error:
            raise DelugeRuntimeError(f"invokeurl url {url!r} is not a valid address: {error}",
                                     span) from None

    def _read(self, response: httpx.Response, host: str, method: str, url: str,
              span: Span, deadline: float) -> bytes:
        cap = self.max_bytes if self.max_bytes is not None else size_cap(host)
        chunks = []
        size = 0
        for chunk in response.iter_bytes():
            if time.monotonic() > deadline:
                raise _Late()
            size += len(chunk)
            if size > cap:
                raise DelugeRuntimeError(
                    f"invokeurl {method} {url}: the response is larger than "
                    f"{_megabytes(cap)}, the most Deluge downloads from {host}", span)
            chunks.append(chunk)
        return b"".join(chunks)


class _Late(Exception):
    """The request passed its deadline (raised on the worker thread)."""


def _megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):g} MB"


def _shape(response: httpx.Response, body: bytes, request: dict[str, Any]) -> Any:
    encoding = str(request.get("response-decoding") or response.encoding or "utf-8")
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    if request.get("detailed") in (True, "true"):
        return {"responseCode": response.status_code,
                "responseHeader": dict(response.headers), "responseText": text}
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        try:
            return json.loads(stripped)
        except json.JSONDecodeError:
            pass
    return text
