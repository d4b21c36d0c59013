"""Red team, hole 4: a `sendmail` subject and message had no size limit, and a line break in the
subject would start another mail header (a `Bcc:` nobody was shown).

Zoho's send mail pages (Deluge "Send mail", Creator "Send mail", Deluge "Limitations":
https://www.zoho.com/deluge/help/limitations.html) document no subject or message limit, so
cliqsim's are its own (docs/consents.md): a one-line subject of at most 998 characters (RFC
5322), a message of at most 5 MB, at most 150 recipients. They hold before anything is sent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.source import Span
from cliqsim.platform.runtime import Runtime
from cliqsim.platform.services.mail import MAX_MESSAGE_BYTES, check_limits

MAILER = """\
type = "command"
name = "mailer"
[handlers]
execution = "run.dg"
"""


def _send(tmp_path: Path, make_runtime: Callable[[Path], Runtime], script: str) -> str:
    root = tmp_path / "c"
    write_package(root, "mailer", MAILER, {"run.dg": script})
    runtime = make_runtime(root)
    done = allow(runtime, runtime.submit("u_arjun", "general", "/mailer"))
    assert runtime.outbox() == [], "the mail was sent despite the limit"
    assert done.status == "error" and done.error is not None
    return done.error.message


def test_a_line_break_in_the_subject_is_refused_before_sending(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    error = _send(tmp_path, make_runtime, (
        'sendmail [ from: zoho.loginuserid to: "team@zylker.com" '
        'subject: "Hi" + "\\n" + "Bcc: spy@evil.example" message: "m" ];\n'
        'return {"text": "sent"};\n'))
    assert "the subject must be one line" in error


def test_an_overlong_subject_is_refused_before_sending(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    error = _send(tmp_path, make_runtime, (
        's = "x";\nfor each i in {1,2,3,4,5,6,7,8,9,10} { s = s + s; }\n'
        'sendmail [ from: zoho.loginuserid to: "team@zylker.com" subject: s message: "m" ];\n'
        'return {"text": "sent"};\n'))
    assert "the subject is 1,024 characters; at most 998" in error


def test_an_oversized_message_is_refused_before_sending(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    error = _send(tmp_path, make_runtime, (
        's = "0123456789abcdef";\n'
        'for each i in {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19} { s = s + s; }\n'
        'sendmail [ from: zoho.loginuserid to: "team@zylker.com" subject: "big" message: s ];\n'
        'return {"text": "sent"};\n'))
    assert "at most 5,242,880 (5 MB)" in error


def test_the_limits_are_exact() -> None:
    span = Span.point(1, 1)
    check_limits({"subject": "x" * 998, "message": "y" * MAX_MESSAGE_BYTES,
                  "to": [f"p{i}@zylker.com" for i in range(150)]}, span)
    for params in ({"subject": "x" * 999}, {"message": "y" * (MAX_MESSAGE_BYTES + 1)},
                   {"message": "é" * (MAX_MESSAGE_BYTES // 2 + 1)},  # bytes, not characters
                   {"subject": "a\rb"},
                   {"to": [f"p{i}@zylker.com" for i in range(100)],
                    "bcc": ",".join(f"q{i}@zylker.com" for i in range(51))}):
        with pytest.raises(DelugeRuntimeError):
            check_limits(params, span)
