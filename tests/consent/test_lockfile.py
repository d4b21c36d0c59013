"""consent.lock: stable text, a faithful round trip, and the comparison `verify` reports."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cliqsim.consent.items import ConsentItem
from cliqsim.consent.lockfile import LockError, compare, parse_lock, render_lock

from .conftest import EMAIL, MAPS, POST, manifest

LOCK = Path("consent.lock")


def test_lock_is_sorted_and_one_line_per_item_without_locations() -> None:
    text = render_lock([manifest(POST, MAPS, EMAIL, component="nearby"),
                        manifest(POST, component="announce")])
    assert text.index("[components.announce]") < text.index("[components.nearby]")
    nearby = text[text.index("[components.nearby]"):]
    lines = [line for line in nearby.splitlines() if line.startswith("  {")]
    assert [tomllib.loads(f"x = {line.strip().rstrip(',')}")["x"]["target"]
            for line in lines] == ["user.email", POST.target, "GET maps.googleapis.com"]
    assert 'connection = "gmaps"' in lines[2]
    assert "locations" not in text
    # same items in any order: the same bytes
    assert text == render_lock([manifest(POST, component="announce"),
                                manifest(EMAIL, MAPS, POST, component="nearby")])


def test_round_trip_keeps_every_item_identity() -> None:
    flagged = ConsentItem("api", "an address decided at run time", "user", "Sends data",
                          flagged=True, note="decided at run time")
    lock = parse_lock(render_lock([manifest(EMAIL, MAPS, flagged)]), LOCK)
    assert {i.key for i in lock["nearby"].items} == {EMAIL.key, MAPS.key, flagged.key}
    assert lock["nearby"].name == "/nearby"
    assert compare([manifest(EMAIL, MAPS, flagged)], lock) == []


@given(st.text(min_size=1), st.text(), st.one_of(st.none(), st.text()))
def test_any_text_survives_the_toml(target: str, purpose: str, connection: str | None) -> None:
    item = ConsentItem("api", target, "admin", purpose, connection=connection)
    text = render_lock([manifest(item, component="odd id.with \"quotes\"")])
    tomllib.loads(text)
    (locked,) = parse_lock(text, LOCK).values()
    (back,) = locked.items
    assert (back.key, back.purpose) == (item.key, item.purpose)


def test_compare_names_added_new_removed_and_gone() -> None:
    lock = parse_lock(render_lock([manifest(EMAIL, component="nearby"),
                                   manifest(POST, component="old")]), LOCK)
    changes = {c.component_id: c for c in compare(
        [manifest(EMAIL, MAPS, component="nearby"), manifest(POST, component="poll")], lock)}
    assert [i.key for i in changes["nearby"].diff.added] == [MAPS.key]
    assert changes["nearby"].needs_more and not changes["nearby"].new
    assert changes["poll"].new and changes["poll"].needs_more
    assert changes["old"].gone and not changes["old"].needs_more
    fewer = compare([manifest(component="nearby")], parse_lock(
        render_lock([manifest(EMAIL, component="nearby")]), LOCK))
    assert [i.key for i in fewer[0].diff.removed] == [EMAIL.key] and not fewer[0].needs_more


@pytest.mark.parametrize("text, reason", [
    ("version = [", "is not valid TOML"),
    ("version = 7", "has version 7"),
    ("version = 1\ncomponents = 3", "'components' must be a table"),
    ("version = 1\n[components.x]\nitems = [{ kind = 1 }]", "components.x.items[0] needs"),
])
def test_a_bad_lock_says_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(LockError, match=r"consent\.lock: ") as error:
        parse_lock(text, LOCK)
    assert reason in error.value.message
