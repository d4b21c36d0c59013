"""Helpers for the review tool tests: a components folder written by the test, the CLI."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cliqsim.cli import main

NEARBY_TOML = """\
type = "command"
name = "nearby"

[handlers]
execution = "execution.dg"

[connections.googlemaps]
service = "Google Maps"
auth = "admin"
hosts = ["maps.googleapis.com"]
"""

NEARBY_DG = """\
lat = location.get("latitude");
r = invokeurl
[
\turl :"https://maps.googleapis.com/maps/api/place/nearbysearch/json"
\ttype :GET
\tparameters:{"location":lat}
\tconnection:"googlemaps"
];
return {"text":"Hi " + user.get("first_name")};
"""


def write_package(root: Path, name: str, manifest: str, files: dict[str, str]) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "component.toml").write_text(textwrap.dedent(manifest), encoding="utf-8")
    for file, text in files.items():
        (folder / file).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def components(tmp_path: Path) -> Path:
    root = tmp_path / "components"
    write_package(root, "nearby", NEARBY_TOML, {"execution.dg": NEARBY_DG})
    return root


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
