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

__all__ = ["components_option", "data_option", "now_option", "user_or_first_admin"]
