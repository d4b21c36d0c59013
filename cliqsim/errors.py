"""The base of every error cliqsim shows a person that is not a Deluge language error."""

from __future__ import annotations

import errno


class CliqsimError(Exception):
    """A problem a person can act on: `message` says what, where and what to do.

    `title` is a short heading for a modal or panel ("Damaged data file", "Bad component package").
    """

    def __init__(self, message: str, title: str = "Error") -> None:
        super().__init__(message)
        self.message = message
        self.title = title

    def __str__(self) -> str:
        return self.message


class UsageError(CliqsimError):
    """The command line was wrong (exit code 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, title="Usage")


_ADVICE = {
    errno.ENOENT: "check the path",
    errno.EACCES: "make it readable and writable for you, or choose another path",
    errno.EPERM: "choose a path you may write to",
    errno.EROFS: "choose a path on a writable disk",
    errno.ENOSPC: "free some disk space",
    errno.EISDIR: "give a file, not a folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder; check the path",
    errno.EEXIST: "a file is in the way; give another path",
    errno.ENAMETOOLONG: "give a shorter path",
}


def os_error_text(error: OSError, what: str = "") -> str:
    """`error` as one line: `<what> <path>: <reason>; <what to do>` (`what` names the option or
    the kind of file, e.g. "--data"; empty: the path alone)."""
    reason = error.strerror or str(error)
    path = error.filename
    subject = " ".join(str(part) for part in (what, path) if part) or "a file"
    advice = _ADVICE.get(error.errno or 0)
    return f"{subject}: {reason.lower() if reason[:1].isupper() else reason}" + (
        f"; {advice}" if advice else "")
