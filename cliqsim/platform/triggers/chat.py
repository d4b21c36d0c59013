"""What the person types in a chat: slash commands, their suggestions, and messages.

`submit` routes the text: `/cmd args` to the command's execution handler, a message in a bot chat
to the bot (`bots.py`), `@Bot text` to the bot's mention handler, anything else is posted and its
first link previewed when a link handler registers the domain (`links.py`).

Zoho: "Slash command execution handler"
(https://www.zoho.com/cliq/help/platform/commandexecution.html) and "Suggestion handler"
(https://www.zoho.com/cliq/help/platform/command-suggestion.html).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cliqsim.deluge.values import File
from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.chat_ids import bot_chat_id, dm_id
from cliqsim.platform.messages import DELETED, Message
from cliqsim.platform.package_model import Package
from cliqsim.platform.records import Attachment, Location, Outcome, Suggestion
from cliqsim.platform.responses import MAX_SELECTIONS, Response
from cliqsim.platform.trigger_kind import TriggerKind
from cliqsim.platform.triggers.bots import Bots, combine
from cliqsim.platform.triggers.common import IN_CHAT, bots_by_name, post_user_message
from cliqsim.platform.triggers.links import Links
from cliqsim.structs import replace

if TYPE_CHECKING:
    from cliqsim.platform.pipeline import Pipeline, RunContext
    from cliqsim.platform.workspace import Chat

COMMAND = TriggerKind(
    "command", "execution_handler",
    IN_CHAT | {"arguments", "options", "mentions", "attachments", "selections", "location"},
    "a message, a form or a banner (shown only to the person who ran it)",
    "https://www.zoho.com/cliq/help/platform/commandexecution.html",
    component="command", key="execution",
    replies=frozenset({"message", "context", "banner", "form", "message_edit"}))
SUGGESTION = TriggerKind(
    "command_suggestion", "suggestion_handler",
    IN_CHAT | {"arguments", "options", "mentions", "attachments", "selections", "location"},
    "a list of {title, description, imageurl} maps",
    "https://www.zoho.com/cliq/help/platform/command-suggestion.html",
    component="command", key="suggestion", returns="suggestions")

KINDS = (COMMAND, SUGGESTION)

"""What a message a person deleted shows."""


class ChatTriggers:
    """Commands, suggestions and messages of one runtime."""

    def __init__(self, pipeline: Pipeline, bots: Bots, links: Links) -> None:
        self.pipeline = pipeline
        self.bots = bots
        self.links = links

    def submit(self, user_id: str, chat_id: str, text: str, attachments: Sequence[Attachment],
               location: Location | None, selections: Sequence[Suggestion]) -> Outcome:
        pipeline = self.pipeline
        pipeline.workspace.refresh()
        pipeline.workspace.user(user_id)
        chat = pipeline.workspace.find_chat(chat_id)
        caught_up = chat is not None  # and nothing made (or run) on the way to the trigger
        if chat is None:
            chat = self._chat_for(user_id, chat_id)
        if user_id not in chat.members:
            raise UsageError(f"{user_id} is not a member of {chat.title} ({chat.id})")
        if chat.type == "thread" and chat.closed:
            raise UsageError(f"the thread {chat.title!r} is closed; reopen it first: cliqsim "
                             f"trigger --event thread-reopen {chat.id}")
        stripped = text.strip()
        if not stripped:
            raise UsageError("there is nothing to send: the text is empty")
        if stripped.startswith("/"):
            return self._command(user_id, chat, stripped, attachments, location, selections,
                                 caught_up=caught_up)
        if chat.type == "bot" and chat.bot:
            return self.bots.message(user_id, chat, stripped, attachments, location)
        mentioned = _leading_mention(stripped)
        package = pipeline.catalog.bot(mentioned) if mentioned else None
        posted = post_user_message(pipeline, user_id, chat, stripped, attachments)
        if package is None:
            outcome = self.links.unfurl(user_id, chat, posted)
        else:
            outcome = self.bots.mention(user_id, chat, package, stripped, location)
            outcome = replace(outcome, messages=(posted, *outcome.messages))
        return combine(self.bots.channel_event(user_id, chat, "message_sent", posted), outcome)

    def reply_in_thread(self, user_id: str, message_id: str, text: str,
                        attachments: Sequence[Attachment] = ()) -> Outcome:
        """Reply in the thread of channel message `message_id`, starting it on the first reply
        (chat `thread_<message id>`, the channel's members): the reply is sent to the thread
        like any message (commands, mentions, links; the channel's participant bots hear
        `message_sent` with `chat` the thread). A thread just started is followed by those
        bots: `auto_followed_thread` with `data {thread, message}` (the parent message)."""
        pipeline = self.pipeline
        workspace = pipeline.workspace
        workspace.refresh()
        parent = workspace.message(message_id)
        channel = workspace.chat(parent.chat_id)
        if channel.type != "channel":
            raise UsageError(f"a thread replies to a channel message; {message_id} is in "
                             f"{channel.title}, which is not a channel")
        pipeline.require_member(user_id, channel, "reply in its threads")
        thread, started = workspace.ensure_thread(parent, channel, user_id,
                                                  pipeline.clock.now())
        reply = self.submit(user_id, thread.id, text, attachments, None, ())
        followed = self.bots.participants_hear(
            user_id, thread, "auto_followed_thread",
            {"thread": thread_object(thread), "message": cliq.message_object(workspace, parent)}
        ) if started else ()
        # a bot that waits for the person's consent to follow is asked first (one question)
        first = next((o for o in followed if o.status == "consent_required"), reply)
        return combine([o for o in (*followed, reply) if o is not first], first)

    def close_thread(self, user_id: str, thread_id: str, closed: bool) -> Outcome:
        """Close (or reopen) a thread: no replies while closed; the channel's participant bots
        hear `thread_closed` / `thread_reopened` with `data {thread}`."""
        pipeline = self.pipeline
        thread = pipeline.workspace.chat(thread_id)
        if thread.type != "thread":
            raise UsageError(f"{thread_id} is not a thread (threads are thread_<message id>)")
        pipeline.require_member(user_id, thread, "close or reopen it")
        if thread.closed == closed:
            raise UsageError(f"the thread {thread.title!r} is already "
                             f"{'closed' if closed else 'open'}")
        thread = pipeline.workspace.update_thread(thread, closed=closed)
        operation = "thread_closed" if closed else "thread_reopened"
        heard = self.bots.participants_hear(user_id, thread, operation,
                                            {"thread": thread_object(thread)})
        notice = f"the thread {thread.title!r} is {'closed' if closed else 'open again'}"
        return combine(heard, Outcome("ok", chat_id=thread.id, notice=notice))

    def bot_in_thread(self, user_id: str, bot_name: str, thread_id: str,
                      added: bool) -> Outcome:
        """Add a bot to a thread (or remove it): it then hears the thread's messages (or no
        longer does), and its participation handler runs with `added_in_thread` /
        `removed_from_thread` and `data {thread}`."""
        pipeline = self.pipeline
        workspace = pipeline.workspace
        thread = workspace.chat(thread_id)
        if thread.type != "thread":
            raise UsageError(f"{thread_id} is not a thread (threads are thread_<message id>)")
        pipeline.require_member(user_id, thread, "add or remove its bots")
        package = self.bots.package(bot_name)
        bot = package.unique_name
        if added == self.bots.in_thread(bot, thread):
            raise UsageError(f"{package.name} is {'already' if added else 'not'} in the "
                             f"thread {thread.title!r}")
        others_added = tuple(b for b in thread.bots_added if b != bot)
        others_removed = tuple(b for b in thread.bots_removed if b != bot)
        thread = workspace.update_thread(
            thread, bots_added=others_added + ((bot,) if added else ()),
            bots_removed=others_removed + (() if added else (bot,)))
        operation = "added_in_thread" if added else "removed_from_thread"
        heard = self.bots.participants_hear(user_id, thread, operation,
                                            {"thread": thread_object(thread)}, only=bot)
        notice = f"{package.name} {'joined' if added else 'left'} the thread {thread.title!r}"
        return combine(heard, Outcome("ok", chat_id=thread.id, notice=notice))

    def edit(self, user_id: str, message_id: str, text: str) -> Outcome:
        """A person edits their own message; in a channel, participant bots hear
        `message_edited` (with the edited message)."""
        message = self._own(user_id, message_id, "edit")
        if not text.strip():
            raise UsageError("there is nothing to change the message to: the text is empty")
        pipeline = self.pipeline
        edited = pipeline.emit(replace(message, text=text.strip(), edited_at=pipeline.clock.now()),
                               edited=True)
        chat = pipeline.workspace.chat(message.chat_id)
        return combine(self.bots.channel_event(user_id, chat, "message_edited", edited),
                       Outcome("ok", (edited,), chat_id=chat.id))

    def delete(self, user_id: str, message_id: str) -> Outcome:
        """A person deletes their own message: it shows "This message was deleted" (cliqsim
        keeps the record so a listening chat window redraws it); in a channel, participant
        bots hear `message_deleted` with the message as it was."""
        message = self._own(user_id, message_id, "delete")
        pipeline = self.pipeline
        gone = pipeline.emit(replace(message, text=DELETED, card=None, slides=(), buttons=(),
                                     references={}, mentions=(),
                                     edited_at=pipeline.clock.now()), edited=True)
        chat = pipeline.workspace.chat(message.chat_id)
        return combine(self.bots.channel_event(user_id, chat, "message_deleted", message),
                       Outcome("ok", (gone,), chat_id=chat.id))

    def _own(self, user_id: str, message_id: str, doing: str) -> Message:
        workspace = self.pipeline.workspace
        workspace.user(user_id)
        message = workspace.message(message_id)
        if message.sender.kind != "user" or message.sender.id != user_id:
            raise UsageError(f"{user_id} can only {doing} their own messages; {message_id} is "
                             f"{message.sender.name}'s")
        if message.text == DELETED:
            raise UsageError(f"message {message_id} was deleted")
        return message

    def _chat_for(self, user_id: str, chat_id: str) -> Chat:
        """The chat, creating the user's DM (`dm_<a>_<b>`) or bot chat (`bot_<bot>_<user>`) on
        first contact, as writing to someone in Cliq does."""
        workspace = self.pipeline.workspace
        chat = workspace.find_chat(chat_id)
        if chat is not None:
            return chat
        for other in workspace.users():
            if other["id"] != user_id and chat_id == dm_id(user_id, other["id"]):
                return workspace.ensure_dm(user_id, other["id"], self.pipeline.clock.now())
        for package in self.pipeline.catalog.of_type("bot"):
            if chat_id == bot_chat_id(package.unique_name, user_id):
                return self.bots.chat_of(user_id, package.unique_name)
        return workspace.chat(chat_id)  # raises, naming the chats there are

    def _parse_command(self, text: str) -> tuple[Package, str, dict[str, str]]:
        catalog = self.pipeline.catalog
        head, _, rest = text[1:].partition(" ")
        package = catalog.command(head)
        if package is None:
            known = ", ".join(f"/{p.name}" for p in catalog.of_type("command")) or "none"
            broken = [e for e in catalog.errors if head in str(e.path)]
            extra = f" ({broken[0].message})" if broken else ""
            raise UsageError(f"there is no command /{head}{extra}; commands: {known}")
        return package, rest.strip(), command_options(rest)

    def _inputs(self, user_id: str, chat: Chat, arguments: str, options: dict[str, str],
                attachments: Sequence[Attachment] | None, location: Location | None,
                selections: Sequence[Suggestion]) -> dict[str, Any]:
        """The execution and suggestion handlers' inputs (Zoho, "Command Suggestion Handler"
        lists `attachments`, "An array of deluge file objects", among the suggestion handler's
        attributes too: while a command is typed nothing is attached yet, so an empty list)."""
        workspace = self.pipeline.workspace
        inputs = cliq.common(workspace, user_id, chat)
        inputs.update({
            "arguments": arguments,
            "options": options,
            "mentions": cliq.mentions_in(workspace, arguments, bots_by_name(
                self.pipeline.catalog) if "@" in arguments else {}),
            "attachments": [File(a.name, a.content, a.content_type) for a in attachments or ()],
            "selections": [s.to_dict() for s in selections],
            "location": cliq.location_object(location, workspace, user_id),
        })
        return inputs

    def _command(self, user_id: str, chat: Chat, text: str, attachments: Sequence[Attachment],
                 location: Location | None, selections: Sequence[Suggestion], *,
                 caught_up: bool = False) -> Outcome:
        package, arguments, options = self._parse_command(text)
        if len(selections) > MAX_SELECTIONS:
            raise UsageError(f"at most {MAX_SELECTIONS} suggestions can be selected before a "
                             "command runs")
        inputs = self._inputs(user_id, chat, arguments, options, attachments, location,
                              selections)
        pipeline = self.pipeline
        return pipeline.start(pipeline.context(user_id, package,
                                               package.handlers["execution_handler"], COMMAND,
                                               text, chat, inputs),
                              caught_up=caught_up)

    def suggest(self, user_id: str, chat_id: str, text: str) -> Outcome:
        """The command's suggestion handler for what is typed so far."""
        pipeline = self.pipeline
        chat = pipeline.workspace.chat(chat_id)
        package, arguments, options = self._parse_command(text.lstrip())
        script = package.handlers.get("suggestion_handler")
        if script is None:
            return Outcome("ok", chat_id=chat.id)
        inputs = self._inputs(user_id, chat, arguments, options, None, None, ())

        def respond(response: Response, ctx: RunContext) -> Outcome:
            return Outcome("ok", chat_id=chat.id, suggestions=tuple(
                Suggestion(s["title"], s.get("description") or "", s.get("imageurl"),
                           None if s.get("id") is None else str(s["id"]))
                for s in response.suggestions))

        return pipeline.start(pipeline.context(user_id, package, script, SUGGESTION, text,
                                               chat, inputs, respond=respond))


