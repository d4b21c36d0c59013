"""Starting a bot context: a handler answered `{"context": {...}}`, so the bot asks its first
question in its chat with the person and keeps the open context in the workspace until the
last answer or the timeout.

Zoho, "Bot Context Handler" (https://www.zoho.com/cliq/help/platform/bot-contexthandler.html).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from cliqsim.platform.messages import Message
from cliqsim.platform.responses import Response, ResponseError

if TYPE_CHECKING:
    from cliqsim.platform.pipeline import Pipeline, RunContext


def start_context(pipeline: Pipeline, ctx: RunContext, response: Response) -> list[Message]:
    """The first question, posted by the bot in its chat with `ctx.user_id`. Raises
    `ResponseError` when the component has no bot to hold the conversation."""
    context = response.context
    assert context is not None and ctx.chat is not None
    bot = pipeline.bot_sender(ctx.package)
    if bot is None:
        raise ResponseError("context", "only a bot (or an extension with a bot) can start a "
                            "context: the answers go to the bot's context handler")
    now = pipeline.clock.now()
    chat, _ = pipeline.workspace.ensure_bot_chat(bot.id, bot.name, ctx.user_id, now)
    expires = now + timedelta(seconds=context.timeout_seconds)
    pipeline.workspace.set_context(chat.id, {
        "bot": bot.id, "user": ctx.user_id, "id": context.id,
        "params": [{"name": q.name, "question": q.question,
                    "suggestions": [{"text": c.text, "icon": c.icon}
                                    for c in q.suggestions]} for q in context.params],
        "answers": {}, "expires_at": expires.isoformat()})
    first = context.params[0]
    return [pipeline.emit(Message(pipeline.new_id(), chat.id, bot, now,
                                  text=first.question, suggestions=first.suggestions,
                                  component=ctx.package.id, run_id=ctx.run_id))]
