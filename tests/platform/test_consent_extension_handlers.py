"""An extension's own handlers act for the organization (docs/consents.md, threat model
class 13).

Zoho's "Installation handler" page
(https://www.zoho.com/cliq/help/platform/build-cliq-extensions/installation-handler.html): the
installation, validator and uninstallation handlers run when an org admin installs, upgrades or
uninstalls the extension. Started any other way (`cliqsim trigger EXT installation`), they
still go through the one check in `Pipeline.start`: only an org admin, only while the extension
is installed, and under the organization's consent, never a person's own consent (which would
let a member consent to the organization's information on its behalf)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cliqsim.clock import SimulatedClock
from cliqsim.errors import UsageError
from cliqsim.platform.runtime import Runtime


@pytest.mark.parametrize("handler", ["installation", "uninstallation"])
def test_a_member_cannot_run_an_extensions_own_handlers(runtime: Runtime, handler: str) -> None:
    with pytest.raises(UsageError) as caught:
        runtime.trigger("u_arjun", "poll", handler)
    assert "org admin" in caught.value.message
    assert runtime.grants("u_arjun") == []


def test_an_admin_cannot_run_them_before_the_extension_is_installed(runtime: Runtime) -> None:
    outcome = runtime.trigger("u_admin", "poll", "installation")
    assert outcome.status == "denied", outcome
    assert "not installed" in (outcome.notice or "")
    assert not any(e.installed for e in runtime.extensions() if e.id == "poll")


def test_once_installed_they_run_under_the_organizations_consent(installed: Runtime) -> None:
    outcome = installed.trigger("u_admin", "poll", "installation")
    assert outcome.status == "ok", outcome
    assert outcome.run is not None and outcome.run.consent == "granted"
    assert all(g.component_id != "poll" for g in installed.grants("u_admin"))


def test_a_lapsed_org_consent_is_renewed_before_they_run(
    installed: Runtime, clock: SimulatedClock
) -> None:
    clock.advance(timedelta(days=61))
    asked = installed.trigger("u_admin", "poll", "installation")
    assert asked.status == "consent_required" and asked.pending is not None
    assert asked.pending.org
    ran = installed.decide(asked.pending, True)
    assert ran.status == "ok", ran
    again = installed.trigger("u_admin", "poll", "installation")
    assert again.status == "ok" and again.run is not None and again.run.consent == "granted"


def test_an_answer_is_for_the_request_as_it_was_parked(runtime: Runtime) -> None:
    """`decide` takes whose request it is, and whether it is the organization's, from the
    parked request, never from the caller's copy: a forged copy grants nothing to anyone else
    and cannot turn a person's request into an org one (which runs without storing a grant)."""
    from cliqsim.structs import replace

    asked = runtime.submit("u_arjun", "general", "/nearby bank")
    assert asked.pending is not None
    forged = replace(asked.pending, user_id="u_meera", org=True)
    ran = runtime.decide(forged, True)
    assert ran.status == "ok", ran
    assert [g.component_id for g in runtime.grants("u_arjun")] == ["nearby"]
    assert runtime.grants("u_meera") == []
