"""Trigger anything: any handler of any component, with the inputs Cliq would give it merged
with a payload (`cliqsim trigger`), and ready-made workspace events.

The run takes the same road as every other trigger (`Pipeline.start`: availability, manifest,
gate, guard); only the inputs come from the developer. A payload may set only the inputs that
handler really has (its `TriggerKind`), so a typo is an error naming them, never a silently
ignored key.
"""

from __future__ import annotations

from typing import Any

import msgspec

from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.links import preview_notes, read_preview
from cliqsim.platform.messages import SYSTEM, Message
from cliqsim.platform.package_model import Package, Script
from cliqsim.platform.pipeline import Pipeline, RunContext, TriggerKind
from cliqsim.platform.records import Outcome
from cliqsim.platform.responses import Response
from cliqsim.platform.triggers.bots import Bots
from cliqsim.platform.triggers.chat import ChatTriggers
from cliqsim.platform.widgets import read_widget
from cliqsim.platform.workspace import Chat

_REPLY_KINDS = frozenset({"none", "message", "banner", "form", "message_edit"})


class Event(msgspec.Struct, frozen=True):
    """A ready-made event: `name`, the arguments it takes, and what it does, in words."""

    name: str
    arguments: tuple[str, ...]
    description: str


EVENTS: tuple[Event, ...] = (
    Event("join", ("CHANNEL",), "the user joins a channel (a notice is posted there)"),
    Event("leave", ("CHANNEL",), "the user leaves a channel (a notice is posted there)"),
    Event("rename", ("CHANNEL", "TITLE"), "the channel gets a new title"),
    Event("resubscribe", ("BOT",), "the user unsubscribes from a bot and subscribes again: the "
                                   "welcome handler runs with newuser false"),
    Event("edit", ("MESSAGE", "TEXT"), "the user edits their own message (participant bots of "
                                       "a channel hear message_edited)"),
    Event("delete", ("MESSAGE",), "the user deletes their own message (participant bots of a "
                                  "channel hear message_deleted)"),
    Event("status", ("TEXT", "STATE"), "the user sets a custom status (STATE Available or "
                                       "Busy): their bots' status change handlers run"),
    Event("thread-close", ("THREAD",), "the user closes a thread (participant bots of its "
                                       "channel hear thread_closed)"),
    Event("thread-reopen", ("THREAD",), "the user reopens a closed thread (thread_reopened)"),
    Event("thread-add", ("BOT", "THREAD"), "the user adds a bot to a thread: it hears "
                                           "added_in_thread, then the thread's messages"),
    Event("thread-remove", ("BOT", "THREAD"), "the user removes a bot from a thread "
                                              "(removed_from_thread)"),
)


def handler_names(package: Package) -> dict[str, Script]:
    """The handlers of a component by the names `cliqsim trigger` takes: the `[handlers]` keys
    of component.toml (`execution`, `welcome`, ...) and `menu:<action name>`."""
    from cliqsim.platform.triggers import HANDLERS

    keys = {handler: key for key, handler in HANDLERS.get(package.type, {}).items()}
    names = {keys.get(handler, handler): script for handler, script in package.handlers.items()}
    names.update({f"menu:{action.name}": action.script for action in package.menu})
    return names


