"""One module per `cliqsim` subcommand; `cliqsim.cli` finds them here. What they share with the
chat window (options, the message renderer) lives in `cliqsim.frontend`; the option helpers are
named here too for the subcommands that import them from this package."""

from __future__ import annotations

from cliqsim.frontend.options import (
    components_option,
    data_option,
    now_option,
    user_or_first_admin,
)

__all__ = ["MODULES", "components_option", "data_option", "now_option", "user_or_first_admin"]

MODULES: dict[str, str] = {
    "action": "action", "call": "call", "check": "check", "click": "click",
    "consents": "consents", "extensions": "extensions", "form": "form",
    "import": "import_project", "menu": "menu", "messages": "messages", "outbox": "outbox",
    "participation": "participation", "run": "run", "scheduler": "scheduler",
    "script": "script", "test": "test", "trigger": "trigger", "users": "users",
    "webhook": "webhook", "widget": "widget",
}
"""Each subcommand's NAME and its module here: `cliqsim.cli` finds the command a command line
runs, and imports only its module, without importing the others (`tests/test_cli.py` checks
that the table names every command module, each under its own NAME)."""
