"""An install consent answered after the admin lost the role installs nothing (docs/consents.md,
threat model row 40).

`Pipeline.decide` judged a person's late answer again (row 27) but not an org admin's: an
install request parked while the person was an org admin, answered after they were demoted
(the workspace file changed by another process), still granted the organization's consent
and ran the installation handler for everyone. Now the answer is authorized again like the
request (`Pipeline.authorize`: an extension's handlers need an org admin)."""

from __future__ import annotations

from pathlib import Path

import pytest
from platform_helpers import START
from tinydb import Query

from cliqsim.platform.authorization import NotAuthorized
from cliqsim.platform.runtime import Runtime
from cliqsim.platform.workspace import Workspace


def _demote(data: Path, user_id: str) -> None:
    """Another process changes the workspace file."""
    workspace = Workspace(data, None, START)
    with workspace.write() as db:
        db.table("users").update({"admin": False}, Query().id == user_id)


def test_an_install_answered_after_losing_the_admin_role_installs_nothing(
        runtime: Runtime, tmp_path: Path) -> None:
    asked = runtime.install_extension("u_admin", "poll")
    assert asked.status == "consent_required" and asked.pending is not None
    _demote(tmp_path / "data", "u_admin")
    with pytest.raises(NotAuthorized):
        runtime.decide(asked.pending, True)
    assert not [e for e in runtime.extensions() if e.id == "poll" and e.installed]
    assert not [r for r in runtime.ledger() if r.event == "granted"]


def test_an_admin_still_in_the_role_installs(runtime: Runtime) -> None:
    asked = runtime.install_extension("u_admin", "poll")
    assert asked.pending is not None
    assert runtime.decide(asked.pending, True).activated is True
