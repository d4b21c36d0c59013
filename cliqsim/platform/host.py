"""The platform's `Host`: where a running handler's effects land.

Tasks go to the simulated services, `invokeurl` to the component's fixtures (or, in part 2,
the network), `sendmail` to the outbox, `info` to the run record. Connections named in a call
must be declared by the package. The consent engine's guard wraps this host, so every effect is
checked against the grant before it gets here. Everything the run did is recorded for the
inspector (`effects`, `info`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cliqsim.consent.manifest import host_matches
from cliqsim.deluge.cliq_messages import message_route
from cliqsim.deluge.effects import connection_index, host_of
from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.source import Span
from cliqsim.platform import fixtures, services
from cliqsim.platform.records import EffectRecord
from cliqsim.platform.services import mail
from cliqsim.platform.services.context import ServiceContext

OnlineFetch = Callable[[dict[str, Any], Span], Any]


class PlatformHost:
    def __init__(self, ctx: ServiceContext, online: OnlineFetch | None = None) -> None:
        self.ctx = ctx
        self.online = online
        self.effects: list[EffectRecord] = []
        self.info_lines: list[str] = []

    # --- Host protocol -------------------------------------------------------------------

    def now(self) -> datetime:
        """The simulated time in the acting person's time zone (a scheduler's: its owner's),
        so `zoho.currenttime` reads as their clock does and date-time literals are theirs
        (docs/components.md § Time zones: Zoho's pages do not say; real scripts assume it)."""
        now = self.ctx.now()
        zone = _zone(self.ctx.workspace.user(self.ctx.user_id).get("timezone"))
        return now.astimezone(zone) if zone is not None else now

    def system_variable(self, name: str, span: Span) -> Any:
        workspace = self.ctx.workspace
        user = workspace.user(self.ctx.user_id)
        admin = workspace.admins()[0]
        # zoho.loginuser / zoho.adminuser: the person's name, never derived from the email
        # address (that is what zoho.loginuserid / zoho.adminuserid are for, and a separate
        # consent item covers them)
        values = {
            "zoho.loginuser": _name(user),
            "zoho.loginuserid": user["email"],
            "zoho.adminuser": _name(admin),
            "zoho.adminuserid": admin["email"],
            "zoho.ipaddress": "127.0.0.1",
        }
        if name.lower() not in values:
            raise DelugeRuntimeError(f"{name} is not a system variable cliqsim knows "
                                     f"({', '.join(values)})", span)
        return values[name.lower()]

    def call_task(self, name: str, args: list[Any], span: Span) -> Any:
        link = self._connection_argument(name, args, span)
        target = name
        if link is not None:
            target = f"{name} as {self._account(self.ctx.package.connections[link])}"
        try:
            result = services.call(self.ctx, name, args, span)
        except DelugeRuntimeError as error:
            self.effects.append(EffectRecord("task", target, span.line, False,
                                             f"failed: {error.message}"))
            raise
        self.effects.append(EffectRecord("task", target, span.line, False, _summary(result)))
        return result

    def invoke_url(self, request: dict[str, Any], span: Span) -> Any:
        parts = fixtures.request_parts(request)
        method, base, _ = parts
        link = request.get("connection")
        account = ""
        if link is not None:
            connection = self._declared(str(link), f"invokeurl {method} {base}", span)
            account = f"; as {self._account(connection)}"
            host = host_of(base) or ""
            if connection.hosts and not any(host_matches(p, host) for p in connection.hosts):
                raise DelugeRuntimeError(
                    f"invokeurl {method} {base}: connection {link!r} may call only "
                    f"{', '.join(connection.hosts)}, not {host}", span)
        target = f"{method} {base}"
        if self.online is not None:
            response = self.online(request, span)
            self.effects.append(EffectRecord("api", target, span.line, False, "online"))
            return response
        routed = message_route(method, request.get("url")) if method == "POST" else None
        if routed is not None and fixtures.find_fixture(
                self.ctx.package, request, parts) is None:  # Cliq's own message API
            try:
                answer = _cliq_api().post(self.ctx, request, routed, span)
            except DelugeRuntimeError as error:
                self.effects.append(EffectRecord("api", target, span.line, False,
                                                 f"failed: {error.message}"))
                raise
            self.effects.append(EffectRecord("api", target, span.line, False,
                                             f"posted in the workspace (Cliq's API){account}"))
            return answer
        try:
            response, fixture = fixtures.answer(self.ctx.package, request, span, parts)
        except DelugeRuntimeError as error:
            self.effects.append(EffectRecord("api", target, span.line, False,
                                             f"no fixture: {error.message}"))
            raise
        self.effects.append(EffectRecord("api", target, span.line, False,
                                         f"fixture {fixture.source} ({fixture.status}){account}"))
        if request.get("detailed") in (True, "true"):
            return response
        return fixtures.deluge_answer(fixture, response)

    def send_mail(self, params: dict[str, Any], span: Span) -> None:
        sent = mail.send(self.ctx, params, span)
        self.effects.append(EffectRecord("mail", f"to {', '.join(sent['to'])}", span.line,
                                         False, str(sent["subject"])))

    def info(self, text: str, span: Span) -> None:
        self.info_lines.append(text)

    # --- connections -----------------------------------------------------------------------

    def _declared(self, link: str, what: str, span: Span) -> Any:
        connection = self.ctx.package.connections.get(link)
        if connection is None:
            declared = ", ".join(self.ctx.package.connections) or "none"
            raise DelugeRuntimeError(
                f"{what}: connection {link!r} is not declared in "
                f"{self.ctx.package.id}/component.toml (declared: {declared})", span)
        return connection

    def _account(self, connection: Any) -> str:
        """Whose credentials a connection resolves to: the person's own (auth user) or the
        connection owner's (auth admin), e.g. "Priya Sharma's Google Maps account"."""
        who = self.ctx.user_id if connection.auth == "user" else self.ctx.connection_owner(
            connection.link_name)
        user = self.ctx.workspace.user(who)
        return f"{user['first_name']} {user['last_name']}'s {connection.service} account"

    def _connection_argument(self, name: str, args: list[Any], span: Span) -> str | None:
        index = connection_index(name, len(args))
        if index is None:
            return None
        link = args[index]
        if not isinstance(link, str):
            return None
        self._declared(link, name, span)
        return link


def _cliq_api() -> Any:
    """Cliq's own message API (`services/cliq_api.py`), loaded when a POST first needs it."""
    from cliqsim.platform.services import cliq_api

    return cliq_api


def _name(user: dict[str, Any]) -> str:
    return f"{user.get('first_name', '')} {user.get('last_name', '')}".strip() or str(user["id"])


def _summary(result: Any) -> str:
    if isinstance(result, dict):
        for key in ("status", "id", "message_id", "code"):
            if key in result:
                return f"{key}: {result[key]}"
        return f"map of {len(result)} keys"
    if isinstance(result, list):
        return f"list of {len(result)}"
    return str(result)[:80]


def _zone(name: Any) -> tzinfo | None:
    if not isinstance(name, str):
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return None
