"""A script reaches nothing of Python: no attributes, no dunder names, no modules, no files,
network, environment or clock except through the host; sizes are capped."""

from __future__ import annotations

import ast
import inspect
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cliqsim.deluge import builtins as builtins_package
from cliqsim.deluge.builtins import BUILTINS
from cliqsim.deluge.errors import DelugeError, DelugeLimitError, DelugeRuntimeError
from cliqsim.deluge.interpreter import compile_script, run_text
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.source import Span

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def host() -> RecordingHost:
    return RecordingHost(now=NOW)


@pytest.mark.parametrize(
    "script",
    [
        'x = "a"; info x.__class__();',
        'x = "a"; info x.__class__().__base__();',
        'info __import__("os");',
        "m = Map(); info m.__init__();",
        'info "a".mro();',
        'info "a".swapcase();',
        'info "a".join({"b"});',
        'info "a".format(1);',
        "l = {1}; info l.append(2);",
        'm = {"a": 1}; info m.items();',
        'info eval("1");',
        'info exec("x = 1");',
        'info open("/etc/passwd");',
        'info getattr("a", "upper");',
        "info globals();",
        'info type("a");',
        "info _type(1);",
        "info _rt.host;",
    ],
)
def test_python_names_are_not_reachable(script: str) -> None:
    recording = host()
    with pytest.raises(DelugeError) as caught:
        run_text(script, recording)
    assert isinstance(caught.value, DelugeError)
    assert not any(e["kind"] in ("task", "invokeurl") and "__" in str(e) for e in recording.effects)


def test_dotted_unknown_names_go_to_the_host_as_plain_task_names() -> None:
    recording = host()
    run_text('x = zoho.os.system("ls");', recording)
    assert recording.effects == [
        {"kind": "task", "name": "zoho.os.system", "args": ["ls"], "line": 1}
    ]


def test_deluge_names_cannot_collide_with_the_helpers() -> None:
    script = "_rt = 1; _tick = 2; _add = 3; _n = 4; __builtins__ = 5; _in = 6;"
    script += "return _rt + _tick + _add + _n + __builtins__ + _in;"
    assert run_text(script, host()).returned == 21


def test_text_is_data_never_code() -> None:
    nasty = "'); import os; os.system('x'); ('\\\" \\n {} %s"
    result = run_text(f'x = "{nasty}"; return x;', host())
    assert "import os" in result.returned


def test_compiled_code_sees_no_python_builtins() -> None:
    compiled = compile_script('info "x";')
    namespace = compiled.program.function.__globals__
    assert namespace["__builtins__"] == {}
    assert all(name.startswith("_") for name in namespace)


def test_values_from_the_host_must_be_plain_data() -> None:
    class Leaky(RecordingHost):
        def call_task(self, name: str, args: list[Any], span: Span) -> Any:
            return {"object": object()}

    with pytest.raises(DelugeRuntimeError, match="has no type for"):
        run_text('r = zoho.crm.getRecords("x");', Leaky(now=NOW))


@pytest.mark.parametrize(
    "script",
    [
        'info "ab".repeat(100000000);',
        'info "x".leftpad(2000000000);',
        'info "".rightpad(99999999999);',
        's = "x"; for each i in {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,'
        "25,26,27,28} { s = s.concat(s); }",
        "l = {1}; for each i in {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17} { l.addAll(l); }",
        'm = Map(); for each i in leftpad("", 4000).toList("") { m.put(m.size(), i); '
        "m.put(m.size() + 1, i); }",
    ],
)
def test_sizes_are_capped(script: str) -> None:
    with pytest.raises(DelugeError):
        run_text(script, host())


def test_a_map_containing_itself_is_a_clear_error() -> None:
    with pytest.raises(DelugeLimitError, match="nested"):
        run_text('m = Map(); m.put("self", m); info m;', host())


FORBIDDEN_MODULES = {
    "os",
    "sys",
    "subprocess",
    "socket",
    "shutil",
    "pathlib",
    "io",
    "httpx",
    "urllib.request",
    "http",
    "importlib",
    "ctypes",
    "pickle",
    "builtins",
}
FORBIDDEN_CALLS = {"open", "eval", "exec", "compile", "__import__", "getattr", "setattr", "input"}


def _package_files() -> list[Path]:
    root = Path(inspect.getfile(builtins_package)).parent
    return sorted(root.glob("*.py"))


@pytest.mark.parametrize("path", _package_files(), ids=lambda p: p.name)
def test_builtins_touch_no_files_network_environment_or_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names = {node.module or ""}
        else:
            names = set()
        if path.name == "__init__.py":
            names -= {"importlib"}  # it imports the family modules, in order
        assert not names & FORBIDDEN_MODULES, f"{path.name} imports {names & FORBIDDEN_MODULES}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{path.name} calls {node.func.id}"
        if isinstance(node, ast.Attribute):
            assert node.attr not in ("now", "today", "time", "environ", "getenv"), (
                f"{path.name} reads .{node.attr}: the clock and environment come from the host"
            )


def test_every_builtin_is_implemented_inside_the_builtins_package() -> None:
    for spec in BUILTINS.values():
        for impl, _, _ in spec.impls.values():
            assert impl.__module__.startswith("cliqsim.deluge.builtins."), spec.name
