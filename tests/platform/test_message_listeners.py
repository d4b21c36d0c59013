"""Listeners hear of a message twice: `coming` before its durable write, `stored` after it
(cliqsim/platform/listeners.py). The chat window lays a message out on `coming` and shows it
only on `stored`: a shown message is an acknowledged one, and acknowledged means durable."""

from __future__ import annotations

import pytest

import cliqsim.journal
from cliqsim.errors import CliqsimError
from cliqsim.platform.messages import Message
from cliqsim.platform.runtime import Runtime


def test_coming_is_told_before_the_write_and_stored_after_it(runtime: Runtime) -> None:
    heard: list[tuple[str, str, bool]] = []

    def stored_yet(message: Message) -> bool:
        return any(m.id == message.id for m in runtime.messages("general", "u_arjun"))

    runtime.subscribe(lambda m: heard.append(("stored", m.id, stored_yet(m))),
                      coming=lambda m: heard.append(("coming", m.id, stored_yet(m))))
    runtime.submit("u_arjun", "general", "hello there")
    assert [(event, known) for event, _, known in heard] == [("coming", False),
                                                             ("stored", True)]
    assert heard[0][1] == heard[1][1]


def test_a_failed_write_is_told_coming_but_never_stored(
        runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    heard: list[str] = []
    runtime.subscribe(lambda m: heard.append("stored"), coming=lambda m: heard.append("coming"))

    def failing_sync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(cliqsim.journal, "_sync", failing_sync)
    with pytest.raises(CliqsimError, match="cannot write"):
        runtime.submit("u_arjun", "general", "hello there")
    assert heard == ["coming"]


def test_a_coming_listener_that_fails_does_not_stop_the_message(runtime: Runtime) -> None:
    def broken(message: Message) -> None:
        raise RuntimeError("a listener's own bug")

    stored: list[str] = []
    runtime.subscribe(lambda m: stored.append(m.text or ""), coming=broken)
    runtime.submit("u_arjun", "general", "hello there")
    assert stored == ["hello there"]
    assert runtime.messages("general", "u_arjun")[-1].text == "hello there"


def test_unsubscribe_stops_both(runtime: Runtime) -> None:
    heard: list[str] = []
    stop = runtime.subscribe(lambda m: heard.append("stored"),
                             coming=lambda m: heard.append("coming"))
    stop()
    runtime.submit("u_arjun", "general", "hello there")
    assert heard == []
