"""The command palette shows names from packages literally (issue #11, class 10).

The palette lists a *Trigger:* and an *Event: resubscribe* entry for every bot, with the bot's
name. Textual reads a palette entry given as a string as markup: a bot named
`Evil [b]bot[/b] [@click=app.toggle_online]x` showed "Evil **bot** x" with a link that switched
on real network access. Entries are `Text` now, their help escaped: the brackets show as
written, so there is no link to click.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import START, wait_for
from test_forms import _package
from textual.command import CommandList, CommandPalette

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import make_app

NAME = "Evil [b]bot[/b] [@click=app.toggle_online]x"
BOT = f"""\
type = "bot"
name = "{NAME}"
unique_name = "evilbot"
description = "[@click=app.toggle_online]on[/] description"
[handlers]
welcome = "welcome.dg"
"""


def evil_runtime(tmp_path: Path) -> Runtime:
    components = tmp_path / "components"
    components.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", components / "workspace.toml")
    _package(components, "evilbot", {"component.toml": BOT,
                                     "welcome.dg": 'return {"text":"hi"};\n'})
    return Runtime(components, tmp_path / "data", SimulatedClock(START))


def shown_entries(app: object) -> list[str]:
    from textual.app import App

    assert isinstance(app, App)
    found = app.screen.query(CommandList)
    return [str(option.prompt) for option in found.first().options] if found else []


async def test_palette_entries_show_a_bots_name_literally(tmp_path: Path) -> None:
    runtime = evil_runtime(tmp_path)
    app = make_app(runtime, "u_arjun")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        for query in ("", "Evil"):  # the list before typing, and a search
            app.action_command_palette()
            await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "palette")
            if query:
                await pilot.press(*query)
            await wait_for(pilot, lambda: any("resubscribe" in e for e in shown_entries(app)),
                           "the entries")
            entries = shown_entries(app)
            assert any(f"Event: resubscribe @{NAME}" in e for e in entries), entries
            assert any(f"Trigger: {NAME} welcome" in e for e in entries), entries
            await pilot.pause(0.3)  # the palette has gathered every entry
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette), "closed")
