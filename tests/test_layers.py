"""The layers of DESIGN.md and docs/architecture.md: a lower package never imports an upper one,
nor Textual; the chat window takes nothing from the headless commands' package."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

FORBIDDEN = {
    "cliqsim.deluge": ["textual", "tinydb", "cliqsim.consent", "cliqsim.platform", "cliqsim.tui"],
    "cliqsim.consent": ["textual", "cliqsim.platform", "cliqsim.tui"],
    "cliqsim.platform": ["textual", "cliqsim.tui", "cliqsim.frontend", "cliqsim.commands"],
    # what the chat window and the headless commands share; it owns neither
    "cliqsim.frontend": ["textual", "cliqsim.tui", "cliqsim.commands", "cliqsim.cli"],
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_imports_nothing_above_it(package: str) -> None:
    if importlib.util.find_spec(package) is None:
        pytest.skip(f"{package} does not exist yet")
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    loaded = set(subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split())
    for forbidden in FORBIDDEN[package]:
        assert not any(
            name == forbidden or name.startswith(forbidden + ".") for name in loaded
        ), f"{package} imports {forbidden}"


# Imports anywhere in a file, also the ones inside functions that the test above never runs.
STATIC_FORBIDDEN = {
    "cliqsim/tui": ["cliqsim.commands", "cliqsim.cli"],
    "cliqsim/frontend": ["textual", "cliqsim.tui", "cliqsim.commands", "cliqsim.cli"],
}
ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) of every import statement in `path`, at any depth."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


@pytest.mark.parametrize("folder", sorted(STATIC_FORBIDDEN))
def test_no_import_statement_reaches_a_forbidden_package(folder: str) -> None:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for line, module in imported_modules(path):
            for forbidden in STATIC_FORBIDDEN[folder]:
                if module == forbidden or module.startswith(forbidden + "."):
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not found, "\n".join(found)


def test_the_static_scan_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from cliqsim.commands import x\n", encoding="utf-8")
    assert (2, "cliqsim.commands") in set(imported_modules(module))
