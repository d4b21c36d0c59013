"""A message action on several messages reads only messages of its chat (docs/consents.md,
threat model row 47).

Selecting messages for a multi-selectable action checked that the first was in the chat and
the person a member of it: the rest went into `messages` unchecked, so a member of #general
ran an action on a #general message and a #sales message, and the handler (under their own
consent to "the selected messages") read #sales. Now every selected message must be in the
action's chat before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from platform_helpers import allowing, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.platform.authorization import NotAuthorized
from cliqsim.platform.runtime import Runtime

DIGEST = ('out = "";\nfor each m in messages.get("list")\n{\n\tout = out + m.get("text") + '
          '" | ";\n}\nreturn {"text": out};\n')


def _runtime(tmp_path: Path, clock: SimulatedClock) -> Runtime:
    write_package(tmp_path / "c", "digest", 'type = "message_action"\nname = "Digest"\n'
                  'multi_selectable = true\n[handlers]\nexecution = "a.dg"\n', {"a.dg": DIGEST})
    return Runtime(tmp_path / "c", tmp_path / "d", clock)


def test_a_message_of_another_chat_among_the_selected_is_refused(
        tmp_path: Path, clock: SimulatedClock) -> None:
    runtime = _runtime(tmp_path, clock)
    public = runtime.submit("u_meera", "general", "hello all").messages[0].id
    secret = runtime.submit("u_admin", "sales", "Q4 secret").messages[0].id
    with pytest.raises(NotAuthorized):
        runtime.run_action("u_meera", "Digest", [public, secret], "general")
    assert not runtime.grants("u_meera")  # refused before it asked


def test_messages_of_the_chat_are_read(tmp_path: Path, clock: SimulatedClock) -> None:
    runtime = _runtime(tmp_path, clock)
    first = runtime.submit("u_meera", "general", "one").messages[0].id
    second = runtime.submit("u_admin", "general", "two").messages[0].id
    done = allowing(runtime, runtime.run_action("u_meera", "Digest", [first, second],
                                                "general"))
    assert [m.text for m in done.messages] == ["one | two | "]
