"""`cliqsim call FUNCTION --arg NAME=VALUE ...`: run a saved Deluge function a package hosts
(`function_type = "saved"`), with typed parameters, through consent. See docs/components.md.

    cliqsim call automation.notify --arg leadId=L-1 --arg score=42 --consent allow
"""

from __future__ import annotations

import argparse

from cliqsim.commands._runtime_options import (
    acting_user,
    add_runtime_options,
    conclude,
    form_values,
    start,
)

NAME = "call"
HELP = "run a saved Deluge function (void automation.notify(String leadId)) with arguments"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("function", metavar="FUNCTION",
                        help="its name as the signature writes it (automation.notify)")
    parser.add_argument("--arg", action="append", default=[], metavar="NAME=VALUE",
                        help="a parameter's value (repeatable); maps and lists as JSON")
    add_runtime_options(parser, chat=False)


def run(args: argparse.Namespace) -> int:
    arguments = form_values(args.arg, "--arg")
    out, runtime = start(args)
    outcome = runtime.call_function(acting_user(runtime, args), args.function, arguments)
    return conclude(runtime, outcome, args, out)
