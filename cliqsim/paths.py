"""Where cliqsim keeps its data and finds the bundled sample components."""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "CLIQSIM_DATA"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: `explicit` (from `--data`), else `$CLIQSIM_DATA`, else the per-user
    data directory of this platform. It is created if missing."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get(DATA_ENV):
        path = Path(os.environ[DATA_ENV])
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("cliqsim", appauthor=False))
    path = path.expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def bundled_components() -> Path:
    """The `sample_components` folder shipped beside the package (in a source checkout)."""
    return Path(__file__).resolve().parent.parent / "sample_components"
