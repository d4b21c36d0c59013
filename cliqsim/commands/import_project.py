"""`cliqsim import SRC --out DEST [--json]`: turn a Cliq project laid out in folders into
cliqsim component packages, and report every guess, every script left unplaced and what is left
to fill in by hand. See docs/cli.md ("Importing a real project")."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

NAME = "import"
HELP = "turn a folder of Cliq scripts (Bots/, Commands/, Functions/, ...) into packages"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="SRC", help="the project's folder of Deluge scripts")
    parser.add_argument("--out", metavar="DEST", required=True,
                        help="a new (or empty) folder to write the packages into")
    parser.add_argument("--json", action="store_true",
                        help='print one JSON object: {"packages": [{"id", "type", "handlers"}], '
                             '"guesses", "unplaced", "skipped", "todo"}')


def run(args: argparse.Namespace) -> int:
    from cliqsim.platform.importer import import_project

    report = import_project(Path(args.source), Path(args.out))
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(report.to_text())
        print(f"\nTry it: cliqsim --components {args.out}")
    return 0
