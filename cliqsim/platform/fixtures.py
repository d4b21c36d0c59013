"""Offline `invokeurl`: answer a request from the component's declared fixtures.

A fixture matches when the method is the same, the URL without its query matches the fixture's
`url` (`*` stands for any run of characters) and every `query` pair the fixture names is present
in the request's parameters (from the URL's query string or `parameters:`). The most specific
match wins (the one naming the most query pairs, then the longest URL). No match is an error
that lists the fixtures that exist, so the developer can add the missing one.
"""

from __future__ import annotations

import fnmatch
import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.source import Span
from cliqsim.deluge.value_copies import Template
from cliqsim.platform.package_model import Fixture, Package


def request_parts(request: dict[str, Any]) -> tuple[str, str, dict[str, str]]:
    """(METHOD, url without query, parameters) of an `invokeurl` request map."""
    method = str(request.get("type") or "GET").upper()
    url = str(request.get("url") or "")
    parts = urlsplit(url)
    params = {k: v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    extra = request.get("parameters")
    if isinstance(extra, dict):
        params.update({str(k): parameter_text(v) for k, v in extra.items()})
    elif isinstance(extra, str) and extra.strip().startswith("{"):
        try:
            decoded = json.loads(extra)
        except json.JSONDecodeError:
            decoded = None
        if isinstance(decoded, dict):
            params.update({str(k): parameter_text(v) for k, v in decoded.items()})
    body = request.get("body")
    if isinstance(body, dict):
        params.update({str(k): parameter_text(v) for k, v in body.items()})
    base = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return method, base, params


def parameter_text(value: Any) -> str:
    """A parameter value as it goes out in a request (true/false, JSON for maps and lists)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


Parts = tuple[str, str, dict[str, str]]


def find_fixture(package: Package, request: dict[str, Any],
                 parts: Parts | None = None) -> Fixture | None:
    """The best fixture for `request` (`parts`: its `request_parts`, when already known)."""
    method, base, params = parts if parts is not None else request_parts(request)
    best: tuple[int, int, Fixture] | None = None
    for fixture in package.fixtures:
        if fixture.method != method:
            continue
        if not fnmatch.fnmatchcase(base, fixture.url.split("?")[0]):
            continue
        if any(params.get(k) != v and not fnmatch.fnmatchcase(params.get(k, "\0"), v)
               for k, v in fixture.query.items()):
            continue
        rank = (len(fixture.query), len(fixture.url), fixture)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def answer(package: Package, request: dict[str, Any], span: Span,
           parts: Parts | None = None) -> tuple[Any, Fixture]:
    """The response value for `request` (parsed JSON or text; the `detailed: true` map when
    asked), and the fixture that gave it. Raises `DelugeRuntimeError` when nothing matches.
    `parts`: the request's `request_parts`, when the caller has them already."""
    parts = parts if parts is not None else request_parts(request)
    fixture = find_fixture(package, request, parts)
    if fixture is None:
        method, base, params = parts
        shown = "&".join(f"{k}={v}" for k, v in params.items() if k.lower() not in SECRET_KEYS)
        existing = "; ".join(
            f"{f.method} {f.url}" + (f" {f.query}" if f.query else "") for f in package.fixtures
        ) or "none"
        raise DelugeRuntimeError(
            f"invokeurl {method} {base}{'?' + shown if shown else ''} has no offline fixture in "
            f"{package.id}/component.toml (fixtures that exist: {existing}). Add a [[fixtures]] "
            "entry for it, or run with --online",
            span,
        )
    body = fixture.body
    if request.get("detailed") in (True, "true"):
        text = body if isinstance(body, str) else json.dumps(body)
        return ({"responseCode": fixture.status, "responseHeader": dict(fixture.headers),
                 "responseText": text}, fixture)
    if isinstance(body, str):
        stripped = body.strip()
        if stripped.startswith(("{", "[")):
            try:
                return json.loads(stripped), fixture
            except json.JSONDecodeError:
                pass
    return body, fixture


_TEMPLATES: dict[int, tuple[Fixture, Template]] = {}  # id(fixture) -> its converted answer
_MOST_TEMPLATES = 256


def deluge_answer(fixture: Fixture, response: Any) -> Any:
    """`response` (what `answer` gave `fixture` for a request without `detailed`, the same each
    time) as a fresh copy of Deluge values converted once per fixture, so a script that calls
    the same fixture again does not have it converted again; `response` itself where that
    cannot be (`cliqsim.deluge.value_copies`)."""
    found = _TEMPLATES.get(id(fixture))
    if found is None or found[0] is not fixture:
        if len(_TEMPLATES) >= _MOST_TEMPLATES:
            _TEMPLATES.clear()
        found = _TEMPLATES[id(fixture)] = (fixture, Template(response))
    copy = found[1].copy()
    return response if copy is None else copy


SECRET_KEYS = {"key", "api_key", "apikey", "token", "access_token", "authtoken"}
