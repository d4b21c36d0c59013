"""Fixtures for the TUI tests: the app over the bundled samples on a fresh data directory and a
fixed simulated clock, plus helpers that drive it like a person and wait for what they see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp, make_app

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _answers_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The consent dialog's Allow waits `ARM_SECONDS` after it opens (keys typed ahead must not
    allow); a Pilot presses exactly the keys it means, so the tests answer at once.
    `test_consent_arming.py` checks the wait itself."""
    from cliqsim.tui.screens.consent import ConsentScreen

    monkeypatch.setattr(ConsentScreen, "ARM_SECONDS", 0.0)


@pytest.fixture
def runtime(tmp_path: Path) -> Runtime:
    return Runtime(bundled_components(), tmp_path / "data", SimulatedClock(START))


@pytest.fixture
def installed(runtime: Runtime) -> Runtime:
    """The samples with the Poll extension installed by the org admin."""
    outcome = runtime.install_extension("u_admin", "poll")
    assert outcome.pending is not None
    assert runtime.decide(outcome.pending, True).activated is True
    return runtime


SNAPSHOT_PACKAGES = ("nearby", "announce", "announceform", "salesboard", "poll")


@pytest.fixture
def snapshot_runtime(tmp_path: Path) -> Runtime:
    """The few bundled packages the snapshots show, copied, so new samples elsewhere in the
    tree do not change the pictures."""
    import shutil

    source = bundled_components()
    components = tmp_path / "components"
    components.mkdir()
    shutil.copy(source / "workspace.toml", components / "workspace.toml")
    for name in SNAPSHOT_PACKAGES:
        shutil.copytree(source / name, components / name)
    return Runtime(components, tmp_path / "data", SimulatedClock(START))


@pytest.fixture
def app_for(runtime: Runtime) -> Callable[..., CliqsimApp]:
    def make(user: str = "u_arjun", rt: Runtime | None = None) -> CliqsimApp:
        return make_app(rt or runtime, user)

    return make


async def wait_for(pilot: Pilot[None], condition: Callable[[], object], what: str,
                   limit: float = 10.0) -> None:
    """Let the app run until `condition()` holds (bounded, so a broken flow fails clearly)."""
    waited = 0.0
    while not condition():
        if waited > limit:
            raise AssertionError(f"gave up waiting for {what}")
        await pilot.pause(0.02)
        waited += 0.02


def screen_name(app: CliqsimApp) -> str:
    return type(app.screen).__name__


def texts(app: CliqsimApp) -> str:
    """Every message shown in the open chat, as plain text."""
    from cliqsim.tui.screens.chat import ChatScreen

    chat = app.chat_screen
    assert isinstance(chat, ChatScreen)
    return "\n".join(_plain(m) for m in chat.message_list.messages)


def _plain(message: object) -> str:
    from cliqsim.platform.messages import Message

    assert isinstance(message, Message)
    parts = [message.sender.name, message.text]
    if message.card and message.card.title:
        parts.append(message.card.title)
    if message.banner:
        parts.append(message.banner.text)
    parts.extend(b.label for b in message.all_buttons())
    return " | ".join(parts)


async def type_and_send(pilot: Pilot[None], text: str) -> None:
    app = pilot.app
    assert isinstance(app, CliqsimApp)
    chat = app.chat_screen
    assert chat is not None
    box = chat.composer.input
    box.focus()
    box.value = text  # as if typed (the composer sees the change); the completion tests type
    box.cursor_position = len(text)
    await pilot.press("escape")  # close any completion list, as a person would before Enter
    await pilot.press("enter")


async def allow_nearby(pilot: Pilot[None]) -> None:
    """Send `/nearby bank`, allow its consent and wait for the card of banks."""
    from cliqsim.tui.screens.consent import ConsentScreen

    app = pilot.app
    assert isinstance(app, CliqsimApp)
    await type_and_send(pilot, "/nearby bank")
    await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
    await pilot.press("a")
    await wait_for(pilot, lambda: "Nearby banks" in texts(app), "the card")


def notifications(app: CliqsimApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def plain(widget: object) -> str:
    """What a Static shows, as plain text."""
    import io

    from rich.console import Console
    from textual.widgets import Static

    assert isinstance(widget, Static)
    content = widget.content
    if isinstance(content, str):
        return content
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()
