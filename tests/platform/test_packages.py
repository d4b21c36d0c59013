"""Component packages: the samples load cleanly; every broken package fails alone with the
file, field, line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from platform_helpers import write_package

from cliqsim.errors import CliqsimError
from cliqsim.paths import bundled_components
from cliqsim.platform.packages import LoadError, load_packages

GOOD = """\
type = "command"
name = "hello"
description = "Says hello"

[handlers]
execution = "run.dg"
"""


def test_the_samples_load_without_errors() -> None:
    catalog = load_packages(bundled_components())
    assert catalog.errors == []
    assert {p.id for p in catalog.packages.values()} >= {
        "nearby", "poll", "pollbot", "createpoll", "vote", "translate", "crmlead", "announce",
        "announceform"}
    assert catalog.packages["pollbot"].extension == "poll"
    # an extension's components get its connections and fixtures too
    assert catalog.bot("@PollBot") is catalog.packages["pollbot"]


def _load_one(tmp_path: Path, manifest: str, files: dict[str, str]) -> LoadError:
    write_package(tmp_path, "good", GOOD, {"run.dg": 'return "hi";'})
    write_package(tmp_path, "bad", manifest, files)
    catalog = load_packages(tmp_path)
    assert "good" in catalog.packages, "a bad package must not hide the others"
    assert "bad" not in catalog.packages
    assert len(catalog.errors) == 1
    return catalog.errors[0]


CASES = {
    "missing handler file": (
        GOOD.replace("run.dg", "missing.dg"), {}, "component.toml", "handlers.execution", 6,
        "names missing.dg, which does not exist"),
    "unknown field": (
        GOOD.replace("[handlers]", 'colour = "blue"\n[handlers]'), {"run.dg": 'return "x";'},
        "component.toml", "colour", 5,
        "unknown field 'colour'"),
    "unknown type": (
        GOOD.replace('"command"', '"gadget"'), {"run.dg": ""}, "component.toml", "type", 1,
        "unknown component type 'gadget'"),
    "deluge syntax error": (
        GOOD, {"run.dg": 'x = 1\nreturn x;\n'}, "run.dg", None, 1, "Deluge syntax error"),
    "bad auth": (
        GOOD + '[connections.maps]\nservice = "Maps"\nauth = "everyone"\n',
        {"run.dg": 'return "x";'}, "component.toml", "connections.maps.auth", 9,
        "must be \"user\""),
    "bad link name": (
        GOOD + '[connections.Maps]\nservice = "Maps"\nauth = "user"\n',
        {"run.dg": 'return "x";'}, "component.toml", "connections.Maps", 7,
        "must start with a lower-case letter"),
    "missing fixture body file": (
        GOOD + '[[fixtures]]\nurl = "https://x.example/a"\nbody_file = "nope.json"\n',
        {"run.dg": 'return "x";'}, "component.toml", "fixtures.body_file", 9,
        "nope.json, which does not exist"),
    "invalid toml": (
        'type = "command\n', {}, "component.toml", None, 1, "is not valid TOML"),
    "missing name": (
        'type = "command"\n[handlers]\nexecution = "run.dg"\n', {"run.dg": 'return "x";'},
        "component.toml", "name", None, "the field 'name' is required"),
    "hint too long": (
        GOOD.replace("[handlers]", 'hint = "' + "x" * 129 + '"\n[handlers]'),
        {"run.dg": 'return "x";'}, "component.toml", "hint", 5,
        "is 129 characters; Cliq allows 128"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_package_names_file_field_line_and_reason(tmp_path: Path, case: str) -> None:
    manifest, files, file, field, line, reason = CASES[case]
    error = _load_one(tmp_path, manifest, files)
    assert error.path.name == file
    assert error.field == field
    assert error.line == line
    assert reason in error.reason
    assert str(error.path) in error.message


def test_unknown_handler_key(tmp_path: Path) -> None:
    error = _load_one(tmp_path, GOOD + 'welcome = "run.dg"\n', {"run.dg": 'return "x";'})
    assert error.field == "handlers.welcome"
    assert "allowed here: execution, suggestion" in error.reason


def test_a_missing_components_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CliqsimError, match="does not exist; give an existing folder"):
        load_packages(tmp_path / "nowhere")


def test_a_folder_without_component_toml_is_named_not_skipped(tmp_path: Path) -> None:
    """A misspelt manifest (package.toml) was a silently missing command; a folder of assets
    (no Deluge, no TOML) is still passed over."""
    root = tmp_path / "c"
    (root / "ask").mkdir(parents=True)
    (root / "ask" / "package.toml").write_text('type = "command"\nname = "ask"\n')
    (root / "ask" / "run.dg").write_text('return "hi";')
    (root / "scripts_only").mkdir()
    (root / "scripts_only" / "run.dg").write_text('return "hi";')
    (root / "images").mkdir()
    (root / "images" / "logo.png").write_bytes(b"png")
    catalog = load_packages(root)
    named = {e.path.parent.name: e.reason for e in catalog.errors}
    assert set(named) == {"ask", "scripts_only"}
    assert "is missing" in named["ask"] and "it has package.toml" in named["ask"]
    assert "it has Deluge scripts" in named["scripts_only"]
    assert "cliqsim import" in named["scripts_only"]


def test_a_broken_package_does_not_stop_the_runtime(tmp_path: Path, make_runtime) -> None:
    write_package(tmp_path / "c", "hello", GOOD,
                  {"run.dg": 'return "hi " + user.get("first_name");'})
    write_package(tmp_path / "c", "broken", GOOD.replace("hello", "broken"),
                  {"run.dg": "return {;"})
    runtime = make_runtime(tmp_path / "c")
    assert [e.path.name for e in runtime.load_errors] == ["run.dg"]
    outcome = runtime.submit("u_arjun", "general", "/hello")
    assert runtime.decide(outcome.pending, True).messages[-1].text == "hi Arjun"
    from cliqsim.errors import UsageError

    with pytest.raises(UsageError, match="no command /broken .*Deluge syntax error"):
        runtime.submit("u_arjun", "general", "/broken")
