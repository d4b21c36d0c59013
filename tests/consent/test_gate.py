"""The gate's rules: first run, grant, exact expiry, revocation, changed code, denial."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import Allowed, ConsentNotFound, ConsentRequest, Gate
from cliqsim.consent.store import ConsentStore

from .conftest import EMAIL, MAPS, POST, START, manifest


def test_first_run_asks_and_says_until_when_a_consent_would_last(gate: Gate) -> None:
    request = gate.check("u1", manifest(EMAIL, MAPS))
    assert isinstance(request, ConsentRequest)
    assert request.reason == "first_run"
    assert "/nearby has not run for you before" in request.reason_text
    assert request.valid_until == START + timedelta(days=60)
    assert request.diff is None
    assert [item.target for item in request.items] == ["user.email", "GET maps.googleapis.com"]


def test_a_grant_allows_runs_until_the_exact_second_it_expires(
    gate: Gate, clock: SimulatedClock
) -> None:
    wanted = manifest(EMAIL, MAPS)
    grant = gate.grant("u1", wanted)
    assert grant.granted_at == START
    assert grant.expires_at == START + timedelta(days=60)
    clock.set(grant.expires_at - timedelta(seconds=1))
    allowed = gate.check("u1", wanted)
    assert isinstance(allowed, Allowed)
    assert allowed.grant == grant
    assert allowed.covered == wanted.keys
    clock.set(grant.expires_at)
    lapsed = gate.check("u1", wanted)
    assert isinstance(lapsed, ConsentRequest)
    assert lapsed.reason == "expired"
    assert "expired on 2026-04-30 09:30 UTC" in lapsed.reason_text


def test_expiry_is_recorded_in_the_ledger_once(gate: Gate, clock: SimulatedClock) -> None:
    wanted = manifest(EMAIL)
    grant = gate.grant("u1", wanted)
    clock.advance(timedelta(days=61))
    gate.check("u1", wanted)
    gate.check("u1", wanted)
    expired = [r for r in gate.store.ledger() if r.event == "expired"]
    assert len(expired) == 1
    assert expired[0].at == grant.expires_at
    assert expired[0].grant_id == grant.grant_id


def test_the_validity_is_configuration(store: ConsentStore, clock: SimulatedClock) -> None:
    gate = Gate(store, clock, validity=timedelta(days=7))
    grant = gate.grant("u1", manifest(EMAIL))
    assert grant.expires_at == START + timedelta(days=7)
    clock.advance(timedelta(days=7))
    request = gate.check("u1", manifest(EMAIL))
    assert isinstance(request, ConsentRequest) and request.reason == "expired"


def test_granting_again_after_expiry_starts_a_new_period(gate: Gate, clock: SimulatedClock) -> None:
    wanted = manifest(EMAIL)
    gate.grant("u1", wanted)
    clock.advance(timedelta(days=60))
    renewed = gate.grant("u1", wanted)
    assert renewed.expires_at == clock.now() + timedelta(days=60)
    assert isinstance(gate.check("u1", wanted), Allowed)
    assert len(gate.store.grants("u1")) == 1


def test_revoked_consent_asks_again_and_says_when(gate: Gate, clock: SimulatedClock) -> None:
    wanted = manifest(EMAIL)
    grant = gate.grant("u1", wanted)
    clock.advance(timedelta(hours=2))
    revoked = gate.revoke(grant.grant_id)
    assert [g.grant_id for g in revoked] == [grant.grant_id]
    request = gate.check("u1", wanted)
    assert isinstance(request, ConsentRequest)
    assert request.reason == "revoked"
    assert "revoked on 2026-03-01 11:30 UTC (revoked by the user)" in request.reason_text
    assert gate.revoke(grant.grant_id) == []  # already revoked: nothing more to do


def test_revoke_by_component_and_everything_for_one_user(gate: Gate) -> None:
    gate.grant("u1", manifest(EMAIL, component="nearby"))
    gate.grant("u1", manifest(POST, component="poll"))
    gate.grant("u2", manifest(EMAIL, component="nearby"))
    assert [g.user_id for g in gate.revoke(component_id="nearby", user_id="u1")] == ["u1"]
    assert [g.component_id for g in gate.revoke(everything=True, user_id="u1")] == ["poll"]
    assert isinstance(gate.check("u2", manifest(EMAIL, component="nearby")), Allowed)
    assert len(gate.revoke(everything=True)) == 1


def test_revoking_something_unknown_says_how_to_find_it(gate: Gate) -> None:
    with pytest.raises(ConsentNotFound, match="no consent with id 'g_nope'.*consents list"):
        gate.revoke("g_nope")
    with pytest.raises(ConsentNotFound, match="component named 'ghost'"):
        gate.revoke(component_id="ghost")
    grant = gate.grant("u1", manifest(EMAIL))
    with pytest.raises(ConsentNotFound):
        gate.revoke(grant.grant_id, user_id="someone else")


def test_code_that_needs_more_asks_again_with_the_diff(gate: Gate) -> None:
    gate.grant("u1", manifest(EMAIL, POST))
    request = gate.check("u1", manifest(EMAIL, MAPS))
    assert isinstance(request, ConsentRequest)
    assert request.reason == "changed"
    assert request.diff is not None
    assert [i.target for i in request.diff.added] == ["GET maps.googleapis.com"]
    assert [i.target for i in request.diff.removed] == [POST.target]
    assert "now needs more than you allowed (1 new item)" in request.reason_text


def test_code_that_needs_less_still_runs_but_only_with_what_it_uses(gate: Gate) -> None:
    gate.grant("u1", manifest(EMAIL, POST))
    allowed = gate.check("u1", manifest(EMAIL))
    assert isinstance(allowed, Allowed)
    assert allowed.covered == frozenset({EMAIL.key})
    assert "no longer uses 1 granted item" in allowed.note


def test_moving_code_around_does_not_ask_again(gate: Gate) -> None:
    from cliqsim.consent.items import CodeLocation

    gate.grant("u1", manifest(EMAIL))
    moved = EMAIL.__class__(
        EMAIL.kind, EMAIL.target, EMAIL.credentials, EMAIL.purpose,
        (CodeLocation("run.dg", 40, 3, 40, 20, 'e = user.get("email");'),),
    )
    assert manifest(moved).fingerprint == manifest(EMAIL).fingerprint
    assert isinstance(gate.check("u1", manifest(moved)), Allowed)


def test_denial_stores_no_grant_and_tells_the_person(gate: Gate) -> None:
    wanted = manifest(EMAIL)
    denial = gate.deny("u1", wanted)
    assert "You did not allow /nearby, so it did not run" in denial.message
    assert gate.store.current("u1", "nearby") is None
    request = gate.check("u1", wanted)
    assert isinstance(request, ConsentRequest) and request.reason == "first_run"
    assert [r.event for r in gate.store.ledger()] == ["denied"]


def test_a_component_that_touches_nothing_needs_no_consent(gate: Gate) -> None:
    allowed = gate.check("u1", manifest())
    assert isinstance(allowed, Allowed) and allowed.grant is None
    assert gate.state("u1", manifest()) == "none"


def test_state_summarises_without_writing(gate: Gate, clock: SimulatedClock) -> None:
    wanted = manifest(EMAIL)
    assert gate.state("u1", wanted) == "ask"
    gate.grant("u1", wanted)
    assert gate.state("u1", wanted) == "allowed"
    assert gate.state("u1", manifest(EMAIL, POST)) == "changed"
    clock.advance(timedelta(days=60))
    assert gate.state("u1", wanted) == "expired"
    assert [r.event for r in gate.store.ledger()] == ["granted"]


def test_uses_are_counted_and_logged_with_the_items_used(
    gate: Gate, clock: SimulatedClock
) -> None:
    grant = gate.grant("u1", manifest(EMAIL, MAPS))
    clock.advance(timedelta(minutes=5))
    gate.record_use(grant, [MAPS.key])
    clock.advance(timedelta(minutes=5))
    updated = gate.record_use(grant, [MAPS.key, EMAIL.key])
    assert updated.use_count == 2
    assert updated.last_used_at == clock.now()
    stored = gate.store.current("u1", "nearby")
    assert stored is not None and stored.use_count == 2
    used = [r for r in gate.store.ledger() if r.event == "used"]
    assert [r.items for r in used] == [(MAPS.key,), tuple(sorted([MAPS.key, EMAIL.key]))]


def test_grants_survive_reopening_the_store(tmp_path: Path, clock: SimulatedClock) -> None:
    gate = Gate(ConsentStore.in_dir(tmp_path), clock)
    grant = gate.grant("u1", manifest(EMAIL, MAPS))
    reopened = ConsentStore.in_dir(tmp_path)
    again = reopened.current("u1", "nearby")
    assert again is not None
    assert again.grant_id == grant.grant_id
    assert again.expires_at == grant.expires_at
    assert again.items == grant.items
    assert isinstance(Gate(reopened, clock).check("u1", manifest(EMAIL, MAPS)), Allowed)


def test_a_revocation_by_another_process_is_seen_by_the_next_check(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    running = Gate(ConsentStore.in_dir(tmp_path), clock)
    grant = running.grant("u1", manifest(EMAIL))
    assert isinstance(running.check("u1", manifest(EMAIL)), Allowed)
    Gate(ConsentStore.in_dir(tmp_path), clock).revoke(grant.grant_id)
    request = running.check("u1", manifest(EMAIL))
    assert isinstance(request, ConsentRequest) and request.reason == "revoked"


def test_the_ledger_is_append_only_and_in_order(gate: Gate, clock: SimulatedClock) -> None:
    grant = gate.grant("u1", manifest(EMAIL))
    gate.record_blocked(grant, "u1", "nearby", "GET evil.example at line 4")
    gate.revoke(grant.grant_id)
    gate.deny("u1", manifest(EMAIL))
    events = [(r.event, r.user_id, r.component_id) for r in gate.store.ledger()]
    assert events == [
        ("granted", "u1", "nearby"),
        ("blocked", "u1", "nearby"),
        ("revoked", "u1", "nearby"),
        ("denied", "u1", "nearby"),
    ]
    assert gate.store.ledger()[1].detail == "GET evil.example at line 4"


def test_the_validity_can_be_set_by_environment(
    store: ConsentStore, clock: SimulatedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cliqsim.errors import UsageError

    monkeypatch.setenv("CLIQSIM_CONSENT_DAYS", "0.5")
    grant = Gate(store, clock).grant("u1", manifest(EMAIL))
    assert grant.expires_at == START + timedelta(hours=12)
    for bad in ("soon", "0", "-3"):
        monkeypatch.setenv("CLIQSIM_CONSENT_DAYS", bad)
        with pytest.raises(UsageError, match="CLIQSIM_CONSENT_DAYS"):
            Gate(store, clock)
