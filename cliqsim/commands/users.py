"""`cliqsim users`: the workspace's users and their roles (who may install extensions)."""

from __future__ import annotations

import argparse
import json

from cliqsim.commands._runtime_options import EXIT_OK, add_runtime_options, console, open_runtime

NAME = "users"
HELP = "list the simulated organization's users and roles"


def register(parser: argparse.ArgumentParser) -> None:
    add_runtime_options(parser, chat=False, consent=False)


def run(args: argparse.Namespace) -> int:
    from rich.table import Table

    runtime = open_runtime(args)
    users = runtime.users()
    if args.json:
        print(json.dumps([{"id": u.id, "name": u.name, "email": u.email, "role": u.role,
                           "admin": u.admin, "timezone": u.timezone} for u in users], indent=2))
        return EXIT_OK
    table = Table(title=f"Users of {runtime.org_name()}", title_justify="left")
    for column in ("id", "name", "email", "role", "time zone"):
        table.add_column(column)
    for u in users:
        table.add_row(u.id, u.name, u.email, u.role, u.timezone)
    console().print(table)
    return EXIT_OK
