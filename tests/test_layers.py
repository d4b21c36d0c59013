"""The layers of DESIGN.md: a lower package never imports an upper one, nor Textual; the chat
window takes nothing from the headless commands' package; and the seams of the platform: the
engine, the pipeline and the trigger modules (docs/architecture.md)."""

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


# --- the seams of the platform (issue #10) ----------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
PLATFORM = ROOT / "cliqsim" / "platform"
TRIGGERS = PLATFORM / "triggers"
MAX_LINES = 600


def _python_files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py"))


def _private_attributes(tree: ast.AST) -> list[tuple[int, str, str]]:
    """(line, owner, attribute) of every `owner._attribute` whose owner is not self or cls."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not (
                node.attr.startswith("__") and node.attr.endswith("__")):
            owner = ast.unparse(node.value)
            if owner not in ("self", "cls"):
                found.append((node.lineno, owner, node.attr))
    return found


def test_nothing_outside_the_runtime_reaches_into_the_engine() -> None:
    """The engine's parts are reached through `Runtime`'s public methods; only runtime.py (and
    its read side, runtime_views.py) holds `_engine`, and nobody calls an underscore member of
    an engine or a pipeline."""
    offenders = []
    for path in _python_files(ROOT / "cliqsim", ROOT / "tests", ROOT / "scripts"):
        if path in (PLATFORM / "runtime.py", PLATFORM / "runtime_views.py"):
            continue
        for line, owner, attribute in _private_attributes(ast.parse(path.read_text())):
            if attribute == "_engine" or owner.split(".")[-1] in ("engine", "pipeline"):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {owner}.{attribute}")
    assert offenders == []


def test_triggers_use_only_the_public_api() -> None:
    """A trigger module touches no underscore member of anything but itself, imports no
    underscore name, and reaches the runtime's parts only through the pipeline it is given."""
    offenders = []
    for path in _python_files(TRIGGERS):
        tree = ast.parse(path.read_text())
        name = path.relative_to(ROOT)
        offenders += [f"{name}:{line}: {owner}.{attribute}"
                      for line, owner, attribute in _private_attributes(tree)]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if module in ("cliqsim.platform.engine", "cliqsim.platform.runtime"):
                    offenders.append(f"{name}:{node.lineno}: imports {module}")
                offenders += [f"{name}:{node.lineno}: imports {module}.{alias.name}"
                              for alias in node.names if alias.name.startswith("_")]
    assert offenders == []


def test_no_state_is_kept_in_an_objects_dict() -> None:
    offenders = [f"{p.relative_to(ROOT)}:{n.lineno}"
                 for p in _python_files(PLATFORM)
                 for n in ast.walk(ast.parse(p.read_text()))
                 if isinstance(n, ast.Attribute) and n.attr == "__dict__"]
    assert offenders == []


def _imports_at_load(path: Path) -> set[str]:
    """The cliqsim.platform modules `path` imports when it loads (not under TYPE_CHECKING, not
    inside a function)."""
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "cliqsim.platform"):
            module = node.module or ""
            for alias in node.names:  # `from cliqsim.platform import inputs` names a module
                child = f"{module}.{alias.name}"
                found.add(child if _module_path(child) is not None else module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("cliqsim.platform")}
    return {m for m in found if _module_path(m) is not None}


