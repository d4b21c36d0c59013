"""Issue #11, class 10 in the chat window: text a component supplies is never read as markup.

A confirm description `Send [/b] now` crashed the app; `[@click=app.toggle_online]` in it
switched on real network access when clicked; `[@click=app.screenshot(...)]` wrote a file where
the component chose. Labels of form options (select, radio, checkbox, dynamic select), message
texts, card titles, notifications and error texts have the same flaw. Each is shown literally.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import plain, wait_for
from rich.console import Console

from cliqsim.platform.messages import Confirm, Form, FormInput, FormOption
from cliqsim.tui.app import CliqsimApp

BROKEN = "Send [/b] now"
CLICK_ONLINE = "[@click=app.toggle_online]Go online[/]"


def _shot(where: Path) -> str:
    return f"[@click=app.screenshot('x.svg','{where}')]Click here[/]"


async def test_confirm_popup_shows_its_texts_literally_and_clicks_run_nothing(
    app_for: Callable[..., CliqsimApp], tmp_path: Path
) -> None:
    from cliqsim.tui.screens.pickers import ConfirmScreen

    target = tmp_path / "shots"
    target.mkdir()
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        confirm = Confirm(title=CLICK_ONLINE, description=BROKEN + " " + _shot(target),
                          button_label=CLICK_ONLINE, cancel_label=":smile: [b]no[/b]")
        app.push_screen(ConfirmScreen(confirm, "label"))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the popup")
        await pilot.pause()
        description = app.screen.query_one("#confirm-description")
        assert plain(description).strip() == BROKEN + " " + _shot(target)
        await pilot.click("#confirm-description")
        await pilot.click("#confirm-description", offset=(len(BROKEN) + 3, 0))
        await pilot.pause()
        assert list(target.iterdir()) == []
        assert app.runtime.online is False
        ok = app.screen.query_one("#ok")
        assert CLICK_ONLINE in str(ok.render())


async def test_form_option_labels_and_titles_are_literal(
    app_for: Callable[..., CliqsimApp]
) -> None:
    from textual.widgets import RadioButton

    from cliqsim.tui.screens.form import FormScreen

    options = (FormOption(BROKEN, "a"), FormOption(CLICK_ONLINE, "b"))
    form = Form(
        name="f", title=BROKEN, action="nothing", button_label=BROKEN, hint=CLICK_ONLINE,
        inputs=(
            FormInput("select", "s", BROKEN, placeholder=BROKEN, options=options, value="a"),
            FormInput("radio", "r", CLICK_ONLINE, options=options),
            FormInput("checkbox", "c", BROKEN, options=options),
            FormInput("text", "t", BROKEN, hint=CLICK_ONLINE, placeholder=BROKEN),
        ),
    )
    app = app_for()
    async with app.run_test(size=(120, 50)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        app.push_screen(FormScreen(form, "general"))
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        await pilot.pause()
        labels = [str(b.label) for b in app.screen.query(RadioButton)]
        assert labels == [BROKEN, CLICK_ONLINE]
        assert app.runtime.online is False


async def test_dynamic_select_options_from_a_handler_are_literal(tmp_path: Path) -> None:
    import shutil

    from conftest import START
    from textual.widgets import Input, OptionList

    from cliqsim.clock import SimulatedClock
    from cliqsim.paths import bundled_components
    from cliqsim.platform.runtime import Runtime
    from cliqsim.tui.app import make_app
    from cliqsim.tui.screens.consent import ConsentScreen
    from cliqsim.tui.screens.form import FormScreen

    root = tmp_path / "components"
    root.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", root / "workspace.toml")
    shutil.copytree(bundled_components() / "announceform", root / "announceform")
    (root / "announceform" / "tags.dg").write_text(
        f'q = target.get("query");\nreturn {{"options": {{{{"label": "{BROKEN}", "value": "a"}},'
        f' {{"label": "{CLICK_ONLINE}", "value": "b"}}}}}};\n', encoding="utf-8")
    runtime = Runtime(root, tmp_path / "data", SimulatedClock(START))
    form = Form(name="f", title="Tags", action="announceform",
                inputs=(FormInput("dynamic_select", "tag", "Tag"),))
    app = make_app(runtime, "u_arjun")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        app.push_screen(FormScreen(form, "general"))
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        await pilot.pause()
        app.screen.query_one("#field-tag", Input).value = "x"
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form again")
        box = app.screen.query_one("#dyn-tag", OptionList)
        await wait_for(pilot, lambda: box.option_count == 2, "the options")
        await pilot.pause()
        assert [str(box.get_option_at_index(i).prompt) for i in range(2)] == [
            BROKEN, CLICK_ONLINE]
        await pilot.click("#dyn-tag", offset=(3, 1))
        await pilot.pause()
        assert app.runtime.online is False


async def test_notifications_and_error_texts_are_literal(
    app_for: Callable[..., CliqsimApp]
) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        app.notify(BROKEN + " " + CLICK_ONLINE + " :smile:", title="x")
        app.screen.notify(BROKEN)  # a screen's notify goes through the app's
        await pilot.pause()
        notes = list(app._notifications)
        assert notes and all(note.markup is False for note in notes)
        await pilot.pause()
        assert app.runtime.online is False


def test_message_bodies_render_component_text_literally() -> None:
    """The chat window's message renderer: texts, card titles and themes, slides."""
    import io
    from datetime import UTC, datetime

    from cliqsim.frontend.render import body
    from cliqsim.platform.messages import Card, Message, Sender, Slide

    nasty = f"{BROKEN} {CLICK_ONLINE} :smile: [red]x[/red]"
    message = Message(
        id="m1", chat_id="general", sender=Sender("b", nasty, "bot"),
        time=datetime(2026, 12, 1, tzinfo=UTC), text=f"*{nasty}*",
        card=Card(title=nasty, theme=nasty),
        slides=(Slide("table", {"headers": [nasty], "rows": [{nasty: nasty}]}, nasty),
                Slide("label", [{nasty: nasty}], nasty),
                Slide("percentage_chart", {nasty: 50}, nasty)),
    )
    console = Console(width=400, record=True, file=io.StringIO())
    console.print(body(message))
    out = console.export_text()
    assert out.count(nasty) >= 7, out
    assert "😄" not in out


