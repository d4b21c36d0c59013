"""`cliqsim check --privacy PATH... [--json | --sarif]`: the least-privilege lint.

Each finding has a code (`CP001` ... `CP008`, see `consent/privacy.py` and docs/consents.md), the
location, what is wrong and the narrower code to write. `--json` prints `{"findings": [{"code",
"rule", "severity", "path", "line", "column", "end_line", "end_column", "message", "fix"}],
"problems": [...]}`; `--sarif` prints a SARIF 2.1.0 log that code scanning (GitHub, GitLab,
Azure DevOps) shows on pull requests.

Exit status: 0 when nothing was found (notes are fine), 1 when a warning was found or a script
or package could not be read, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cliqsim.platform.privacy_paths import Located, PrivacyReport

EXIT_OK, EXIT_FOUND = 0, 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def run_privacy(files: list[Path], args: argparse.Namespace,
                read: Callable[[Path], str]) -> int:
    from cliqsim.platform.privacy_paths import lint_files

    report = lint_files(files, read)
    if args.sarif:
        print(json.dumps(sarif(report), indent=2, ensure_ascii=False))
    elif args.json:
        print(json.dumps(as_json(report), indent=2, ensure_ascii=False))
    else:
        _print_text(report, args.paths)
    failed = report.problems or any(f.finding.severity == "warning" for f in report.findings)
    return EXIT_FOUND if failed else EXIT_OK


def _print_text(report: PrivacyReport, requested: list[str]) -> None:
    for found in report.findings:
        finding = found.finding
        print(f"{found.path}:{found.line}:{found.column}: {finding.severity}: "
              f"{finding.message} [{finding.code} {finding.rule.name}]")
        print(f"  fix: {finding.fix}")
    for problem in report.problems:
        print(f"error: {problem}")
    count = len(report.findings)
    summary = (f"{report.files} file{'s' if report.files != 1 else ''} checked for privacy: "
               f"{count} finding{'s' if count != 1 else ''}")
    if not report.files:
        summary += f" (no .dg files under {', '.join(requested)})"
    print(summary)


def as_json(report: PrivacyReport) -> dict[str, Any]:
    return {
        "findings": [
            {
                "code": f.finding.code,
                "rule": f.finding.rule.name,
                "severity": f.finding.severity,
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "end_line": f.end_line,
                "end_column": f.end_column,
                "message": f.finding.message,
                "fix": f.finding.fix,
            }
            for f in report.findings
        ],
        "problems": list(report.problems),
    }


def sarif(report: PrivacyReport) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: the rules (every lint code) and one result per finding.
    Paths are relative URIs with `/` (absolute paths become `file://` URIs)."""
    from cliqsim import __version__
    from cliqsim.consent.privacy import RULES

    codes = list(RULES)
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.title},
            "fullDescription": {"text": f"{rule.title} (cliqsim privacy lint {rule.code})."},
            "help": {"text": "See docs/consents.md, section 'The privacy lint', in cliqsim."},
            "defaultConfiguration": {"level": rule.severity},
        }
        for rule in RULES.values()
    ]
    results = [_result(found, codes.index(found.finding.code)) for found in report.findings]
    notifications = [
        {"level": "error", "message": {"text": problem}} for problem in report.problems
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "cliqsim",
                "version": __version__,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if notifications:
        run["invocations"] = [
            {"executionSuccessful": False, "toolExecutionNotifications": notifications}
        ]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _result(found: Located, rule_index: int) -> dict[str, Any]:
    finding = found.finding
    region: dict[str, int] = {"startLine": found.line, "startColumn": found.column}
    if found.end_line >= found.line and found.end_column > 0:
        region["endLine"] = found.end_line
        region["endColumn"] = max(found.end_column, found.column + 1) if (
            found.end_line == found.line) else found.end_column
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": finding.severity,
        "message": {"text": f"{finding.message}. Fix: {finding.fix}."},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(found.path)},
                    "region": region,
                }
            }
        ],
        "properties": {"fix": finding.fix, "rule": finding.rule.name},
    }


def _uri(path: str) -> str:
    shown = Path(path)
    if shown.is_absolute():
        return shown.as_uri()
    from urllib.parse import quote

    return quote(shown.as_posix())