def _module_path(module: str) -> Path | None:
    base = ROOT / Path(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def test_the_platform_has_no_import_loop() -> None:
    """Module-level imports between platform modules form no cycle (a package's `__init__`
    gathering its own modules is not counted)."""
    graph: dict[str, set[str]] = {}
    for path in _python_files(PLATFORM):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        graph[module] = {m for m in _imports_at_load(path)
                         if not (path.name == "__init__.py" and m.startswith(package + "."))}
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        if state.get(module) == 2:
            return
        assert state.get(module) != 1, " -> ".join([*trail, module])
        state[module] = 1
        for imported in sorted(graph.get(module, ())):
            visit(imported, [*trail, module])
        state[module] = 2

    for module in sorted(graph):
        visit(module, [])


def test_no_platform_module_is_over_600_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _python_files(PLATFORM)
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_the_trigger_declarations_are_cheap_to_import() -> None:
    """`cliqsim check` reads the declared handler inputs (`triggers.HANDLER_INPUTS`) without
    opening a runtime: importing the trigger modules loads no store, no consent gate, no
    pipeline, no workspace and no parser."""
    code = ("import sys, cliqsim.platform.triggers\n"
            "print('\\n'.join(sorted(sys.modules)))\n")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    heavy = {"tinydb", "filelock", "lark", "cliqsim.storage", "cliqsim.consent.store",
             "cliqsim.consent.gate", "cliqsim.platform.pipeline", "cliqsim.platform.workspace",
             "cliqsim.deluge.parser", "cliqsim.deluge.interpreter"}
    assert sorted(heavy & loaded) == []


def test_the_command_line_loads_no_trigger_module_before_a_command_runs() -> None:
    """Every `cliqsim` invocation imports every command module to build its parser; none may
    import the trigger modules then (they cost a cold `cliqsim check` about 130 ms)."""
    code = ("import sys, cliqsim.cli\ncliqsim.cli.build_parser()\n"
            "print('\\n'.join(sorted(sys.modules)))\n")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert sorted(m for m in loaded if m.startswith("cliqsim.platform.triggers")) == []


# --- the front ends ------------------------------------------------------------------------------

# Imports anywhere in a file, also the ones inside functions that the test above never runs.
STATIC_FORBIDDEN = {
    "cliqsim/tui": ["cliqsim.commands", "cliqsim.cli"],
    "cliqsim/frontend": ["textual", "cliqsim.tui", "cliqsim.commands", "cliqsim.cli"],
}


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


def test_the_deluge_package_owns_no_cliq_handler_input_names() -> None:
    """Cliq's handler inputs are declared once, by the trigger kinds in the platform; the
    language takes them as parameters (`check(script, predeclared)`, `inventory(script, name,
    objects)`), so no table of them may grow back in `cliqsim.deluge`."""
    import pkgutil

    import cliqsim.deluge
    from cliqsim.platform.triggers import HANDLER_INPUTS

    tables = []
    for info in pkgutil.walk_packages(cliqsim.deluge.__path__, "cliqsim.deluge."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, set | frozenset | tuple | list | dict):
                names = {item for item in value if isinstance(item, str)} & HANDLER_INPUTS
                if len(names) >= 3:
                    tables.append(f"{info.name}.{name}: {sorted(names)}")
    assert tables == []


LOCK_FREE = {"components_dir", "recording", "clock", "now", "online", "load_errors",
             "trigger_events"}
"""Runtime members that read something fixed or swapped whole (no lock needed)."""


def test_every_runtime_call_holds_the_runtime_lock() -> None:
    """docs/architecture.md § Threads: the chat window reads on its UI thread while a worker
    runs a trigger; every other public `Runtime` method holds the lock for its whole call."""
    unlocked = []
    # Runtime and the read side it inherits (runtime_views.py)
    for file, name in (("runtime.py", "Runtime"), ("runtime_views.py", "RuntimeViews")):
        tree = ast.parse((PLATFORM / file).read_text())
        runtime = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
        unlocked += [f.name for f in runtime.body
                     if isinstance(f, ast.FunctionDef) and not f.name.startswith("_")
                     and f.name not in LOCK_FREE and "self._lock" not in ast.unparse(f)]
    assert unlocked == [], "hold `with self._lock:` (or add a fixed read to LOCK_FREE)"
    from cliqsim.platform.runtime import Runtime
    from cliqsim.platform.runtime_views import RuntimeViews

    assert issubclass(Runtime, RuntimeViews)


# Modules a cold `cliqsim run "/nearby bank"` does without (issue #18: start-up is the cost
# of what is imported); each is imported where it is used, on first use.
NOT_ON_A_COLD_RUN = {
    "regex",  # Deluge's patterns: only a run that matches one
    "lark", "cliqsim.deluge.parser",  # parsed scripts come from the cache
    "cliqsim.deluge.flow",  # the data-flow pass: only the data flow view and review
    # the listing views (chats, commands, bots, actions, extensions, schedulers, mail): only the
    # read side's lists build them
    "cliqsim.platform.records_views",
    "textual",
}


def test_a_cold_run_of_a_command_leaves_the_heavy_modules_unloaded(tmp_path: Path) -> None:
    """`cliqsim run "/nearby bank"` in a fresh process, twice (the first parses and fills the
    caches, as a user's first run does); the second must not import `NOT_ON_A_COLD_RUN`."""
    code = (
        "import sys\nfrom cliqsim.cli import main\n"
        f"status = main(['run', '/nearby bank', '--data', {str(tmp_path)!r}, '--consent', "
        "'allow', '--now', '2026-12-01T09:00'])\n"
        "print(status)\nprint('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True)
    assert done.stdout.splitlines()[-1] == "0", done.stdout
    loaded = set(done.stderr.split())
    assert sorted(name for name in loaded if name.split(".")[0] in NOT_ON_A_COLD_RUN
                  or name in NOT_ON_A_COLD_RUN) == []


def test_the_listing_views_are_still_importable_from_records_and_runtime() -> None:
    """The listing views live in `records_views.py` (kept out of a cold run) and are
    re-exported on first use, so `from cliqsim.platform.runtime import BotInfo` keeps working."""
    from cliqsim.platform import records, records_views, runtime

    for name in records.VIEWS:
        view = getattr(records_views, name)
        assert getattr(records, name) is view
        assert getattr(runtime, name) is view
        assert name in runtime.__all__
    with pytest.raises(AttributeError):
        _ = records.NoSuchView  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        _ = runtime.NoSuchView  # type: ignore[attr-defined]