def _leading_mention(text: str) -> str | None:
    if not text.startswith("@"):
        return None
    return text[1:].split(maxsplit=1)[0].rstrip(",:") if len(text) > 1 else None


def thread_object(thread: Chat) -> dict[str, Any]:
    """A thread in a participation event's `data.thread` (cliqsim's shape; the "Bot
    Participation Handler" page lists the thread operations without their data):
    `{id, title, chat_id (the channel), message_id (the parent), closed}`."""
    return {"id": thread.id, "title": thread.title, "chat_id": thread.channel,
            "message_id": thread.parent, "closed": thread.closed}


def command_options(text: str) -> dict[str, str]:
    """The `options` of a command's text. Zoho's Cliq FAQ: "A command parameter is an additional
    input passed while executing the command with a "hyphen". For example, a /traffic command
    can have the parameters, -to and -from" — so `/traffic -from Chennai -to New Delhi` gives
    `{"from": "Chennai", "to": "New Delhi"}` (a parameter's value is the words up to the next
    parameter). `-key=value` is read too, and a parameter with no words after it is `"true"`
    (cliqsim's reading; docs/components.md)."""
    options: dict[str, str] = {}
    key: str | None = None
    words: list[str] = []

    def flush() -> None:
        if key is not None:
            options[key] = " ".join(words) or "true"

    for word in text.split():
        name = word.lstrip("-")
        if word.startswith("-") and name[:1].isalpha():
            flush()
            name, equals, value = name.partition("=")
            if equals:
                options[name], key = value or "true", None
            else:
                key, words = name, []
        elif key is not None:
            words.append(word)
    flush()
    return options
