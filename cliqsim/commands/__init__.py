"""One module per `cliqsim` subcommand; `cliqsim.cli` finds them here."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from cliqsim.clock import parse_when
from cliqsim.paths import data_dir


def data_option(args: argparse.Namespace) -> Path:
    """The data directory named by `--data`, `$CLIQSIM_DATA` or the platform default."""
    return data_dir(getattr(args, "data", None))


def now_option(args: argparse.Namespace) -> datetime | None:
    """The simulated time from `--now`, or None for the real clock."""
    when = getattr(args, "now", None)
    return parse_when(when) if when else None
