"""A response that starts a bot context: the bot asks its questions in its chat with the person.

Zoho's bot context handler (see `triggers.bots.CONTEXT` for the page):
the context's answers go to the bot's context handler, so only a bot (or a component of an
extension with a bot) can start one. Moved out of `pipeline.py` (the standard responder calls it).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from cliqsim.platform.messages import Message
from cliqsim.platform.responses import Response, ResponseError

if TYPE_CHECKING:
    from cliqsim.platform.pipeline import Pipeline, RunContext


def start_context(pipeline: Pipeline, ctx: RunContext, response: Response) -> list[Message]:
    """Store the context for the bot's chat with the acting person and post its first
    question there. Raises `ResponseError` when the component has no bot."""
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
    return [pipeline.emit(Message(pipeline.new_id(), chat.id, bot, pipeline.clock.now(),
                                  text=first.question, suggestions=first.suggestions,
                                  component=ctx.package.id, run_id=ctx.run_id))]
