"""A form's file input in the chat window hands the submit handler files, not the typed path.

The window passed the typed path on as text, so `getFileName()` on it failed ("Not able to find
'getFileName' function for TEXT"). Now the path (or, for a `multiple` input, the paths
separated by commas) is read, and the handler gets Deluge file objects as in Cliq: one, or a
list when the input takes several. An unreadable path is said under its field and nothing is
submitted. Zoho pages: "Single-line Input Type : File Upload"
(zoho.com/cliq/help/platform/cliq-forms/inputtype-upload-file.html: up to 10 files, `multiple`,
`max_selections`, `max_size` in KB) and "Form Function" (the submit handler's `form.values`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import START, plain, texts, wait_for
from test_forms import _package, allow_all, open_form
from textual.widgets import Input, Static

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import make_app
from cliqsim.tui.screens.form import FormScreen, attach

COMMAND = """\
type = "command"
name = "upload"
description = "A form with file inputs"
[handlers]
execution = "execution.dg"
"""
SCRIPT = """\
inputs = List();
inputs.add({"type":"file","name":"photo","label":"Photo","mandatory":false,"max_size":"1"});
inputs.add({"type":"file","name":"docs","label":"Documents","mandatory":false,"multiple":true,"max_selections":"2"});
action = {"type":"invoke.function","name":"uploadform"};
return {"type":"form","title":"Upload","name":"upload","button_label":"Send","action":action,
"inputs":inputs};
"""
FORM = """\
type = "function"
name = "uploadform"
description = "Says what files came"
function_type = "form"
[handlers]
submit = "submit.dg"
"""
SUBMIT = """\
values = form.get("values");
said = "no photo";
photo = values.get("photo");
if(photo != null)
{
	said = "photo " + photo.getFileName() + " of " + photo.getFileSize() + " bytes: ";
	said = said + photo.getFileContent().trim();
}
docs = values.get("docs");
if(docs != null)
{
	for each doc in docs
	{
		said = said + "; doc " + doc.getFileName();
	}
}
return {"text":said};
"""


def upload_runtime(tmp_path: Path) -> Runtime:
    components = tmp_path / "components"
    components.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", components / "workspace.toml")
    _package(components, "upload", {"component.toml": COMMAND, "execution.dg": SCRIPT})
    _package(components, "uploadform", {"component.toml": FORM, "submit.dg": SUBMIT})
    return Runtime(components, tmp_path / "data", SimulatedClock(START))


async def test_the_submit_handler_gets_file_objects(tmp_path: Path) -> None:
    photo = tmp_path / "me.png"
    photo.write_text("not really a png\n")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.pdf").write_text("b")
    app = make_app(upload_runtime(tmp_path), "u_arjun")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "/upload")
        form.query_one("#field-photo", Input).value = str(photo)
        form.query_one("#field-docs", Input).value = f"{tmp_path / 'a.txt'}, {tmp_path / 'b.pdf'}"
        await pilot.press("ctrl+s")
        await allow_all(pilot, lambda: "photo me.png" in texts(app), "the reply")
        assert "photo me.png of 17 bytes: not really a png; doc a.txt; doc b.pdf" in texts(app)


async def test_an_unreadable_path_is_said_under_its_field(tmp_path: Path) -> None:
    app = make_app(upload_runtime(tmp_path), "u_arjun")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "/upload")
        form.query_one("#field-photo", Input).value = str(tmp_path / "missing.png")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: form.query_one("#error-photo").has_class("-shown"),
                       "the field's error")
        assert "cannot read" in plain(form.query_one("#error-photo", Static))
        assert isinstance(app.screen, FormScreen)  # kept open with what was typed


async def test_the_inputs_own_limits_hold(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(b"x" * 2048)  # the photo input takes 1 KB
    app = make_app(upload_runtime(tmp_path), "u_arjun")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "/upload")
        form.query_one("#field-photo", Input).value = str(big)
        form.query_one("#field-docs", Input).value = ",".join([str(big)] * 3)  # at most 2
        await pilot.press("ctrl+s")
        await allow_all(pilot, lambda: form.query_one("#error-docs").has_class("-shown"),
                        "the field's error")
        assert "larger than 1 KB" in plain(form.query_one("#error-photo", Static))
        assert "at most 2 files" in plain(form.query_one("#error-docs", Static))


def test_attach_reads_one_file_or_a_list(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello")
    one, error = attach(str(tmp_path / "a.txt"), multiple=False)
    assert error is None and one.name == "a.txt" and one.content == b"hello"
    assert one.content_type == "text/plain"
    several, _ = attach(f" {tmp_path / 'a.txt'} ,", multiple=True)
    assert [f.name for f in several] == ["a.txt"]
    assert attach("  ", multiple=True) == (None, None)
    value, error = attach(str(tmp_path), multiple=False)
    assert value == str(tmp_path) and error is not None and "cannot read" in error
