"""The message-action menu for the selected message, and a bot's Actions menu."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets.option_list import Option

from cliqsim.frontend.terminal import printable
from cliqsim.platform.runtime import ActionInfo, BotInfo
from cliqsim.tui.screens.pickers import ChoiceScreen


def action_menu(actions: list[ActionInfo], preview: str, now: datetime,
                builtin: list[Option] | None = None) -> ChoiceScreen:
    """The selected message's menu: `builtin` entries first (Edit and Delete on your own
    message, `message_ops.builtin_options`), then the message actions that apply to it."""
    options = list(builtin or []) + [
        Option(Text.assemble((printable(a.name), "bold"), f"  {printable(a.hint)}",
                             (f"  {a.consent.label(now)}", "dim")), id=a.id)
        for a in actions
    ]
    note = f"On: {printable(preview[:70])}" if preview else ""
    if not actions:
        note += "\nNo message action applies to this message."
    return ChoiceScreen("Message actions", options, note.strip())


def bot_menu(bot: BotInfo, now: datetime) -> ChoiceScreen:
    """A bot chat's Actions menu: the bot's menu actions, with the bot's consent state (Zoho's
    "Bot Menu Action Handler" page). An action with sub actions ("Bot sub actions") lists each
    of them instead, as `Action › Sub` (id `Action<TAB>Sub`)."""
    options = []
    for i, name in enumerate(bot.menu_actions):
        subs = bot.sub_actions[i] if i < len(bot.sub_actions) else ()
        shown = printable(name)
        options.extend([Option(Text.assemble((shown, "bold"), f" › {printable(sub)}"),
                               id=f"{name}\t{sub}") for sub in subs]
                       or [Option(Text(shown, style="bold"), id=name)])
    return ChoiceScreen(f"{printable(bot.name)} actions", options,
                        f"{printable(bot.description[:70])}  ({bot.consent.label(now)})")
