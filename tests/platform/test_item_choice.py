"""Per-item choice and allow once: unticked objects reach the script as null, unticked tasks and
calls are blocked with a clear message, the ledger records what was refused; once runs once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.errors import UsageError
from cliqsim.platform.runtime import Runtime

PROFILE = """\
type = "command"
name = "profile"

[handlers]
execution = "execution.dg"
"""

SCRIPT = """\
mail = user.get("email");
first = user.get("first_name");
if(arguments == "post")
{
\tzoho.cliq.postToChannel("general", {"text": "hello"});
}
return {"text": "email=" + ifnull(mail, "null") + " first=" + ifnull(first, "null")};
"""


@pytest.fixture
def profile(tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> Runtime:
    root = tmp_path / "components"
    write_package(root, "profile", PROFILE, {"execution.dg": SCRIPT})
    return make_runtime(root)


def test_an_unticked_field_reaches_the_script_as_null_and_is_not_asked_again(
    profile: Runtime,
) -> None:
    asked = profile.submit("u_arjun", "general", "/profile")
    assert asked.pending is not None
    done = profile.decide(asked.pending, True, refused=["user.email"])
    assert done.status == "ok"
    assert done.messages[-1].text.startswith("email=null first=")
    again = profile.submit("u_arjun", "general", "/profile")
    assert again.status == "ok" and again.messages[-1].text.startswith("email=null")
    refused = [r for r in profile.ledger("u_arjun") if r.event == "refused"]
    assert len(refused) == 1 and refused[0].detail == "unticked: user.email"


def test_an_unticked_task_is_blocked_with_a_clear_message(profile: Runtime) -> None:
    asked = profile.submit("u_arjun", "general", "/profile post")
    assert asked.pending is not None
    done = profile.decide(asked.pending, True, refused=["zoho.cliq.postToChannel"])
    assert done.status == "error" and done.error is not None
    assert "Blocked the task zoho.cliq.postToChannel at line 5" in done.error.message
    assert "You unticked “Posts messages to Cliq channels as you: #general”" in (
        done.error.message)
    assert any(r.event == "blocked" for r in profile.ledger("u_arjun"))


def test_allow_once_runs_once_and_asks_again(profile: Runtime) -> None:
    asked = profile.submit("u_arjun", "general", "/profile")
    assert asked.pending is not None
    done = profile.decide(asked.pending, True, once=True)
    assert done.status == "ok" and "email=" in done.messages[-1].text
    assert done.run is not None and done.run.consent == "allowed once"
    assert profile.submit("u_arjun", "general", "/profile").status == "consent_required"
    events = [r.event for r in profile.ledger("u_arjun")]
    assert "allowed_once" in events and "granted" not in events


def test_an_item_the_manifest_lacks_is_a_usage_error_and_keeps_the_request(
    profile: Runtime,
) -> None:
    asked = profile.submit("u_arjun", "general", "/profile")
    assert asked.pending is not None
    with pytest.raises(UsageError, match="asks for no item 'user.phone'"):
        profile.decide(asked.pending, True, refused=["user.phone"])
    assert profile.decide(asked.pending, True).status == "ok"


def test_headless_untick_and_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cliqsim.cli import main

    root = tmp_path / "components"
    write_package(root, "profile", PROFILE, {"execution.dg": SCRIPT})
    common = ["--components", str(root), "--data", str(tmp_path / "data"), "--user", "u_arjun"]
    assert main(["run", "/profile", "--consent", "once", "--untick", "user.first_name",
                 *common]) == 0
    assert "first=null" in capsys.readouterr().out
    assert main(["run", "/profile", "--json", *common]) == 3  # once: asked again
    capsys.readouterr()
    assert main(["run", "/profile", "--consent", "deny", "--untick", "user.email",
                 *common]) == 2
    assert "--untick goes with --consent allow" in capsys.readouterr().err
