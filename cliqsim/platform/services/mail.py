"""`sendmail`: checked as Deluge checks it, then delivered to the simulated outbox.

Limits (`check_limits`, before anything is delivered). Zoho's pages on the send mail task
(Deluge "Send mail", Creator "Send mail", Deluge "Limitations") give none for the subject or
the message, so cliqsim chooses, and says so in docs/consents.md:

- the subject is one line (no carriage return or line feed: a line break in a mail header would
  start another header, a `Bcc:` nobody was shown) of at most 998 characters (RFC 5322 §2.1.1,
  the longest line a mail may carry);
- the message is at most 5 MB in UTF-8 (Deluge's own largest text, `toMap`'s 5 MB);
- a mail names at most 150 recipients in `to`, `cc` and `bcc` together (Zoho Mail's per-mail
  recipient limit on paid plans).
"""

from __future__ import annotations

from typing import Any

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.source import Span
from cliqsim.platform.services.context import ServiceContext

REQUIRED = ("from", "to", "subject", "message")
MAX_SUBJECT_CHARS = 998
MAX_MESSAGE_BYTES = 5 * 1024 * 1024
MAX_RECIPIENTS = 150


def check_limits(params: dict[str, Any], span: Span) -> None:
    """Raises `DelugeRuntimeError` when a mail breaks a limit (module docstring); nothing is
    sent then. Used by the platform and by a dry run alike."""
    subject = str(params.get("subject") or "")
    if "\r" in subject or "\n" in subject:
        raise DelugeRuntimeError("sendmail: the subject must be one line (it holds a line "
                                 "break, which would start another mail header)", span)
    if len(subject) > MAX_SUBJECT_CHARS:
        raise DelugeRuntimeError(f"sendmail: the subject is {len(subject):,} characters; at "
                                 f"most {MAX_SUBJECT_CHARS} are allowed", span)
    size = len(str(params.get("message") or "").encode("utf-8", "surrogatepass"))
    if size > MAX_MESSAGE_BYTES:
        raise DelugeRuntimeError(f"sendmail: the message is {size:,} bytes; at most "
                                 f"{MAX_MESSAGE_BYTES:,} (5 MB) are allowed", span)
    count = sum(len(_addresses(params.get(k))) for k in ("to", "cc", "bcc"))
    if count > MAX_RECIPIENTS:
        raise DelugeRuntimeError(f"sendmail: the mail names {count} recipients; at most "
                                 f"{MAX_RECIPIENTS} are allowed", span)


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
    check_limits(params, span)
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
