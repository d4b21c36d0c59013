"""`sendmail`: checked as Deluge checks it, then delivered to the simulated outbox."""

from __future__ import annotations

from typing import Any

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.source import Span
from cliqsim.platform.services.context import ServiceContext

REQUIRED = ("from", "to", "subject", "message")


def _addresses(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(part.strip() for part in str(value).split(",") if part.strip())


def send(ctx: ServiceContext, params: dict[str, Any], span: Span) -> dict[str, Any]:
    missing = [key for key in REQUIRED if not params.get(key)]
    if missing:
        raise DelugeRuntimeError(f"sendmail needs '{missing[0]}' (required: from, to, subject, "
                                 "message)", span)
    login = ctx.workspace.user(ctx.user_id)["email"]
    admin = ctx.workspace.admins()[0]["email"]
    sender = str(params["from"])
    to, cc, bcc = (_addresses(params.get(k)) for k in ("to", "cc", "bcc"))
    if sender not in (login, admin):
        # Deluge: any other sender may mail only the login user or the admin, without cc/bcc.
        if not set(to) <= {login, admin} or cc or bcc:
            raise DelugeRuntimeError(
                f"sendmail from {sender!r}: when 'from' is not zoho.adminuserid or "
                "zoho.loginuserid, 'to' must be one of them and cc/bcc are not allowed", span)
    mail = {
        "id": ctx.workspace.next_id("mail"),
        "time": ctx.now().isoformat(),
        "sender": sender,
        "to": list(to),
        "cc": list(cc),
        "bcc": list(bcc),
        "subject": str(params["subject"]),
        "body": str(params["message"]),
        "component": ctx.package.id,
    }
    ctx.workspace.send_mail(mail)
    return mail
