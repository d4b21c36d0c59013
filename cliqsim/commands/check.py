"""`cliqsim check PATH... [--json]`: parse and statically check Deluge `.dg` files.

`cliqsim check --privacy PATH... [--json | --sarif]` runs the least-privilege lint instead
(`commands/_privacy.py`).

Folders are searched recursively for `*.dg` and for the handler files their packages'
`component.toml` name (`.ds`, `.deluge`, ...); a file named directly is checked whatever its
extension. Each file is checked as a bare handler script, with every Cliq handler input name
(`user`, `chat`, `arguments`, ...) predeclared.

Exit status: 0 when no file has an error (warnings are fine), 1 when any has, 2 for a usage
error (a path that does not exist or cannot be read).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cliqsim.errors import UsageError

if TYPE_CHECKING:
    from cliqsim.deluge.errors import Diagnostic
    from cliqsim.deluge.source import Source

NAME = "check"
HELP = "check Deluge .dg files (and folders of them) for syntax errors and static problems"

EXIT_OK, EXIT_ERRORS = 0, 1
_LINE_PREFIX = re.compile(r"^\(Line no: \d+\)\s*")


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help=".dg files or folders")
    parser.add_argument(
        "--json",
        action="store_true",
        help='print one JSON object: {"files": [{"path", "ok", "diagnostics": [...]}]}',
    )
    parser.add_argument(
        "--privacy",
        action="store_true",
        help="run the least-privilege lint: code that asks for more consent than it needs",
    )
    parser.add_argument(
        "--sarif", action="store_true",
        help="with --privacy: print SARIF 2.1.0 for code scanning",
    )


def run(args: argparse.Namespace) -> int:
    if args.sarif and not args.privacy:
        raise UsageError("--sarif goes with --privacy: `cliqsim check --privacy PATH --sarif`")
    if args.sarif and args.json:
        raise UsageError("choose one of --json and --sarif")
    from cliqsim.commands._package_check import check_packages, print_package_errors

    files = collect_files([Path(p) for p in args.paths])
    if args.privacy:
        from cliqsim.commands._privacy import run_privacy

        return run_privacy(files, args, read_text)
    named = {Path(p) for p in args.paths if Path(p).is_file()}
    inputs: dict[str, frozenset[str]] = {}
    for folder in (Path(p) for p in args.paths if Path(p).is_dir()):
        inputs.update(handler_inputs(folder))
    # A file named on the command line that cannot be read is a usage error; one found in a
    # folder is one error among the others, and the check goes on.
    results = [check_file(path, in_folder=path not in named,
                          inputs=inputs.get(str(path.resolve()))) for path in files]
    packages = check_packages([Path(p) for p in args.paths if Path(p).is_dir()])
    if args.json:
        _print_json(results, [package.to_dict() for package in packages])
    else:
        package_errors = print_package_errors(packages)
        _print_text(results, args.paths, len(packages), package_errors)
    failed = any(not r.ok for r in results) or any(not p.ok for p in packages)
    return EXIT_ERRORS if failed else EXIT_OK


def collect_files(paths: list[Path]) -> list[Path]:
    """The files to check, in a stable order, each once; a usage error names a bad path."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.dg") if p.is_file()))
            found.extend(handler_files(path))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise UsageError(f"cannot check '{path}': it is neither a file nor a folder")
        else:
            raise UsageError(f"cannot check '{path}': no such file or folder")
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(str(path.resolve()), path)
    return list(unique.values())


def handler_files(directory: Path) -> list[Path]:
    """The handler scripts the packages under `directory` name in their `component.toml`
    (`[handlers]`, `[[menu]] handler`), whatever their suffix: real projects keep Cliq scripts
    as `.ds`, `.deluge`, `.m`. A name outside its package folder, or a manifest that does not
    read, is left to the package check, which reports it."""
    return [path for path, _type, _key in _declared_handlers(directory)
            if not path.name.endswith(".dg")]  # a .dg file is found by the folder walk


def handler_inputs(directory: Path) -> dict[str, frozenset[str]]:
    """For each handler file a package under `directory` names (by resolved path): the inputs
    Cliq gives that handler, so a script reading one its handler does not get (a widget's
    view handler reading `chat`) is told "Variable 'chat' is not defined" before it runs, as
    the run would fail."""
    declared = _declared_handlers(directory)
    if not declared:
        return {}
    from cliqsim.platform.triggers import KINDS

    found: dict[str, frozenset[str]] = {}
    for path, component, key in declared:
        kinds = [k for k in KINDS if k.component == component and k.key == key]
        if kinds:
            found[str(path.resolve())] = frozenset().union(*(k.inputs for k in kinds))
    return found


