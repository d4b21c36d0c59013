"""`cliqsim consents manifest|lock|verify`: the runtime's manifests, read-only, and the CI gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cliqsim.consent.items import ConsentItem
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

from .helpers import NEARBY_DG, cli, components, write_package


def test_manifest_json_has_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = components(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(capsys, "consents", "manifest", "--components", "components", "--json")
    assert code == 0
    (component,) = json.loads(out)["components"]
    assert set(component) == {"id", "type", "name", "fingerprint", "items", "flows"}
    assert (component["id"], component["type"], component["name"]) == (
        "nearby", "command", "/nearby")
    by_target = {item["target"]: item for item in component["items"]}
    maps = by_target["GET maps.googleapis.com"]
    assert set(maps) == {"kind", "target", "credentials", "purpose", "connection", "flagged",
                         "note", "locations"}
    assert (maps["credentials"], maps["connection"]) == ("admin", "googlemaps")
    assert maps["locations"] == ["components/nearby/execution.dg:2:5"]
    assert by_target["location.latitude"]["locations"] == ["components/nearby/execution.dg:1:7"]
    assert not any(p.name != "consent.lock" and p.is_file() and p.parent == root
                   for p in root.iterdir())


def test_manifest_equals_what_the_runtime_asks_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("CLIQSIM_DATA", str(data))
    code, out, _ = cli(capsys, "consents", "manifest", "--json")
    assert code == 0
    assert not data.exists()  # no data directory opened
    shown = {c["id"]: c for c in json.loads(out)["components"]}
    runtime = Runtime(bundled_components(), tmp_path / "other", None)
    outcome = runtime.submit("u_arjun", "general", "/nearby bank")
    assert outcome.consent is not None
    asked = {item.key for item in outcome.consent.items}
    assert {ConsentItem.from_json(i).key for i in shown["nearby"]["items"]} == asked
    assert shown["nearby"]["fingerprint"] == outcome.consent.manifest.fingerprint


def test_manifest_text_lists_items_with_accounts_and_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "consents", "manifest", "--components",
                       str(components(tmp_path)))
    assert code == 0
    assert "/nearby (command, nearby)" in out
    assert "GET maps.googleapis.com  (admin's account, connection googlemaps)" in out
    assert "nearby/execution.dg:1:7  lat = location.get(\"latitude\");" in out


def test_lock_then_verify_passes_and_added_items_fail_with_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = components(tmp_path)
    code, out, _ = cli(capsys, "consents", "lock", "--components", str(root))
    assert code == 0 and "1 components" in out
    lock = (root / "consent.lock").read_text(encoding="utf-8")
    assert 'target = "GET maps.googleapis.com"' in lock and "execution.dg" not in lock
    assert cli(capsys, "consents", "verify", "--components", str(root))[0] == 0

    (root / "nearby" / "execution.dg").write_text(
        NEARBY_DG + 'sendmail [ from: zoho.adminuserid to: user.get("email") '
                    'subject: "hi" message: "x" ];\n', encoding="utf-8")
    code, out, _ = cli(capsys, "consents", "verify", "--components", str(root))
    assert code == 1
    assert "/nearby (nearby) needs more than consent.lock records:" in out
    assert "+ object user.email  (your account): Reads your email address" in out
    assert "nearby/execution.dg:10  sendmail" in out
    assert "+ task sendmail" in out
    assert "Consent check failed" in out


def test_verify_reports_removed_items_and_new_components_and_missing_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = components(tmp_path)
    code, _, err = cli(capsys, "consents", "verify", "--components", str(root))
    assert code == 1 and "write it with `cliqsim consents lock`" in err
    cli(capsys, "consents", "lock", "--components", str(root))
    (root / "nearby" / "execution.dg").write_text('return {"text":"hi"};\n', encoding="utf-8")
    code, out, _ = cli(capsys, "consents", "verify", "--components", str(root))
    assert code == 0
    assert "no longer needs (information):" in out and "- api GET maps.googleapis.com" in out
    write_package(root, "hello", 'type = "command"\nname = "hello"\n[handlers]\n'
                  'execution = "x.dg"\n', {"x.dg": 'return {"text":user.get("email")};\n'})
    code, out, _ = cli(capsys, "consents", "verify", "--components", str(root))
    assert code == 1 and "/hello (hello) is new and needs" in out


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "consents", "verify", "--components", str(tmp_path / "nope"))
    assert code == 2 and "no such folder" in err
    with pytest.raises(SystemExit) as exit_:
        cli(capsys, "consents", "verify", "--bogus")
    assert exit_.value.code == 2


def test_a_package_that_does_not_load_fails_lock_and_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = components(tmp_path)
    cli(capsys, "consents", "lock", "--components", str(root))
    write_package(root, "broken", 'type = "command"\n', {})
    code, _, err = cli(capsys, "consents", "verify", "--components", str(root))
    assert code == 1 and "broken" in err
    code, _, err = cli(capsys, "consents", "lock", "--components", str(root))
    assert code == 1 and "not writing consent.lock" in err
