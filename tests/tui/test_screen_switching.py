"""F2, F3 and F10 show one full screen in place of another: Escape always goes back to the chat.

Each key pushed its screen over whatever was on top, so F2, F3, F2, F3 stacked four screens and
Escape had to be pressed four times to get back to the chat (and a letter typed outside the
composer could open a fifth). See docs/tui.md, "Keys".
"""

from __future__ import annotations

from collections.abc import Callable

from conftest import screen_name, wait_for

from cliqsim.tui.app import CliqsimApp


async def test_escape_goes_back_to_the_chat_from_any_chain_of_screens(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for("u_admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        for key, name in (("f2", "PermissionsScreen"), ("f3", "ExtensionsScreen"),
                          ("f2", "PermissionsScreen"), ("f3", "ExtensionsScreen"),
                          ("f3", "ExtensionsScreen")):
            await pilot.press(key)
            await wait_for(pilot, lambda: screen_name(app) == name, name)  # noqa: B023
            stack = [type(s).__name__ for s in app.screen_stack]
            assert app.screen_stack[-2] is app.chat_screen, stack
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.chat_screen, "the chat again")
