"""`cliqsim click MESSAGE_ID BUTTON`: click a button of a message (by label, key or number),
for example a poll's vote button. `--input TEXT` answers the button's confirm prompt.

    cliqsim click m_3f2a9c1b7d10 Pizza --user u_meera --consent allow
"""

from __future__ import annotations

import argparse

from cliqsim.commands._runtime_options import (
    acting_user,
    add_runtime_options,
    conclude,
    start,
)

NAME = "click"
HELP = "click a button on a message (poll votes, card actions)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("message", metavar="MESSAGE_ID", help="the message holding the button")
    parser.add_argument("button", metavar="BUTTON", help="its label, key or number (0, 1, ...)")
    parser.add_argument("--input", metavar="TEXT", help="text for the button's confirm prompt")
    add_runtime_options(parser, chat=False)


def run(args: argparse.Namespace) -> int:
    out, runtime = start(args)
    user_id = acting_user(runtime, args)
    button: int | str = int(args.button) if args.button.isdigit() else args.button
    outcome = runtime.click(user_id, args.message, button, confirm_input=args.input)
    return conclude(runtime, outcome, args, out)
