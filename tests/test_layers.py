"""The layers of DESIGN.md: a lower package never imports an upper one, nor Textual."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

FORBIDDEN = {
    "cliqsim.deluge": ["textual", "tinydb", "cliqsim.consent", "cliqsim.platform", "cliqsim.tui"],
    "cliqsim.consent": ["textual", "cliqsim.platform", "cliqsim.tui"],
    "cliqsim.platform": ["textual", "cliqsim.tui"],
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
