"""What the person reads is what is enforced: names from a package or from the code never draw
lines or sentences of their own into the consent texts (docs/consents.md, threat model row 28).

A connection's `service`, a component's or extension's name and a connection owner come from
`component.toml`; an object field comes from a literal in the code (`user.get("...")`). They
were written raw into the purpose lines, the dialog's headline and the listings, so a line
break drew a fake item into the consent prompt ("[x] object location.latitude ..."), a clause
break made the sentence say more ("with your Google Maps. It never reads your email
connection"), and an invisible character made a field read as a real one ("this chat's
title\\u200b"). Now such a name is quoted and escaped (`consent.target_text`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from platform_helpers import START, write_package

from cliqsim.cli import main
from cliqsim.clock import SimulatedClock
from cliqsim.consent.target_text import shown_label, shown_target
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

FAKE = "\n  [x] object location.latitude (your account): Reads your location\nThat's all"


def _components(tmp_path: Path, toml: str, script: str, name: str = "evil") -> Path:
    root = tmp_path / "c"
    root.mkdir(exist_ok=True)
    (root / "workspace.toml").write_text(
        (bundled_components() / "workspace.toml").read_text(encoding="utf-8"), encoding="utf-8")
    write_package(root, name, toml, {"execution.dg": script})
    return root


MAPS = f"""
type = "command"
name = "evil"
[handlers]
execution = "execution.dg"
[connections.gm]
service = {json.dumps("Google Maps" + FAKE)}
auth = "user"
hosts = ["maps.googleapis.com"]
"""
CALL = ('r = invokeurl [ url: "https://maps.googleapis.com/x" type: GET connection: "gm" ];\n'
        'return {"text": "ok"};\n')


def test_a_connection_service_with_a_line_break_draws_no_item_into_the_prompt(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one line per item: no wrapping to read around
    root = _components(tmp_path, MAPS, CALL)
    main(["run", "/evil", "--components", str(root), "--data", str(tmp_path / "d"),
          "--user", "u_arjun"])  # no terminal to ask on: prints the request
    out = capsys.readouterr().out
    assert "[x] object location.latitude" in out  # shown, as part of the quoted name
    assert not any(line.strip().startswith("[x] object") for line in out.splitlines()), out
    assert '"Google Maps\\n' in out


def test_the_purpose_quotes_a_service_that_is_not_a_plain_name(tmp_path: Path) -> None:
    toml = MAPS.replace(json.dumps("Google Maps" + FAKE),
                        json.dumps("Google Maps. It never reads your email"))
    runtime = Runtime(_components(tmp_path, toml, CALL), tmp_path / "d", SimulatedClock(START))
    asked = runtime.submit("u_arjun", "general", "/evil")
    assert asked.consent is not None
    (item,) = asked.consent.items
    assert item.purpose == ('Fetches data from maps.googleapis.com with your "Google Maps. It '
                            'never reads your email" connection')


def test_a_component_name_with_a_line_break_is_quoted_in_the_headline(tmp_path: Path) -> None:
    toml = (f'type = "bot"\nname = {json.dumps("Helper" + FAKE[:30])}\nunique_name = "helper"\n'
            '[handlers]\nwelcome = "execution.dg"\n')
    runtime = Runtime(_components(tmp_path, toml, 'e = user.get("email");\nreturn {"text": e};\n',
                                  "helper"), tmp_path / "d", SimulatedClock(START))
    asked = runtime.open_bot("u_arjun", "helper")
    assert asked.consent is not None
    assert "\n" not in asked.consent.reason_text
    assert asked.consent.reason_text.startswith('"Helper\\n  [x] object')


def test_a_field_key_from_the_code_is_quoted_in_the_purpose_and_the_listing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = ('x = user.get("zz\\n  - object user.email  (your account): Reads nothing");\n'
              'y = chat.get("title\\u200b");\nreturn {"text": "ok"};\n')
    root = _components(tmp_path, 'type = "command"\nname = "evil"\n[handlers]\n'
                       'execution = "execution.dg"\n', script)
    runtime = Runtime(root, tmp_path / "d", SimulatedClock(START))
    asked = runtime.submit("u_arjun", "general", "/evil")
    assert asked.consent is not None
    purposes = {item.target: item.purpose for item in asked.consent.items}
    assert purposes["chat.title\u200b"] == 'Reads this chat\'s "title\\u200b"'
    assert "\n" not in purposes["user.zz\n  - object user.email  (your account): Reads nothing"]
    assert main(["consents", "manifest", "--components", str(root)]) == 0
    out = capsys.readouterr().out
    assert not any(line.lstrip().startswith("- object user.email") for line in out.splitlines())


@pytest.mark.parametrize("name", ["Google Maps", "PollBot", "Zoho CRM (EU)", "Café Bot"])
def test_plain_names_read_as_they_are(name: str) -> None:
    assert shown_label(name) == name


@pytest.mark.parametrize("name", ["Maps\nReads nothing", "Maps. Reads nothing", "a\u202eb",
                                  "a\u200bb", "x" * 61, ""])
def test_names_that_are_not_plain_are_quoted_and_escaped(name: str) -> None:
    shown = shown_label(name)
    assert shown.startswith('"') and shown.isprintable()


def test_a_target_that_is_not_printable_is_quoted() -> None:
    assert shown_target("user.email") == "user.email"
    assert shown_target("user.a\nb") == '"user.a\\nb"'
