"""Where a Cliq post goes: the destination a posting task's consent item names and allows.

`zoho.cliq.postToChannel("sales", ...)` becomes the item `zoho.cliq.postToChannel {"to":
["sales"]}` ("Posts messages to Cliq channels as you: #sales"): the destination is part of the
item, as a `sendmail` item holds its recipients (`consent.mail`). Each destination is a literal
from the code (a channel's unique name, a chat ID, a person's email address or user ID, a bot's
unique name), or one of the symbols

- `this chat`: the chat the component runs in (`chat.get("id")`, `chat.get("channel_unique_name")`);
- `zoho.loginuserid`: the person running it (`zoho.loginuserid`, `user.get("email")`,
  `user.get("id")`);

resolved when the message is posted. A destination only known at run time is `None`: the dialog
says so (flagged), and the guard lets it be only the narrowest one, as a mail address decided at
run time may be only your own: **this chat** for a chat or channel, **you** for a direct message,
**this component's own bot** for a bot's subscribers.

The tasks and the position of their destination argument come from Zoho's Deluge Cliq task pages
("Post to chat", "Post to channel", "Post to channel as bot", "Post to bot", "Post to user":
https://www.zoho.com/deluge/help/cliq/post-to-chat.html and its siblings).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, Literal

import msgspec

from cliqsim.consent.target_text import shown_name, target_data

THIS_CHAT = "this chat"
LOGIN_USER = "zoho.loginuserid"
THIS_BOT = "this bot"
SYMBOLS = (THIS_CHAT, LOGIN_USER, THIS_BOT)

Where = Literal["channel", "chat", "user", "bot"]

# lower-case task name -> (what its first argument names, the task's name as Zoho spells it)
POST_TASKS: dict[str, tuple[Where, str]] = {
    "zoho.cliq.posttochannel": ("channel", "zoho.cliq.postToChannel"),
    "zoho.cliq.posttochannelasadmin": ("channel", "zoho.cliq.postToChannelAsAdmin"),
    "zoho.cliq.posttochannelasbot": ("channel", "zoho.cliq.postToChannelAsBot"),
    "zoho.cliq.posttochat": ("chat", "zoho.cliq.postToChat"),
    "zoho.cliq.posttochatasadmin": ("chat", "zoho.cliq.postToChatAsAdmin"),
    "zoho.cliq.posttouser": ("user", "zoho.cliq.postToUser"),
    "zoho.cliq.posttobot": ("bot", "zoho.cliq.postToBot"),
    "zoho.cliq.posttobotasadmin": ("bot", "zoho.cliq.postToBotAsAdmin"),
    # an edit changes what a chat shows: its chat is named as a post's is
    "zoho.cliq.editmessage": ("chat", "zoho.cliq.editMessage"),
}
DESTINATION_ARGUMENT = 0
"""Every posting task names its destination in its first argument."""

# What a destination decided at run time may be (the narrowest, as for mail: yourself).
RUN_TIME_COVERS: dict[Where, str] = {
    "channel": THIS_CHAT, "chat": THIS_CHAT, "user": LOGIN_USER, "bot": THIS_BOT,
}

Resolve = Callable[[str], Iterable[str]]
"""Turns a symbol into the texts that name it here (`this chat` -> its ID and unique name)."""


def post_task(name: str) -> tuple[Where, str] | None:
    """What a posting task's destination names, and its proper name; None for other tasks."""
    return POST_TASKS.get(name.lower())


def task_name(target: str) -> str:
    """The task a task item's target names: `zoho.cliq.postToChannel {"to": ...}` ->
    `zoho.cliq.postToChannel` (a target without a destination is the task name itself)."""
    return target.split(" ", 1)[0]


def normalized(where: Where, text: str) -> str:
    """A destination as it is compared: trimmed, lower case, a channel without its `#`."""
    text = text.strip().lower()
    return text.removeprefix("#") if where == "channel" else text


def _written(where: Where, text: str) -> str:
    """A literal destination as the item keeps it: trimmed, a channel without its `#`."""
    text = text.strip()
    return text.removeprefix("#") if where == "channel" else text


class Destination(msgspec.Struct, frozen=True):
    """The destinations a posting task's item allows: `task` as Zoho spells it, `where` what
    they are, `to` the literals and symbols (None: decided at run time)."""

    task: str
    where: Where
    to: tuple[str, ...] | None

    # ---- the item's target

    def target(self) -> str:
        to = None if self.to is None else sorted({_written(self.where, t)
                                                   if t not in SYMBOLS else t for t in self.to})
        return f"{self.task} " + json.dumps({"to": to}, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_target(cls, target: str) -> Destination | None:
        """The destinations a posting task's target holds; None for any other target, and for
        a posting task's target that names none (an item stored before destinations were part
        of the item: it covers nothing, so the person is asked again)."""
        read = target_data(target)
        known = None if read is None else post_task(read[0])
        if read is None or known is None or "to" not in read[1]:
            return None
        name, data = read
        to = data["to"]
        if to is not None and not (isinstance(to, list) and all(isinstance(t, str) for t in to)):
            return None
        return cls(name, known[0], None if to is None else tuple(to))

    # ---- what people read

    def shown(self) -> str:
        """`#sales, #general`, `this chat`, `you`, `a channel decided when the code runs`."""
        if self.to is None:
            return f"{_NOUN[self.where]} decided when the code runs"
        return ", ".join(_say(self.where, t) for t in sorted(set(self.to))) or "nowhere"

    def note(self) -> str:
        if self.to is not None:
            return ""
        return (f"where it posts is decided when the code runs: cliqsim lets that be only "
                f"{_say(self.where, RUN_TIME_COVERS[self.where])}")

    # ---- the guard

    def covers(self, destination: Any, resolve: Resolve) -> bool:
        """Whether a post to `destination` (the task's first argument) is one this item allows."""
        if destination is None or isinstance(destination, (dict, list)):
            return False
        wanted = normalized(self.where, str(destination))
        listed = (RUN_TIME_COVERS[self.where],) if self.to is None else self.to
        allowed: set[str] = set()
        for entry in listed:
            if entry in SYMBOLS:
                allowed |= {normalized(self.where, str(t)) for t in resolve(entry) if t}
            else:
                allowed.add(normalized(self.where, entry))
        return wanted in allowed


_NOUN: dict[Where, str] = {
    "channel": "a channel", "chat": "a chat", "user": "a person", "bot": "a bot",
}


def _say(where: Where, entry: str) -> str:
    if entry == THIS_CHAT:
        return "this chat"
    if entry == LOGIN_USER:
        return "you"
    if entry == THIS_BOT:
        return "this component's own bot"
    text = shown_name(entry, '",;')
    if where == "channel":
        return f"#{text}"
    if where == "chat":
        return f"the chat {text}"
    if where == "bot":
        return f"the bot {text}"
    return text
