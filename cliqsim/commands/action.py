"""`cliqsim action NAME --message TEXT [--message TEXT ...]`: run a message action on messages.

Each message is the one with id TEXT, else the latest message in the chat containing TEXT,
else TEXT is first posted to the chat by the acting user (as if they had just written it, with
the `--attach` files). Several `--message` run a multi-selectable action on all of them
(`messages.count` / `messages.list`).

    cliqsim action "Create poll" --message "Team lunch on Friday?" --consent allow
    cliqsim action translate --message "Hola equipo" --user u_arjun
    cliqsim action "Save file" --message "the spec" --attach spec.pdf
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cliqsim.commands._runtime_options import (
    acting_user,
    add_runtime_options,
    attachments,
    settle,
    show,
    start,
    submit_form,
)

if TYPE_CHECKING:
    from cliqsim.platform.messages import Message

NAME = "action"
HELP = "run a message action on a message in a chat"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the action's name or id ('Create poll', "
                        "translate)")
    parser.add_argument("--message", required=True, action="append", metavar="TEXT",
                        help="a message id, or text of (or for) the message to act on "
                             "(repeatable for actions that take several messages)")
    parser.add_argument("--attach", action="append", default=[], metavar="FILE",
                        help="attach a file to the message posted for --message TEXT")
    add_runtime_options(parser)


def run(args: argparse.Namespace) -> int:
    out, runtime = start(args)
    user_id = acting_user(runtime, args)
    chat_id = args.chat or "general"
    chat = runtime.chat(chat_id)
    messages = runtime.messages(chat.id, user_id)
    targets: list[str] = []
    posted: list[Message] = []
    for wanted in args.message:
        target = next((m for m in messages if m.id == wanted), None)
        if target is None:
            target = next((m for m in reversed(messages) if wanted in m.text), None)
        if target is None:
            sent = runtime.submit(user_id, chat.id, wanted,
                                  attachments=attachments(args.attach))
            posted.extend(sent.messages)
            target = sent.messages[0]
        targets.append(target.id)
    outcome = runtime.run_action(user_id, args.name, targets, chat.id)
    outcome, steps = settle(runtime, outcome, args, out)
    outcome, more = submit_form(runtime, outcome, args, out, chat.id)  # an action may open one
    steps.extend(more)
    if posted:
        from cliqsim.structs import replace

        steps[0] = replace(steps[0], messages=(*posted, *steps[0].messages))
    return show(runtime, outcome, steps, args, out)
