"""What a simulated service may reach while one handler runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import msgspec

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.source import Span
from cliqsim.deluge.values import File
from cliqsim.platform.messages import Message, Sender
from cliqsim.platform.package_model import Catalog, Package
from cliqsim.platform.workspace import Chat, Workspace

if TYPE_CHECKING:
    from cliqsim.platform.responses import Response


class ServiceContext(msgspec.Struct):
    """The run's world: the workspace, the component, who runs it and where, and callbacks
    to post or edit messages (so every post goes through the runtime's event stream)."""

    workspace: Workspace
    package: Package
    user_id: str
    chat_id: str | None
    now: Callable[[], datetime]
    post: Callable[[Message], Message]
    edit: Callable[[Message], Message]
    new_id: Callable[[], str]
    bot_sender: Sender | None = None  # set when the component is (or belongs to) a bot
    extension: str | None = None
    connection_owner: Callable[[str | None], str] = lambda link: ""
    posted: list[Message] = msgspec.field(default_factory=list)
    # the loaded components (authorization)
    catalog: Catalog = msgspec.field(default_factory=Catalog)

    def may_post(self, chat: Chat, span: Span, task: str) -> None:
        """Fails unless the acting person may post into `chat` (`authorization.may_post`)."""
        from cliqsim.platform.authorization import may_post

        problem = may_post(self.user_id, chat)
        if problem is not None:
            raise self.fail(f"{task}: {problem}", span)

    def user_sender(self, user_id: str | None = None) -> Sender:
        user = self.workspace.user(user_id or self.user_id)
        return Sender(user["id"], f"{user['first_name']} {user['last_name']}".strip(), "user")

    def fail(self, message: str, span: Span) -> DelugeRuntimeError:
        return DelugeRuntimeError(message, span)

    def arg(self, args: list[Any], index: int, name: str, task: str, span: Span,
            default: Any = ..., kind: type | tuple[type, ...] | None = None) -> Any:
        if index >= len(args):
            if default is ...:
                raise self.fail(f"{task} needs the argument {name} (argument {index + 1})", span)
            return default
        value = args[index]
        if kind is not None and not isinstance(value, kind):
            raise self.fail(f"Argument type mismatches for the function {task} at index "
                            f"{index + 1}: {name} was {type(value).__name__}", span)
        return value

    def extension_properties(self, span: Span, task: str) -> str:
        if not self.extension:
            raise self.fail(f"{task} works only in an extension's components; "
                            f"{self.package.id} is not part of an extension", span)
        return self.extension

    def check_content(self, content: Any, span: Span, task: str) -> None:
        """Raises what `post_message` would raise for `content`, before anything is made (a
        task that first opens a chat checks the message first: limits hold before effects)."""
        if _files(content) is None:
            self._message_response(content, span, task)

    def _message_response(self, content: Any, span: Span, task: str) -> Response:
        """`content` (text or a message map) as the message Cliq would post, or the error."""
        from cliqsim.platform.responses import ResponseError, normalize

        if isinstance(content, str):
            content = {"text": content}
        if not isinstance(content, dict):
            raise self.fail(f"{task}: the message must be text, a message map, a file or a "
                            f"list of files, not {type(content).__name__}", span)
        try:
            return normalize(content, "message")
        except ResponseError as error:
            raise self.fail(f"{task}: the message breaks Cliq's rules: {error.message}",
                            span) from None

    def post_message(self, chat_id: str, content: Any, sender: Sender, span: Span,
                     task: str) -> Message:
        files = _files(content)
        if files is not None:  # the Deluge task pages: "<message> TEXT KEY-VALUE FILE LIST of FILE"
            return self._post_files(chat_id, files, sender)
        response = self._message_response(content, span, task)
        if response.bot:
            from cliqsim.platform.authorization import reserved_sender_name

            name = str(response.bot.get("name") or sender.name)
            reserved = reserved_sender_name(self.workspace, name)
            if reserved is not None:
                raise self.fail(f"{task}: {reserved}", span)
            sender = Sender(sender.id, name, "bot")
        message = Message(
            id=self.new_id(), chat_id=chat_id, sender=sender, time=self.now(),
            text=response.text, card=response.card, slides=response.slides,
            buttons=response.buttons, references=response.references,
            suggestions=response.chips, component=self.package.id,
        )
        posted = self.post(message)
        self.posted.append(posted)
        return posted

    def _post_files(self, chat_id: str, files: list[File], sender: Sender) -> Message:
        """A message carrying `files` as attachments (its text empty)."""
        from cliqsim.platform.inputs import attachment_record
        from cliqsim.platform.records import Attachment

        records = tuple(attachment_record(Attachment(f.name, f.content, f.content_type))
                        for f in files)
        message = Message(id=self.new_id(), chat_id=chat_id, sender=sender, time=self.now(),
                          text="", attachments=records, component=self.package.id)
        posted = self.post(message)
        self.posted.append(posted)
        return posted


_PLAIN_FILE = frozenset({"file_name", "content_type", "size", "param_name", "content"})


def _files(content: Any) -> list[File] | None:
    """`content` as files when it is a Deluge FILE or a non-empty list of them, else None. Task
    arguments reach the services as plain data, a FILE as the map `values.to_plain` makes of it
    (`{file_name, content_type, size, param_name, content}`)."""
    items = content if isinstance(content, list) and content else [content]
    files = [_file(item) for item in items]
    return None if any(f is None for f in files) else [f for f in files if f is not None]


def _file(value: Any) -> File | None:
    if isinstance(value, File):
        return value
    if isinstance(value, dict) and set(value) == _PLAIN_FILE:
        return File(str(value["file_name"]), str(value["content"]).encode("utf-8"),
                    str(value["content_type"]))
    return None
