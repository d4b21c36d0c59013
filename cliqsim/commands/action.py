"""`cliqsim action NAME --message TEXT`: run a message action on a message.

The message is the one with id TEXT, else the latest message in the chat containing TEXT,
else TEXT is first posted to the chat by the acting user (as if they had just written it).

    cliqsim action "Create poll" --message "Team lunch on Friday?" --consent allow
    cliqsim action translate --message "Hola equipo" --user u_arjun
"""

from __future__ import annotations

import argparse

from cliqsim.commands._runtime_options import (
    acting_user,
    add_runtime_options,
    load_errors_json,
    settle,
    show,
    start,
)

NAME = "action"
HELP = "run a message action on a message in a chat"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the action's name or id ('Create poll', "
                        "translate)")
    parser.add_argument("--message", required=True, metavar="TEXT",
                        help="a message id, or text of (or for) the message to act on")
    add_runtime_options(parser)


def run(args: argparse.Namespace) -> int:
    out, runtime = start(args)
    user_id = acting_user(runtime, args)
    chat_id = args.chat or "general"
    chat = runtime.chat(chat_id)
    messages = runtime.messages(chat.id, user_id)
    target = next((m for m in messages if m.id == args.message), None)
    if target is None:
        target = next((m for m in reversed(messages) if args.message in m.text), None)
    posted = []
    if target is None:
        outcome = runtime.submit(user_id, chat.id, args.message)
        posted = list(outcome.messages)
        target = posted[0]
    outcome = runtime.run_action(user_id, args.name, [target.id], chat.id)
    outcome, steps = settle(runtime, outcome, args, out)
    if posted:
        from dataclasses import replace

        steps[0] = replace(steps[0], messages=(*posted, *steps[0].messages))
    return show(outcome, steps, args, out, load_errors_json(runtime))
