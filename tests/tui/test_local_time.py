"""The chat window shows times in the acting user's time zone, as Cliq does.

It showed them as stored (UTC): in Chennai the Birthday wishes scheduler ("every morning at
09:00 India time") posted at 03:30, and the header was five and a half hours behind the
person's clock. The zone is the user's `timezone` (workspace.toml; Zoho's user object carries
it as `timezone`). See docs/tui.md, "The chat screen".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from conftest import START, type_and_send, wait_for
from textual.widgets import Static

from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.local_time import typed_in, zone_named


def line_text(app: CliqsimApp) -> str:
    chat = app.chat_screen
    assert chat is not None
    lines = []
    for index in range(len(chat.message_list.messages)):
        layout = chat.message_list._layout(index)
        lines.extend(strip.text for strip in layout.body)
    return "\n".join(lines)


async def test_message_times_and_the_header_are_in_the_users_zone(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        await type_and_send(pilot, "hello")
        await wait_for(pilot, lambda: "hello" in line_text(app), "the message")
        assert START == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
        assert "Dec 01 14:30" in line_text(app)  # 09:00 UTC in Asia/Kolkata
        chat = app.chat_screen
        assert chat is not None
        header = str(chat.query_one("#chat-header", Static).render())
        assert "2026-12-01 14:30 IST" in header, header


async def test_a_time_typed_without_an_offset_is_the_users_wall_time(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.chat_screen is not None, "the chat")
        await app.move_time("2026-12-02T09:00")
        assert app.runtime.now() == datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
        await app.move_time("+1d")  # offsets are offsets
        assert app.runtime.now() == datetime(2026, 12, 3, 3, 30, tzinfo=UTC)


def test_typed_in_and_unknown_zones() -> None:
    india = zone_named("Asia/Kolkata")
    assert typed_in("2027-02-01", india) == "2027-02-01T00:00:00+05:30"
    assert typed_in("2027-02-01T09:00+00:00", india) == "2027-02-01T09:00+00:00"
    assert typed_in("+10d", india) == "+10d"
    assert typed_in("soon", india) == "soon"
    assert zone_named("Not/AZone") is UTC
    assert datetime(2026, 1, 1, tzinfo=UTC).astimezone(india).utcoffset() == timedelta(
        hours=5, minutes=30)
