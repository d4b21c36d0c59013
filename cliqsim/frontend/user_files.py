"""Files and folders a person names on the command line, and the one wording of what went
wrong with them.

Every command that reads a file given as an option or argument (`script FILE.dg`, `check`,
`--body @FILE`, `--payload @FILE`, `--input FILE`, `consent.lock`) reads it through
`read_user_text`, so each kind of fault gets the same clear message: what (no such file, a
folder, no permission, not UTF-8 text and where), which option, and what to do
(`cliqsim.errors.os_error_text` words every other `OSError`).
"""

from __future__ import annotations

import os
from pathlib import Path

from cliqsim.errors import UsageError, os_error_text


def utf8_fault(data: bytes | bytearray, error: UnicodeDecodeError) -> str:
    """Where the first byte that is not UTF-8 sits: `line L, column C (byte B)`."""
    start = error.start
    line = data.count(b"\n", 0, start) + 1
    column = start - (data.rfind(b"\n", 0, start) + 1) + 1
    return f"line {line}, column {column} (byte {start})"


def read_user_text(path: Path, what: str) -> str:
    """The UTF-8 text of the file `path` a person named (`what`: how, e.g. "--body @FILE" or
    "the script"), a leading byte-order mark dropped. UsageError naming `what`, the path, the
    fault and the fix when it is missing, a folder, unreadable or not UTF-8 text."""
    where = f"{what}: " if what else ""
    if path.is_dir():
        raise UsageError(f"{where}{path} is a folder, not a file; give the path of a file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{where}there is no file {path}; check the path") from None
    except OSError as error:
        raise UsageError(os_error_text(error, what)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{where}{path} is not UTF-8 text (a byte that is not UTF-8 at "
            f"{utf8_fault(data, error)}); save it as UTF-8 text"
        ) from None


def ensure_folder(path: Path, what: str) -> Path:
    """`path`, created with its parents if missing. UsageError naming `what` (e.g. "--data")
    when it is a file or cannot be made."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{what} {path}: is a file, not a folder; give a folder "
                         "(it is made if missing)")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as error:
        raise UsageError(os_error_text(error, what)) from None
    return path


__all__ = ["ensure_folder", "os_error_text", "read_user_text", "utf8_fault"]
