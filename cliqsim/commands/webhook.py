"""`cliqsim webhook BOT --body JSON|@file`: deliver a bot's incoming webhook the way a
third-party service would (a payment gateway, PagerDuty, GitHub) and see what the bot posts.

    cliqsim webhook PayAlerts --body '{"event":"payment.failed","amount":4999}'
    cliqsim webhook PayAlerts --body @payload.json --header X-Signature:abc123
    cliqsim webhook PayAlerts --body 'plain text' --header Content-Type:text/plain

The handler gets `body` as text, `headers`, `params` and `http_method`, and runs as the bot's
owner (the first org admin) unless `--user` names the user whose webhook token the URL carries.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cliqsim.commands._runtime_options import (
    add_runtime_options,
    conclude,
    start,
)
from cliqsim.errors import UsageError

NAME = "webhook"
HELP = "deliver a bot's incoming webhook as a third-party service would"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bot", metavar="BOT", help="the bot: its name or unique name")
    parser.add_argument("--body", required=True, metavar="JSON|@FILE",
                        help="the request body: JSON text, or @file to read it from a file")
    parser.add_argument("--header", action="append", default=[], metavar="NAME:VALUE",
                        help="a request header (repeatable)")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a query parameter of the webhook URL (repeatable)")
    parser.add_argument("--method", default="POST", choices=("POST", "GET", "PUT", "PATCH",
                                                              "DELETE"),
                        help="the HTTP method (default POST)")
    add_runtime_options(parser, chat=False)


def read_body(text: str, option: str = "--body") -> str:
    """`text`, or the text of the file `@FILE` names (UsageError naming `option`)."""
    if not text.startswith("@"):
        return text
    from cliqsim.frontend.user_files import read_user_text

    return read_user_text(Path(text[1:]), option)


def pairs(values: list[str], separator: str, option: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in values:
        name, sep, rest = value.partition(separator)
        if not sep or not name.strip():
            raise UsageError(f"{option} {value!r}: write NAME{separator}VALUE")
        found[name.strip()] = rest.strip()
    return found


def run(args: argparse.Namespace) -> int:
    body = read_body(args.body)
    headers = pairs(args.header, ":", "--header")
    params = pairs(args.param, "=", "--param")
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    if content_type is None:
        headers["Content-Type"] = "application/json"
        content_type = "application/json"
    if "json" in content_type.lower():
        try:
            json.loads(body)
        except json.JSONDecodeError as error:
            raise UsageError(
                f"--body is not valid JSON (line {error.lineno}, column {error.colno}: "
                f"{error.msg}); fix it, or send text with --header Content-Type:text/plain"
            ) from None
    out, runtime = start(args)
    user_id = runtime.user(args.user).id if args.user else None
    outcome = runtime.deliver_webhook(args.bot, body, headers=headers, params=params,
                                      method=args.method, user_id=user_id)
    return conclude(runtime, outcome, args, out)
