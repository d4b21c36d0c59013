"""`cliqsim form FUNCTION`: open a form function's form by its permalink, as Cliq does: the
form view handler draws it with the permalink's custom `params`; `--form NAME=VALUE` then
submits it, `--cancel` closes it (its cancel flow runs when the form has one).

    cliqsim form feedback --param floor=2 --form comments="too cold" --consent allow
"""

from __future__ import annotations

import argparse

from cliqsim.commands._runtime_options import (
    acting_user,
    add_runtime_options,
    conclude,
    form_values,
    settle,
    start,
)

NAME = "form"
HELP = "open a form by its permalink (the form function's view handler), then fill or cancel it"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("function", metavar="FUNCTION", help="the form function's name")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a custom parameter of the permalink (repeatable, at most 10)")
    parser.add_argument("--cancel", action="store_true",
                        help="close the form instead of submitting it")
    add_runtime_options(parser)


def run(args: argparse.Namespace) -> int:
    out, runtime = start(args)
    user_id = acting_user(runtime, args)
    from cliqsim.platform.triggers.functions import permalink_params  # only when it runs

    params = permalink_params(form_values(args.param, "--param"))
    opened = runtime.trigger(user_id, args.function, "view", {"params": params}, args.chat)
    if not args.cancel:
        return conclude(runtime, opened, args, out, chat_id=args.chat)
    outcome, steps = settle(runtime, opened, args, out)
    if outcome.status == "ok" and outcome.form is not None:
        closed = runtime.cancel_form(user_id, outcome.chat_id or args.chat or "general",
                                     outcome.form, {})
        return conclude(runtime, closed, args, out, earlier=steps)
    return conclude(runtime, outcome, args, out, earlier=steps[:-1])
