"""Fixtures for the platform tests: a runtime over the bundled samples or a package folder
written by the test, on a fixed simulated clock and a fresh data directory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import START

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(START)


@pytest.fixture
def runtime(tmp_path: Path, clock: SimulatedClock) -> Runtime:
    return Runtime(bundled_components(), tmp_path / "data", clock)


@pytest.fixture
def installed(runtime: Runtime) -> Runtime:
    """The samples with the Poll extension installed by the org admin."""
    outcome = runtime.install_extension("u_admin", "poll")
    assert outcome.status == "consent_required"
    assert outcome.pending is not None
    assert runtime.decide(outcome.pending, True).activated is True
    return runtime


@pytest.fixture
def make_runtime(tmp_path: Path, clock: SimulatedClock) -> Callable[[Path], Runtime]:
    def make(components: Path) -> Runtime:
        return Runtime(components, tmp_path / "data", clock)

    return make
