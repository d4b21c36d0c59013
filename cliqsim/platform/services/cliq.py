"""`zoho.cliq.*`: posting really posts, databases really store, extension properties persist."""

from __future__ import annotations

import re
from typing import Any

from cliqsim.deluge.effects import connection_index
from cliqsim.deluge.source import Span
from cliqsim.errors import UsageError
from cliqsim.platform.authorization import may_edit, may_post_as_bot
from cliqsim.platform.messages import Message, Sender
from cliqsim.platform.services import task
from cliqsim.platform.services.context import ServiceContext

SUCCESS = "SUCCESS"


def _posted(message: Message) -> dict[str, Any]:
    return {"status": SUCCESS, "message_id": message.id, "chat_id": message.chat_id}


def _default_sender(ctx: ServiceContext, args: list[Any], task_name: str) -> Sender:
    """Who a post speaks as: the component's bot; else, when the task's connection argument
    is an `auth = "admin"` connection, that connection's owner (the account it signs in with,
    as the consent item says: "... with the connection owner's account"); else the person
    running it."""
    if ctx.bot_sender is not None:
        return ctx.bot_sender
    index = connection_index(task_name, len(args))
    link = args[index] if index is not None else None
    connection = ctx.package.connections.get(link) if isinstance(link, str) else None
    if connection is not None and connection.auth == "admin":
        return ctx.user_sender(ctx.connection_owner(link))
    return ctx.user_sender()


def _admin_sender(ctx: ServiceContext, args: list[Any], index: int) -> Sender:
    link = args[index] if len(args) > index and isinstance(args[index], str) else None
    owner = ctx.connection_owner(link)
    return ctx.user_sender(owner) if owner else ctx.user_sender(ctx.workspace.admins()[0]["id"])


