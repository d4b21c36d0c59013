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
    start,
)
from cliqsim.errors import UsageError

NAME = "call"
HELP = "run a saved Deluge function (void automation.notify(String leadId)) with arguments"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("function", metavar="FUNCTION",
                        help="its name as the signature writes it (automation.notify)")
    parser.add_argument("--arg", action="append", default=[], metavar="NAME=VALUE",
                        help="a parameter's value (repeatable); maps and lists as JSON")
    add_runtime_options(parser, chat=False)


def run(args: argparse.Namespace) -> int:
    arguments = {}
    for pair in args.arg:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--arg {pair!r}: write NAME=VALUE")
        arguments[name.strip()] = value
    out, runtime = start(args)
    outcome = runtime.call_function(acting_user(runtime, args), args.function, arguments)
    return conclude(runtime, outcome, args, out)
