"""The real app in a real terminal: type `/nearby bank`, allow in the consent dialog, read the
banks off the screen."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux

WAIT_LIMIT_SECONDS = 30.0


def _tmux(*args: str) -> str:
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)
    return done.stdout


@pytest.fixture
def session(tmp_path: Path) -> Iterator[str]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (the CI script installs it: apt-get install tmux)")
    name = f"cliqsim-test-{uuid.uuid4().hex[:8]}"
    # COLUMNS / LINES (set under pytest) would override the terminal's real size
    command = (f"env -u COLUMNS -u LINES {sys.executable} -m cliqsim --data {tmp_path / 'data'} "
               "--now 2026-12-01T09:00:00 --user u_arjun")
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                    command], check=True)
    try:
        yield name
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False,
                       capture_output=True)


def _wait_for(session: str, text: str) -> str:
    deadline = time.monotonic() + WAIT_LIMIT_SECONDS
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared on the screen; last screen:\n{screen}")


def test_nearby_bank_with_consent_in_a_real_terminal(session: str) -> None:
    _wait_for(session, "Message, /command or @mention")
    _tmux("send-keys", "-t", session, "-l", "/nearby bank")
    _tmux("send-keys", "-t", session, "Escape")
    _tmux("send-keys", "-t", session, "Enter")
    dialog = _wait_for(session, "Allow (a)")
    assert "has not run for you before" in dialog
    assert "External APIs" in dialog
    time.sleep(1.0)  # past ConsentScreen.ARM_SECONDS: Allow ignores keys typed ahead
    _tmux("send-keys", "-t", session, "a")
    screen = _wait_for(session, "State Bank of India")
    assert "HDFC Bank" in screen and "Nearby banks" in screen
    assert "Allow (a)" not in screen
