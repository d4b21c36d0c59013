"""`cliqsim extensions list|install|uninstall NAME`: the org's extensions. Installing and
uninstalling need an org admin; installing asks the admin to consent to the organization items.

    cliqsim extensions list
    cliqsim extensions install poll --user u_admin --consent allow
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from cliqsim.commands._runtime_options import (
    EXIT_OK,
    acting_user,
    add_runtime_options,
    conclude,
    start,
)
from cliqsim.errors import UsageError

if TYPE_CHECKING:
    from cliqsim.frontend.plain import Out
    from cliqsim.platform.runtime import Runtime

NAME = "extensions"
HELP = "list, install or uninstall extensions (installing needs an org admin's consent)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("list", "install", "uninstall"), help="what to do")
    parser.add_argument("name", nargs="?", metavar="NAME", help="the extension (id or name)")
    add_runtime_options(parser, chat=False)


def run(args: argparse.Namespace) -> int:
    out, runtime = start(args)
    if args.action == "list":
        return _list(runtime, args, out)
    if not args.name:
        raise UsageError(f"say which extension to {args.action}: cliqsim extensions "
                         f"{args.action} NAME")
    user_id = acting_user(runtime, args)
    if args.action == "install":
        outcome = runtime.install_extension(user_id, args.name)
    else:
        outcome = runtime.uninstall_extension(user_id, args.name)
    return conclude(runtime, outcome, args, out)


def _list(runtime: Runtime, args: argparse.Namespace, out: Out) -> int:
    from rich.table import Table

    extensions = runtime.extensions()
    if args.json:
        from cliqsim.commands._runtime_options import load_errors_json

        print(json.dumps({"extensions": [{
            "id": e.id, "name": e.name, "version": e.version, "description": e.description,
            "components": list(e.components), "installed": e.installed, "active": e.active,
            "installed_by": e.installed_by,
            "installed_at": e.installed_at.isoformat() if e.installed_at else None,
            "organization_items": [i.purpose for i in e.org_items],
        } for e in extensions], "load_errors": load_errors_json(runtime)}, indent=2))
        return EXIT_OK
    table = Table(title=f"Extensions of {runtime.org_name()}", title_justify="left")
    for column in ("id", "name", "version", "status", "components", "organization items"):
        table.add_column(column)
    for e in extensions:
        status = ("active" if e.active else "installed, not active") if e.installed else (
            "not installed")
        if e.installed and e.installed_by:
            status += f" (by {e.installed_by})"
        table.add_row(e.id, e.name, e.version, status, ", ".join(e.components),
                      "\n".join(i.purpose for i in e.org_items if i.kind == "org"))
    out.print(table)
    return EXIT_OK
