"""The `cliqsim` entry point: overview without a terminal, subcommand discovery, usage errors."""

from __future__ import annotations

import subprocess
import sys

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
