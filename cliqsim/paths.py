"""Where cliqsim keeps its data and finds the bundled sample components."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cliqsim.errors import UsageError, os_error_text

DATA_ENV = "CLIQSIM_DATA"
CACHE_ENV = "CLIQSIM_CACHE"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: `explicit` (from `--data`), else `$CLIQSIM_DATA`, else the per-user
    data directory of this platform. It is created if missing; UsageError naming where it came
    from (`--data`, `$CLIQSIM_DATA`) when it is a file or cannot be made."""
    if explicit:
        path, where = Path(explicit), "--data"
    elif os.environ.get(DATA_ENV):
        path, where = Path(os.environ[DATA_ENV]), f"${DATA_ENV}"
    else:
        from platformdirs import user_data_dir

        path, where = Path(user_data_dir("cliqsim", appauthor=False)), "the data directory"
    path = path.expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(f"{where} {path}: is a file, not a folder; give a folder for cliqsim's "
                         "data (it is made if missing)") from None
    except OSError as error:
        raise UsageError(os_error_text(error, where) + "; choose another with --data DIR") from None
    return path


def bundled_components() -> Path:
    """The `sample_components` folder shipped beside the package (in a source checkout)."""
    return Path(__file__).resolve().parent.parent / "sample_components"


def cache_dir() -> Path | None:
    """Where cliqsim caches parse tables and parsed scripts: `$CLIQSIM_CACHE` (empty: no cache),
    else the per-user cache directory of this platform. Not created here."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured else None
    if os.name == "posix" and sys.platform != "darwin":
        # The XDG rule platformdirs applies, without importing it on the start-up path.
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
        return Path(base) / "cliqsim"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cliqsim", appauthor=False))