async def test_the_consent_dialog_never_sends_a_components_control_characters(
    tmp_path: Path
) -> None:
    """Threat model class 11 in the dialog: a code line holding bidi controls (Trojan Source)
    or escape sequences, and a literal URL holding them, are drawn as `\\uXXXX`."""
    import io
    import re
    import shutil

    from conftest import START
    from rich.segment import Segment
    from textual.widgets import OptionList, Static

    from cliqsim.clock import SimulatedClock
    from cliqsim.paths import bundled_components
    from cliqsim.platform.runtime import Runtime
    from cliqsim.tui.app import make_app
    from cliqsim.tui.screens.consent import ConsentScreen

    unsafe = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    root = tmp_path / "components"
    (root / "esc").mkdir(parents=True)
    shutil.copy(bundled_components() / "workspace.toml", root / "workspace.toml")
    (root / "esc" / "component.toml").write_text(
        'type = "command"\nname = "esc"\n[handlers]\nexecution = "run.dg"\n', encoding="utf-8")
    (root / "esc" / "run.dg").write_text(
        'e = user.get("email"); // \u202e\u2066 ;"moc.live" = e \u2069\u2066\n'
        'r = invokeurl [ url: "https://api.example.com/\x1b[2J\x1b]0;t\x07" type: GET ];\n',
        encoding="utf-8")
    runtime = Runtime(root, tmp_path / "data", SimulatedClock(START))
    app = make_app(runtime, "u_arjun")
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        app.start_trigger(app.runtime.submit, "u_arjun", "general", "/esc")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent")
        await pilot.pause()
        console = Console(width=200, file=io.StringIO(), force_terminal=True)
        items = app.screen.query_one(OptionList)
        drawn: list[str] = []
        for index in range(items.option_count):
            items.highlighted = index
            await pilot.pause()
            drawn.append(str(items.get_option_at_index(index).prompt))
            code = app.screen.query_one("#consent-code", Static)
            drawn.append("".join(s.text for s in console.render(code.content)  # type: ignore[arg-type]
                                 if isinstance(s, Segment)))
            drawn.append(str(app.screen.query_one("#consent-code-box").border_title))
        shown = "\n".join(drawn)
        assert not unsafe.search(shown), repr(unsafe.findall(shown))
        assert "\\u202e" in shown


