"""`cliqsim run "TEXT"`: type into a chat as a user would — a slash command, an @Bot message,
or plain text — and see what comes back.

    cliqsim run "/nearby bank" --consent allow
    cliqsim run "@PollBot new poll"            # talks to PollBot in your chat with it
    cliqsim run "@PollBot results" --chat general   # mentions it in #general
    cliqsim run "/announce Office closed" --form details="Monday, for Pongal" --form channel=general
    cliqsim run "on it" --thread m12           # reply in the thread of channel message m12
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cliqsim.commands._runtime_options import (
    acting_user,
    add_runtime_options,
    attachments,
    conclude,
    settle,
    show,
    start,
)
from cliqsim.errors import UsageError
from cliqsim.platform.chat_ids import bot_chat_id, is_bot_chat

if TYPE_CHECKING:
    import argparse

    from cliqsim.frontend.plain import Out
    from cliqsim.platform.runtime import Location, Outcome, Runtime, Suggestion

NAME = "run"
HELP = "type a slash command, an @Bot message or text into a chat, headless"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", metavar="TEXT", help='what to type: "/nearby bank", '
                        '"@PollBot new poll", or any text')
    add_runtime_options(parser)
    parser.add_argument("--select", action="append", default=[], metavar="TITLE",
                        help="pick this entry of the command's suggestions (repeatable, at most "
                             "10): the execution handler's `selections`")
    parser.add_argument("--suggest", action="store_true",
                        help="run the command's suggestion handler instead of executing it")
    parser.add_argument("--attach", action="append", default=[], metavar="FILE",
                        help="attach a file (repeatable): the handler's `attachments`")
    parser.add_argument("--location", metavar="LAT,LNG",
                        help="share this location (default: the user's seeded location)")
    parser.add_argument("--thread", metavar="MESSAGE",
                        help="reply in the thread of this channel message (started on the "
                             "first reply; the channel's participant bots follow it)")


def _location(text: str | None) -> Location | None:
    from cliqsim.platform.runtime import Location

    if text is None:
        return None
    try:
        lat, lng = (float(part) for part in text.split(","))
    except ValueError:
        raise UsageError(f"--location {text!r}: write LATITUDE,LONGITUDE, e.g. "
                         "13.0418,80.2341") from None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise UsageError(f"--location {text!r}: latitude is -90..90, longitude -180..180")
    return Location(lat, lng)


def default_chat(runtime: Runtime, text: str, user_id: str) -> str:
    """Where TEXT goes without --chat: an `@Bot ...` message goes to the user's chat with
    that bot; anything else to #general."""
    if text.startswith("@"):
        name = text[1:].split(maxsplit=1)[0] if len(text) > 1 else ""
        for bot in runtime.bots(user_id):
            if name.lower() in (bot.unique_name, bot.name.lower()):
                return bot_chat_id(bot.unique_name, user_id)
    return "general"


def run(args: argparse.Namespace) -> int:
    out, runtime = start(args)
    user_id = acting_user(runtime, args)
    text = args.text
    chat_id = args.chat
    earlier: list[Outcome] = []
    if args.thread is not None:
        if args.suggest or args.select or args.chat:
            raise UsageError("--thread replies in a thread: it takes no --chat, --select or "
                             "--suggest")
        outcome = runtime.reply_in_thread(user_id, args.thread, text,
                                          attachments=attachments(args.attach))
        return conclude(runtime, outcome, args, out, earlier, f"thread_{args.thread}")
    if chat_id is None:
        chat_id = default_chat(runtime, text, user_id)
        if is_bot_chat(chat_id):
            bot = text[1:].split(maxsplit=1)
            text = bot[1] if len(bot) > 1 else "hi"
            if not _has_chat(runtime, user_id, chat_id):  # first contact: the welcome handler
                welcome, earlier = settle(runtime, runtime.open_bot(user_id, bot[0]), args, out)
                if welcome.status != "ok":
                    return show(runtime, welcome, earlier, args, out)
    if args.suggest:
        outcome = runtime.suggest(user_id, chat_id, text)
    else:
        selections, refused = _selections(runtime, user_id, chat_id, text, args, out)
        if refused is not None:  # the suggestions did not run: asked, denied or failed
            return show(runtime, refused, earlier, args, out)
        outcome = runtime.submit(user_id, chat_id, text, attachments=attachments(args.attach),
                                 location=_location(args.location), selections=selections)
    return conclude(runtime, outcome, args, out, earlier, chat_id)


def _selections(runtime: Runtime, user_id: str, chat_id: str, text: str,
                args: argparse.Namespace, out: Out) -> tuple[list[Suggestion], Outcome | None]:
    """`--select TITLE`: the entries of the command's suggestions the person picked, as Cliq
    passes them to the execution handler (at most `MAX_SELECTIONS`); or, when the suggestion
    handler did not run (its consent was not given, or it failed), that outcome to show."""
    from cliqsim.platform.responses import MAX_SELECTIONS

    if not args.select:
        return [], None
    if len(args.select) > MAX_SELECTIONS:
        raise UsageError(f"--select: Cliq passes at most {MAX_SELECTIONS} selections")
    offered, _ = settle(runtime, runtime.suggest(user_id, chat_id, text), args, out)
    if offered.status != "ok":
        return [], offered
    by_title = {s.label: s for s in offered.suggestions}
    missing = [title for title in args.select if title not in by_title]
    if missing:
        shown = ", ".join(by_title) or "none"
        raise UsageError(f"--select {missing[0]!r}: the suggestions for {text!r} are {shown}")
    return [by_title[title] for title in args.select], None


def _has_chat(runtime: Runtime, user_id: str, chat_id: str) -> bool:
    return any(chat.id == chat_id for chat in runtime.chats(user_id))
