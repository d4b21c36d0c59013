"""Time, injected everywhere: the real clock, or a simulated one that can be moved forward."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Protocol

from cliqsim.errors import UsageError


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SimulatedClock:
    """A clock that stands still until moved: `advance(timedelta(days=61))`, `set(when)`."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = (start or datetime.now(UTC)).astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, when: datetime) -> datetime:
        self._now = when.astimezone(UTC)
        return self._now


_OFFSET = r"^([+-])(\d+)([smhdw])$"  # compiled only for a value starting with + or -
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_when(text: str, base: datetime | None = None) -> datetime:
    """Parse a `--now` value: an ISO date or date-time (UTC unless it names an offset), or an
    offset from `base` (default: the real now) such as `+61d`, `-2h`, `+1w`."""
    text = text.strip()
    match = re.match(_OFFSET, text) if text[:1] in ("+", "-") else None
    if match:
        sign, amount, unit = match.groups()
        start = base or datetime.now(UTC)
        try:
            delta = timedelta(**{_UNITS[unit]: int(amount)})
            return _in_range(start + delta if sign == "+" else start - delta, text)
        except OverflowError:
            raise _out_of_range(text) from None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"cannot read the time {text!r}: give an ISO date or date-time "
            "(2026-12-01, 2026-12-01T09:30, 2026-12-01T09:30+05:30) or an offset like +61d, +2h"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return _in_range(when, text)


LAST_YEAR = 9899  # leaves a century for expiry dates and schedules computed from the time


def _in_range(when: datetime, text: str) -> datetime:
    if when.year > LAST_YEAR:
        raise _out_of_range(text)
    return when


def _out_of_range(text: str) -> UsageError:
    return UsageError(
        f"the time {text!r} is out of range: cliqsim's simulated time runs from year 1 to "
        f"{LAST_YEAR}"
    )
