"""The gate and store keep what the person unticked; the guard reads and blocks accordingly."""

from __future__ import annotations

from pathlib import Path

import pytest

from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import Allowed, Gate
from cliqsim.consent.guard import GuardedHost, bind_objects
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.store import ConsentStore
from cliqsim.deluge.errors import EffectBlocked
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Span

from .conftest import EMAIL, POST, START, manifest

NAME = ConsentItem("object", "user.first_name", "user", "Reads your first name")
LOGIN = ConsentItem("object", "zoho.loginuserid", "user", "Reads your email address")


def test_a_grant_keeps_refused_items_across_a_reopen(tmp_path: Path) -> None:
    gate = Gate(ConsentStore.in_dir(tmp_path), SimulatedClock(START))
    wanted = manifest(EMAIL, NAME, POST)
    gate.grant("u_asha", wanted, refused=[EMAIL.key, POST.key])
    reopened = Gate(ConsentStore.in_dir(tmp_path), SimulatedClock(START))
    decision = reopened.check("u_asha", wanted)
    assert isinstance(decision, Allowed)
    assert decision.covered == {NAME.key} and decision.refused == {EMAIL.key, POST.key}
    refused = [r for r in reopened.store.ledger("u_asha") if r.event == "refused"]
    assert refused[0].items == tuple(sorted((EMAIL.key, POST.key)))
    assert refused[0].detail == f"unticked: user.email, {POST.target}"


def test_allow_once_stores_no_grant(tmp_path: Path) -> None:
    gate = Gate(ConsentStore.in_dir(tmp_path), SimulatedClock(START))
    allowed = gate.allow_once("u_asha", manifest(EMAIL, POST), refused=[POST.key])
    assert allowed.grant is None and allowed.covered == {EMAIL.key}
    assert gate.store.current("u_asha", "nearby") is None
    assert [r.event for r in gate.store.ledger("u_asha")] == ["allowed_once", "refused"]


def test_unticked_objects_bind_as_null_and_fields_go_missing() -> None:
    inputs = {"user": {"email": "a@b.c", "first_name": "Asha"}, "chat": {"id": "c1"}}
    objects = ("user", "chat")
    bound = bind_objects([NAME], inputs, objects, [EMAIL])
    assert bound == {"user": {"first_name": "Asha"}}
    bound = bind_objects([], inputs, objects, [EMAIL])
    assert bound == {"user": {}}
    whole = ConsentItem("object", "chat", "user", "Reads this chat's details")
    assert bind_objects([], inputs, objects, [whole]) == {"chat": None}


def test_the_guard_names_what_was_unticked_and_reads_identity_as_null() -> None:
    guard = GuardedHost(RecordingHost(), [], component="/nearby", refused=[POST, LOGIN])
    assert guard.system_variable("zoho.loginuserid", Span.point(1, 1)) is None
    with pytest.raises(EffectBlocked) as blocked:
        guard.call_task("zoho.cliq.postToChannel", ["general", "hi"], Span.point(4, 1))
    assert "You unticked “Posts messages to Cliq channels as you: #general”" in (
        blocked.value.message)
