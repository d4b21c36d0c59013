"""Forms in the chat window (issue #15 items 1 and 2): selects without a default, a blank choice
reaching the script as null, and change handlers that touch only the fields they name.

Zoho pages: "Form Function" (zoho.com/cliq/help/platform/form_functions_workflow.html) and
"form_modification" (remove, clear, update, add_before, add_after, enable, disable)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import START, texts, type_and_send, wait_for
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp, make_app
from cliqsim.tui.screens.consent import ConsentScreen
from cliqsim.tui.screens.form import FormScreen

PICK_COMMAND = """\
type = "command"
name = "pick"
description = "A form whose selects have no default"
[handlers]
execution = "execution.dg"
"""
PICK_SCRIPT = """\
inputs = List();
inputs.add({"type":"select","name":"colour","label":"Colour","options":{{"label":"Red","value":"red"},{"label":"Blue","value":"blue"}}});
inputs.add({"type":"native_select","name":"size","label":"Size","mandatory":false,"data_source":"contacts"});
inputs.add({"type":"catalogue","name":"item","label":"Item","options":{{"label":"Pen","value":"pen"}}});
action = {"type":"invoke.function","name":"pickform"};
return {"type":"form","title":"Pick","name":"pick","button_label":"Go","action":action,
"inputs":inputs};
"""
PICK_FORM = """\
type = "function"
name = "pickform"
description = "Says what was picked"
function_type = "form"
[handlers]
submit = "submit.dg"
"""
PICK_SUBMIT = """\
values = form.get("values");
colour = values.get("colour");
said = "colour is null";
if(colour != null)
{
	said = "colour is " + colour.get("value");
}
if(values.get("size") == null)
{
	said = said + ", size is null";
}
return {"text":said};
"""


def _package(root: Path, name: str, files: dict[str, str]) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")


def pick_runtime(tmp_path: Path) -> Runtime:
    components = tmp_path / "components"
    components.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", components / "workspace.toml")
    _package(components, "pick", {"component.toml": PICK_COMMAND, "execution.dg": PICK_SCRIPT})
    _package(components, "pickform", {"component.toml": PICK_FORM, "submit.dg": PICK_SUBMIT})
    return Runtime(components, tmp_path / "data", SimulatedClock(START))


async def allow_all(pilot: Pilot[None], until: Callable[[], bool], what: str) -> None:
    """Answer every consent dialog on the way with Allow until `until()` holds."""
    app = pilot.app
    waited = 0.0
    while not until():
        if isinstance(app.screen, ConsentScreen):
            await pilot.press("a")
        await pilot.pause(0.05)
        waited += 0.05
        if waited > 15:
            raise AssertionError(f"gave up waiting for {what}")


async def open_form(pilot: Pilot[None], command: str) -> FormScreen:
    app = pilot.app
    await type_and_send(pilot, command)
    await allow_all(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
    form = app.screen
    assert isinstance(form, FormScreen)
    await pilot.pause()
    return form


async def test_selects_without_a_default_open_and_a_blank_choice_reaches_the_script_as_null(
        tmp_path: Path) -> None:
    app = make_app(pick_runtime(tmp_path), "u_arjun")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "/pick")
        assert all(s.value is Select.NULL for s in form.query(Select))
        assert form.values()["colour"] is None
        await pilot.press("ctrl+s")
        await allow_all(pilot, lambda: "colour is null, size is null" in texts(app),
                        "the reply with nulls")


async def test_choosing_then_blanking_a_select_sends_null(tmp_path: Path) -> None:
    app = make_app(pick_runtime(tmp_path), "u_arjun")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "/pick")
        colour = form.query_one("#field-colour", Select)
        colour.value = "blue"
        assert form.values()["colour"] == "blue"
        colour.value = Select.NULL  # the person picks the blank entry again
        await pilot.pause()
        assert form.values()["colour"] is None
        await pilot.press("ctrl+s")
        await allow_all(pilot, lambda: "colour is null" in texts(app), "the reply")


async def test_a_change_handler_keeps_what_the_person_entered(
        app_for: Callable[..., CliqsimApp]) -> None:
    """/announce: pick #sales, the change handler updates the Details hint, and the channel,
    headline and details stay as the person left them; the post goes to #sales."""
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "/announce Office closed")
        form.query_one("#field-details", TextArea).text = "Lunch is on us"
        form.query_one("#field-headline", Input).value = "Office closed Monday"
        form.query_one("#field-channel", Select).value = "sales"
        def hint() -> str:
            details = app.screen.form.input("details") if isinstance(app.screen, FormScreen) \
                else None
            return (details.hint or "") if details is not None else ""

        await allow_all(pilot, lambda: "external-safe" in hint(), "the updated hint")
        shown = app.screen
        assert isinstance(shown, FormScreen)
        form = shown
        values = form.values()
        assert values["channel"] == "sales"
        assert values["headline"] == "Office closed Monday"
        assert values["details"] == "Lunch is on us"
        assert form.focused is not None and form.focused.id == "field-channel"
        await pilot.press("ctrl+s")
        await allow_all(pilot, lambda: type(app.screen).__name__ == "ChatScreen", "the post")
        await wait_for(pilot, lambda: any(
            m.card is not None and "Office closed Monday" in (m.card.title or "")
            for m in app.runtime.messages("sales", "u_arjun", limit=5)), "the card in #sales")


async def test_at_80x24_the_buttons_show_and_notices_stay_inside_the_form(
        app_for: Callable[..., CliqsimApp]) -> None:
    from textual.widgets import Button, Static

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "/announce Office closed")
        await pilot.pause(0.2)
        for button in form.query(Button):
            assert form.region.contains_region(button.region) and button.region.height
            assert button.region.bottom <= 23  # above the footer
        app.notify("The change handler failed", title="Script error", severity="error")
        await pilot.pause()
        assert not app._notifications  # no toast over the form
        notice = form.query_one("#form-notice", Static)
        assert notice.display and "change handler failed" in str(notice.render())
        assert form.query_one("#form-submit", Button).region.bottom <= 23
