"""A message is laid out while it is being written (the runtime's `coming`) but shown only
once it is stored: a message the person saw is one a crash cannot take back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import SIZE, screen_name, texts, type_and_send, wait_for

import cliqsim.journal
from cliqsim.platform.messages import Message
from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.widgets.message_list import MessageList


async def test_a_message_whose_write_fails_is_laid_out_but_never_shown(
        app_for: Callable[..., CliqsimApp], monkeypatch: pytest.MonkeyPatch) -> None:
    prepared: list[str] = []
    prepare = MessageList.prepare

    def spy(self: MessageList, message: Message) -> None:
        prepared.append(message.text or "")
        prepare(self, message)

    monkeypatch.setattr(MessageList, "prepare", spy)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await type_and_send(pilot, "first words")
        await wait_for(pilot, lambda: "first words" in texts(app), "the first message")
        assert prepared == ["first words"]

        def failing_sync(fd: int) -> None:
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(cliqsim.journal, "_sync", failing_sync)
        await type_and_send(pilot, "lost words")
        await wait_for(pilot, lambda: screen_name(app) == "ErrorScreen", "the error dialog")
        assert prepared == ["first words", "lost words"]  # laid out while being written...
        assert "lost words" not in texts(app)  # ...and never shown, as it was never stored
        await pilot.press("escape")
        await pilot.pause()
        assert "lost words" not in texts(app)


async def test_an_edit_shows_its_new_text_not_an_earlier_layout(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await type_and_send(pilot, "draft words")
        await wait_for(pilot, lambda: "draft words" in texts(app), "the message")
        chat = app.chat_screen
        assert chat is not None
        mine = chat.message_list.messages[-1]
        app.runtime.trigger_event("u_arjun", "edit", [mine.id, "final words"])
        await wait_for(pilot, lambda: "final words" in texts(app), "the edit")
        assert "draft words" not in texts(app)
        assert chat.message_list.messages[-1].id == mine.id
