"""The consent store at 10,000 and 100,000 grants: check latency, durable grant write, load.

Baselines, measured in the same run: a plain dict lookup (for `Gate.check`), `json.dumps` of the
same tables plus a plain non-durable write (for a grant write), and `json.loads` of the file (for
loading the store at start).
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import Report, best_of, median

from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import Allowed, Gate
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import ConsentManifest, make_manifest
from cliqsim.consent.store import FILE_NAME, ConsentStore, Grant, LedgerRecord, new_grant_id
from cliqsim.storage import write_atomically

TITLE = "Consent store: check, durable grant write, load at start"
START = datetime(2026, 3, 1, tzinfo=UTC)
COMPONENTS = 100

# A realistic manifest: a few object reads, a task and an API.
ITEMS = (
    ConsentItem("object", "user.email", "user", "Reads your email address"),
    ConsentItem("object", "user.first_name", "user", "Reads your name"),
    ConsentItem("object", "arguments", "user", "Reads what you typed"),
    ConsentItem("task", "zoho.cliq.postToChannel", "user", "Posts messages to Cliq channels"),
    ConsentItem("api", "GET maps.googleapis.com", "admin", "Fetches data from maps",
                connection="gmaps"),
)


def _manifests() -> list[ConsentManifest]:
    return [
        make_manifest(f"component{n}", "command", ITEMS[: 2 + n % 4], name=f"/component{n}")
        for n in range(COMPONENTS)
    ]


def _seed(path: Path, grants: int, manifests: list[ConsentManifest]) -> None:
    """Write a consents file holding `grants` grants (and one ledger record each) directly."""
    from cliqsim.consent.store import KIND, SCHEMA_VERSION

    docs: dict[str, Any] = {}
    ledger: dict[str, Any] = {}
    for n in range(grants):
        manifest = manifests[n % COMPONENTS]
        when = START + timedelta(seconds=n)
        grant = Grant(
            new_grant_id(), f"user{n // COMPONENTS}", manifest.component_id,
            manifest.fingerprint, manifest.items, when, when + timedelta(days=60),
            manifest.name, "command",
        )
        docs[str(n + 1)] = grant.to_document()
        ledger[str(n + 1)] = LedgerRecord(
            when, "granted", grant.user_id, grant.component_id, grant.grant_id,
            tuple(sorted(grant.keys)), fingerprint=grant.fingerprint,
        ).to_document()
    itemsets = {
        str(i + 1): {"fingerprint": m.fingerprint, "items": [it.to_json() for it in m.items]}
        for i, m in enumerate(manifests)
    }
    write_atomically(
        path,
        {
            "meta": {"1": {"kind": KIND, "schema_version": SCHEMA_VERSION}},
            "grants": docs,
            "itemsets": itemsets,
            "ledger": ledger,
            "installs": {},
        },
    )
    # one write through the store puts the file in the store's own layout, as in real use
    # (with its stored index), and the compaction a long-running store makes
    store = ConsentStore(path)
    store.append_ledger([LedgerRecord(START, "denied", "seed", "seed")])
    store._file.compact()


def _check_latency(gate: Gate, manifests: list[ConsentManifest], users: int) -> float:
    """Median seconds per `Gate.check` on grants spread over the store (warm index)."""
    now = START + timedelta(days=1)
    pairs = [(f"user{(n * 7919) % users}", manifests[n % COMPONENTS]) for n in range(2000)]
    for user, manifest in pairs:  # warm: build each Grant object once, as a session would
        gate.check(user, manifest, now)
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for user, manifest in pairs:
            decision = gate.check(user, manifest, now)
        samples.append((time.perf_counter() - start) / len(pairs))
    assert isinstance(decision, Allowed)
    return median(samples)


def _dict_lookup(users: int) -> float:
    table = {(f"user{u}", f"component{c}"): (u, c) for u in range(users) for c in range(10)}
    keys = [(f"user{(n * 7919) % users}", f"component{n % 10}") for n in range(2000)]
    start = time.perf_counter()
    for key in keys:
        table.get(key)
    return (time.perf_counter() - start) / len(keys)


def _compaction(store: ConsentStore) -> float:
    """Seconds to fold the journal into the file (what a write pays now and then)."""
    start = time.perf_counter()
    store._file.compact()
    return time.perf_counter() - start


def run(report: Report) -> None:
    manifests = _manifests()
    for grants in (10_000, 100_000):
        with tempfile.TemporaryDirectory() as tmp:
            _measure(report, Path(tmp), grants, manifests)


def _measure(report: Report, data: Path, grants: int, manifests: list[ConsentManifest]) -> None:
    users = grants // COMPONENTS
    path = data / FILE_NAME
    _seed(path, grants, manifests)
    report.line(f"{grants:,} grants: file size", f"{path.stat().st_size / 1e6:.1f} MB")

    load = best_of(lambda: ConsentStore(path), repeat=3)
    raw = path.read_bytes()
    parse = best_of(lambda: json.loads(raw), repeat=3)
    report.ratio(f"{grants:,} grants: load at start vs json.loads", load, parse,
                 "(target <= 50 ms at 10,000, <= 150 ms at 100,000)")
    limit = 0.050 if grants <= 10_000 else 0.150
    report.goal(f"consent store at {grants:,} grants: load at start", f"{load * 1e3:.0f} ms",
                f"<= {limit * 1e3:.0f} ms", load <= limit)

    store = ConsentStore(path)
    gate = Gate(store, SimulatedClock(START))
    check = _check_latency(gate, manifests, users)
    lookup = _dict_lookup(users)
    report.line(
        f"{grants:,} grants: Gate.check (watching the file)",
        f"{check * 1e6:.2f} us",
        f"({check / lookup:.0f}x a dict lookup of {lookup * 1e6:.3f} us; target <= 10 us)",
    )
    report.goal(f"Gate.check at {grants:,} grants (watching the file)", f"{check * 1e6:.1f} us",
                "<= 10 us", check <= 10e-6)
    gate.watch_file = False
    quiet = _check_latency(gate, manifests, users)
    report.line(f"{grants:,} grants: Gate.check (index only)", f"{quiet * 1e6:.2f} us")

    writes = []
    for n in range(8):
        start = time.perf_counter()
        gate.grant(f"newcomer{n}", manifests[n], START)
        writes.append(time.perf_counter() - start)
    tables = store._file.db.storage.read()
    plain_path = data / "plain.json"
    plain = best_of(lambda: plain_path.write_text(json.dumps(tables)), 3)
    report.ratio(f"{grants:,} grants: first grant write after start vs plain dump", writes[0],
                 plain, "(lists the ledger's ids once, for the next id)")
    report.goal(f"consent store at {grants:,} grants: first grant write after start",
                f"{writes[0] * 1e3:.1f} ms", "<= 10 ms", writes[0] <= 0.010)
    durable = median(writes[1:])
    report.ratio(f"{grants:,} grants: durable grant write vs plain dump", durable,
                 plain, "(median of the next 7; target <= 10 ms)")
    report.goal(f"consent store at {grants:,} grants: durable grant write",
                f"{durable * 1e3:.2f} ms", "<= 10 ms", durable <= 0.010)
    report.line(f"{grants:,} grants: the journal then compacted into the file",
                f"{_compaction(store) * 1e3:.0f} ms", "(once per journal of 1/16 the file)")
