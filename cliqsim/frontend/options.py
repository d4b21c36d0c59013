"""What the start-up options mean, for the chat window and the headless commands alike:
`--data`, `--components`, `--now` and `--user`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cliqsim.clock import parse_when
from cliqsim.errors import UsageError
from cliqsim.paths import data_dir

if TYPE_CHECKING:
    import argparse

    from cliqsim.platform.runtime import Runtime


def data_option(args: argparse.Namespace) -> Path:
    """The data directory named by `--data`, `$CLIQSIM_DATA` or the platform default."""
    return data_dir(getattr(args, "data", None))


def components_option(args: argparse.Namespace) -> Path | None:
    """The folder of component packages named by `--components`, or None for the samples."""
    components = getattr(args, "components", None)
    folder = Path(components) if components else None
    if folder is not None and not folder.is_dir():
        fault = "is a file, not a folder" if folder.exists() else "there is no such folder"
        raise UsageError(f"--components {folder}: {fault}; give the folder that holds your "
                         "component packages (one folder per package, each with a "
                         "component.toml)")
    return folder


def now_option(args: argparse.Namespace) -> datetime | None:
    """The simulated time from `--now`, or None for the real clock."""
    when = getattr(args, "now", None)
    return parse_when(when) if when else None


def user_or_first_admin(runtime: Runtime, user_id: str | None) -> str:
    """`user_id` checked (UsageError naming the known users), or the first org admin."""
    if user_id:
        return runtime.user(user_id).id
    users = runtime.users()
    admins = [u for u in users if u.admin]
    return (admins or users)[0].id
