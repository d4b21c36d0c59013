"""Extension installs: admin only, org consent with the same validity, uninstall cleans up."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import Allowed, ConsentRequest, Gate
from cliqsim.consent.items import org_item
from cliqsim.consent.manifest import make_manifest
from cliqsim.consent.org import InstallRefused, NotInstalled, OrgConsent
from cliqsim.consent.store import ORG

from .conftest import EMAIL, MAPS, START

ORG_USERS = org_item("org.users", "Reads the list of people in your organization")
ORG_CHANNELS = org_item("org.channels", "Reads your organization's channels")
ORG_MANIFEST = make_manifest(
    "pollbot", "extension", [ORG_USERS, ORG_CHANNELS], name="PollBot"
)
COMMAND = make_manifest("poll", "command", [EMAIL], name="/poll", extension_id="pollbot")
BOT = make_manifest("pollbot-bot", "bot", [MAPS], name="PollBot", extension_id="pollbot")


def test_a_member_cannot_install_and_is_told_who_can(gate: Gate) -> None:
    org = OrgConsent(gate)
    with pytest.raises(InstallRefused) as caught:
        org.install("u_member", False, ORG_MANIFEST, admins=["Asha Rao", "Ben Ito"])
    assert "only an organization admin can install PollBot" in caught.value.message
    assert "Ask Asha Rao, Ben Ito to install it" in caught.value.message
    assert gate.store.install("pollbot") is None
    assert gate.store.grants() == []


def test_an_admin_install_is_an_org_grant_with_the_usual_validity(
    gate: Gate, clock: SimulatedClock
) -> None:
    org = OrgConsent(gate)
    request = org.check(ORG_MANIFEST)
    assert isinstance(request, ConsentRequest) and request.reason == "first_run"
    installed = org.install("u_admin", True, ORG_MANIFEST)
    assert installed.record.installed_by == "u_admin"
    assert installed.grant.user_id == ORG
    assert installed.grant.granted_by == "u_admin"
    assert installed.grant.expires_at == START + timedelta(days=60)
    assert isinstance(org.check(ORG_MANIFEST), Allowed)
    clock.set(installed.grant.expires_at)
    lapsed = org.check(ORG_MANIFEST)
    assert isinstance(lapsed, ConsentRequest) and lapsed.reason == "expired"
    events = [r.event for r in gate.store.ledger()]
    assert events == ["granted", "installed", "expired"]


def test_uninstall_removes_every_grant_of_the_extension(gate: Gate) -> None:
    org = OrgConsent(gate)
    org.install("u_admin", True, ORG_MANIFEST)
    gate.grant("u1", COMMAND)
    gate.grant("u2", BOT)
    other = gate.grant("u1", make_manifest("nearby", "command", [EMAIL]))
    with pytest.raises(InstallRefused, match="uninstall PollBot"):
        org.uninstall("u1", False, "pollbot", name="PollBot")
    removed = org.uninstall("u_admin", True, "pollbot")
    assert sorted(g.component_id for g in removed) == ["poll", "pollbot", "pollbot-bot"]
    assert [g.grant_id for g in gate.store.grants()] == [other.grant_id]
    assert gate.store.install("pollbot") is None
    assert isinstance(gate.check("u1", COMMAND), ConsentRequest)
    assert gate.store.ledger()[-1].event == "uninstalled"
    with pytest.raises(NotInstalled):
        org.uninstall("u_admin", True, "pollbot")


def test_the_install_request_speaks_to_the_admin_for_the_organization(gate: Gate) -> None:
    request = OrgConsent(gate).check(ORG_MANIFEST)
    assert isinstance(request, ConsentRequest)
    assert request.reason == "first_run"
    assert "Installing PollBot gives it what is listed below for the whole organization" in (
        request.reason_text
    )
    assert "has not run for you before" not in request.reason_text
