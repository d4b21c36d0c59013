"""The ids of the chats cliqsim makes on first contact, spelled in one place.

A DM is `dm_<a>_<b>` with the two user ids sorted (`dm_u_admin_u_arjun`); a person's chat with a
bot is `bot_<bot unique name>_<user id>` (`bot_pollbot_u_arjun`). Channels keep their unique
name as id (`general`).
"""

from __future__ import annotations

BOT_PREFIX = "bot_"


def dm_id(a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"dm_{first}_{second}"


def bot_chat_id(bot: str, user_id: str) -> str:
    return f"{BOT_PREFIX}{bot}_{user_id}"


def is_bot_chat(chat_id: str) -> bool:
    return chat_id.startswith(BOT_PREFIX)
