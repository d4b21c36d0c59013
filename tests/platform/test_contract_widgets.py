"""Widget buttons as real widgets use them (#13 item 3).

Zoho, "Widget Function Handler" (https://www.zoho.com/cliq/help/platform/widget-functions.html):
a widget button of type invoke.function calls the widget function its `name` names, with
`target` (the button's id and label); Zoho, "Widget Execution Handler"
(https://www.zoho.com/cliq/help/platform/widget-execution-handler.html): the applet's `header`
and `footer` carry buttons too (pagination). A widget function may answer with a form.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.cli import main
from cliqsim.platform.records import Outcome
from cliqsim.platform.runtime import Runtime
from cliqsim.platform.widgets import render_text

APPLET = ('{"type":"applet","data_type":"sections",'
          '"header":{"title":"Page " + page,"buttons":[{"label":"Prev","type":"invoke.function",'
          '"name":"pager","id":"prev_" + page}]},'
          '"footer":{"text":"footer","buttons":[{"label":"Next","type":"invoke.function",'
          '"name":"pager","id":"next_" + page}]},'
          '"sections":[{"id":1,"elements":[{"type":"title","text":"Notes"},'
          '{"type":"buttons","buttons":[{"label":"Add","type":"invoke.function",'
          '"name":"addnote","id":"add"}]}]}]}')
VIEW = 'page = 1;\nreturn ' + APPLET + ';\n'
PAGER = """\
parts = target.get("id").toList("_");
page = parts.get(1).toNumber();
if(parts.get(0) == "next") { page = page + 1; } else { page = page - 1; }
return """ + APPLET + ";\n"
ADD = ('return {"type":"form","title":"New note","name":"note","action":{"type":'
       '"invoke.function","name":"noteform"},"inputs":[{"type":"text","name":"text",'
       '"label":"Text","mandatory":true}]};\n')
SUBMIT = 'return {"text":"noted: " + form.get("values").get("text")};\n'


def _components(root: Path) -> Path:
    write_package(root, "board", 'type = "widget"\nname = "Board"\n[handlers]\nview = "v.dg"\n',
                  {"v.dg": VIEW})
    write_package(root, "pager", 'type = "function"\nname = "pager"\nfunction_type = '
                  '"widget_button"\n[handlers]\nwidget_button = "p.dg"\n', {"p.dg": PAGER})
    write_package(root, "addnote", 'type = "function"\nname = "addnote"\nfunction_type = '
                  '"widget_button"\n[handlers]\nwidget_button = "a.dg"\n', {"a.dg": ADD})
    write_package(root, "noteform", 'type = "function"\nname = "noteform"\nfunction_type = '
                  '"form"\n[handlers]\nsubmit = "s.dg"\n', {"s.dg": SUBMIT})
    return root


def _go(runtime: Runtime, outcome: Outcome) -> Outcome:
    """The outcome, after allowing a consent it asks (these scripts touch little or nothing)."""
    return allow(runtime, outcome) if outcome.status == "consent_required" else outcome


@pytest.fixture
def runtime(tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> Runtime:
    return make_runtime(_components(tmp_path / "components"))


def test_header_and_footer_buttons_are_drawn_and_each_calls_its_own_function(
        runtime: Runtime) -> None:
    drawn = _go(runtime, runtime.open_widget("u_admin", "board")).widget
    text = render_text(drawn)
    assert "[Prev](prev_1)" in text.splitlines()[2]  # under the header's title
    assert text.splitlines()[-1] == "[Next](next_1)"  # the footer's buttons, last
    nxt = _go(runtime, runtime.click_widget("u_admin", "board", "Next"))  # the pager function
    assert nxt.widget.header["title"] == "Page 2"
    back = runtime.click_widget("u_admin", "board", "prev_2")  # consent given once
    assert back.widget.header["title"] == "Page 1"


def test_a_widget_button_opens_a_form_that_submits(runtime: Runtime) -> None:
    _go(runtime, runtime.open_widget("u_admin", "board"))
    opened = _go(runtime, runtime.click_widget("u_admin", "board", "Add"))
    assert opened.form is not None and opened.form.action == "noteform"
    assert opened.widget is not None  # the widget stays drawn behind the form
    done = _go(runtime, runtime.submit_form("u_admin", "general", opened.form,
                                              {"text": "buy milk"}))
    assert done.messages[-1].text == "noted: buy milk"


def test_a_button_naming_no_function_and_no_widget_handler_says_so(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    root = _components(tmp_path / "components")
    (root / "pager").joinpath("component.toml").unlink()
    runtime = make_runtime(root)
    _go(runtime, runtime.open_widget("u_admin", "board"))
    with pytest.raises(Exception, match="no widget_button function 'pager'"):
        runtime.click_widget("u_admin", "board", "Next")


def test_headless_click_and_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    components = _components(tmp_path / "components")
    common = ["--components", str(components), "--data", str(tmp_path / "d"), "--consent",
              "allow"]
    assert main(["widget", "board", "--click", "Next", *common]) == 0
    assert "Page 2" in capsys.readouterr().out
    assert main(["widget", "board", "--click", "Add", "--form", "text=call Sam", "--json",
                 *common]) == 0
    assert json.loads(capsys.readouterr().out)["messages"][-1]["text"] == "noted: call Sam"


def test_a_form_a_widget_button_opens_is_printed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    components = _components(tmp_path / "components")
    assert main(["widget", "board", "--click", "Add", "--components", str(components),
                 "--data", str(tmp_path / "d"), "--consent", "allow"]) == 0
    printed = capsys.readouterr().out
    assert "New note" in printed and "--form NAME=VALUE" in printed
