"""A `Host` that performs no effect: it records each one and answers from canned results.

Used by `cliqsim script` and by tests. Tasks are answered by name (`"zoho.crm.getRecords"`), URLs
by the exact URL, or by `"METHOD URL"` (`"POST https://api.example.com/x"`) when both are given;
anything not canned returns null. A request with `detailed: true` (an `invokeurl` block, or
`getUrl`/`postUrl` with the simple-response flag false) gets the documented map
`{"responseCode", "responseHeader", "responseText"}`. System variables (`zoho.loginuserid`, ...)
come from a mapping.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.source import Span

DEFAULT_SYSTEM_VARIABLES: dict[str, Any] = {
    "zoho.loginuser": "scott",
    "zoho.loginuserid": "scott@zylker.com",
    "zoho.adminuser": "admin",
    "zoho.adminuserid": "admin@zylker.com",
    "zoho.ipaddress": "127.0.0.1",
}


def detailed_response(canned: Any) -> dict[str, Any]:
    """The `detailed: true` (or `simple` false) answer for a canned response: a canned map that
    already has `responseCode` as it is, anything else as the body of a 200 response:
    `{"responseCode": 200, "responseHeader": {}, "responseText": <body as text>}`."""
    if isinstance(canned, dict) and "responseCode" in canned:
        return {"responseHeader": {}, "responseText": "", **canned}
    if canned is None:
        text = ""
    elif isinstance(canned, str):
        text = canned
    else:
        text = json.dumps(canned, separators=(",", ":"), default=str)
    return {"responseCode": 200, "responseHeader": {}, "responseText": text}


class RecordingHost:
    def __init__(
        self,
        now: datetime | None = None,
        zone: tzinfo | None = None,
        tasks: Mapping[str, Any] | None = None,
        urls: Mapping[str, Any] | None = None,
        system_variables: Mapping[str, Any] | None = None,
    ) -> None:
        moment = now or datetime.now(UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        self._now = moment.astimezone(zone) if zone is not None else moment
        self.tasks = dict(tasks or {})
        self.urls = dict(urls or {})
        self.system_variables = {**DEFAULT_SYSTEM_VARIABLES, **(system_variables or {})}
        self.effects: list[dict[str, Any]] = []
        self.infos: list[str] = []

    def now(self) -> datetime:
        return self._now

    def system_variable(self, name: str, span: Span) -> Any:
        for key, value in self.system_variables.items():
            if key.lower() == name.lower():
                return value
        raise DelugeRuntimeError(f"Unknown system variable '{name}'", span)

    def call_task(self, name: str, args: list[Any], span: Span) -> Any:
        self.effects.append({"kind": "task", "name": name, "args": args, "line": span.line})
        return self.tasks.get(name)

    def invoke_url(self, request: dict[str, Any], span: Span) -> Any:
        method = str(request.get("type", "GET")).upper()
        url = str(request.get("url", ""))
        self.effects.append(
            {
                "kind": "invokeurl",
                "url": url,
                "method": method,
                "request": request,
                "line": span.line,
            }  # fmt: skip
        )
        keyed = f"{method} {url}"
        canned = self.urls[keyed] if keyed in self.urls else self.urls.get(url)
        if request.get("detailed") in (True, "true"):
            return detailed_response(canned)
        return canned

    def send_mail(self, params: dict[str, Any], span: Span) -> None:
        self.effects.append(
            {
                "kind": "sendmail",
                "to": params.get("to"),
                "subject": params.get("subject"),
                "params": params,
                "line": span.line,
            }  # fmt: skip
        )

    def info(self, text: str, span: Span) -> None:
        self.infos.append(text)
        self.effects.append({"kind": "info", "text": text, "line": span.line})