@task("zoho.cliq.postToChat")
def post_to_chat(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    chat_id = str(ctx.arg(args, 0, "chat_id", "zoho.cliq.postToChat", span))
    chat = ctx.workspace.find_chat(chat_id)
    if chat is None:
        raise ctx.fail(f"zoho.cliq.postToChat: there is no chat {chat_id!r}", span)
    ctx.may_post(chat, span, "zoho.cliq.postToChat")
    content = ctx.arg(args, 1, "message", "zoho.cliq.postToChat", span)
    return _posted(ctx.post_message(chat.id, content,
                                    _default_sender(ctx, args, "zoho.cliq.postToChat"), span,
                                    "zoho.cliq.postToChat"))


@task("zoho.cliq.postToChatAsAdmin")
def post_to_chat_as_admin(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    chat_id = str(ctx.arg(args, 0, "chat_id", "zoho.cliq.postToChatAsAdmin", span))
    chat = ctx.workspace.find_chat(chat_id)
    if chat is None:
        raise ctx.fail(f"zoho.cliq.postToChatAsAdmin: there is no chat {chat_id!r}", span)
    ctx.may_post(chat, span, "zoho.cliq.postToChatAsAdmin")
    content = ctx.arg(args, 1, "message", "zoho.cliq.postToChatAsAdmin", span)
    return _posted(ctx.post_message(chat.id, content, _admin_sender(ctx, args, 2), span,
                                    "zoho.cliq.postToChatAsAdmin"))


def _channel(ctx: ServiceContext, name: Any, task_name: str, span: Span) -> str:
    """The channel a post names. Zoho's task pages say "the channel's name" and their examples
    write `"DelugeChannel"`: the unique name is matched exactly, then without case, then the
    channel's title without case (cliqsim's reading; docs/components.md)."""
    wanted = str(name).strip()
    channel = ctx.workspace.channel(wanted)
    if channel is None:
        key = wanted.lstrip("#").lower()
        channels = [c for c in ctx.workspace.chats() if c.type == "channel"]
        channel = (next((c for c in channels if (c.unique_name or "").lower() == key), None)
                   or next((c for c in channels if c.title.lstrip("#").lower() == key), None))
    if channel is None:
        names = ", ".join(c.unique_name or c.id for c in ctx.workspace.chats()
                          if c.type == "channel")
        raise ctx.fail(f"{task_name}: there is no channel with unique name {name!r} "
                       f"(channels: {names})", span)
    ctx.may_post(channel, span, task_name)
    return channel.id


@task("zoho.cliq.postToChannel")
def post_to_channel(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.postToChannel"
    chat_id = _channel(ctx, ctx.arg(args, 0, "channel_unique_name", name, span), name, span)
    content = ctx.arg(args, 1, "message", name, span)
    return _posted(ctx.post_message(chat_id, content, _default_sender(ctx, args, name), span,
                                    name))


@task("zoho.cliq.postToChannelAsAdmin")
def post_to_channel_as_admin(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.postToChannelAsAdmin"
    chat_id = _channel(ctx, ctx.arg(args, 0, "channel_unique_name", name, span), name, span)
    content = ctx.arg(args, 1, "message", name, span)
    return _posted(ctx.post_message(chat_id, content, _admin_sender(ctx, args, 2), span, name))


@task("zoho.cliq.postToChannelAsBot")
def post_to_channel_as_bot(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.postToChannelAsBot"
    chat_id = _channel(ctx, ctx.arg(args, 0, "channel_unique_name", name, span), name, span)
    bot = str(ctx.arg(args, 1, "bot_unique_name", name, span))
    problem = may_post_as_bot(ctx.catalog, ctx.package, bot)
    if problem is not None:
        raise ctx.fail(f"{name}: {problem}", span)
    own = ctx.catalog.bot(bot)
    sender = Sender(own.unique_name, own.name, "bot") if own is not None else Sender(bot, bot,
                                                                                      "bot")
    content = ctx.arg(args, 2, "message", name, span)
    return _posted(ctx.post_message(chat_id, content, sender, span, name))


def _post_to_bot(ctx: ServiceContext, args: list[Any], span: Span, name: str,
                 as_admin: bool) -> Any:
    bot = str(ctx.arg(args, 0, "bot_unique_name", name, span)).lower()
    problem = may_post_as_bot(ctx.catalog, ctx.package, bot)
    if problem is not None:  # a broadcast speaks as the bot: only the component's own
        raise ctx.fail(f"{name}: {problem}", span)
    content = ctx.arg(args, 1, "message", name, span)
    ctx.check_content(content, span, name)  # before any bot chat is opened
    targets = _bot_recipients(ctx, bot, content, as_admin or ctx.workspace.user(
        ctx.user_id)["admin"], span, name)
    bot_name = ctx.bot_sender.name if ctx.bot_sender and ctx.bot_sender.id == bot else bot
    # "The bot subscribers will receive your message and the sender will be displayed as
    # admin" (Zoho, "Post to Bot as an admin", https://www.zoho.com/deluge/help/cliq/
    # post-to-bot-as-admin.html)
    sender = _admin_sender(ctx, args, 2) if as_admin else Sender(bot, bot_name, "bot")
    sent = []
    for target in targets:
        chat, _ = ctx.workspace.ensure_bot_chat(bot, bot_name, target, ctx.now())
        sent.append(ctx.post_message(chat.id, content, sender, span, name).id)
    return {"status": SUCCESS, "message_ids": sent, "recipients": len(sent)}


def _bot_recipients(ctx: ServiceContext, bot: str, content: Any, admin: bool, span: Span,
                    name: str) -> list[str]:
    """Whose bot chats a bot post reaches. Zoho, "Post To Bot" (https://www.zoho.com/cliq/
    help/platform/post-to-bot.html): "Broadcast message to all bot subscribers" and "Send
    message to specific subscribers of the bot" (the message's `broadcast` and `userids`, ids
    comma separated); Zoho's Deluge "Post to Bot" page: "The chat will be displayed to all the
    bot subscribers if you are the admin, otherwise the chat will be visible only to you"; "An
    admin or the bot's owner can post bot messages to other users regardless of whether they
    have subscribed to it" (Zoho's Cliq help, "How to send bot notifications to other users?").
    So an admin's post goes to every subscriber unless `broadcast` is false (then to the admin)
    or `userids` names people (then to them); anyone else's reaches only themselves."""
    spec = content if isinstance(content, dict) else {}
    if not admin:
        return [ctx.user_id]
    named = spec.get("userids")
    if named not in (None, "", []):
        ids = named if isinstance(named, list) else str(named).split(",")
        wanted = [str(i).strip() for i in ids if str(i).strip()]
        for user_id in wanted:
            try:
                ctx.workspace.user(user_id)
            except UsageError:
                raise ctx.fail(f"{name}: userids names {user_id!r}, who is not in the "
                               "organization", span) from None
        return list(dict.fromkeys(wanted))
    if spec.get("broadcast") in (False, "false"):
        return [ctx.user_id]
    return ctx.workspace.bot_subscribers(bot)


@task("zoho.cliq.postToBot")
def post_to_bot(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    return _post_to_bot(ctx, args, span, "zoho.cliq.postToBot", False)


@task("zoho.cliq.postToBotAsAdmin")
def post_to_bot_as_admin(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    return _post_to_bot(ctx, args, span, "zoho.cliq.postToBotAsAdmin", True)


# Zoho, "Post to User" (https://www.zoho.com/deluge/help/cliq/post-to-user.html), Response
# Format: `{"status":"success"}`, and for an email ID or ZUID nobody has, this map (the task
# answers; the script goes on).
POST_TO_USER_FAILED = {
    "message": "Sorry, we couldn't process your request due to a technical error. Please try "
               "again later.",
    "code": "operation_failed",
}


@task("zoho.cliq.postToUser")
def post_to_user(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.postToUser"
    who = str(ctx.arg(args, 0, "email or user id", name, span))
    target = next((u for u in ctx.workspace.users()
                   if who in (u["id"], u["email"], str(u.get("zoho_user_id")))), None)
    content = ctx.arg(args, 1, "message", name, span)
    if target is None:
        return dict(POST_TO_USER_FAILED)
    ctx.check_content(content, span, name)  # before a chat is opened for it
    sender = _default_sender(ctx, args, name)
    if sender.kind == "bot":
        chat, _ = ctx.workspace.ensure_bot_chat(sender.id, sender.name, target["id"], ctx.now())
    else:
        chat = ctx.workspace.ensure_dm(sender.id, target["id"], ctx.now())
    posted = ctx.post_message(chat.id, content, sender, span, name)
    return {"status": "success", "message_id": posted.id, "chat_id": posted.chat_id}


@task("zoho.cliq.editMessage")
def edit_message(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    from cliqsim.platform.responses import ResponseError, normalize
    from cliqsim.structs import replace

    name = "zoho.cliq.editMessage"
    chat_id = str(ctx.arg(args, 0, "chat_id", name, span))
    message_id = str(ctx.arg(args, 1, "message_id", name, span))
    content = ctx.arg(args, 2, "updated_message", name, span)
    try:
        old = ctx.workspace.message(message_id)
    except Exception:
        raise ctx.fail(f"{name}: there is no message {message_id!r}", span) from None
    if old.chat_id != chat_id:
        raise ctx.fail(f"{name}: message {message_id} is not in chat {chat_id}", span)
    chat = ctx.workspace.find_chat(chat_id)
    if chat is None:
        raise ctx.fail(f"{name}: there is no chat {chat_id!r}", span)
    ctx.may_post(chat, span, name)  # an edit is a post: only where the person may post
    problem = may_edit(ctx.catalog, ctx.package, old)
    if problem is not None:
        raise ctx.fail(f"{name}: {problem}", span)
    if isinstance(content, str):
        content = {"text": content}
    if not isinstance(content, dict):
        raise ctx.fail(f"{name}: the updated message must be a map", span)
    try:
        response = normalize({k: v for k, v in content.items() if k != "notify_edit"},
                             "message")
    except ResponseError as error:
        raise ctx.fail(f"{name}: {error.message}", span) from None
    edited = replace(old, text=response.text or old.text, card=response.card or old.card,
                     slides=response.slides or old.slides,
                     buttons=response.buttons or old.buttons, edited_at=ctx.now())
    ctx.posted.append(ctx.edit(edited))
    return {"status": SUCCESS, "message_id": message_id}


# --- extension properties ---------------------------------------------------------------------

_PROPERTY_KEY = re.compile(r"^[a-z_]+$")
MAX_PROPERTY_KEYS = 10
"""Keys one getProperties reads (Zoho's v3 REST "Get extension properties": at most 10)."""


@task("zoho.cliq.extension.getProperties")
def get_properties(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.extension.getProperties"
    extension = ctx.extension_properties(span, name)
    keys = ctx.arg(args, 0, "key or list of keys", name, span)
    several = not isinstance(keys, str)
    keys = [str(k) for k in keys] if several else [keys]
    if several and len(keys) > MAX_PROPERTY_KEYS:
        return {"code": "invalid_inputs", "message": f"At most {MAX_PROPERTY_KEYS} property "
                f"keys can be read at once, not {len(keys)}"}
    stored = ctx.workspace.properties(extension)
    found = {k: stored[k] for k in keys if k in stored}
    missing = [k for k in keys if k not in stored]
    if missing and not (several and found):
        return {"code": "extension_property_does_not_exist",
                "message": f"The property {missing[0]} does not exist for this extension"}
    # Several keys, some missing: the ones that exist, as the v3 REST "Get extension
    # properties" answers (its only error is that no valid key was given).
    return found


@task("zoho.cliq.extension.setProperties")
def set_properties(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.extension.setProperties"
    extension = ctx.extension_properties(span, name)
    values = ctx.arg(args, 0, "properties map", name, span, kind=dict)
    bad = [k for k in values if not _PROPERTY_KEY.match(str(k))]
    if bad:
        raise ctx.fail(f"{name}: property key {bad[0]!r} may use only a-z and _", span)
    ctx.workspace.set_properties(extension, {**ctx.workspace.properties(extension), **values})
    return dict(values)


@task("zoho.cliq.extension.deleteProperty")
def delete_property(ctx: ServiceContext, args: list[Any], span: Span) -> Any:
    name = "zoho.cliq.extension.deleteProperty"
    extension = ctx.extension_properties(span, name)
    key = str(ctx.arg(args, 0, "key", name, span))
    stored = ctx.workspace.properties(extension)
    if key not in stored:
        return {"code": "extension_property_does_not_exist",
                "message": f"The property {key} does not exist for this extension"}
    del stored[key]
    ctx.workspace.set_properties(extension, stored)
    return {"status": SUCCESS}
