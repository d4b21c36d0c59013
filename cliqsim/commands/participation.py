"""`cliqsim participation add|remove BOT CHANNEL`: add a bot to a channel, or remove it; the bot's
participation handler runs (operation `added` / `removed`) and may greet the channel.

    cliqsim participation add PayAlerts sales --consent allow
    cliqsim participation remove PayAlerts sales
"""

from __future__ import annotations

import argparse

from cliqsim.commands._runtime_options import (
    acting_user,
    add_runtime_options,
    conclude,
    start,
)

NAME = "participation"
HELP = "add a bot to a channel or remove it (its participation handler runs)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("operation", choices=("add", "remove"), help="add or remove the bot")
    parser.add_argument("bot", metavar="BOT", help="the bot: its name or unique name")
    parser.add_argument("channel", metavar="CHANNEL", help="the channel's unique name (sales)")
    add_runtime_options(parser, chat=False)


def run(args: argparse.Namespace) -> int:
    out, runtime = start(args)
    user_id = acting_user(runtime, args)
    channel = args.channel.lstrip("#")
    if args.operation == "add":
        outcome = runtime.add_bot_to_channel(user_id, args.bot, channel)
    else:
        outcome = runtime.remove_bot_from_channel(user_id, args.bot, channel)
    return conclude(runtime, outcome, args, out)
