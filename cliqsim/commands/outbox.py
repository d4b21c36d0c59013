"""`cliqsim outbox`: the mail `sendmail` delivered to the simulated outbox (nothing leaves)."""

from __future__ import annotations

import argparse
import json

from cliqsim.commands._runtime_options import EXIT_OK, add_runtime_options, console, open_runtime

NAME = "outbox"
HELP = "show the mail components sent with sendmail (simulated; nothing is delivered)"


def register(parser: argparse.ArgumentParser) -> None:
    add_runtime_options(parser, chat=False, consent=False)
    parser.add_argument("--all", action="store_true", help="every mail, not only the user's")


def run(args: argparse.Namespace) -> int:
    from rich.panel import Panel
    from rich.text import Text

    runtime = open_runtime(args)
    user = None if args.all or not args.user else runtime.user(args.user).id
    mails = runtime.outbox(user)
    if args.json:
        print(json.dumps([{"id": m.id, "time": m.time.isoformat(), "from": m.sender,
                           "to": list(m.to), "cc": list(m.cc), "bcc": list(m.bcc),
                           "subject": m.subject, "body": m.body, "component": m.component}
                          for m in mails], indent=2))
        return EXIT_OK
    out = console()
    if not mails:
        out.print("The outbox is empty.")
    for m in mails:
        head = f"From {m.sender} to {', '.join(m.to)}"
        if m.cc:
            head += f", cc {', '.join(m.cc)}"
        out.print(Panel(Text(f"{head}\n{m.time:%Y-%m-%d %H:%M} · sent by {m.component}\n\n"
                             f"{m.body}"), title=Text(m.subject), title_align="left"))
    return EXIT_OK
