"""Shared fixtures: a consent store in a temporary directory and a clock that stands still."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import Gate
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import ConsentManifest, make_manifest
from cliqsim.consent.store import ConsentStore

START = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)

EMAIL = ConsentItem("object", "user.email", "user", "Reads your email address")
POST = ConsentItem(
    "task", 'zoho.cliq.postToChannel {"to": ["general"]}', "user",
    "Posts messages to Cliq channels as you: #general"
)
MAPS = ConsentItem(
    "api", "GET maps.googleapis.com", "admin",
    "Fetches data from maps.googleapis.com with the admin's Google Maps connection",
    connection="gmaps",
)


def manifest(*items: ConsentItem, component: str = "nearby") -> ConsentManifest:
    return make_manifest(component, "command", items, name=f"/{component}")


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(START)


@pytest.fixture
def store(tmp_path: Path) -> ConsentStore:
    return ConsentStore.in_dir(tmp_path)


@pytest.fixture
def gate(store: ConsentStore, clock: SimulatedClock) -> Gate:
    return Gate(store, clock)
