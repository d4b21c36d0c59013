"""A component that keeps asking cannot push a person's open consent request out
(docs/consents.md, threat model row 39).

Waiting requests were bounded by one queue for everyone (`MAX_PARKED`, oldest out): a command
whose suggestion handler asks on every key typed, or an incoming webhook an outside service
calls again and again (each asks its owner), evicted the request a person had open for another
component — or another person's — so their Allow answered nothing ("already answered or
unknown"). Now each person has their own room, and an overflow drops the oldest request of the
component with the most waiting (`cliqsim.platform.parked`)."""

from __future__ import annotations

from pathlib import Path

from platform_helpers import write_package

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.parked import MAX_PARKED, ParkedRequests
from cliqsim.platform.runtime import Runtime


def test_suggestions_typed_many_times_do_not_evict_an_open_request(
        tmp_path: Path, clock: SimulatedClock) -> None:
    root = tmp_path / "c"
    write_package(root, "hello", 'type = "command"\nname = "hello"\n[handlers]\n'
                  'execution = "execution.dg"\n',
                  {"execution.dg": 'zoho.cliq.postToChat(chat.get("id"), "hi");\n'})
    for name in ("nearby",):
        (root / name).symlink_to(bundled_components() / name)
    runtime = Runtime(root, tmp_path / "d", clock)
    mine = runtime.submit("u_arjun", "general", "/hello")
    hers = runtime.submit("u_meera", "general", "/hello")
    assert mine.pending is not None and hers.pending is not None
    for n in range(MAX_PARKED + 50):  # every key typed asks again
        assert runtime.suggest("u_arjun", "general", f"/nearby {'b' * (n % 7)}").status == (
            "consent_required")
    assert runtime.decide(mine.pending, True).status == "ok"
    assert runtime.decide(hers.pending, True).status == "ok"


def test_the_busiest_component_makes_room() -> None:
    parked: ParkedRequests[str] = ParkedRequests()
    parked.add("open", "u_arjun", "hello", "open")
    for n in range(MAX_PARKED * 2):
        parked.add(f"s{n}", "u_arjun", "nearby", "suggestion")
    assert parked.get("open") == "open"
    assert len(parked) == MAX_PARKED
    assert parked.get("s0") is None and parked.get(f"s{MAX_PARKED * 2 - 1}") == "suggestion"
