"""`--online --record-fixtures`: each real response becomes a fixture in `shared.toml`.

Secrets never reach the file: query and body parameters whose names say token, key, secret,
password, signature or auth are left out of the fixture's `query`; no request header is kept
and of the response headers only `Content-Type` is; in the body, the values of JSON keys with
such names become `<removed>`, and so does any secret the request sent (a parameter or header
value) that the body echoes. Fixtures are appended as `[[fixtures]]`
tables at the end of `shared.toml` in the components folder (created when missing), one per
method, URL and parameters: a response already recorded is not written twice.
"""

from __future__ import annotations

import json
import re
import threading
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from cliqsim.platform.fixtures import request_parts
from cliqsim.platform.packages import SHARED

SECRET = re.compile(r"token|key|secret|password|passwd|signature|sig$|auth|session|cookie",
                    re.IGNORECASE)
_KEPT_HEADERS = {"content-type": "Content-Type"}
REMOVED = "<removed>"


class FixtureRecorder:
    """Appends `[[fixtures]]` to `components/shared.toml` (thread-safe, one line-atomic append
    per response)."""

    def __init__(self, components: Path) -> None:
        self.path = components / SHARED
        self._lock = threading.Lock()

    def __call__(self, request: dict[str, Any], status: int, headers: dict[str, str],
                 text: str) -> None:
        method, url, params = request_parts(request)
        query = {str(k): str(v) for k, v in params.items() if not SECRET.search(str(k))}
        sent = {**params, **(request.get("headers") or {})}
        secrets = [str(v) for k, v in sent.items() if SECRET.search(str(k)) and len(str(v)) >= 4]
        fixture: dict[str, Any] = {
            "description": "recorded with --online --record-fixtures",
            "method": method, "url": url.split("?", 1)[0], "status": status,
            "body": _scrub(text, secrets)}
        if query:
            fixture["query"] = query
        kept = {_KEPT_HEADERS[k.lower()]: v for k, v in headers.items()
                if k.lower() in _KEPT_HEADERS}
        if kept:
            fixture["headers"] = kept
        with self._lock:
            if self._recorded(fixture):
                return
            table = tomli_w.dumps({"fixtures": [fixture]})
            with self.path.open("a", encoding="utf-8") as out:
                out.write("\n" + table)

    def _recorded(self, fixture: dict[str, Any]) -> bool:
        if not self.path.exists():
            return False
        try:
            existing = tomllib.loads(self.path.read_text(encoding="utf-8-sig"))
        except (OSError, tomllib.TOMLDecodeError):
            return False
        return any(f.get("method") == fixture["method"] and f.get("url") == fixture["url"]
                   and f.get("query", {}) == fixture.get("query", {})
                   for f in existing.get("fixtures", []))


def _scrub(text: str, secrets: list[str]) -> str:
    """`text` without the secrets it echoes and with secret-named JSON values removed."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, REMOVED)
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return json.dumps(_scrub_value(value), ensure_ascii=False)


def _scrub_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: REMOVED if SECRET.search(str(k)) and isinstance(v, str | int)
                else _scrub_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_value(item) for item in value]
    return value