async def test_widgets_and_forms_never_send_a_components_control_characters(
    tmp_path: Path
) -> None:
    """Threat model class 11 in the widget and form screens: escape sequences and bidi controls
    in a widget's title, tabs, texts and buttons, and in a form's title, labels and options,
    are drawn as `\\uXXXX`."""
    import io
    import re
    import shutil

    from conftest import START
    from rich.segment import Segment
    from textual.widgets import Button, RadioButton, Static

    from cliqsim.clock import SimulatedClock
    from cliqsim.paths import bundled_components
    from cliqsim.platform.runtime import Runtime
    from cliqsim.tui.app import make_app
    from cliqsim.tui.screens.form import FormScreen
    from cliqsim.tui.screens.widgets import WidgetsScreen

    unsafe = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    evil = "ok\x1b[2J\x1b]52;c;aGk=\x07\u202e!"
    root = tmp_path / "components"
    (root / "w").mkdir(parents=True)
    shutil.copy(bundled_components() / "workspace.toml", root / "workspace.toml")
    (root / "w" / "component.toml").write_text(
        'type = "widget"\nname = "W\\u001b[2J\\u202e!"\n[handlers]\nview = "view.dg"\n',
        encoding="utf-8")
    (root / "w" / "view.dg").write_text(
        f'e = "{evil}";\nreturn {{"type":"applet","tabs":[{{"label":e,"id":"home"}}],'
        '"active_tab":"home","header":{"title":e},"footer":{"text":e},"sections":[{"id":1,'
        '"elements":[{"type":"title","text":e},{"type":"text","text":e},{"type":"buttons",'
        '"buttons":[{"label":"b" + e.subString(0,5),"type":"invoke.function","name":"w",'
        '"id":"x"}]}]}]};\n', encoding="utf-8")
    runtime = Runtime(root, tmp_path / "data", SimulatedClock(START))
    app = make_app(runtime, "u_arjun")
    console = Console(width=200, file=io.StringIO(), force_terminal=True)

    def drawn(static: Static) -> str:
        return "".join(s.text for s in console.render(static.content)  # type: ignore[arg-type]
                       if isinstance(s, Segment))

    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, WidgetsScreen) or (
            type(app.screen).__name__ == "ConsentScreen"), "consent or the widget")
        if not isinstance(app.screen, WidgetsScreen):
            await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, WidgetsScreen)
                       and app.screen.shown is not None, "the widget")
        await pilot.pause()
        screen = app.screen
        shown = "\n".join([*(drawn(s) for s in screen.query(Static)),
                           *(str(b.label) for b in screen.query(Button)),
                           *(str(t.label) for t in screen.query("Tab"))])
        assert not unsafe.search(shown), repr(unsafe.findall(shown))
        assert "\\u001b" in shown
        options = (FormOption(evil, "a"), FormOption("fine", "b"))
        form = Form(name="f", title=evil, action="nothing", button_label=evil, hint=evil,
                    inputs=(FormInput("radio", "r", evil, hint=evil, options=options),))
        app.push_screen(FormScreen(form, "general"))
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        await pilot.pause()
        shown = "\n".join([*(drawn(s) for s in app.screen.query(Static)),
                           *(str(b.label) for b in app.screen.query(RadioButton)),
                           *(str(b.label) for b in app.screen.query(Button))])
        assert not unsafe.search(shown), repr(unsafe.findall(shown))
        assert "\\u202e" in shown
