"""Issue #11, class 4: no field leaks through another field. What a run can read is exactly what
its items say: "this chat's members" says it includes their email addresses (real Cliq's
`chat.members` is `{id, first_name, last_name, email, status}`, reference §1 chat object), "who
sent the message" says it is the sender's profile, and `zoho.loginuser` (the user name, "Reads
your name") is not the local part of the email address that `zoho.loginuserid` covers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allow, write_package

from cliqsim.platform.runtime import Runtime

COMMAND = """\
type = "command"
name = "peek"
[handlers]
execution = "run.dg"
"""
ACTION = """\
type = "message_action"
name = "who"
[handlers]
execution = "run.dg"
"""


def _runtime(tmp_path: Path, make_runtime: Callable[[Path], Runtime], kind: str,
             script: str) -> Runtime:
    root = tmp_path / "c"
    write_package(root, "peek" if kind == "command" else "who",
                  COMMAND if kind == "command" else ACTION, {"run.dg": script})
    return make_runtime(root)


def test_chat_members_item_says_it_includes_their_email_addresses(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, "command", (
        'm = chat.get("members");\nreturn {"text": m.get(0).get("email")};\n'))
    asked = runtime.submit("u_arjun", "general", "/peek")
    assert asked.consent is not None
    (item,) = asked.consent.items
    assert "email addresses" in item.purpose
    assert allow(runtime, asked).status == "ok"


def test_message_sender_item_says_it_is_the_senders_profile(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, "action", (
        's = message.get("sender");\nreturn {"text": s.get("email")};\n'))
    asked = runtime.run_action("u_arjun", "who", ["m1"])
    assert asked.consent is not None
    (item,) = asked.consent.items
    assert "email address" in item.purpose and "profile" in item.purpose


def test_zoho_loginuser_is_the_name_not_part_of_the_email(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, "command", (
        'return {"text": "name=" + zoho.loginuser};\n'))
    asked = runtime.submit("u_arjun", "general", "/peek")
    assert asked.consent is not None
    (item,) = asked.consent.items
    assert item.purpose == "Reads your name"
    done = allow(runtime, asked)
    texts = [m.text for m in done.messages]
    assert texts == [f"name={runtime.user('u_arjun').name}"]  # "Arjun Rao", not "arjun"