def _declared_handlers(directory: Path) -> list[tuple[Path, str, str | None]]:
    """(file, component type, handler key; None for a bot's menu action) of every handler the
    packages under `directory` declare and that exists inside its package folder."""
    import tomllib

    found: list[tuple[Path, str, str | None]] = []
    for manifest in sorted(directory.rglob("component.toml")):
        folder = manifest.parent
        try:
            data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        component = data.get("type")
        handlers = data.get("handlers")
        names: list[tuple[object, str | None]] = (
            [(file, key) for key, file in handlers.items()] if isinstance(handlers, dict) else [])
        menu = data.get("menu")
        if isinstance(menu, list):
            names += [(item.get("handler"), None) for item in menu if isinstance(item, dict)]
        for name, key in names:
            if not isinstance(name, str) or not isinstance(component, str):
                continue
            path = folder / name
            if path.resolve().is_relative_to(folder.resolve()) and path.is_file():
                found.append((path, component, key))
    return found


class FileResult:
    """The outcome of checking one file."""

    def __init__(self, path: Path, source: Source, diagnostics: list[Diagnostic],
                 notes: dict[int, tuple[str, ...]]) -> None:
        self.path = path
        self.source = source
        self.diagnostics = diagnostics
        self.notes = notes  # index in diagnostics -> hint lines (syntax errors)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def check_file(path: Path, in_folder: bool = False,
               inputs: frozenset[str] | None = None) -> FileResult:
    """Check one file; `inputs` are the names its handler gets, when a package says which
    handler it is (else every name Cliq binds for some handler is predeclared)."""
    from cliqsim.deluge.checks import check
    from cliqsim.deluge.errors import DelugeSyntaxError, Diagnostic
    from cliqsim.deluge.parser import parse
    from cliqsim.deluge.source import Source, Span

    try:
        text = read_text(path)
    except UsageError as error:  # one unreadable file is one error; the others are checked
        if not in_folder:
            raise
        message = str(error.args[0]) if error.args else str(error)
        return FileResult(path, Source("", str(path)),
                          [Diagnostic("error", "unreadable", message, Span.point(1, 1))], {})
    source = Source(text, str(path))
    try:
        script = parse(text, str(path))
    except DelugeSyntaxError as error:
        span = error.span or Span.point(1, 1)
        message = _LINE_PREFIX.sub("", error.message)
        diagnostic = Diagnostic("error", "syntax", message, span)
        return FileResult(path, source, [diagnostic], {0: error.notes})
    if inputs is not None:
        return FileResult(path, source, check(script, inputs), {})
    # the handler of a bare file is not known: every name Cliq binds for some handler
    from cliqsim.platform.handler_inputs import HANDLER_INPUTS

    return FileResult(path, source, check(script, HANDLER_INPUTS), {})


def read_text(path: Path) -> str:
    """A `.dg` file's text with line breaks made `\\n` (UsageError naming the file if it
    cannot be read or is not UTF-8)."""
    from cliqsim.frontend.user_files import read_user_text

    text = read_user_text(path, "")
    # Deluge line numbers count \r\n and lone \r as one line break, as editors do.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _print_text(results: list[FileResult], requested: list[str], packages: int = 0,
                package_errors: int = 0) -> None:
    from cliqsim.deluge.source import render_pinpoint

    errors, warnings = package_errors, 0
    for result in results:
        for index, d in enumerate(result.diagnostics):
            if d.severity == "error":
                errors += 1
            else:
                warnings += 1
            print(f"{result.path}:{d.span.line}:{d.span.column}: {d.severity}: {d.message} "
                  f"[{d.code}]")
            print(render_pinpoint(result.source, d.span))
            for note in result.notes.get(index, ()):
                print(f"  note: {note}")
    count = len(results)
    summary = f"{count} file{'s' if count != 1 else ''} checked: "
    if packages:
        summary = f"{packages} package{'s' if packages != 1 else ''} and " + summary
    summary += f"{errors} error{'s' if errors != 1 else ''}, "
    summary += f"{warnings} warning{'s' if warnings != 1 else ''}"
    if not results:
        summary += f" (no .dg files under {', '.join(requested)})"
    print(summary)


def _print_json(results: list[FileResult], packages: list[dict[str, Any]]) -> None:
    import json

    files: list[dict[str, Any]] = []
    for result in results:
        files.append(
            {
                "path": str(result.path),
                "ok": result.ok,
                "diagnostics": [
                    {
                        "severity": d.severity,
                        "code": d.code,
                        "line": d.span.line,
                        "column": d.span.column,
                        "message": d.message,
                    }
                    for d in result.diagnostics
                ],
            }
        )
    report: dict[str, Any] = {"files": files}
    if packages:
        report["packages"] = packages
    print(json.dumps(report, indent=2, ensure_ascii=False))
