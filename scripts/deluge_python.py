#!/usr/bin/env python3
"""Print the Python code cliqsim compiles a Deluge script to (docs/architecture.md, issue #18):
the one function `_script(_rt, _cx, _in)`, with its typed and unchecked loop copies, as the
interpreter runs it. For reading the hot paths, not for running.

    .venv/bin/python scripts/deluge_python.py FILE.dg          # a script
    .venv/bin/python scripts/deluge_python.py --bench arithmetic  # a loop of `bench.py interp`
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))

from cliqsim.deluge.interpreter import compile_script  # noqa: E402

BENCH = ("arithmetic", "text", "handler")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("file", nargs="?", type=Path, help="a Deluge script")
    where.add_argument("--bench", choices=BENCH, help="a workload of scripts/benchmarks/interp.py")
    args = parser.parse_args(argv)
    if args.bench:
        from benchmarks import interp

        text = {"arithmetic": interp.ARITHMETIC, "text": interp.TEXT, "handler": interp.HANDLER}
        name = f"<bench {args.bench}>"
        script = text[args.bench]
    else:
        name, script = str(args.file), args.file.read_text(encoding="utf-8")
    print(compile_script(script, name).program.python, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
