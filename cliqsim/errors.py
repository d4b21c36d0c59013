"""The base of every error cliqsim shows a person that is not a Deluge language error."""

from __future__ import annotations


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
