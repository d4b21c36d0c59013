"""Saved Deluge functions with parameters (#13 item 10): a package hosts one, `cliqsim call`
runs it with typed arguments through consent. Zoho, "Functions" (Deluge help: functions.html):
a function has a return type, a name and typed parameters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.cli import main

NOTIFY = '''void automation.notify(String leadId, int score, Map extra)
{
	zoho.cliq.postToChannel("general", {"text":"Lead " + leadId + " scored " + (score + 1) +
		" from " + extra.get("source")});
}
'''
TOTAL = 'decimal stats.total(List amounts, boolean round)\n{\n\ttotal = 0;\n' \
        '\tfor each a in amounts { total = total + a; }\n\treturn total;\n}\n'


def _components(root: Path) -> Path:
    write_package(root, "notify", 'type = "function"\nname = "notify"\nfunction_type = "saved"\n'
                  '[handlers]\nscript = "notify.dg"\n', {"notify.dg": NOTIFY})
    write_package(root, "total", 'type = "function"\nname = "total"\nfunction_type = "saved"\n'
                  '[handlers]\nscript = "total.dg"\n', {"total.dg": TOTAL})
    return root


def test_a_saved_function_runs_with_typed_arguments(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--components", str(_components(tmp_path / "c")), "--data", str(tmp_path / "d"),
              "--consent", "allow", "--json"]
    assert main(["call", "automation.notify", "--arg", "leadId=L-1", "--arg", "score=41",
                 "--arg", 'extra={"source":"web"}', *common]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["messages"][-1]["text"] == "Lead L-1 scored 42 from web"
    assert report["runs"][-1]["effects"][0]["target"] == "zoho.cliq.postToChannel"
    assert main(["call", "stats.total", "--arg", "amounts=[1.5, 2]", "--arg", "round=true",
                 *common]) == 0
    assert json.loads(capsys.readouterr().out)["notice"] == "total/total.dg returned 3.5"


@pytest.mark.parametrize(("args", "words"), [
    (["nosuch.fn"], "there is no saved function 'nosuch.fn'; saved functions: "),
    (["automation.notify", "--arg", "leadId=x"], "needs 'score'; its parameters: String leadId"),
    (["automation.notify", "--arg", "leadId=x", "--arg", "score=x", "--arg", "extra={}"],
     "argument score: 'x' is not a int"),
    (["automation.notify", "--arg", "lead=x"], "has no parameter 'lead'"),
    (["stats.total", "--arg", "amounts=[1]", "--arg", "round=maybe"], "is not a boolean"),
])
def test_mistakes_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            args: list[str], words: str) -> None:
    common = ["--components", str(_components(tmp_path / "c")), "--data", str(tmp_path / "d"),
              "--consent", "allow"]
    assert main(["call", *args, *common]) == 2
    assert words in capsys.readouterr().err


def test_a_saved_function_needs_a_signature(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "c"
    write_package(root, "plain", 'type = "function"\nname = "plain"\nfunction_type = "saved"\n'
                  '[handlers]\nscript = "p.dg"\n', {"p.dg": 'info "no signature";'})
    assert main(["call", "plain", "--components", str(root), "--data", str(tmp_path / "d")]) == 2
    assert "has no signature" in capsys.readouterr().err
