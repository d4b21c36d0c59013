"""A plain command line is read without argparse (`cliqsim.cli_fast`, issue #18): whatever it
reads is exactly what argparse reads, and every other line goes to argparse, messages and all."""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliqsim import cli, cli_fast, commands

COMMANDS = sorted(commands.MODULES)


def _argparse_reads(argv: list[str], command: str) -> dict[str, Any] | None:
    """What argparse gives for `argv` (None when it refuses it)."""
    parser = cli.build_parser(only=command)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            return vars(parser.parse_args(argv))
    except SystemExit:
        return None


def _fast_reads(argv: list[str], command: str) -> dict[str, Any] | None:
    (module,) = cli._command_modules(only=command)
    found = cli_fast.parse(argv, module, cli._common_options)
    return None if found is None else vars(found)


def _tokens(command: str) -> st.SearchStrategy[list[str]]:
    """Command lines of `command`: its own option strings (and others'), values of every kind
    (choices, empty, with `=`, starting with `-`), in any order."""
    parser = cli._subcommands(cli.build_parser(only=command))[command]
    options = sorted(s for a in parser._actions for s in a.option_strings)
    choices = sorted({str(c) for a in parser._actions for c in (a.choices or ())})
    words = st.sampled_from(["/nearby bank", "", "x", "a=b", "-", "-1", "--", "u_arjun",
                             "2026-12-01T09:00", "+1d", *choices])
    option_tokens = st.sampled_from([*options, "--consen", "--unknown", "-h", "--json=1"])
    joined = st.builds(lambda o, w: f"{o}={w}", st.sampled_from(options or ["--x"]), words)
    return st.lists(st.one_of(option_tokens, words, joined), max_size=8).map(
        lambda rest: [command, *rest])


@pytest.mark.parametrize("command", COMMANDS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_line_read_without_argparse_reads_as_argparse_reads_it(
        command: str, data: st.DataObject) -> None:
    argv = data.draw(_tokens(command))
    fast = _fast_reads(argv, command)
    if fast is not None:
        assert fast == _argparse_reads(argv, command)


def test_run_lines_as_people_type_them_are_read_without_argparse() -> None:
    for argv in (["run", "/nearby bank", "--consent", "allow", "--now", "2026-12-01T09:00"],
                 ["run", "--data=/tmp/d", "@PollBot new poll", "--chat", "general", "--json"],
                 ["run", "/announce x", "--form", "a=1", "--form", "b=2", "--untick", "u"]):
        fast = _fast_reads(argv, "run")
        assert fast is not None and fast == _argparse_reads(argv, "run")


@pytest.mark.parametrize("argv", [
    ["run"],                                     # the text is missing
    ["run", "/x", "extra"],                      # one value too many
    ["run", "/x", "--consent", "maybe"],         # not a choice
    ["run", "/x", "--consen", "allow"],          # an abbreviation argparse accepts
    ["run", "/x", "--user", "-1"],               # a value starting with -
    ["run", "--help"], ["run", "/x", "--", "y"], ["--user", "u_a", "run", "/x"],
])
def test_any_other_line_is_left_to_argparse(argv: list[str]) -> None:
    assert _fast_reads(argv, "run") is None


def test_suppress_is_argparses() -> None:
    assert cli_fast.SUPPRESS == argparse.SUPPRESS


def test_a_plain_run_never_loads_argparse_and_argparse_still_says_what_is_wrong(
        tmp_path: Any) -> None:
    code = ("import sys\nfrom cliqsim.cli import main\n"
            f"main(['run', '/nearby bank', '--data', {str(tmp_path)!r}, '--consent', 'deny',"
            " '--json'])\n"
            "print('argparse' in sys.modules, 'gettext' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split()[-2:] == ["False", "False"]
    wrong = subprocess.run([sys.executable, "-m", "cliqsim", "run", "/x", "--consent", "maybe"],
                           capture_output=True, text=True, stdin=subprocess.DEVNULL,
                           check=False)
    assert wrong.returncode == 2
    assert "argument --consent: invalid choice: 'maybe'" in wrong.stderr
    assert wrong.stderr.startswith("usage: cliqsim run ")