class ManualTriggers:
    """`cliqsim trigger` and the palette's "Trigger ..." entries for one runtime."""

    def __init__(self, pipeline: Pipeline, kinds: tuple[TriggerKind, ...], bots: Bots,
                 chat: ChatTriggers) -> None:
        self.pipeline = pipeline
        self.kinds = kinds
        self.bots = bots
        self.chat = chat

    def targets(self) -> list[tuple[str, str, list[str]]]:
        """Every component as (id, display name, handler names), by id."""
        return [(p.id, p.display_name, sorted(handler_names(p)))
                for p in sorted(self.pipeline.catalog.packages.values(), key=lambda p: p.id)]

    def run(self, user_id: str, component_id: str, handler: str,
            payload: dict[str, Any] | None = None, chat_id: str | None = None) -> Outcome:
        """Run `handler` of `component_id` as `user_id` in `chat_id` (default: the user's chat
        with a bot, else #general; none for handlers that get no chat, except a bot's, whose
        replies go to its chat), its inputs merged with `payload`. Raises `UsageError` for an
        unknown component, handler, chat or payload key."""
        pipeline = self.pipeline
        pipeline.workspace.user(user_id)
        package = pipeline.package(component_id)
        scripts = handler_names(package)
        script = scripts.get(handler) or scripts.get(handler.removesuffix("_handler"))
        if script is None:
            known = ", ".join(sorted(scripts)) or "none"
            raise UsageError(f"{package.display_name} has no {handler!r} handler; its handlers: "
                             f"{known}")
        kind = self._kind(package, script)
        chat = self._chat(user_id, package, kind, chat_id)
        inputs = self._inputs(user_id, package, kind, chat, script)
        unknown = set(payload or {}) - kind.inputs
        if unknown:
            raise UsageError(f"the {kind.handler} gets no {', '.join(sorted(unknown))}; its "
                             f"inputs are {', '.join(sorted(kind.inputs))} ({kind.page})")
        _merge(inputs, payload or {})
        ctx = pipeline.context(user_id, package, script, kind,
                               f"trigger {package.display_name} {handler}", chat, inputs,
                               public=package.type == "bot", respond=self._respond)
        return pipeline.start(ctx)

    def event(self, user_id: str, name: str, arguments: list[str]) -> Outcome:
        """Run a ready-made event (`EVENTS`) as `user_id`."""
        event = next((e for e in EVENTS if e.name == name), None)
        if event is None:
            raise UsageError(f"there is no event {name!r}; events: "
                             + ", ".join(e.name for e in EVENTS))
        if len(arguments) != len(event.arguments):
            raise UsageError(f"the {name} event takes {' '.join(event.arguments)}")
        workspace = self.pipeline.workspace
        if name == "resubscribe":
            self.bots.chat_of(user_id, arguments[0])  # subscribed before, so newuser is false
            return self.bots.open(user_id, arguments[0])
        if name == "edit":
            return self.chat.edit(user_id, arguments[0], arguments[1])
        if name == "delete":
            return self.chat.delete(user_id, arguments[0])
        if name == "status":
            return self.bots.status_change(user_id, arguments[0], arguments[1])
        if name in ("thread-close", "thread-reopen"):
            return self.chat.close_thread(user_id, arguments[0], name == "thread-close")
        if name in ("thread-add", "thread-remove"):
            return self.chat.bot_in_thread(user_id, arguments[0], arguments[1],
                                           name == "thread-add")
        channel = workspace.channel(arguments[0].lstrip("#"))
        if channel is None:
            raise UsageError(f"there is no channel {arguments[0]!r}")
        user = workspace.user(user_id)
        person = f"{user['first_name']} {user['last_name']}".strip()
        if name == "rename":
            workspace.update_channel(channel.id, title=arguments[1])
            text = f"{person} renamed the channel to {arguments[1]}"
        elif name == "join":
            members = tuple(dict.fromkeys((*channel.members, user_id)))
            channel = workspace.update_channel(channel.id, members=members)
            text = f"{person} joined #{channel.unique_name}"
        else:
            members = tuple(m for m in channel.members if m != user_id)
            workspace.update_channel(channel.id, members=members)
            text = f"{person} left #{channel.unique_name}"
        notice = self.pipeline.emit(Message(self.pipeline.new_id(), channel.id, SYSTEM,
                                            self.pipeline.clock.now(), text=text))
        return Outcome("ok", (notice,), chat_id=channel.id, notice=text)

    def _kind(self, package: Package, script: Script) -> TriggerKind:
        for kind in self.kinds:
            if kind.handler == script.handler and kind.component == package.type:
                return kind
        raise UsageError(f"{script.handler} is not a handler cliqsim can trigger")

    def _chat(self, user_id: str, package: Package, kind: TriggerKind,
              chat_id: str | None) -> Chat | None:
        workspace = self.pipeline.workspace
        if chat_id is None and package.type == "bot":
            return self.bots.chat_of(user_id, package.name)  # where a bot's replies go
        if "chat" not in kind.inputs:
            return None
        chat = workspace.chat(chat_id or "general")
        if user_id not in chat.members:
            raise UsageError(f"{user_id} is not a member of {chat.title}; pick a chat they are "
                             "in with --chat")
        return chat

    def _inputs(self, user_id: str, package: Package, kind: TriggerKind, chat: Chat | None,
                script: Script) -> dict[str, Any]:
        """What Cliq gives `kind`'s handler when nothing in particular happened."""
        workspace = self.pipeline.workspace
        inputs = cliq.common(workspace, user_id, chat if "chat" in kind.inputs else None)
        now_ms = cliq.epoch_ms(self.pipeline.clock.now())
        message_text = kind.name == "bot_message"
        defaults: dict[str, Any] = {
            "arguments": "", "options": {}, "mentions": [], "attachments": [], "selections": [],
            "links": [], "newuser": True, "raw_message": "",
            "message": "" if message_text else {"text": "", "type": "text", "time": now_ms},
            "message_details": {"time": now_ms, "message": {"type": "text", "text": ""}},
            "messages": {"count": 0, "list": []}, "target": {}, "event": "load",
            "form": {"name": "", "values": {}}, "context_id": "", "answers": {},
            "headers": {}, "params": {}, "parameters": {}, "body": "", "http_method": "POST",
            "sub_action": None,
            "operation": "added", "data": {"time": now_ms},
            "existing_status": {"text": "", "state": "Available"},
            "current_status": {"text": "", "state": "Available"}, "url": "", "domain": "",
            "handler": {"type": "action_handler", "name": _menu_name(package, script)},
            "app_info": {"current_version": package.version,
                         "type": "uninstall" if "uninstall" in kind.name else "install"},
            "location": cliq.location_object(None, workspace, user_id),
        }
        for name in sorted(kind.inputs - set(inputs)):
            if name in defaults:
                inputs[name] = defaults[name]
        return inputs

    def _respond(self, response: Response, ctx: RunContext) -> Outcome:
        """Messages as usual; other shapes (suggestions, options, widget maps, install
        results) come back in `Outcome.notice` as the handler returned them."""
        if response.kind in _REPLY_KINDS:
            return self.pipeline.reply(response, ctx)
        if response.kind == "raw":
            _check_drawn(response.raw, ctx)
        return Outcome("ok", chat_id=ctx.chat_id, options=response.options,
                       form_actions=response.form_actions,
                       notice=f"{ctx.kind.handler} returned: {response.returned_json()}")


def _check_drawn(raw: Any, ctx: RunContext) -> None:
    """A preview or applet map meets the rules the chat window checks before drawing it, so a
    triggered handler fails here as it would there. Raises `ResponseError`."""
    if ctx.kind.name == "link_preview":
        read_preview(raw, ctx.package.id, str(ctx.inputs.get("url") or ""))
        ctx.info += preview_notes(raw)
    elif ctx.kind.name == "widget_view" or (ctx.kind.name.startswith("widget_") and isinstance(
            raw, dict) and raw.get("type") == "applet"):
        read_widget(raw, ctx.package)


def _menu_name(package: Package, script: Script) -> str:
    return next((a.name for a in package.menu if a.script is script), "")


def _merge(base: dict[str, Any], payload: dict[str, Any]) -> None:
    """Merge `payload` into `base`: maps merge key by key, anything else replaces."""
    for key, value in payload.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
