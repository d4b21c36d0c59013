"""The `cliqsim` entry point: overview without a terminal, subcommand discovery, usage errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cliqsim.cli import main


def cliqsim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cliqsim", *args],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
    )


def test_without_a_terminal_it_prints_the_overview_and_every_command() -> None:
    result = cliqsim()
    assert result.returncode == 0
    assert result.stdout.startswith("cliqsim ")
    for command in ("check", "script", "consents", "run", "action", "extensions", "users"):
        assert command in result.stdout


def test_an_unknown_command_is_a_usage_error() -> None:
    result = cliqsim("frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr


def test_a_bad_time_names_the_value_and_the_accepted_forms(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["consents", "list", "--now", "next tuesday", "--data", "unused"]) == 2
    error = capsys.readouterr().err
    assert "'next tuesday'" in error and "+61d" in error


def test_the_table_of_commands_names_every_command_module_under_its_own_name() -> None:
    """`cliqsim.commands.MODULES` lets a run import only its own command module (issue #18):
    it must name every command module, each under the NAME the module declares."""
    import importlib

    from cliqsim import cli, commands

    declared = {importlib.import_module(f"cliqsim.commands.{module}").NAME: module
                for module in cli._command_module_names()}
    assert commands.MODULES == declared


def test_a_command_line_parses_the_same_with_only_its_command_registered() -> None:
    """The parser built for one command (what `main` uses) reads its command line as the
    whole parser does."""
    from cliqsim.cli import build_parser

    argv = ["--data", "/tmp/x", "run", "/nearby bank", "--consent", "allow", "--now", "+1d"]
    whole = vars(build_parser().parse_args(argv))
    only = vars(build_parser(only="run").parse_args(argv))
    assert whole == only


def test_a_run_of_one_command_imports_no_other_command_module() -> None:
    code = ("import sys, cliqsim.cli\n"
            "cliqsim.cli.main(['run', '--help'])\n")
    listing = "import sys\nprint('\\n'.join(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", f"try:\n    exec({code!r})\n"
                           f"except SystemExit:\n    pass\n{listing}"],
                          capture_output=True, text=True, check=True)
    commands = {m for m in done.stdout.split() if m.startswith("cliqsim.commands.")
                and not m.split(".")[-1].startswith("_")}
    assert commands == {"cliqsim.commands.run"}


def test_a_run_with_json_output_never_loads_rich(tmp_path: Path) -> None:
    """The console is made on first use: `--json` prints with `json.dumps` only, so Rich
    (a fifth of a cold start) is not imported (issue #18)."""
    code = ("import sys\nfrom cliqsim.cli import main\n"
            f"main(['run', '/nearby bank', '--data', {str(tmp_path)!r}, '--consent', 'allow',"
            " '--now', '2026-12-01T09:00', '--json'])\n"
            "print('RICH', sorted(m for m in sys.modules if m.split('.')[0] == 'rich'),"
            " file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert '"status": "ok"' in done.stdout
    assert "RICH []" in done.stderr
