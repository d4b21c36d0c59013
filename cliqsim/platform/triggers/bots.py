"""Bot triggers: welcome, message, context, mention, menu, incoming webhook, participation
(added, removed and the channel messages it listens to), status change, call.

Zoho: "Bot Handlers" (https://www.zoho.com/cliq/help/platform/bothandlers.html) and the page of
each handler, named in its declaration below.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cliqsim.deluge.values import File
from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.chat_ids import bot_chat_id
from cliqsim.platform.messages import Message, Sender, SuggestionChip
from cliqsim.platform.package_model import MenuAction, Package
from cliqsim.platform.records import Attachment, Location, Outcome
from cliqsim.platform.trigger_kind import TriggerKind
from cliqsim.platform.triggers.common import (
    EVERY,
    IN_CHAT,
    bot,
    bots_by_name,
    gather_runs,
    post_user_message,
)
from cliqsim.structs import replace

if TYPE_CHECKING:
    from cliqsim.consent.gate import Allowed
    from cliqsim.platform.pipeline import Pipeline, RunContext
    from cliqsim.platform.workspace import Chat

WELCOME = TriggerKind(
    "bot_welcome", "welcome_handler", EVERY | {"newuser"}, "a message",
    "https://zoho.com/cliq/help/platform/bot-welcomehandler.html",
    component="bot", key="welcome",
    replies=frozenset({"message", "banner"}))
MESSAGE = TriggerKind(
    "bot_message", "message_handler",
    IN_CHAT | {"message", "raw_message", "message_details", "attachments", "mentions", "links",
               "location", "options", "selections", "arguments"},
    "a message, a form or a bot context",
    "https://zoho.com/cliq/help/platform/bot-messagehandler.html",
    component="bot", key="message",
    replies=frozenset({"message", "context", "banner", "form", "suggestions"}))
CONTEXT = TriggerKind(
    "bot_context", "context_handler",
    IN_CHAT | {"context_id", "answers", "mentions", "options", "selections", "arguments",
               "attachments"},
    "a message",
    "https://help.zoho.com/portal/community/topic/cliq-bots-building-conversational-bots-with-"
    "a-series-of-questions-and-user-inputs",
    component="bot", key="context",
    replies=frozenset({"message", "context", "banner", "form", "suggestions"}))
MENTION = TriggerKind(
    "bot_mention", "mention_handler",
    IN_CHAT | {"message", "message_details", "mentions", "location"},
    "a message, a form or a bot context",
    "https://www.zoho.com/cliq/help/platform/bot-mentionshandler.html",
    component="bot", key="mention",
    replies=frozenset({"message", "context", "banner", "form"}))
MENU = TriggerKind(
    "bot_menu", "menu_handler", IN_CHAT | {"handler", "location", "sub_action", "context_id"},
    "a message, a form or a bot context",
    "https://zoho.com/cliq/help/platform/bothandler-menu.html",
    component="bot", key=None,
    replies=frozenset({"message", "context", "banner", "form", "suggestions"}))
WEBHOOK = TriggerKind(
    "bot_incoming_webhook", "incoming_webhook_handler",
    EVERY | {"headers", "params", "parameters", "body", "http_method"},
    "a message to the bot's subscribers",
    "https://zoho.com/cliq/help/platform/bot-incomingwebhookhandler.html",
    component="bot", key="incoming_webhook",
    replies=frozenset({"message", "context"}))
PARTICIPATION = TriggerKind(
    "bot_participation", "participation_handler", IN_CHAT | {"operation", "data"},
    "nothing (it may post with zoho.cliq tasks) or a message in the channel",
    "https://zoho.com/cliq/help/platform/bot-participation-handler.html",
    component="bot", key="participation",
    replies=frozenset({"message"}))
PARTICIPATION_OPERATIONS = (
    "added", "removed", "message_sent", "message_edited", "message_deleted",
    "auto_followed_thread", "added_in_thread", "removed_from_thread", "thread_closed",
    "thread_reopened")
"""The `operation` values the "Bot Participation Handler" page lists."""
STATUS_CHANGE = TriggerKind(
    "bot_status_change", "status_change_handler",
    EVERY | {"existing_status", "current_status"}, "a message in the user's chat with the bot",
    "https://www.zoho.com/cliq/help/platform/bot-statuschangehandler.html",
    component="bot", key="status_change",
    replies=frozenset({"message"}))
CALL = TriggerKind(
    "bot_call", "call_handler", EVERY | {"operation", "data"},
    "a message in the user's chat with the bot",
    "https://www.zoho.com/cliq/help/restapi/v3/bots/",
    component="bot", key="call",
    replies=frozenset({"message"}))
"""A bot call's events (`call_handler` in the v3 REST bots page; `operation` and `data
{call_id, time}` from the zcatalyst-cli sample payload). cliqsim places no calls: `cliqsim
trigger BOT call --payload ...` runs it."""

KINDS = (WELCOME, MESSAGE, CONTEXT, MENTION, MENU, WEBHOOK, PARTICIPATION, STATUS_CHANGE, CALL)


class Bots:
    """The bot triggers of one runtime."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def _chat(self, user_id: str, package: Package) -> tuple[Chat, bool]:
        """The user's chat with the bot (made on first contact) and whether it is new."""
        return self.pipeline.workspace.ensure_bot_chat(package.unique_name, package.name,
                                                       user_id, self.pipeline.clock.now())

    def chat_of(self, user_id: str, name: str) -> Chat:
        """The user's chat with the bot `name`, made on first contact."""
        return self._chat(user_id, bot(self.pipeline.catalog, name))[0]

    def open(self, user_id: str, name: str) -> Outcome:
        """Subscribe (open the bot chat) and run the welcome handler with `newuser`."""
        pipeline = self.pipeline
        pipeline.workspace.user(user_id)
        package = bot(pipeline.catalog, name)
        script = package.handlers.get("welcome_handler")
        first = pipeline.workspace.find_chat(bot_chat_id(package.unique_name, user_id)) is None
        if script is not None and first and not pipeline.dry_mode:  # a dry run asks nothing
            # First contact asks before the chat exists: a denied bot leaves no chat behind.
            from cliqsim.consent.gate import ConsentRequest

            pipeline.workspace.refresh()
            admission = pipeline.admit(package, user_id)
            if isinstance(admission, ConsentRequest):
                def resume(allowed: Allowed, how: str) -> Outcome:
                    chat, created = self._chat(user_id, package)
                    return pipeline.execute(self._welcome(user_id, package, chat, created),
                                            allowed, how)

                asking = self._welcome(user_id, package, None, True)
                return pipeline.park(asking, admission, resume)
        chat, created = self._chat(user_id, package)
        if script is None:
            return Outcome("ok", chat_id=chat.id)
        return pipeline.start(self._welcome(user_id, package, chat, created))

    def _welcome(self, user_id: str, package: Package, chat: Chat | None,
                 created: bool) -> RunContext:
        """The welcome handler's run in `chat` (None while its consent is asked)."""
        pipeline = self.pipeline
        inputs = cliq.common(pipeline.workspace, user_id, None)
        inputs["newuser"] = created
        return pipeline.context(user_id, package, package.handlers["welcome_handler"], WELCOME,
                                f"open @{package.name}", chat, inputs, public=True)

    def message(self, user_id: str, chat: Chat, text: str, attachments: Sequence[Attachment],
                location: Location | None) -> Outcome:
        """`text` sent in the bot chat: answer an open context, else the message handler."""
        pipeline = self.pipeline
        package = bot(pipeline.catalog, chat.bot or "")
        posted = post_user_message(pipeline, user_id, chat, text, attachments)
        context = pipeline.workspace.context(chat.id)
        if context is not None:
            outcome = self._answer_context(user_id, chat, package, context, text)
            if outcome is not None:
                return replace(outcome, messages=(posted, *outcome.messages))
        script = package.handlers.get("message_handler")
        if script is None:
            note = pipeline.notice(user_id, chat.id, f"{package.name} has no message handler, "
                                   "so it does not answer messages.")
            return Outcome("ok", (posted, *(m for m in (note,) if m)), chat_id=chat.id)
        inputs = cliq.common(pipeline.workspace, user_id, chat)
        mentions = cliq.mentions_in(pipeline.workspace, text, bots_by_name(pipeline.catalog))
        inputs.update({
            "message": text,
            "raw_message": text,
            "message_details": {"time": cliq.epoch_ms(posted.time),
                                "message": {"type": cliq.message_type(posted), "text": text,
                                            "mentions": mentions}},
            "attachments": [File(a.name, a.content, a.content_type) for a in attachments],
            "mentions": mentions,
            "links": cliq.LINK.findall(text),
            "location": cliq.location_object(location, pipeline.workspace, user_id),
            "options": {},
            "selections": [],
            "arguments": text,
        })
        outcome = pipeline.start(pipeline.context(user_id, package, script, MESSAGE,
                                                  f"@{package.name} {text}", chat, inputs,
                                                  public=True))
        return replace(outcome, messages=(posted, *outcome.messages))

    def _answer_context(self, user_id: str, chat: Chat, package: Package,
                        context: dict[str, Any], text: str) -> Outcome | None:
        """The next question of an open context, or its answers to the context handler; None
        when the context has expired (the message handler then gets the message)."""
        pipeline = self.pipeline
        workspace = pipeline.workspace
        if datetime.fromisoformat(context["expires_at"]) <= pipeline.clock.now():
            workspace.set_context(chat.id, None)
            return None
        answers = dict(context["answers"])
        params = context["params"]
        current = params[len(answers)]
        answers[current["name"]] = {"text": text}
        if len(answers) < len(params):
            workspace.set_context(chat.id, {**context, "answers": answers})
            question = params[len(answers)]
            chips = tuple(SuggestionChip(c["text"], c.get("icon"))
                          for c in question.get("suggestions", ()))
            sender = Sender(package.unique_name, package.name, "bot")
            message = pipeline.emit(Message(pipeline.new_id(), chat.id, sender,
                                            pipeline.clock.now(), text=question["question"],
                                            suggestions=chips, component=package.id))
            return Outcome("ok", (message,), chat_id=chat.id)
        workspace.set_context(chat.id, None)
        script = package.handlers.get("context_handler")
        if script is None:
            notice = pipeline.notice(user_id, chat.id, f"{package.name} asked questions but has "
                                     "no context handler to receive the answers.", error=True)
            return Outcome("error", tuple(m for m in (notice,) if m), chat_id=chat.id)
        inputs = cliq.common(workspace, user_id, chat)
        inputs.update({"context_id": context["id"], "answers": answers, "mentions": [],
                       "options": {}, "selections": [], "arguments": "", "attachments": []})
        return pipeline.start(pipeline.context(user_id, package, script, CONTEXT,
                                               f"answers to @{package.name}", chat, inputs,
                                               public=True))

    def mention(self, user_id: str, chat: Chat, package: Package, text: str,
                location: Location | None) -> Outcome:
        """`@Bot text` in a chat: the bot's mention handler."""
        pipeline = self.pipeline
        script = package.handlers.get("mention_handler")
        if script is None:
            notice = pipeline.notice(user_id, chat.id, f"{package.name} has no mention handler; "
                                     f"message it in its own chat instead (bot_"
                                     f"{package.unique_name}_{user_id}).")
            return Outcome("ok", tuple(m for m in (notice,) if m), chat_id=chat.id)
        user = pipeline.workspace.user(user_id)
        inputs = cliq.common(pipeline.workspace, user_id, chat)
        now = cliq.epoch_ms(pipeline.clock.now())
        mentions = cliq.mentions_in(pipeline.workspace, text, bots_by_name(pipeline.catalog))
        inputs.update({
            "message": {"sender": {"id": user_id, "name": user["first_name"]},
                        "text": text, "time": now, "type": "text"},
            # "The message_details object is passed as an attribute to the Bot Mention Handler
            # and Bot Message Handler" (Zoho, "Message Details Object", https://zoho.com/cliq/
            # help/platform/cliq-objects/message-details-object.html)
            "message_details": {"time": now, "message": {"type": "text", "text": text,
                                                         "mentions": mentions}},
            "mentions": mentions,
            "location": cliq.location_object(location, pipeline.workspace, user_id),
        })
        return pipeline.start(pipeline.context(user_id, package, script, MENTION, text, chat,
                                               inputs, public=True))

    def menu_action(self, user_id: str, name: str, action: str,
                    sub_action: str | None = None) -> Outcome:
        """A bot menu action, in the user's chat with the bot. An action with sub actions
        ("Bot sub actions") runs when one of them is picked, with `sub_action` its name; an
        action without them gets `sub_action` null."""
        pipeline = self.pipeline
        pipeline.workspace.user(user_id)
        package = bot(pipeline.catalog, name)
        chosen = next((a for a in package.menu if a.name.lower() == action.lower()), None)
        if chosen is None:
            known = ", ".join(a.name for a in package.menu) or "none"
            raise UsageError(f"{package.name} has no menu action {action!r}; menu: {known}")
        picked = _sub_action(package, chosen, sub_action)
        chat, _ = self._chat(user_id, package)
        inputs = cliq.common(pipeline.workspace, user_id, chat)
        inputs.update({"handler": {"type": "action_handler", "name": chosen.name},
                       "sub_action": picked,
                       # the page lists `context_id` too; no context is open here (null)
                       "context_id": None,
                       "location": cliq.location_object(None, pipeline.workspace, user_id)})
        title = f"{package.name} menu: {chosen.name}" + (f" › {picked}" if picked else "")
        return pipeline.start(pipeline.context(user_id, package, chosen.script, MENU, title,
                                               chat, inputs, public=True))

    def webhook(self, name: str, body: str, headers: dict[str, str], params: dict[str, str],
                method: str, user_id: str | None) -> Outcome:
        """An outside service calls the bot's incoming webhook (as the owner, or `user_id`)."""
        pipeline = self.pipeline
        package = bot(pipeline.catalog, name)
        script = package.handlers.get("incoming_webhook_handler")
        if script is None:
            raise UsageError(f"{package.name} has no incoming webhook handler")
        owner = user_id or str(pipeline.workspace.admins()[0]["id"])
        chat, _ = self._chat(owner, package)
        inputs = cliq.common(pipeline.workspace, owner, None)
        # The "Bot Incoming Webhook Handler" page names the query parameters `parameters`;
        # scripts in the wild read `params` too: both are the same map.
        inputs.update({"headers": headers, "params": params, "parameters": params, "body": body,
                       "http_method": method.upper()})
        return pipeline.start(pipeline.context(owner, package, script, WEBHOOK,
                                               f"webhook to {package.name}", chat, inputs,
                                               public=True))

    def channel_event(self, user_id: str, chat: Chat, operation: str,
                      message: Message) -> tuple[Outcome, ...]:
        """A person posted (`message_sent`), edited (`message_edited`) or deleted
        (`message_deleted`) `message` in channel `chat`: the participation handler of every bot
        that is a participant of the channel runs, as that person, with `operation` and `data
        {message, time}` (Zoho, "Bot Participation Handler"). A bot without the handler is
        skipped."""
        return self.participants_hear(user_id, chat, operation,
                                      {"message": cliq.message_object(self.pipeline.workspace,
                                                                      message)})

    def package(self, name: str) -> Package:
        """The bot by name or unique name; raises `UsageError` naming the bots."""
        return bot(self.pipeline.catalog, name)

    def in_thread(self, unique_name: str, thread: Chat) -> bool:
        """Does the bot take part in `thread`: added to it, or a participant of its channel
        (who follows the channel's threads) not removed from it."""
        if unique_name in thread.bots_added:
            return True
        return (unique_name not in thread.bots_removed and thread.channel is not None
                and thread.channel in self.pipeline.workspace.bot_channels(unique_name))

    def participants_hear(self, user_id: str, chat: Chat, operation: str,
                          data: dict[str, Any], *, only: str | None = None
                          ) -> tuple[Outcome, ...]:
        """Run the participation handler of every bot taking part in channel `chat` (or in
        thread `chat`: `in_thread`) with `operation` and `data` plus `time` (`only`: that bot
        alone, taking part or not: it was just added or removed). Other chats: none."""
        pipeline = self.pipeline
        if chat.type not in ("channel", "thread"):
            return ()
        where = f"#{chat.unique_name}" if chat.type == "channel" else f"the thread {chat.title!r}"
        outcomes = []
        for package in pipeline.catalog.of_type("bot"):
            script = package.handlers.get("participation_handler")
            if only is not None:
                takes_part = package.unique_name == only
            elif chat.type == "thread":
                takes_part = self.in_thread(package.unique_name, chat)
            else:
                takes_part = chat.id in pipeline.workspace.bot_channels(package.unique_name)
            if script is None or not takes_part:
                continue
            inputs = cliq.common(pipeline.workspace, user_id, chat)
            inputs.update({"operation": operation, "data": {
                **data, "time": cliq.epoch_ms(pipeline.clock.now())}})
            outcomes.append(pipeline.start(pipeline.context(
                user_id, package, script, PARTICIPATION,
                f"{package.name}: {operation} in {where}", chat, inputs, public=True)))
        return tuple(outcomes)

    def status_change(self, user_id: str, text: str, state: str) -> Outcome:
        """The user set a custom status (`text`, `state` Available or Busy): the status change
        handler of every bot they are subscribed to runs with `existing_status` and
        `current_status` `{text, state}` (Zoho, "Bot Status Change Handler"); replies go to
        the user's chat with the bot."""
        pipeline = self.pipeline
        workspace = pipeline.workspace
        workspace.user(user_id)
        if state not in ("Available", "Busy"):
            raise UsageError(f"a status state is Available or Busy, not {state!r}")
        existing = workspace.user_status(user_id)
        current = {"text": text, "state": state}
        workspace.set_user_status(user_id, current)
        outcomes: list[Outcome] = []
        for package in pipeline.catalog.of_type("bot"):
            script = package.handlers.get("status_change_handler")
            if script is None or user_id not in workspace.bot_subscribers(package.unique_name):
                continue
            chat, _ = self._chat(user_id, package)
            inputs = cliq.common(workspace, user_id, None)
            inputs.update({"existing_status": dict(existing), "current_status": dict(current)})
            outcomes.append(pipeline.start(pipeline.context(
                user_id, package, script, STATUS_CHANGE, f"status: {text}", chat, inputs,
                public=True)))
        return combine(outcomes, notice=f"status set to {text!r} ({state})")

    def participation(self, user_id: str, name: str, channel: str, operation: str) -> Outcome:
        """The bot was `added` to or `removed` from a channel."""
        pipeline = self.pipeline
        package = bot(pipeline.catalog, name)
        chat = pipeline.workspace.channel(channel)
        if chat is None:
            raise UsageError(f"there is no channel {channel!r}")
        # only a member adds or removes a bot, checked before the bot is in (or out of) the
        # channel: a refusal after it would leave a bot listening where nobody let it
        pipeline.require_member(user_id, chat, f"{'add' if operation == 'added' else 'remove'} "
                                f"{package.name} {'to' if operation == 'added' else 'from'} "
                                f"#{chat.unique_name}")
        pipeline.workspace.set_bot_in_channel(package.unique_name, chat.id, operation == "added")
        script = package.handlers.get("participation_handler")
        if script is None:
            return Outcome("ok", chat_id=chat.id, notice=f"{package.name} {operation}")
        inputs = cliq.common(pipeline.workspace, user_id, chat)
        inputs.update({"operation": operation,
                       "data": {"time": cliq.epoch_ms(pipeline.clock.now())}})
        return pipeline.start(pipeline.context(
            user_id, package, script, PARTICIPATION,
            f"{package.name} {operation} to #{chat.unique_name}", chat, inputs, public=True))


def combine(outcomes: Sequence[Outcome], first: Outcome | None = None, *,
            notice: str | None = None) -> Outcome:
    """One outcome for several runs one event caused: every message in order; the first that
    waits for a consent decides the status, so the person is asked (one question
    per event; a bot still waiting is asked again at its next event)."""
    runs = ([first] if first is not None else []) + list(outcomes)
    messages = tuple(m for o in runs for m in o.messages)
    deciding = next((o for o in runs if o.status == "consent_required"), None)
    base = deciding or (first if first is not None else Outcome("ok", notice=notice))
    # the other runs stay visible to the inspector (`--trace`, `--json` runs) with their info
    # lines: a participation handler that logs or fails is not lost behind the mention's run
    return replace(gather_runs(base, runs), messages=messages)


def _sub_action(package: Package, action: MenuAction, name: str | None) -> str | None:
    """The sub action picked (its declared spelling); raises `UsageError` naming them."""
    known = ", ".join(action.sub_actions)
    if name is None:
        if action.sub_actions:
            raise UsageError(f"{package.name}'s menu action {action.name!r} opens its sub "
                             f"actions: pick one of {known}")
        return None
    found = next((s for s in action.sub_actions if s.lower() == name.lower()), None)
    if found is None:
        raise UsageError(f"{package.name}'s menu action {action.name!r} has no sub action "
                         f"{name!r}; sub actions: {known or 'none'}")
    return found
