"""The completion list floats over the last messages, just above the text box: opening and
closing it moves nothing else (no re-layout of the messages while typing, or on Enter), and a
click on an entry takes it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import wait_for

from cliqsim.tui.app import CliqsimApp


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)])
async def test_the_list_opens_over_the_messages_without_moving_them(
        app_for: Callable[..., CliqsimApp], size: tuple[int, int]) -> None:
    app = app_for()
    async with app.run_test(size=size) as pilot:
        chat = app.chat_screen
        assert chat is not None
        messages = chat.message_list.region
        box = chat.composer.input.region
        await pilot.press("/")
        completion = chat.composer.completion
        await wait_for(pilot, lambda: completion.display and completion.region.height > 2,
                       "the list")
        assert chat.message_list.region == messages
        assert chat.composer.input.region == box
        assert completion.region.bottom == box.y  # just above the text box
        assert completion.region.y >= messages.y  # inside the conversation
        await pilot.press("escape")
        await wait_for(pilot, lambda: not completion.display, "the list closed")
        assert chat.message_list.region == messages


async def test_clicking_an_entry_takes_it(app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None
        await pilot.press("/", "n", "e")
        completion = chat.composer.completion
        await wait_for(pilot, lambda: completion.display and completion.option_count == 1,
                       "the /nearby entry")
        await pilot.click(completion, offset=(3, 1))
        await wait_for(pilot, lambda: chat.composer.input.value == "/nearby ", "the entry taken")
        assert chat.composer.input.has_focus
