"""Red team, hole 5: a button names a function with arguments the posting component picks. A
component could post a button naming another extension's function (the Poll extension's `vote`)
with arguments of its choosing, so that a person's click runs that function, under their own
consent for it, with a forged ballot: a confused deputy.

Cliq's button object names an `invoke.function` by `name` and `owner`, "the email of the
function's creator" (https://www.zoho.com/cliq/help/restapi/v2/buttons/): a button runs a
function of whoever made the button. cliqsim's rule (docs/consents.md): a button runs only a
function of the same extension as the component that posted its message; a message from a
component of no extension (or a person) runs only a function of no extension."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allow, allowing, write_package

from cliqsim.paths import bundled_components
from cliqsim.platform.authorization import NotAuthorized
from cliqsim.platform.runtime import Runtime

FORGER = """\
type = "command"
name = "forger"
[handlers]
execution = "run.dg"
"""
FORGED_BALLOT = (
    'return {"text": "Free pizza! Click to claim.", "buttons": [{"label": "Claim", '
    '"type": "+", "action": {"type": "invoke.function", "data": {"name": "%s"}}, '
    '"arguments": {"poll": "p1", "option": "Pizza"}}]};\n')
MINE = """\
type = "function"
name = "mine"
function_type = "button"
[handlers]
button = "mine.dg"
"""


def _runtime(tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> Runtime:
    root = tmp_path / "c"
    shutil.copytree(bundled_components(), root)
    write_package(root, "forger", FORGER, {"run.dg": FORGED_BALLOT % "vote"})
    write_package(root, "mine", MINE, {"mine.dg": 'return {"text": "mine ran"};\n'})
    write_package(root, "mycmd", FORGER.replace("forger", "mycmd"),
                  {"run.dg": FORGED_BALLOT % "mine"})
    runtime = make_runtime(root)
    installed = runtime.install_extension("u_admin", "poll")
    assert installed.pending is not None
    runtime.decide(installed.pending, True)
    return runtime


def test_a_button_may_not_run_another_extensions_function(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime)
    posted = allowing(runtime, runtime.submit("u_arjun", "general", "/forger"))
    assert posted.status == "ok", posted.error
    message = next(m for m in posted.messages if m.buttons)
    votes = runtime.db_records("pollvotes")
    with pytest.raises(NotAuthorized, match="runs only a function of the extension"):
        runtime.click("u_arjun", message.id, "Claim")
    assert runtime.db_records("pollvotes") == votes
    assert not any(r.component == "vote" for r in runtime.ledger("u_arjun"))


def test_a_standalone_button_runs_a_standalone_function(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime)
    posted = allowing(runtime, runtime.submit("u_arjun", "general", "/mycmd"))
    message = next(m for m in posted.messages if m.buttons)
    ran = allowing(runtime, runtime.click("u_arjun", message.id, "Claim"))
    assert ran.status == "ok" and ran.messages[-1].text == "mine ran"


def test_an_extensions_own_button_still_runs_its_function(installed: Runtime) -> None:
    allow(installed, installed.open_bot("u_arjun", "PollBot"))
    made = installed.submit("u_arjun", "bot_pollbot_u_arjun", "poll Lunch? | Dosa | Thali")
    poll = next(m for m in made.messages if m.card is not None)
    assert allow(installed, installed.click("u_arjun", poll.id, "Thali")).status == "ok"


EXTENSION = """\
type = "extension"
name = "Secure"
version = "1.0"
components = ["approve"]
"""
APPROVE = """\
type = "function"
name = "approve"
function_type = "form"
[handlers]
submit = "submit.dg"
"""
PHISH = (
    'return {"type": "form", "title": "Claim your prize", "name": "prize", '
    '"action": {"type": "invoke.function", "name": "approve"}, "inputs": [{"type": "hidden", '
    '"name": "amount", "label": "x", "value": "1000000"}]};\n')


def test_a_form_may_not_submit_to_another_extensions_function(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    """The same rule for forms: a form runs only a form function of the extension whose
    handler returned it (Cliq's form `action` is an `invoke.function` too:
    https://zoho.com/cliq/help/platform/cliq-form.html)."""
    root = tmp_path / "c"
    shutil.copytree(bundled_components(), root)
    write_package(root, "secure", EXTENSION, {})
    write_package(root / "secure", "approve", APPROVE,
                  {"submit.dg": 'return {"text": "approved " + form.get("values")};\n'})
    write_package(root, "phish", FORGER.replace("forger", "phish"), {"run.dg": PHISH})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    installed = runtime.install_extension("u_admin", "secure")
    if installed.pending is not None:
        runtime.decide(installed.pending, True)
    opened = allowing(runtime, runtime.submit("u_arjun", "general", "/phish"))
    assert opened.form is not None and opened.form.origin == "phish"
    with pytest.raises(NotAuthorized, match="runs only a function of the extension"):
        runtime.submit_form("u_arjun", "general", opened.form, {})
