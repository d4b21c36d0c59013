"""workspace.toml seeds Cliq databases and extension properties (#16 item 7)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cliqsim.errors import CliqsimError
from cliqsim.platform.workspace import Workspace

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
USERS = '[[users]]\nid = "u_admin"\nfirst_name = "Priya"\nadmin = true\n'


def _workspace(tmp_path: Path, seed: str) -> Workspace:
    components = tmp_path / "components"
    components.mkdir()
    (components / "workspace.toml").write_text(seed + USERS, encoding="utf-8")
    return Workspace(tmp_path / "data", components, NOW)


def test_databases_and_properties_are_seeded(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, '[[databases.polls]]\nquestion = "Lunch?"\nvotes = 3\n'
                           '[[databases.polls]]\nquestion = "Tea?"\nvotes = 0\n'
                           '[properties.poll]\nchannel = "general"\nlimit = 5\n')
    records = workspace.db_records("polls")
    assert [(r["question"], r["votes"]) for r in records] == [("Lunch?", 3), ("Tea?", 0)]
    assert len({r["id"] for r in records}) == 2
    assert workspace.properties("poll") == {"channel": "general", "limit": 5}


@pytest.mark.parametrize("seed", [
    'databases = "polls"\n',
    '[databases.polls]\nquestion = "x"\n',
    'databases = { polls = [1, 2] }\n',
    '[properties]\npoll = "general"\n',
])
def test_a_badly_shaped_seed_names_the_file_and_shape(tmp_path: Path, seed: str) -> None:
    with pytest.raises(CliqsimError) as caught:
        _workspace(tmp_path, seed)
    assert "workspace.toml" in caught.value.message
    assert "databases" in caught.value.message or "properties" in caught.value.message
