"""Message actions: an item of a message's menu runs on one (or several) selected messages.

Zoho: the v3 REST page on message actions (https://www.zoho.com/cliq/help/restapi/v3/) and the
responses page (https://www.zoho.com/cliq/help/platform/cliq-responses.html); the payload as the
zcatalyst-cli sample `messageaction/execution_handler.json` gives it (reference §1.3).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.records import Outcome
from cliqsim.platform.trigger_kind import TriggerKind
from cliqsim.platform.triggers.common import IN_CHAT

if TYPE_CHECKING:
    from cliqsim.platform.pipeline import Pipeline

ACTION = TriggerKind(
    "message_action", "execution_handler",
    IN_CHAT | {"message", "messages", "attachments", "mentions", "location"},
    "a message, a bot context or a banner",
    "https://www.zoho.com/cliq/help/platform/messageaction-handlers.html",
    component="message_action", key="execution",
    replies=frozenset({"message", "context", "banner", "form", "message_edit"}))

KINDS = (ACTION,)
MAX_MESSAGES = 25
MAX_FILES = 10
"""Zoho, "Message Action Handler": `messages` lists "all selected messages ... (The limit is upto
25 messages including upto 10 files)"."""


class MessageActions:
    """The message actions of one runtime."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def run(self, user_id: str, name: str, message_ids: Sequence[str],
            chat_id: str | None) -> Outcome:
        """Run the action `name` on the messages (of one chat)."""
        pipeline = self.pipeline
        workspace = pipeline.workspace
        workspace.user(user_id)
        package = pipeline.catalog.action(name)
        if package is None:
            known = ", ".join(p.name for p in pipeline.catalog.of_type("message_action")) or (
                "none")
            raise UsageError(f"there is no message action {name!r}; actions: {known}")
        if not message_ids:
            raise UsageError("choose the message to run the action on")
        messages = [workspace.message(m) for m in message_ids]
        if len(messages) > 1 and not package.multi_selectable:
            raise UsageError(f"{package.name} works on one message at a time")
        files = sum(len(m.attachments) for m in messages)
        if len(messages) > MAX_MESSAGES or files > MAX_FILES:
            raise UsageError(f"a message action takes at most {MAX_MESSAGES} messages with at "
                             f"most {MAX_FILES} files; {len(messages)} messages with {files} "
                             "files were selected")
        chat = workspace.chat(chat_id or messages[0].chat_id)
        from cliqsim.platform.authorization import require_messages_in

        require_messages_in(messages, chat)  # every selected message, not only the first
        for message in messages:
            kind = cliq.message_type(message)
            if kind not in package.message_types:
                raise UsageError(f"{package.name} works on {', '.join(package.message_types)} "
                                 f"messages, not on a {kind} message")
        objects = [cliq.message_object(workspace, m) for m in messages]
        inputs = cliq.common(workspace, user_id, chat)
        inputs.update({
            "message": objects[0],
            "messages": {"count": len(objects), "list": objects},
            "attachments": [f for m in messages for f in cliq.attachment_files(m)],
            "mentions": list(messages[0].mentions),
            "location": cliq.location_object(None, workspace, user_id),
        })
        return pipeline.start(pipeline.context(user_id, package,
                                               package.handlers["execution_handler"], ACTION,
                                               f"{package.name} on a message", chat, inputs,
                                               source_message=messages[0]))
