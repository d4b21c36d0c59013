"""`cliqsim trigger COMPONENT HANDLER [--payload JSON]`: run any handler of any component with
the inputs Cliq would give it, merged with a payload; `cliqsim trigger --event NAME ARG...`
runs a ready-made event (join, leave, rename, resubscribe, edit, delete, status). See docs/cli.md.

    cliqsim trigger pollbot welcome --payload '{"newuser": false}'
    cliqsim trigger pollbot participation --chat general --payload '{"operation":"message_sent"}'
    cliqsim trigger createpoll submit --payload '{"form":{"values":{"question":"Lunch?"}}}'
    cliqsim trigger --event join sales --user u_meera
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from cliqsim.commands._runtime_options import (
    acting_user,
    add_runtime_options,
    conclude,
    start,
)
from cliqsim.commands.webhook import read_body
from cliqsim.errors import UsageError

NAME = "trigger"
HELP = "run any handler of any component with Cliq's inputs plus a payload, or a ready-made event"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("component", nargs="?", metavar="COMPONENT",
                        help="the component's id (its folder name)")
    parser.add_argument("handler", nargs="?", metavar="HANDLER",
                        help="a [handlers] key (execution, welcome, submit, ...) or menu:<name>; "
                             "omit it to list the component's handlers")
    parser.add_argument("--payload", metavar="JSON|@FILE",
                        help="a JSON object of handler inputs that replace (maps: merge into) "
                             "the ones Cliq would give")
    parser.add_argument("--event", nargs="+", metavar=("NAME", "ARG"),
                        help="a ready-made event instead: join CHANNEL, leave CHANNEL, "
                             "rename CHANNEL TITLE, resubscribe BOT, edit MESSAGE TEXT, "
                             "delete MESSAGE, status TEXT STATE")
    add_runtime_options(parser)


def _payload(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        value = json.loads(read_body(text, "--payload"))
    except json.JSONDecodeError as error:
        raise UsageError(f"--payload is not valid JSON (line {error.lineno}, column "
                         f"{error.colno}: {error.msg})") from None
    if not isinstance(value, dict):
        raise UsageError("--payload must be a JSON object of handler inputs, such as "
                         '{"arguments": "bank"}')
    return value


def run(args: argparse.Namespace) -> int:
    payload = _payload(args.payload)
    if args.event and (args.component or payload is not None):
        raise UsageError("give either COMPONENT HANDLER [--payload] or --event, not both")
    if not args.event and not args.component:
        raise UsageError("name a COMPONENT and HANDLER, or a ready-made --event")
    out, runtime = start(args)
    user_id = acting_user(runtime, args)
    if args.event:
        outcome = runtime.trigger_event(user_id, args.event[0], args.event[1:])
    elif args.handler is None:
        handlers = runtime.handlers(args.component)
        print(json.dumps({"component": args.component, "handlers": handlers}) if args.json
              else f"{args.component} handlers: {', '.join(handlers)}")
        return 0
    else:
        outcome = runtime.trigger(user_id, args.component, args.handler, payload, args.chat)
    return conclude(runtime, outcome, args, out)
