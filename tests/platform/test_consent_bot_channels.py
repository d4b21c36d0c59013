"""Only a member adds a bot to a channel, or removes one, and the check comes before the bot is
in (docs/consents.md, threat model row 32).

`Runtime.add_bot_to_channel` put the bot in the channel first and ran the one authorization
check only when the participation handler started: a person outside #sales was told "not a
member", yet the bot stayed in #sales and heard its messages from then on (a limit applied
after the effect, as row 26). Removing worked the same way, silencing a channel's alerts bot.
Zoho, "Bot Participation Handler"
(https://www.zoho.com/cliq/help/platform/bot-participation-handler.html): the handler runs when
the bot is added to or removed from a channel by a member."""

from __future__ import annotations

import pytest

from cliqsim.platform.authorization import NotAuthorized
from cliqsim.platform.runtime import Runtime


def _in_sales(runtime: Runtime, bot: str) -> bool:
    """Whether the bot hears #sales: a member's message there runs (or asks to run) its
    participation handler."""
    heard = runtime.submit("u_arjun", "sales", "the Q3 numbers are in")
    asked = heard.consent is not None and heard.consent.manifest.component_id == bot
    return asked or any(run.component == bot for run in runtime.runs())


@pytest.mark.parametrize("bot", ["payalerts", "pollbot"])
def test_a_non_member_cannot_add_a_bot_to_a_channel(installed: Runtime, bot: str) -> None:
    with pytest.raises(NotAuthorized, match="not a member of Sales"):
        installed.add_bot_to_channel("u_meera", bot, "sales")
    assert not _in_sales(installed, bot)


def test_a_non_member_cannot_remove_a_bot_from_a_channel(installed: Runtime) -> None:
    installed.add_bot_to_channel("u_arjun", "payalerts", "sales")
    assert _in_sales(installed, "payalerts")
    with pytest.raises(NotAuthorized):
        installed.remove_bot_from_channel("u_meera", "payalerts", "sales")
    assert _in_sales(installed, "payalerts")
