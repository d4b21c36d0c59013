"""Times in the chat window are shown in the acting user's time zone, as Cliq shows them.

Everything is stored in UTC. The window showed it as stored, so a person in Chennai saw the
Birthday wishes scheduler ("every morning at 09:00 India time") post at 03:30, and the header
said 08:40 at 14:10 their time. Now message times, the header (with the zone's name), the
permissions screen, the inspector, the time picker and the notices about time use the zone of
the user you act as (`timezone` in workspace.toml, default Asia/Kolkata); a date-time typed
without an offset (`F7`, `2027-02-01T09:00`) is read in it too. The headless commands keep UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cliqsim.platform.runtime import Runtime


@lru_cache(maxsize=32)
def zone_named(name: str) -> tzinfo:
    """The IANA zone `name`; UTC for a name the system does not know."""
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return UTC


def user_zone(runtime: Runtime, user_id: str) -> tzinfo:
    """The time zone of `user_id` (UTC if the user is unknown)."""
    try:
        return zone_named(runtime.user(user_id).timezone)
    except Exception:  # a user no longer in the workspace
        return UTC


def typed_in(text: str, zone: tzinfo) -> str:
    """A date or date-time typed without an offset, as the same wall time in `zone` (ISO text
    with the offset); anything else (an offset like `+10d`, text with its own offset, text that
    is not a date) unchanged, for `clock.parse_when` to read or refuse."""
    text = text.strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return text
    if when.tzinfo is not None:
        return text
    return when.replace(tzinfo=zone).isoformat()
