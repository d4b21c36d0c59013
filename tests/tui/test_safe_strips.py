"""No component text reaches the terminal as control from any part of the chat window.

A bot named `Ctrl\\u001b[2Jbot` (TOML's `\\u001b` is a real ESC) cleared the screen from the
sidebar on every paint, which drew bot names raw; extension, grant, ledger, dry-run, error and
menu texts had the same gap. Each part now makes the text printable when it builds it, and
every line the window paints passes `terminal.printable` on its way to the terminal
(`tui/safe_strips.py`). Threat model class 11 (docs/consents.md).
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from conftest import START, wait_for
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from test_forms import _package
from textual.strip import Strip

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import make_app

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BOT = """\
type = "bot"
name = "Ctrl\\u001b[2Jbot"
unique_name = "ctrlbot"
description = "d\\u001b]0;pwn\\u0007"
[handlers]
welcome = "welcome.dg"
"""


def test_a_strip_never_renders_a_control_character_of_its_text() -> None:
    import cliqsim.tui.app  # noqa: F401  (installs the wrap)

    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
    strip = Strip([Segment("a\x1b[2Jb\u202ec", Style(bold=True)), Segment("ok")])
    rendered = strip.render(console)
    text_only = re.sub(r"\x1b\[[0-9;]*m", "", rendered)  # the style codes Textual adds
    assert not UNSAFE.search(text_only), repr(text_only)
    assert "a\\u001b[2Jb\\u202ec" in text_only and text_only.endswith("ok")
    plain = Strip([Segment("nothing to do", Style())])
    assert plain.render(console).count("nothing to do") == 1


async def test_the_sidebar_and_the_palette_show_a_bots_control_characters_escaped(
        tmp_path: Path) -> None:
    components = tmp_path / "components"
    components.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", components / "workspace.toml")
    _package(components, "ctrlbot", {"component.toml": BOT,
                                     "welcome.dg": 'return {"text":"hi"};\n'})
    runtime = Runtime(components, tmp_path / "data", SimulatedClock(START))
    app = make_app(runtime, "u_arjun")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        await pilot.pause(0.2)
        chat = app.chat_screen
        assert chat is not None
        sidebar = chat.sidebar
        prompts = [str(option.prompt) for option in sidebar.options]
        assert any("@Ctrl\\u001b[2Jbot" in p for p in prompts), prompts
        for y in range(sidebar.size.height):  # what is painted, line by line
            line = "".join(segment.text for segment in sidebar.render_line(y))
            assert not UNSAFE.search(line), repr(line)
