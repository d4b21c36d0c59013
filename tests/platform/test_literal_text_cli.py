"""Issue #11, class 10 (headless): everything a component or package supplies is printed as it
is — never read as Rich markup or `:emoji:` codes (messages, card titles, slides, forms, the
consent panel, outbox subjects, load-error lines)."""

from __future__ import annotations

from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.cli import main
from cliqsim.paths import bundled_components

NOW = "2026-12-01T12:00"
NASTY = "Send [/b] now [@click=app.toggle_online]on[/] [red]red[/red] :smile:"

SHOW = """\
type = "command"
name = "show"
[handlers]
execution = "run.dg"
"""

SCRIPT = """\
n = "Send [/b] now [@click=app.toggle_online]on[/] [red]red[/red] :smile:";
e = user.get("email");
card = {"title": n, "theme": "modern-inline"};
t = {"type": "table", "title": n, "data": {"headers": {n}, "rows": {{n: n}}}};
l = {"type": "list", "title": n, "data": {n}};
b = {"type": "label", "title": n, "data": {{n: n}}};
return {"text": "*" + n + "*", "card": card, "slides": {t, l, b}};
"""


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")


def _package(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    root.mkdir()
    (root / "workspace.toml").write_text(
        (bundled_components() / "workspace.toml").read_text(encoding="utf-8"), encoding="utf-8")
    write_package(root, "show", SHOW, {"run.dg": SCRIPT})
    return root


def _cli(tmp_path: Path, root: Path, *args: str) -> int:
    return main([*args, "--components", str(root), "--data", str(tmp_path / "data"),
                 "--now", NOW])


def test_run_prints_component_text_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _package(tmp_path)
    assert _cli(tmp_path, root, "run", "/show", "--consent", "allow") == 0
    out = capsys.readouterr().out
    assert "😄" not in out
    # every place the text appears: message text, card title, three slides' titles and cells
    assert out.count("[@click=app.toggle_online]on[/]") >= 6, out
    assert out.count("[red]red[/red] :smile:") >= 6, out
    assert out.count("Send [/b] now") >= 6, out


def test_consent_panel_and_component_name_are_literal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _package(tmp_path)
    (root / "show" / "run.dg").write_text(
        'x = options.get("[bold]x[/bold] :smile:");\nreturn {"text": "" + x};\n',
        encoding="utf-8")
    assert _cli(tmp_path, root, "run", "/show") != 0  # no terminal to ask on: shown, not run
    out = capsys.readouterr().out
    assert '"[bold]x[/bold] :smile:"' in out, out
    assert "😄" not in out


def test_load_error_lines_are_literal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _package(tmp_path)
    write_package(root, "bad", 'type = "command"\nname = "bad"\n[handlers]\n'
                  'execution = "[red]x[/red] :smile: [@click=app.quit].dg"\n', {})
    assert _cli(tmp_path, root, "run", "/show", "--consent", "allow") == 0
    out = capsys.readouterr().out
    assert "[red]x[/red] :smile: [@click=app.quit].dg" in out, out
    assert "😄" not in out


def test_outbox_subjects_are_literal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _package(tmp_path)
    (root / "show" / "run.dg").write_text(
        'sendmail [ from: zoho.loginuserid to: zoho.loginuserid '
        'subject: "[red]Hi[/red] :smile:" message: "body" ];\nreturn {"text": "sent"};\n',
        encoding="utf-8")
    assert _cli(tmp_path, root, "run", "/show", "--consent", "allow") == 0
    capsys.readouterr()
    assert _cli(tmp_path, root, "outbox") == 0
    out = capsys.readouterr().out
    assert "[red]Hi[/red] :smile:" in out, out
