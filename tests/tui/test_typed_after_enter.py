"""A key typed right after Enter starts the next message; it is not sent with this one.

In a real terminal `hello world`, Enter, `x` typed quickly sent "hello worldx": Textual ran the
Enter binding only after the key event had bubbled back up, and by then the next key had been
typed into the box. The composer now takes Enter as it comes (`ComposerInput._on_key`).
"""

from __future__ import annotations

from collections.abc import Callable

from conftest import texts, wait_for
from textual import events

from cliqsim.tui.app import CliqsimApp


async def test_a_key_right_after_enter_is_not_sent(app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        chat = app.chat_screen
        assert chat is not None
        box = chat.composer.input
        box.focus()
        await pilot.pause()
        # the burst a terminal delivers in one read: posted together, as the driver does
        for key, character in [*((c, c) for c in "hello"), ("enter", "\r"), ("x", "x")]:
            app.post_message(events.Key(key, character))
        await wait_for(pilot, lambda: "hello" in texts(app), "the message")
        await pilot.pause(0.2)
        assert "hellox" not in texts(app)
        assert box.value == "x"  # the start of the next message
