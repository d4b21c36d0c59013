"""Global options wherever they stand, and the terminal's consent prompt taking one key
(issue #15 items 13 and 14; docs/cli.md § Options every command takes, § Consent in the
terminal)."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from cliqsim.cli import hoist_options, main
from cliqsim.commands._runtime_options import ask_consent

COMMANDS = {"run", "check", "consents", "users"}


def test_options_before_the_subcommand_go_to_it() -> None:
    assert hoist_options(["--user", "u_arjun", "run", "hi"], COMMANDS) == [
        "run", "hi", "--user", "u_arjun"]
    assert hoist_options(["--components", "c", "--data", "d", "--online", "run", "x"],
                         COMMANDS) == ["--data", "d", "run", "x", "--components", "c",
                                       "--online"]
    assert hoist_options(["--user=u_a", "run", "x", "--", "-y"], COMMANDS) == [
        "run", "x", "--user=u_a", "--", "-y"]
    assert hoist_options(["--user", "u_a"], COMMANDS) == ["--user", "u_a"]  # the chat window


def test_user_before_run_acts_as_that_user(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    assert main(["--user", "u_arjun", "--data", data, "--now", "2026-12-01T09:00", "run",
                 "hello", "--consent", "deny"]) == 0
    assert "Arjun Rao" in capsys.readouterr().out


def test_components_before_the_subcommand_is_honoured(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nowhere")
    assert main(["--components", missing, "--data", str(tmp_path), "users"]) == 2
    assert "nowhere" in capsys.readouterr().err


def test_an_option_the_subcommand_does_not_take_is_refused(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--user", "u_arjun", "check", "x.dg"]) == 2
    error = capsys.readouterr().err
    assert "--user does not apply to `cliqsim check`" in error and "run" in error


def test_the_prompt_reads_one_key_and_shows_its_brackets(tmp_path: Path) -> None:
    out = Console(file=io.StringIO(), width=100, record=True)
    keys = iter(["x", "a"])
    request = _nearby_request(tmp_path)
    assert ask_consent(out, request, "/nearby", read_key=lambda: next(keys)).allow is True
    text = out.export_text()
    assert "Allow? [a]llow / allow [o]nce / [c]hoose items / [d]eny: allow" in text
    for key in ("d", "\r", "\x1b"):
        assert ask_consent(out, request, "/nearby", read_key=lambda k=key: k).allow is False
    with pytest.raises(KeyboardInterrupt):
        ask_consent(out, request, "/nearby", read_key=lambda: "\x03")


def test_the_prompt_allows_once_and_unticks_items_one_key_each(tmp_path: Path) -> None:
    out = Console(file=io.StringIO(), width=100, record=True)
    request = _nearby_request(tmp_path)
    once = ask_consent(out, request, "/nearby", read_key=lambda: "o")
    assert once.allow and once.once and once.refused == ()
    count = len(request.items)  # type: ignore[attr-defined]
    keys = iter(["c", "n", *["\r"] * (count - 1), "a"])
    chosen = ask_consent(out, request, "/nearby", read_key=lambda: next(keys))
    assert chosen.allow and not chosen.once
    assert chosen.refused == (request.items[0].key,)  # type: ignore[attr-defined]
    assert "Unticked 1 item" in out.export_text()


def _nearby_request(data: Path) -> object:
    from datetime import UTC, datetime

    from cliqsim.clock import SimulatedClock
    from cliqsim.paths import bundled_components
    from cliqsim.platform.runtime import Runtime

    runtime = Runtime(bundled_components(), data,
                      SimulatedClock(datetime(2026, 12, 1, 9, tzinfo=UTC)))
    outcome = runtime.submit("u_arjun", "general", "/nearby bank")
    assert outcome.status == "consent_required"
    return outcome.consent


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_in_a_real_terminal_one_key_allows(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "cliqsim", "run", "/nearby bank", "--user", "u_arjun",
         "--data", str(tmp_path), "--now", "2026-12-01T09:00"],
        stdin=follower, stdout=follower, stderr=follower, close_fds=True,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
    os.close(follower)
    seen = b""

    def read_until(marker: bytes, limit: float = 60.0) -> None:
        nonlocal seen
        deadline = time.monotonic() + limit  # a bound for a broken run, not a timing check
        while marker not in seen:
            assert time.monotonic() < deadline, seen.decode(errors="replace")[-2000:]
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(leader, 4096)
                except OSError:
                    break

    try:
        read_until(b"[d]eny:")
        os.write(leader, b"a")  # one key, no Enter
        read_until(b"Nearby banks")
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    assert b"Allow? [a]llow / allow [o]nce / [c]hoose items / d[r]y run / [d]eny:" in seen
