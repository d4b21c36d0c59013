"""The chat window at 80x24 and smaller (60x20), as a person sees it: a reply that brings the
scrollbar is shown to its end, the footer shows only whole keys, the header and the composer's
hint fit, the sidebar leaves the messages room."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import texts, type_and_send, wait_for
from rich.text import Text

from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp

SIZES = [(80, 24), (60, 20), (140, 45)]


def _allow_nearby(runtime: Runtime, user: str = "u_arjun") -> None:
    asked = runtime.submit(user, "general", "/nearby bank")
    assert asked.pending is not None
    runtime.decide(asked.pending, True)



@pytest.mark.parametrize("size", SIZES)
async def test_a_reply_that_brings_the_scrollbar_is_shown_to_its_end(
        app_for: Callable[..., CliqsimApp], runtime: Runtime, size: tuple[int, int]) -> None:
    _allow_nearby(runtime)
    app = app_for()
    async with app.run_test(size=size) as pilot:
        chat = app.chat_screen
        assert chat is not None
        await chat.open_chat("sales")  # a short chat: no scrollbar yet
        await pilot.pause()
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: "Nearby banks" in texts(app), "the card")
        await pilot.pause()
        await pilot.pause()
        messages = chat.message_list
        assert messages.max_scroll_y > 0 or size[0] > 100
        assert messages.is_vertical_scroll_end


def _footer_keys_fit(app: CliqsimApp) -> None:
    """Every key the footer shows is whole, on screen, and clear of the palette key."""
    from textual.widgets._footer import FooterKey

    from cliqsim.tui.widgets.footer import FittingFooter

    footer = app.screen.query_one(FittingFooter)
    keys = list(footer.query(FooterKey))
    palette = [k.region for k in keys if k.has_class("-command-palette")]
    shown = [k for k in keys if not k.has_class("-command-palette")]
    assert shown, "the footer shows no key at all"
    for key in shown:
        assert key.region.right <= app.size.width
        assert key.region.width >= len(key.key_display) + 1 + len(key.description)
        for other in palette:
            assert not key.region.overlaps(other), f"{key.description} runs under the palette"


@pytest.mark.parametrize("size", SIZES)
async def test_the_chat_screen_fits_the_window(
        app_for: Callable[..., CliqsimApp], size: tuple[int, int]) -> None:
    from textual.widgets import Static

    app = app_for()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        chat = app.chat_screen
        assert chat is not None
        header = chat.query_one("#chat-header", Static).content
        assert isinstance(header, Text)
        assert header.cell_len <= size[0]
        assert "Arjun" in header.plain and ("offline" in header.plain)
        box = chat.composer.input
        assert len(box.placeholder) < box.content_region.width
        assert chat.message_list.size.width >= size[0] // 2  # the sidebar leaves room
        _footer_keys_fit(app)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_screen_footer_shows_whole_keys(
        app_for: Callable[..., CliqsimApp], runtime: Runtime, size: tuple[int, int]) -> None:
    from cliqsim.tui.screens.consent import ConsentScreen

    app = app_for()
    async with app.run_test(size=size) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the dialog")
        await pilot.pause()
        _footer_keys_fit(app)
        await pilot.press("d")
        for key in ("f2", "f3", "f10"):
            await wait_for(pilot, lambda: app.screen is app.chat_screen, "the chat")
            await pilot.press(key)
            await wait_for(pilot, lambda: app.screen is not app.chat_screen, key)
            await pilot.pause()
            _footer_keys_fit(app)
            await pilot.press("escape")
            await pilot.pause()


async def test_a_widget_not_allowed_says_so_instead_of_an_empty_screen(
        app_for: Callable[..., CliqsimApp]) -> None:
    from textual.widgets import Static

    from cliqsim.tui.screens.consent import ConsentScreen
    from cliqsim.tui.screens.widgets import WidgetsScreen

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, WidgetsScreen), "the widgets")
        title = app.screen.query_one("#widget-title", Static)

        def shown() -> str:
            content = title.content
            return content.plain if isinstance(content, Text) else str(content)

        await wait_for(pilot, lambda: "Not shown" in shown(), "why nothing is shown")
        assert "you did not allow it" in shown()
        assert "widget 1 of" in shown()
        assert str(app.screen.query_one("#widget-content", Static).content) == ""


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_the_consent_dialog_shows_every_answer_and_deny_in_the_footer(
        app_for: Callable[..., CliqsimApp], size: tuple[int, int]) -> None:
    from textual.widgets import Button
    from textual.widgets._footer import FooterKey

    from cliqsim.tui.screens.consent import ConsentScreen

    app = app_for()
    async with app.run_test(size=size) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the dialog")
        await pilot.pause()
        await pilot.pause()
        dialog = app.screen.query_one("#consent-dialog").region
        buttons = list(app.screen.query(Button))
        assert [str(b.label) for b in buttons] == ["Allow (a)", "Allow once (o)",
                                                   "Dry run (r)", "Deny (d)"]
        for button in buttons:
            assert dialog.contains_region(button.region), f"{button.label} is cut off"
            assert button.region.width >= len(str(button.label))
            assert not any(button.region.overlaps(other.region)
                           for other in buttons if other is not button)
        footer = [key.description for key in app.screen.query(FooterKey)]
        assert footer[:4] == ["Prev item", "Next item", "Allow", "Deny"]
