"""`cliqsim menu BOT ACTION`: run one of a bot's menu actions (its Actions menu in the chat
window), as Cliq's bot menu handler does; `--form NAME=VALUE` submits a form it opens.

    cliqsim menu PollBot "My polls" --user u_arjun --consent allow
    cliqsim menu ProjectsBot Tasks --sub-action "Open tasks"
"""

from __future__ import annotations

import argparse

from cliqsim.commands._runtime_options import (
    acting_user,
    add_runtime_options,
    conclude,
    start,
)

NAME = "menu"
HELP = "run a bot's menu action (the bot chat's Actions menu)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bot", metavar="BOT", help="the bot: its name or unique name")
    parser.add_argument("action", metavar="ACTION", help="the menu action's name")
    parser.add_argument("--sub-action", metavar="NAME", default=None,
                        help="one of the action's sub actions (the handler's sub_action)")
    add_runtime_options(parser, chat=False)


def run(args: argparse.Namespace) -> int:
    out, runtime = start(args)
    user_id = acting_user(runtime, args)
    outcome = runtime.menu_action(user_id, args.bot, args.action, args.sub_action)
    return conclude(runtime, outcome, args, out)
