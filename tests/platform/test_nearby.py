"""/nearby end to end: consent on first run, the Places fixtures, expiry, revocation, denial."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from platform_helpers import allow

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime


def test_first_run_asks_then_lists_banks_near_the_user(runtime: Runtime) -> None:
    asked = runtime.submit("u_arjun", "general", "/nearby bank")
    assert asked.status == "consent_required"
    assert asked.consent.reason == "first_run"
    targets = {item.target for item in asked.consent.items}
    assert "GET maps.googleapis.com" in targets
    api = next(i for i in asked.consent.items if i.kind == "api")
    assert api.credentials == "admin"  # the admin's Google Maps connection
    assert {"location.latitude", "user.first_name"} <= targets
    done = allow(runtime, asked)
    assert done.status == "ok"
    reply = done.messages[-1]
    assert reply.visible_to == "u_arjun"
    assert reply.text.startswith("Hi Arjun, here are the banks")
    assert reply.card is not None and reply.card.title == "Nearby banks"
    table = reply.slides[0]
    assert table.type == "table"
    assert table.data["rows"][0]["Name"] == "State Bank of India, T. Nagar Branch"
    assert len(table.data["rows"]) == 5
    assert reply.buttons[0].action_type == "open.url"
    assert "13.0067,80.2206" in reply.buttons[0].action_data["web"]  # Arjun's location
    assert done.run is not None and done.run.consent == "allowed"
    assert [e.kind for e in done.run.effects] == ["api"]
    assert "fixture" in done.run.effects[0].detail


def test_second_run_does_not_ask_and_other_kinds_use_their_fixture(runtime: Runtime) -> None:
    allow(runtime, runtime.submit("u_arjun", "general", "/nearby bank"))
    again = runtime.submit("u_arjun", "general", "/nearby hospitals")
    assert again.status == "ok"
    assert again.run is not None and again.run.consent == "granted"
    assert again.messages[-1].slides[0].data["rows"][0]["Name"] == "Kauvery Hospital"


def test_consent_is_per_user(runtime: Runtime) -> None:
    allow(runtime, runtime.submit("u_arjun", "general", "/nearby bank"))
    assert runtime.submit("u_meera", "general", "/nearby bank").status == "consent_required"


def test_denial_runs_nothing_and_stores_no_grant(runtime: Runtime) -> None:
    asked = runtime.submit("u_arjun", "general", "/nearby bank")
    assert asked.pending is not None
    denied = runtime.decide(asked.pending, False)
    assert denied.status == "denied"
    assert denied.notice == "You did not allow /nearby; nothing ran."
    assert denied.messages[0].text == denied.notice
    assert runtime.runs() == []
    assert runtime.grants("u_arjun") == []
    assert runtime.submit("u_arjun", "general", "/nearby bank").status == "consent_required"


def test_consent_expires_after_60_simulated_days(runtime: Runtime,
                                                  clock: SimulatedClock) -> None:
    allow(runtime, runtime.submit("u_arjun", "general", "/nearby bank"))
    clock.advance(timedelta(days=60) - timedelta(seconds=1))
    assert runtime.submit("u_arjun", "general", "/nearby bank").status == "ok"
    clock.advance(timedelta(seconds=1))
    expired = runtime.submit("u_arjun", "general", "/nearby bank")
    assert expired.status == "consent_required"
    assert expired.consent.reason == "expired"
    assert runtime.consent_state("u_arjun", "nearby").state == "expired"
    assert allow(runtime, expired).status == "ok"


def test_revocation_asks_again(runtime: Runtime) -> None:
    allow(runtime, runtime.submit("u_arjun", "general", "/nearby bank"))
    assert runtime.revoke("u_arjun", component="nearby") == 1
    asked = runtime.submit("u_arjun", "general", "/nearby bank")
    assert asked.status == "consent_required"
    assert asked.consent.reason == "revoked"


def test_changed_code_asks_again_with_a_diff(tmp_path: Path, clock: SimulatedClock) -> None:
    components = tmp_path / "components"
    shutil.copytree(bundled_components(), components)
    runtime = Runtime(components, tmp_path / "data", clock)
    allow(runtime, runtime.submit("u_arjun", "general", "/nearby bank"))
    script = components / "nearby" / "execution.dg"
    script.write_text(script.read_text().replace(
        'info "found "', 'info user.get("email");\ninfo "found "'))
    runtime.reload()
    asked = runtime.submit("u_arjun", "general", "/nearby bank")
    assert asked.status == "consent_required"
    assert asked.consent.reason == "changed"
    assert [item.target for item in asked.consent.diff.added] == ["user.email"]
    assert runtime.consent_state("u_arjun", "nearby").state == "changed"


def test_unknown_place_kind_gives_a_failure_banner(runtime: Runtime) -> None:
    allow(runtime, runtime.submit("u_arjun", "general", "/nearby bank"))
    outcome = runtime.submit("u_arjun", "general", "/nearby zoo")
    assert outcome.status == "ok"
    banner = outcome.messages[-1].banner
    assert banner is not None and banner.status == "failure"


def test_suggestion_handler_filters_by_what_was_typed(runtime: Runtime) -> None:
    allow(runtime, runtime.submit("u_arjun", "general", "/nearby bank"))
    outcome = runtime.suggest("u_arjun", "general", "/nearby re")
    assert [s.title for s in outcome.suggestions] == ["restaurant"]
    every = runtime.suggest("u_arjun", "general", "/nearby ")
    assert [s.title for s in every.suggestions] == ["bank", "restaurant", "hospital"]


def test_selections_reach_the_handler(runtime: Runtime) -> None:
    from cliqsim.platform.runtime import Suggestion

    allow(runtime, runtime.submit("u_arjun", "general", "/nearby bank"))
    outcome = runtime.submit("u_arjun", "general", "/nearby bank",
                             selections=[Suggestion("bank", "Banks")])
    assert outcome.status == "ok"
    assert outcome.run is not None
    # /nearby does not read selections, so the grant does not bind them
    assert "selections" not in outcome.run.inputs
