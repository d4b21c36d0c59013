"""The package index (`cliqsim.platform.package_index`): a cold run reads the loaded catalog of
a components folder from one JSON file instead of parsing every package (issue #18), and the
index never changes what loads: an edit, a damaged or planted file, a folder it cannot keep, all
mean loading as usual."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from cliqsim.errors import CliqsimError
from cliqsim.paths import bundled_components
from cliqsim.platform import package_index, packages
from cliqsim.platform.package_index import load_catalog
from cliqsim.platform.package_model import Catalog
from cliqsim.platform.runtime import Runtime


@pytest.fixture
def components(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLIQSIM_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "components"
    shutil.copytree(bundled_components(), folder)
    return folder


def _index_files(components: Path) -> list[Path]:
    return sorted((components.parent / "cache" / "packages").glob("*.json"))


def _same(a: Catalog, b: Catalog) -> None:
    assert list(a.packages) == list(b.packages)
    for key, package in a.packages.items():
        other = b.packages[key]
        for name in package.__struct_fields__:
            if name == "bundle_errors":
                assert [e.to_dict() for e in package.bundle_errors] == \
                    [e.to_dict() for e in other.bundle_errors]
            else:
                assert getattr(package, name) == getattr(other, name), (key, name)
    assert [e.to_dict() for e in a.errors] == [e.to_dict() for e in b.errors]


def _no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(root: Path) -> Catalog:
        raise AssertionError("loaded the packages although the index is current")

    monkeypatch.setattr(packages, "load_packages", refuse)


def test_a_second_load_reads_the_index_and_gives_the_same_catalog(
        components: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_catalog(components)
    assert len(_index_files(components)) == 1
    _no_loading(monkeypatch)
    indexed = load_catalog(components)
    _same(indexed, loaded)
    assert indexed.packages["nearby"].handlers["execution_handler"].text == \
        (components / "nearby" / "execution.dg").read_text(encoding="utf-8")


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(
        components: Path) -> None:
    """The key is the files' contents, not their times: a same-length edit within the same
    clock tick (or with the time put back) loads the new text."""
    load_catalog(components)
    script = components / "nearby" / "execution.dg"
    before = script.stat()
    text = script.read_text(encoding="utf-8")
    edited = text.replace("bank", "BANK", 1)
    assert edited != text and len(edited) == len(text)
    script.write_text(edited, encoding="utf-8")
    os.utime(script, ns=(before.st_atime_ns, before.st_mtime_ns))
    again = load_catalog(components)
    assert again.packages["nearby"].handlers["execution_handler"].text == edited


def test_a_package_added_or_removed_is_seen(components: Path) -> None:
    first = load_catalog(components)
    shutil.rmtree(components / "nearby")
    assert "nearby" not in load_catalog(components).packages
    shutil.copytree(bundled_components() / "nearby", components / "nearby")
    assert set(load_catalog(components).packages) == set(first.packages)


def test_load_errors_come_back_from_the_index_as_they_were(
        components: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (components / "broken").mkdir()
    (components / "broken" / "component.toml").write_text('type = "command"\nname = 3\n')
    loaded = load_catalog(components)
    assert [e.field for e in loaded.errors] == ["name"]
    _no_loading(monkeypatch)
    indexed = load_catalog(components)
    assert [(type(e), e.to_dict()) for e in indexed.errors] == \
        [(type(e), e.to_dict()) for e in loaded.errors]


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1}', b"\x00\xff" * 40])
def test_a_damaged_index_means_loading_as_usual(components: Path, damage: bytes) -> None:
    loaded = load_catalog(components)
    [index] = _index_files(components)
    index.write_bytes(damage)
    _same(load_catalog(components), loaded)


def test_a_planted_index_naming_other_folders_or_scripts_is_not_used(
        components: Path) -> None:
    """An index is only ever the loader's own result: one whose packages or scripts lie
    outside the components folder (written by someone else) is ignored."""
    load_catalog(components)
    [index] = _index_files(components)
    data = json.loads(index.read_text(encoding="utf-8"))
    data["packages"]["nearby"]["handlers"]["execution_handler"]["path"] = "/etc/passwd"
    data["packages"]["nearby"]["handlers"]["execution_handler"]["text"] = 'return "planted";'
    index.write_text(json.dumps(data), encoding="utf-8")
    script = load_catalog(components).packages["nearby"].handlers["execution_handler"]
    assert script.text != 'return "planted";'
    assert script.path == components / "nearby" / "execution.dg"


def test_an_index_of_another_loader_version_is_not_used(
        components: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_catalog(components)
    monkeypatch.setattr(package_index, "_loader_stamp", lambda: "another version")
    calls: list[Path] = []
    real = packages.load_packages

    def counting(root: Path) -> Catalog:
        calls.append(root)
        return real(root)

    monkeypatch.setattr(packages, "load_packages", counting)
    load_catalog(components)
    assert calls == [components]


def test_without_a_cache_directory_nothing_is_written(
        components: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIQSIM_CACHE", "")
    assert "nearby" in load_catalog(components).packages
    assert not (components.parent / "cache").exists()


def test_a_missing_folder_is_the_loader_s_error(components: Path) -> None:
    with pytest.raises(CliqsimError, match="does not exist"):
        load_catalog(components / "nowhere")


def test_what_json_cannot_keep_is_not_indexed(components: Path) -> None:
    """A TOML date inside a command's options would come back from JSON as text: such a
    folder gets no index (and loads as usual every time)."""
    manifest = components / "nearby" / "component.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('hint = "bank | restaurant | hospital"\n',
                                     'hint = "bank | restaurant | hospital"\n'
                                     'options = [{ name = "when", since = 2026-12-01 }]\n', 1),
                        encoding="utf-8")
    loaded = load_catalog(components)
    assert loaded.packages["nearby"].options[0]["since"].isoformat() == "2026-12-01"
    assert _index_files(components) == []


def test_a_folder_that_links_back_up_loads_without_an_index(components: Path) -> None:
    (components / "nearby" / "loop").symlink_to(components, target_is_directory=True)
    assert "nearby" in load_catalog(components).packages
    assert _index_files(components) == []


def test_a_runtime_runs_the_same_from_the_index(components: Path, tmp_path: Path) -> None:
    """The whole road (consent request, grant, run) is the same on a run that found the
    index: the gate sees the same manifest."""
    from cliqsim.clock import SimulatedClock

    outcomes = []
    for data in ("first", "second"):
        runtime = Runtime(components, tmp_path / data, SimulatedClock())
        asked = runtime.submit("u_arjun", "general", "/nearby bank")
        assert asked.status == "consent_required" and asked.consent is not None
        ran = runtime.decide(asked.pending, True)  # type: ignore[arg-type]
        outcomes.append((asked.consent.items, [m.text for m in ran.messages], ran.status))
    assert len(_index_files(components)) == 1
    assert outcomes[0] == outcomes[1]
