"""Widgets: the Sales board sample's view and buttons end to end, consent first; the applet
rules (tabs, buttons, labels, element types) fail with the key path."""

from __future__ import annotations

from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.errors import UsageError
from cliqsim.platform.packages import Package
from cliqsim.platform.responses import ResponseError
from cliqsim.platform.runtime import Runtime
from cliqsim.platform.widgets import read_widget, render_text


def test_the_view_asks_consent_then_draws_the_leads(runtime: Runtime) -> None:
    asked = runtime.open_widget("u_arjun", "salesboard")
    assert asked.status == "consent_required"
    targets = {i.target for i in asked.consent.items}
    assert {'zoho.crm.getRecords {"in": [["Leads"]]}',
            'zoho.crm.updateRecord {"in": [["Leads"]]}'} <= targets
    drawn = allow(runtime, asked)
    assert drawn.status == "ok", drawn.error
    text = render_text(drawn.widget)
    assert "[Leads] | About" in text
    assert "Hello Arjun, 2 lead(s) to contact" in text
    assert "Sneha Kulkarni | Pune Fresh Foods | New" in text
    assert [b.id for b in drawn.widget.buttons()] == [
        "contacted_5725767000000412002", "contacted_5725767000000412003", "refresh"]


def test_a_button_updates_crm_and_redraws(runtime: Runtime) -> None:
    allow(runtime, runtime.open_widget("u_arjun", "salesboard"))
    clicked = runtime.click_widget("u_arjun", "salesboard", "Contacted: Sneha")
    assert clicked.status == "ok", clicked.error
    assert clicked.info == ("lead 5725767000000412002 marked contacted",)
    assert "Sneha Kulkarni | Pune Fresh Foods | Contacted" in render_text(clicked.widget)
    # the script reads only target.id, so only that is bound (consent covers what code reads)
    assert clicked.run is not None
    assert clicked.run.inputs["target"] == {"id": "contacted_5725767000000412002"}
    leads = {r["First_Name"]: r["Lead_Status"]
             for r in runtime.crm_records("Leads")}
    assert leads["Sneha"] == "Contacted"
    # the next view reflects it
    again = runtime.open_widget("u_arjun", "salesboard", event="refresh")
    assert "1 lead(s) to contact" in render_text(again.widget)


def test_tabs_and_unknown_buttons(runtime: Runtime) -> None:
    allow(runtime, runtime.open_widget("u_meera", "salesboard"))
    about = runtime.open_widget("u_meera", "salesboard", event="tab_click", tab="about")
    assert about.widget.active_tab == "about"
    assert "Leads | [About]" in render_text(about.widget)
    with pytest.raises(UsageError, match="no button 'nope'"):
        runtime.click_widget("u_meera", "salesboard", "nope")
    with pytest.raises(UsageError, match="widgets: salesboard"):
        runtime.open_widget("u_meera", "dashboard")
    with pytest.raises(UsageError, match="load, refresh, tab_click"):
        runtime.open_widget("u_meera", "salesboard", event="hover")


def package() -> Package:
    return Package(id="w", type="widget", name="W", dir=Path("."))


def test_an_active_tab_outside_the_tabs_shows_the_first_tab() -> None:
    """Zoho's "Widget Section Element: Header" sample names `active_tab` "homeTab" with only a
    "header" tab; Cliq shows it, so cliqsim draws the first tab instead of refusing."""
    widget = read_widget({"type": "applet", "tabs": [{"id": "a"}, {"id": "c"}],
                          "active_tab": "b"}, package())
    assert widget.active_tab == "a"


def button(i: int, label: str = "Go") -> dict[str, object]:
    return {"label": label, "type": "invoke.function", "id": f"b{i}"}


@pytest.mark.parametrize(("value", "path", "words"), [
    ({"type": "message"}, "type", "applet"),
    ({"type": "applet", "tabs": [{"id": str(i)} for i in range(6)]}, "tabs", "at most 5"),
    ({"type": "applet", "sections": [{"id": 1, "elements": [{"type": "marquee"}]}]},
     "sections[0].elements[0].type", "not a widget element"),
    ({"type": "applet", "sections": [{"id": 1, "elements": [
        {"type": "buttons", "buttons": [button(i) for i in range(6)]}]}]},
     "sections[0].elements[0].buttons", "at most 5"),
    ({"type": "applet", "sections": [{"id": 1, "elements": [
        {"type": "buttons", "buttons": [button(1, "x" * 31)]}]}]},
     "sections[0].elements[0].buttons[0].label", "at most 30"),
    ({"type": "applet", "sections": [{"id": 1, "elements": [
        {"type": "buttons", "buttons": [{"label": "Go", "type": "invoke.function"}]}]}]},
     "sections[0].elements[0].buttons[0].id", "required"),
    ({"type": "applet", "data_type": "video"}, "data_type", "not a widget view"),
])
def test_applet_rules(value: dict[str, object], path: str, words: str) -> None:
    with pytest.raises(ResponseError) as caught:
        read_widget(value, package())
    assert caught.value.path == path
    assert words in caught.value.message


def test_a_broken_view_fails_with_a_readable_error(tmp_path: Path,
                                                   make_runtime: object) -> None:
    root = tmp_path / "components"
    write_package(root, "board", """
        type = "widget"
        name = "Board"
        [handlers]
        view = "view.dg"
        """, {"view.dg": 'return {"type":"applet","sections":{{"id":1,"elements":'
                         '{{"type":"ticker"}}}}};\n'})
    assert callable(make_runtime)
    runtime = make_runtime(root)
    outcome = runtime.open_widget("u_admin", "board")
    assert outcome.status == "error"
    assert "'ticker' is not a widget element" in outcome.error.message


def test_a_widget_without_a_view_handler_fails_to_load(tmp_path: Path,
                                                       make_runtime: object) -> None:
    root = tmp_path / "components"
    write_package(root, "board", """
        type = "widget"
        name = "Board"
        [handlers]
        button = "b.dg"
        """, {"b.dg": 'return null;\n'})
    assert callable(make_runtime)
    runtime = make_runtime(root)
    assert "a widget needs [handlers] view" in runtime.load_errors[0].message
