"""The widgets screen and a bot chat's Actions menu (issue #15 items 7 and 8).

Zoho pages: "Widget Execution Handler" (load / refresh / tab_click), "Widget Section Element:
Buttons" and "Widget Section Element: Header" (header buttons); "Bot Menu Action Handler"."""

from __future__ import annotations

from collections.abc import Callable

from conftest import plain, texts, wait_for
from textual.pilot import Pilot
from textual.widgets import Button, Static, Tabs

from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.screens.consent import ConsentScreen
from cliqsim.tui.screens.pickers import ChoiceScreen
from cliqsim.tui.screens.widgets import WidgetsScreen


async def open_widgets(pilot: Pilot[None]) -> WidgetsScreen:
    app = pilot.app
    await pilot.press("f10")
    await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent")
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, WidgetsScreen) and app.screen.shown
                   is not None, "the widget")
    screen = app.screen
    assert isinstance(screen, WidgetsScreen)
    await pilot.pause()
    return screen


async def test_the_widget_shows_tabs_sections_buttons_and_refreshes(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_widgets(pilot)
        content = plain(screen.query_one("#widget-content", Static))
        assert "lead(s) to contact" in content and "Sneha Kulkarni" in content
        tabs = screen.query_one(Tabs)
        assert [str(t.label) for t in tabs.query("Tab")] == ["Leads", "About"]
        labels = [str(b.label) for b in screen.query(".widget-buttons Button")]
        assert "Refresh" in labels and "Contacted: Sneha" in labels
        sneha = next(b for b in screen.query(".widget-buttons Button")
                     if str(b.label) == "Contacted: Sneha")
        assert isinstance(sneha, Button)
        sneha.press()
        await wait_for(pilot, lambda: "Contacted: Sneha" not in [
            str(b.label) for b in screen.query(".widget-buttons Button")], "the redraw")
        await pilot.press("right")  # the About tab: a tab_click
        await wait_for(pilot, lambda: "About the Sales board" in plain(
            screen.query_one("#widget-content", Static)), "the About tab")
        await pilot.press("r")  # refresh keeps the tab
        await pilot.pause(0.3)
        assert screen.shown is not None and screen.shown.active_tab == "about"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.chat_screen, "back in the chat")


async def test_the_widgets_screen_is_in_the_palette(app_for: Callable[..., CliqsimApp]) -> None:
    from cliqsim.tui.commands import SimulationCommands

    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        provider = SimulationCommands(app.screen)
        names = [name for name, _, _ in provider._entries()]
        assert "Widgets" in names and "Bot actions" in names


async def test_a_bot_chat_has_its_actions_menu(installed: Runtime,
                                               app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for(rt=installed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.check_action("bot_menu", ()) is False  # #General: no bot menu offered
        outcome = installed.open_bot("u_arjun", "pollbot")
        if outcome.pending is not None:
            installed.decide(outcome.pending, True)
        chat = app.chat_screen
        assert chat is not None
        await chat.open_chat("bot_pollbot_u_arjun")
        assert app.check_action("bot_menu", ()) is True
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the menu")
        assert "My polls" in str(app.screen.options[0].prompt)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen) or
                       "You have not created a poll yet." in texts(app), "the menu handler")
        if isinstance(app.screen, ConsentScreen):
            await pilot.press("a")
        await wait_for(pilot, lambda: "You have not created a poll yet." in texts(app),
                       "the menu action's reply")


def test_header_and_footer_buttons_are_buttons_of_the_widget() -> None:
    from types import SimpleNamespace

    import pytest

    from cliqsim.platform.responses import ResponseError
    from cliqsim.platform.widgets import read_widget

    package = SimpleNamespace(id="w", name="W")
    applet = {"type": "applet", "tabs": [{"label": "Home", "id": "home"}],
              "header": {"title": "Top", "buttons": [
                  {"label": "New", "type": "invoke.function", "name": "w", "id": "new"}]},
              "footer": {"text": "Bottom", "buttons": [
                  {"label": "More", "type": "open.url", "url": "https://z.com", "id": "more"}]},
              "sections": [{"id": 1, "elements": [{"type": "title", "text": "Hi"}]}]}
    widget = read_widget(applet, package)  # type: ignore[arg-type]
    assert [b.id for b in widget.buttons()] == ["new", "more"]
    assert widget.button("New").section_id == "header"
    applet["header"] = {"buttons": [{"label": "x" * 31, "type": "invoke.function", "id": "l"}]}
    with pytest.raises(ResponseError, match="30"):
        read_widget(applet, package)  # type: ignore[arg-type]


def test_an_info_view_shows_its_texts() -> None:
    from types import SimpleNamespace

    from rich.console import Console

    from cliqsim.platform.widgets import read_widget
    from cliqsim.tui.screens.widgets import body

    applet = {"type": "applet", "data_type": "info",
              "info": {"title": "Nothing here [b]yet[/b]", "description": "Add a lead first"}}
    widget = read_widget(applet, SimpleNamespace(id="w", name="W"))  # type: ignore[arg-type]
    console = Console(width=60, record=True, file=open("/dev/null", "w"))
    console.print(body(widget))
    shown = console.export_text()
    assert "Nothing here [b]yet[/b]" in shown and "Add a lead first" in shown


async def test_tab_reaches_the_widgets_buttons_and_the_footer_names_the_tab_keys(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_widgets(pilot)
        shown = {b.description for (_, b, enabled, _) in screen.active_bindings.values()
                 if b.show and enabled}
        assert {"Tab", "Refresh", "Next widget", "Back to chat"} <= shown
        await pilot.press("tab")
        assert isinstance(app.focused, Button) and str(app.focused.label) == "Contacted: Sneha"


def test_text_and_subtext_elements_draw_cliq_markdown_never_rich_markup() -> None:
    """Widget Section Element: Text and Subtext pages: "All markdowns supported" — `*bold*` is
    bold, not shown with its stars; Rich markup in the text stays literal."""
    from types import SimpleNamespace

    from rich.console import Console

    from cliqsim.platform.widgets import read_widget
    from cliqsim.tui.screens.widgets import element

    applet = {"type": "applet", "tabs": [{"label": "Home", "id": "home"}],
              "sections": [{"id": 1, "elements": [
                  {"type": "text", "text": "*Curr Price* : 9000 [b]x[/b]"},
                  {"type": "subtext", "text": "_speaker_"}]}]}
    widget = read_widget(applet, SimpleNamespace(id="w", name="W"))  # type: ignore[arg-type]
    text, subtext = (element(e) for e in widget.sections[0].elements)
    console = Console(width=60, record=True, file=open("/dev/null", "w"))
    console.print(text, subtext)
    shown = console.export_text()
    assert "Curr Price : 9000 [b]x[/b]" in shown and "*" not in shown
    assert "speaker" in shown and "_speaker_" not in shown
    assert any(span.style and "bold" in str(span.style) for span in text.spans)  # type: ignore[union-attr]
