"""Component text never acts on the terminal (docs/consents.md, threat model class 11).

Everything a component or package supplies — replies, `info` lines, names and descriptions, the
URLs and addresses consent items quote, code lines, error texts — is printed with its control
characters shown as `\\uXXXX`: no escape sequence (clear the screen, retitle the window, write
the clipboard, move the cursor to print over a "Blocked" line), no carriage return, no Unicode
bidirectional control that shows a code line in the consent prompt in another order than it runs
(Trojan Source, CVE-2021-42574). `--json` output stays valid JSON."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from platform_helpers import write_package
from rich.text import Text

from cliqsim.cli import main
from cliqsim.frontend.terminal import console, printable
from cliqsim.paths import bundled_components

NOW = "2026-12-01T12:00"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")

PACKAGE = """\
type = "command"
name = "show"
description = "Shows \\u001b[2Jthings\\u001b]0;owned\\u0007 \\u202eevil\\u202c"
hint = "a\\rb"
[handlers]
execution = "run.dg"
"""

SCRIPT = """\
esc = "\\u001b";
info "log " + esc + "[31mred" + esc + "]52;c;ZXZpbA==" + "\\u0007";
u = user.get("first_name");
x = "Blocked\\rAllowed \\u202eevil\\u202c \\u009b2J";
return {"text": "hi " + u + " " + esc + "[1A" + esc + "[2K" + x,
        "card": {"title": "t" + esc + "[5m", "theme": "modern-inline"}};
"""

FETCH = """\
type = "command"
name = "fetch"
[handlers]
execution = "run.dg"
"""

# the consent item and the blocked call both quote a URL holding escape sequences
FETCH_SCRIPT = """\
u = "https://" + user.get("first_name") + ".example/\\u001b]0;t\\u0007";
s = invokeurl [ url: u type: GET ];
r = invokeurl [ url: "https://api.example.com/\\u001b[2J\\u202e" type: GET ];
return {"text": "done"};
"""


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")


def _root(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    root.mkdir()
    (root / "workspace.toml").write_text(
        (bundled_components() / "workspace.toml").read_text(encoding="utf-8"), encoding="utf-8")
    write_package(root, "show", PACKAGE, {"run.dg": SCRIPT})
    write_package(root, "fetch", FETCH, {"run.dg": FETCH_SCRIPT})
    return root


def _cli(tmp_path: Path, root: Path, *args: str) -> int:
    return main([*args, "--components", str(root), "--data", str(tmp_path / "data"),
                 "--now", NOW])


def _clean(text: str) -> None:
    assert not UNSAFE.search(text), repr(UNSAFE.findall(text))


def test_a_reply_and_its_info_lines_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _root(tmp_path)
    assert _cli(tmp_path, root, "run", "/show", "--consent", "allow") == 0
    captured = capsys.readouterr()
    _clean(captured.out + captured.err)
    assert "\\u001b[2K" in captured.out and "\\u009b2J" in captured.out
    assert "\r" not in captured.out  # Rich drops it, or it is escaped
    assert "log \\u001b[31mred" in captured.out
    assert "\\u202eevil" in captured.out


def test_json_output_stays_valid_and_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _root(tmp_path)
    assert _cli(tmp_path, root, "run", "/show", "--consent", "allow", "--json") == 0
    out = capsys.readouterr().out
    _clean(out)
    text = json.loads(out)["messages"][0]["text"]
    assert "\u202eevil" in text  # the JSON string itself still holds the character


def test_the_consent_prompt_and_listings_show_package_text_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _root(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    _cli(tmp_path, root, "run", "/fetch")  # the consent panel, then no terminal to ask on
    _cli(tmp_path, root, "run", "/fetch", "--consent", "deny")
    assert main(["consents", "manifest", "--components", str(root)]) == 0
    assert _cli(tmp_path, root, "run", "/show", "--consent", "allow") == 0
    data = ["--data", str(tmp_path / "data"), "--now", NOW]
    assert main(["consents", "list", "--all", "--everyone", *data]) == 0
    assert main(["consents", "log", *data]) == 0
    captured = capsys.readouterr()
    _clean(captured.out + captured.err)
    assert "\\u001b[2J" in captured.out and "Fetches data from api.example.com" in captured.out


def test_a_blocked_call_names_its_address_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _root(tmp_path)
    _cli(tmp_path, root, "run", "/fetch", "--consent", "allow")
    captured = capsys.readouterr()
    _clean(captured.out + captured.err)
    assert "Blocked" in captured.out + captured.err


def test_errors_on_stderr_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _root(tmp_path)
    assert _cli(tmp_path, root, "run", "/nosuch\u001b[2J") != 0
    captured = capsys.readouterr()
    _clean(captured.out + captured.err)


def test_the_console_keeps_its_own_styles_on_a_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    file = io.StringIO()
    out = console(file, force_terminal=True)  # as on a real terminal
    out.print(Text("name\u001b[2J", style="bold"))
    written = file.getvalue()
    assert "\x1b[1m" in written  # cliqsim's bold
    assert "\x1b[2J" not in written and "name\\u001b[2J" in written


@given(st.text())
def test_printable_leaves_no_control_character(text: str) -> None:
    shown = printable(text)
    _clean(shown)
    assert printable(shown) == shown
    if not UNSAFE.search(text) and "\u061c" not in text and "\u2028" not in text \
            and "\u2029" not in text:
        assert shown == text
