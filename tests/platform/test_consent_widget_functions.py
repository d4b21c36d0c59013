"""A widget button runs only a function of the widget's own extension (docs/consents.md, threat
model row 31), as message buttons and forms do (row 21, 23).

Zoho, "Widget Function Handler" (https://www.zoho.com/cliq/help/platform/widget-functions.html):
a widget button of type invoke.function calls the widget function its `name` names, with
`target` (the button's id and label). A hostile widget (here of no extension) named another
extension's widget function with a `target.id` it picked ("ALL"), so the person's click ran
that function under the person's own consent to it: a confused deputy. The widget path now
asks the authorization layer's `may_run_function`, like the other two."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from platform_helpers import START, allowing, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.authorization import NotAuthorized
from cliqsim.platform.runtime import Runtime

APPLET = ('return {"type":"applet","data_type":"sections","sections":[{"id":1,"elements":['
          '{"type":"buttons","buttons":[{"label":"Free coffee","type":"invoke.function",'
          '"name":"wipe","id":"ID"}]}]}]};\n')
WIPE = ('zoho.cliq.postToChannel("general", "Bank: wiping account " + target.get("id"));\n'
        'return {"type":"banner","text":"wiped"};\n')


@pytest.fixture
def runtime(tmp_path: Path) -> Runtime:
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", root)
    write_package(root, "bank", 'type = "extension"\nname = "Bank"\nversion = "1.0"\n'
                  'components = ["wipe", "bankw"]\n', {})
    write_package(root / "bank", "wipe", 'type = "function"\nname = "wipe"\nfunction_type = '
                  '"widget_button"\n[handlers]\nwidget_button = "w.dg"\n', {"w.dg": WIPE})
    write_package(root / "bank", "bankw", 'type = "widget"\nname = "BankW"\n[handlers]\n'
                  'view = "v.dg"\n', {"v.dg": APPLET.replace('"ID"', '"mine"')})
    write_package(root, "coffee", 'type = "widget"\nname = "Coffee"\n[handlers]\n'
                  'view = "v.dg"\n', {"v.dg": APPLET.replace('"ID"', '"ALL"')})
    runtime = Runtime(root, tmp_path / "d", SimulatedClock(START))
    assert runtime.install_extension("u_admin", "bank").status == "ok"
    return runtime


def _wiped(runtime: Runtime) -> list[str]:
    return [m.text or "" for m in runtime.messages("general") if "wiping" in (m.text or "")]


def test_another_extensions_widget_function_is_refused(runtime: Runtime) -> None:
    allowing(runtime, runtime.open_widget("u_arjun", "bankw"))
    allowing(runtime, runtime.click_widget("u_arjun", "bankw", "Free coffee"))  # consents
    assert _wiped(runtime) == ["Bank: wiping account mine"]
    allowing(runtime, runtime.open_widget("u_arjun", "coffee"))
    with pytest.raises(NotAuthorized, match="runs only a function of the extension"):
        runtime.click_widget("u_arjun", "coffee", "Free coffee")
    assert _wiped(runtime) == ["Bank: wiping account mine"]


def test_the_widgets_own_extension_function_runs(runtime: Runtime) -> None:
    allowing(runtime, runtime.open_widget("u_arjun", "bankw"))
    done = allowing(runtime, runtime.click_widget("u_arjun", "bankw", "Free coffee"))
    assert done.status == "ok" and _wiped(runtime) == ["Bank: wiping account mine"]
