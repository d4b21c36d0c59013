"""`cliqsim test FILE... [--components DIR] [--junit PATH]`: replay transcripts recorded with
`--record` (or the chat window's record toggle) on a fresh data directory, and say which steps
drifted. Exit 0 when every step gives the recorded result, 1 when one drifts (with a diff),
2 for a usage error. See docs/cli.md ("Record and replay")."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cliqsim.platform.transcript import ReplayReport

NAME = "test"
HELP = "replay recorded transcripts and report any step whose result drifted"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="transcripts (.toml)")
    parser.add_argument("--components", metavar="DIR",
                        help="replay against these packages instead of the transcript's own")
    parser.add_argument("--junit", metavar="PATH", help="also write a JUnit XML report")


def run(args: argparse.Namespace) -> int:
    from cliqsim.platform.transcript import replay

    components = Path(args.components) if args.components else None
    reports = [replay(Path(file), components) for file in args.files]
    for report in reports:
        drifted = [step for step in report.steps if not step.ok]
        print(f"{report.path}: {len(report.steps) - len(drifted)} of {len(report.steps)} "
              f"steps as recorded")
        for step in drifted:
            if step.error:
                print(f"  step {step.index} ({step.call}) could not run: {step.error}")
            print("\n".join(f"  {line}" for line in step.diff))
    if args.junit:
        _write_junit(Path(args.junit), reports)
    passed = sum(report.ok for report in reports)
    print(f"{passed} passed, {len(reports) - passed} failed")
    return 0 if passed == len(reports) else 1


def _write_junit(path: Path, reports: list[ReplayReport]) -> None:
    from xml.etree import ElementTree as ET

    suites = ET.Element("testsuites")
    for report in reports:
        failures = sum(not step.ok for step in report.steps)
        suite = ET.SubElement(suites, "testsuite", name=str(report.path),
                              tests=str(len(report.steps)), failures=str(failures))
        for step in report.steps:
            case = ET.SubElement(suite, "testcase", classname=report.path.stem,
                                 name=f"step {step.index} {step.call}")
            if not step.ok:
                failure = ET.SubElement(case, "failure",
                                        message=step.error or "the result drifted")
                failure.text = "\n".join(step.diff)
    path.write_text(ET.tostring(suites, encoding="unicode"), encoding="utf-8")
