"""Huge item lists: the consent request, the guard and the ledger stay bounded (docs/consents.md,
threat model row 29).

A hostile component listed thousands of items (one script of 185,000 characters names 6,000
hosts). The person was asked to weigh all of them; then every call the script made compared
its address with every item (7.5 s per run, holding the runtime lock, so the chat window froze
for everyone), and every run wrote a `used` ledger record naming each item and line (270 KB
per run: a scheduler every minute would add 390 MB a day to the consent store). Now a request
lists at most `MOST_ITEMS` items (a component needing more is refused before anything is
asked or stored), the guard looks an address up by its host, and a `used` record names at
most `USED_SHOWN` items and lines and counts the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from platform_helpers import START, allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.consent import guard as guard_module
from cliqsim.consent.guard import USED_SHOWN, GuardedHost
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import MOST_ITEMS
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Span
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

FETCHES = [{"method": "GET", "url": "*", "body": "ok"}]


def _runtime(tmp_path: Path, script: str) -> Runtime:
    root = tmp_path / "c"
    root.mkdir(exist_ok=True)
    (root / "workspace.toml").write_text(
        (bundled_components() / "workspace.toml").read_text(encoding="utf-8"), encoding="utf-8")
    write_package(root, "many", 'type = "command"\nname = "many"\n[handlers]\n'
                  'execution = "execution.dg"\n[[fixtures]]\nmethod = "GET"\nurl = "*"\n'
                  'body = "ok"\n', {"execution.dg": script})
    return Runtime(root, tmp_path / "d", SimulatedClock(START))


def _hosts(count: int) -> str:
    return "".join(f'a = getUrl("https://h{i}.example/");\n' for i in range(count)) + \
        'return {"text": "done"};\n'


def test_a_component_needing_more_than_the_most_items_is_refused_before_asking(
        tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, _hosts(MOST_ITEMS + 1))
    outcome = runtime.submit("u_arjun", "general", "/many")
    assert outcome.status == "error" and outcome.error is not None
    assert outcome.pending is None and outcome.consent is None
    assert f"{MOST_ITEMS + 1} items" in outcome.error.message
    assert f"at most {MOST_ITEMS}" in outcome.error.message
    assert not runtime.grants("u_arjun")


def test_a_component_needing_the_most_items_is_asked_as_usual(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, _hosts(MOST_ITEMS))
    outcome = runtime.submit("u_arjun", "general", "/many")
    assert outcome.consent is not None and len(outcome.consent.items) == MOST_ITEMS
    assert allow(runtime, outcome).status == "ok"


def test_the_guard_looks_an_address_up_by_its_host(monkeypatch: pytest.MonkeyPatch) -> None:
    items = [ConsentItem("api", f"GET h{i}.example", "user", "x") for i in range(5000)]
    items.append(ConsentItem("api", "GET *.wild.example", "user", "x"))
    compared: list[Any] = []
    real = guard_module._origin_matches

    def counting(item: Any, wanted: Any) -> bool:
        compared.append(item)
        return real(item, wanted)

    monkeypatch.setattr(guard_module, "_origin_matches", counting)
    guard = GuardedHost(RecordingHost(), items)
    guard.invoke_url({"url": "https://h4999.example/x", "type": "GET"}, Span.point(1, 1))
    guard.invoke_url({"url": "https://a.b.wild.example/x", "type": "GET"}, Span.point(2, 1))
    assert len(compared) <= 4
    assert {item.target for item in guard.used_items} == {"GET h4999.example",
                                                          "GET *.wild.example"}


def test_a_used_record_names_at_most_a_few_items_and_lines(tmp_path: Path) -> None:
    script = ('for each i in {1,2,3,4,5,6,7,8,9,10}\n{\n'
              + "".join(f'\ta = getUrl("https://h{n}.example/");\n' for n in range(30))
              + '}\nreturn {"text": "done"};\n')
    runtime = _runtime(tmp_path, script)
    assert allow(runtime, runtime.submit("u_arjun", "general", "/many")).status == "ok"
    used = [r for r in runtime.ledger("u_arjun") if r.event == "used"]
    assert used
    assert f"and {30 - USED_SHOWN} more items" in used[-1].detail
    assert len(used[-1].detail) < 2_000
