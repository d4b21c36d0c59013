"""`cliqsim consents list|revoke|log` against a real data directory and simulated time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cliqsim.cli import main
from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import Gate
from cliqsim.consent.store import ConsentStore

from .conftest import EMAIL, MAPS, POST, START, manifest


@pytest.fixture
def data(tmp_path: Path) -> Path:
    gate = Gate(ConsentStore.in_dir(tmp_path), SimulatedClock(START))
    nearby = gate.grant("u_asha", manifest(EMAIL, MAPS, component="nearby"))
    gate.record_use(nearby, [MAPS.key])
    gate.grant("u_ben", manifest(POST, component="poll"))
    return tmp_path


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_status_expiry_last_use_and_items(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "consents", "list", "--everyone", "--data", str(data), "--now",
                       "2026-03-02")
    assert code == 0
    assert "/nearby (command) for u_asha" in out
    assert "active, expires in 59 days (2026-04-30)" in out
    assert "last used 2026-03-01 09:30, 1 use" in out
    assert "user.email  (your account): Reads your email address" in out
    assert "GET maps.googleapis.com  (admin's account)" in out
    assert "/poll (command) for u_ben" in out


def test_list_filters_by_user_and_hides_lapsed_unless_all(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = cli(
        capsys, "consents", "list", "--user", "u_ben", "--data", str(data), "--now", "2026-03-02"
    )
    assert "/poll" in out and "/nearby" not in out
    _, out, _ = cli(capsys, "--data", str(data), "--now", "2026-05-01", "consents", "list",
                    "--everyone")
    assert "No active consents (`--all` shows expired and revoked ones too)." in out
    _, out, _ = cli(capsys, "consents", "list", "--all", "--everyone", "--data", str(data),
                    "--now", "2026-05-01")
    assert out.count("expired on 2026-04-30") == 2


def test_list_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(
        capsys, "consents", "list", "--json", "--everyone", "--data", str(data), "--now",
        "2026-03-09"
    )
    payload = json.loads(out)
    nearby = next(g for g in payload["grants"] if g["component_id"] == "nearby")
    assert nearby["user_id"] == "u_asha"
    assert nearby["use_count"] == 1
    assert [i["target"] for i in nearby["items"]] == ["user.email", "GET maps.googleapis.com"]
    assert nearby["expires_at"] == "2026-04-30T09:30:00Z"


def test_revoke_by_id_component_or_all(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = ConsentStore.in_dir(data)
    nearby = store.current("u_asha", "nearby")
    assert nearby is not None
    code, out, _ = cli(capsys, "consents", "revoke", nearby.grant_id, "--everyone", "--data",
                       str(data))
    assert code == 0 and f"Revoked 1 consent:\n  {nearby.grant_id}  /nearby for u_asha" in out
    code, out, _ = cli(capsys, "consents", "revoke", "--component", "poll", "--everyone",
                       "--data", str(data))
    assert "Revoked 1 consent" in out
    code, out, _ = cli(capsys, "consents", "revoke", "--all", "--everyone", "--data", str(data))
    assert "Nothing to revoke" in out
    _, out, _ = cli(capsys, "consents", "list", "--all", "--everyone", "--data", str(data))
    assert out.count("revoked on 2026-") == 2


def test_revoke_usage_and_unknown_ids_are_clear(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "consents", "revoke", "--data", str(data))
    assert code == 2 and "say what to revoke" in err
    code, _, err = cli(capsys, "consents", "revoke", "g_nope", "--all", "--data", str(data))
    assert code == 2
    code, _, err = cli(capsys, "consents", "revoke", "g_nope", "--data", str(data))
    assert code == 1 and "no consent with id 'g_nope'" in err
    code, _, err = cli(capsys, "consents", "--data", str(data))
    assert code == 2 and "cliqsim consents list" in err


def test_log_lists_the_ledger(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "consents", "revoke", "--all", "--user", "u_asha", "--data", str(data),
        "--now", "2026-03-05T10:00")
    _, out, _ = cli(capsys, "consents", "log", "--data", str(data))
    lines = out.splitlines()
    assert [line.split()[2] for line in lines] == ["granted", "used", "granted", "revoked"]
    assert "2026-03-05 10:00:00  revoked     /nearby" in lines[3]
    _, out, _ = cli(capsys, "consents", "log", "--json", "--user", "u_ben", "--data", str(data))
    records = json.loads(out)["records"]
    assert [(r["event"], r["component_id"]) for r in records] == [("granted", "poll")]


def test_a_damaged_file_is_reported_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "consents.json"
    path.write_text('{"meta": {"1": {"kind": "consents", "schema_version": 1}}, "grants": {')
    code, _, err = cli(capsys, "consents", "list", "--data", str(tmp_path))
    assert code == 1
    assert "Damaged data file" in err and str(path) in err and "move it aside" in err
    assert "Traceback" not in err
    assert path.read_text().endswith('"grants": {')


# ---- issue #11, class 7: one's own consents, unless an org admin asks for everyone's


def test_list_and_revoke_cover_only_the_acting_persons_own(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = cli(capsys, "consents", "list", "--data", str(data), "--now", "2026-03-02")
    assert "u_asha" not in out and "u_ben" not in out  # the admin's own: none
    code, _, err = cli(capsys, "consents", "list", "--user", "u_arjun", "--everyone",
                       "--data", str(data))
    assert code == 2 and "not an org admin" in err
    store = ConsentStore.in_dir(data)
    nearby = store.current("u_asha", "nearby")
    assert nearby is not None
    code, _, err = cli(capsys, "consents", "revoke", nearby.grant_id, "--user", "u_ben",
                       "--data", str(data))
    assert code == 1 and "no consent with id" in err
    code, _, err = cli(capsys, "consents", "revoke", "--all", "--user", "u_arjun", "--everyone",
                       "--data", str(data))
    assert code == 2 and "not an org admin" in err
    assert ConsentStore.in_dir(data).current("u_asha", "nearby").revoked_at is None  # type: ignore[union-attr]
    code, _, _ = cli(capsys, "consents", "revoke", nearby.grant_id, "--everyone",
                     "--data", str(data))
    assert code == 0
    revoked = [r for r in ConsentStore.in_dir(data).ledger() if r.event == "revoked"]
    assert revoked and "by u_admin (org admin)" in revoked[-1].detail
