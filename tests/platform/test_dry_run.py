"""Dry run: every effect recorded, none applied; what it would read, post, mail and send."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.platform.runtime import Runtime

NOTIFY = """\
type = "command"
name = "notify"

[handlers]
execution = "execution.dg"
"""

SCRIPT = """\
who = user.get("first_name");
zoho.cliq.postToChannel("general", {"text": "Hello from " + who});
sendmail [ from: zoho.loginuserid to: "team@zylker.com" subject: "Hi " + who message: "x" ];
r = invokeurl [ url: "https://" + arguments + "/x" type: GET ];
return {"text": "done"};
"""


@pytest.fixture
def notify(tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> Runtime:
    root = tmp_path / "components"
    write_package(root, "notify", NOTIFY, {"execution.dg": SCRIPT})
    return make_runtime(root)


def test_a_dry_run_records_everything_and_applies_nothing(notify: Runtime) -> None:
    asked = notify.submit("u_arjun", "general", "/notify api.example.com")
    assert asked.pending is not None
    before = len(notify.messages("general"))
    dry = notify.dry_run(asked.pending)
    kinds = [(e.kind, e.line) for e in dry.effects]
    assert ("post", 2) in kinds and ("mail", 3) in kinds and ("blocked", 4) in kinds
    text = "\n".join(dry.lines())
    assert "your first name: Arjun" in text
    assert "would post to #general: “Hello from Arjun”" in text
    assert "would mail team@zylker.com: “Hi Arjun”" in text
    assert "would be blocked: GET api.example.com" in text
    assert dry.error is not None and "line 4" in dry.error  # the guard stopped it there
    assert len(notify.messages("general")) == before
    assert notify.outbox() == [] and notify.ledger("u_arjun") == []
    assert notify.decide(asked.pending, False).status == "denied"  # still waiting for an answer


def test_dry_run_mode_rehearses_even_an_allowed_component(notify: Runtime) -> None:
    asked = notify.submit("u_arjun", "general", "/notify")
    assert asked.pending is not None
    notify.decide(asked.pending, True)
    posted = len(notify.messages("general"))
    notify.rehearse_all()
    outcome = notify.submit("u_arjun", "general", "/notify")
    assert outcome.status == "ok" and outcome.dry_run is not None
    assert outcome.notice == "Dry run: nothing was applied."
    assert len(notify.messages("general")) == posted
    assert [r.event for r in notify.ledger("u_arjun")].count("used") == 1  # the real run only


def test_headless_dry_run_prints_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from cliqsim.cli import main

    root = tmp_path / "components"
    write_package(root, "notify", NOTIFY, {"execution.dg": SCRIPT})
    common = ["--components", str(root), "--data", str(tmp_path / "data"), "--user", "u_arjun"]
    assert main(["run", "/notify", "--dry-run", *common]) == 0
    out = capsys.readouterr().out
    assert "Dry run of /notify: nothing was applied." in out
    assert "would post to #general" in out
    assert main(["run", "/notify", "--dry-run", "--json", *common]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dry_run"]["component"] == "/notify" and data["messages"] == []
    assert {"kind": "mail", "text": "would mail team@zylker.com: “Hi Arjun”", "line": 3} in \
        data["dry_run"]["effects"]
    assert main(["consents", "log", *common[2:4]]) == 0
    assert "The consent ledger is empty." in capsys.readouterr().out


def test_the_terminal_prompt_shows_a_dry_run_then_asks_again(notify: Runtime) -> None:
    import io

    from rich.console import Console

    from cliqsim.commands._runtime_options import ask_consent

    asked = notify.submit("u_arjun", "general", "/notify")
    assert asked.pending is not None
    pending = asked.pending
    out = Console(file=io.StringIO(), width=120, record=True)
    keys = iter(["r", "d"])
    answer = ask_consent(out, asked.consent, "/notify", read_key=lambda: next(keys),
                         dry_run=lambda: notify.dry_run(pending))
    assert answer.allow is False
    text = out.export_text()
    assert "d[r]y run / [d]eny: dry run" in text
    assert "Dry run of /notify: nothing was applied." in text
    assert text.count("Allow? [a]llow") == 2


def test_an_install_dry_run_gives_the_installation_handler_its_inputs(runtime: Runtime) -> None:
    """The consent dialog's Dry run on an extension install ran the installation handler with no
    inputs: Poll's `user.get("email")` stopped it at line 4 ("Variable 'user' is not
    defined"). It now gets what the install gives it (`user`, `app_info`, ...; Zoho's
    "Installation Handler" page)."""
    asked = runtime.install_extension("u_admin", "poll")
    assert asked.pending is not None
    dry = runtime.dry_run(asked.pending)
    assert dry.error is None, dry.error
    shown = "\n".join(dry.lines())
    assert "your email address: priya@zylker.com" in shown
    assert "the extension's version: 1.2" in shown
    assert "setProperties" in shown
    assert runtime.extensions()[0].installed is False  # nothing was applied
