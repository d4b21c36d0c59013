"""README.md's "Headless use" commands, run as written in a fresh data directory (answering
`a` where a command asks for consent: `--consent allow`), in order: each must succeed. A
README example that cannot work (a vote by someone who cannot see the poll, a handler the
sample has not got) fails here."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from cliqsim.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"


def headless_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Headless use", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        assert words[0] == "./scripts/run", line
        commands.append(words[1:])
    return commands


def test_the_readme_headless_commands_work_as_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commands = headless_commands()
    assert len(commands) >= 6
    card_id = None
    for words in commands:
        if "MESSAGE_ID" in words:
            assert card_id, "no card printed before the click"
            words = [card_id if w == "MESSAGE_ID" else w for w in words]
        if "--consent" not in words and words[0] not in ("users",):
            words = [*words, "--consent", "allow"]
        code = main([*words, "--data", str(tmp_path / "data")])
        out = capsys.readouterr()
        assert code == 0, (words, out.out[-600:], out.err)
        found = re.search(r"id (m_[0-9a-f]+)\n╭─ ", out.out)
        card_id = found.group(1) if found else card_id
