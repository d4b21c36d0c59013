"""Issue #11, class 8: the inventory is precise, the guard then lets literal hosts through, and
what the dialog, the terminal prompt, --json and the ledger say is specific."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.cli import main
from cliqsim.consent.purposes import task_purpose
from cliqsim.deluge.effects import TASK_ARITY
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

COMMAND = """\
type = "command"
name = "items"
[handlers]
execution = "run.dg"
[[fixtures]]
method = "GET"
url = "https://api.example.com/items"
body = {{ count = 3 }}
"""


def _root(tmp_path: Path, script: str) -> Path:
    root = tmp_path / "c"
    root.mkdir(exist_ok=True)
    (root / "workspace.toml").write_text(
        (bundled_components() / "workspace.toml").read_text(encoding="utf-8"), encoding="utf-8")
    write_package(root, "items", COMMAND.replace("{{", "{").replace("}}", "}"),
                  {"run.dg": script})
    return root


def test_a_literal_host_reached_after_a_run_time_assignment_is_not_blocked(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = make_runtime(_root(tmp_path, (
        'u = arguments;\nu = "https://api.example.com";\n'
        'r = invokeurl [ url: u + "/items" type: GET ];\nreturn {"text": "n=" + r.get("count")};\n'
    )))
    asked = runtime.submit("u_arjun", "general", "/items")
    assert asked.consent is not None
    targets = [item.target for item in asked.consent.items if item.kind == "api"]
    assert targets == ["GET api.example.com"]
    done = allow(runtime, asked)
    assert done.status == "ok", done.error
    assert done.messages[-1].text == "n=3"


def test_a_local_variable_named_like_another_handlers_input_is_not_listed(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = make_runtime(_root(tmp_path, (
        'url = "https://api.example.com/items";\n'
        'if (arguments != "") { headers = {"Accept": "application/json"}; body = "x"; }\n'
        'if (arguments == "") { url = "https://api.example.com/items"; }\n'
        'r = invokeurl [ url: url type: GET headers: headers ];\n'
        'return {"text": "ok " + body};\n'
    )))
    asked = runtime.submit("u_arjun", "general", "/items")
    assert asked.consent is not None
    purposes = [item.purpose for item in asked.consent.items]
    assert not any("request headers" in p or "the link" in p or "request body" in p
                   for p in purposes), purposes


def test_flagged_items_and_their_reasons_show_in_the_terminal_and_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    root = _root(tmp_path, 'r = invokeurl [ url: "https://" + arguments + "/x" ];\n'
                           'return {"text": "ok"};\n')
    args = ["run", "/items", "--components", str(root), "--data", str(tmp_path / "d"),
            "--now", "2026-12-01T12:00"]
    main(args)
    out = capsys.readouterr().out
    assert "[!]" in out and "decided when the code runs" in out
    main([*args, "--json"])
    data = json.loads(capsys.readouterr().out)
    (api,) = [item for item in data["consent"]["items"] if item["kind"] == "api"]
    assert api["flagged"] is True and "decided when the code runs" in api["note"]


def test_two_different_tasks_never_read_as_the_same_purpose() -> None:
    for credentials in ("user", "admin"):
        seen: dict[str, str] = {}
        for name in TASK_ARITY:
            parts = name.split(".")
            purpose = task_purpose(name, parts[1], ".".join(parts[2:]), credentials)
            assert purpose not in seen, f"{name} and {seen.get(purpose)}: {purpose}"
            seen[purpose] = name


def test_a_use_record_names_the_handler_and_the_line(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = make_runtime(_root(tmp_path, (
        'e = user.get("email");\n'
        'r = invokeurl [ url: "https://api.example.com/items" type: GET ];\n'
        'return {"text": "ok"};\n'
    )))
    allow(runtime, runtime.submit("u_arjun", "general", "/items"))
    used = [r for r in runtime.ledger("u_arjun") if r.event == "used"]
    assert used, runtime.ledger("u_arjun")
    assert used[-1].detail.startswith("execution_handler in ")
    assert "GET api.example.com at line 2" in used[-1].detail
