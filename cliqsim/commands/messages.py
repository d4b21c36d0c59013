"""`cliqsim messages`: a chat's history as the acting user sees it (what the chat window shows).

    cliqsim messages --chat general --limit 20
    cliqsim messages --chat bot_pollbot_u_arjun --user u_arjun
"""

from __future__ import annotations

import argparse
import json

from cliqsim.commands._runtime_options import (
    EXIT_OK,
    acting_user,
    add_runtime_options,
    console,
    open_runtime,
)

NAME = "messages"
HELP = "show a chat's messages (history kept in the data directory)"


def register(parser: argparse.ArgumentParser) -> None:
    add_runtime_options(parser, consent=False)
    parser.add_argument("--limit", type=int, default=30, metavar="N",
                        help="the last N messages (default 30; 0 for all)")


def run(args: argparse.Namespace) -> int:
    from cliqsim.commands._render import message_json, print_messages
    from cliqsim.frontend.plain import Block, span

    if args.limit < 0:
        from cliqsim.errors import UsageError

        raise UsageError(f"--limit {args.limit}: give how many of the last messages to show "
                         "(0 for all)")
    runtime = open_runtime(args)
    user_id = acting_user(runtime, args)
    chat = runtime.chat(args.chat or "general")
    messages = runtime.messages(chat.id, user_id, args.limit or None)
    if args.json:
        print(json.dumps([message_json(m) for m in messages], indent=2, default=str))
        return EXIT_OK
    out = console()
    out.print(Block([[span(chat.title, "bold"), span(" "), span(
        f"({chat.id}, {chat.type}, {chat.message_count} messages)", "dim")], []]))
    print_messages(out, messages)
    return EXIT_OK
