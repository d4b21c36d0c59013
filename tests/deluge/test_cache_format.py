"""Issue #12, "the parsed-script cache is a pickle": the front end's on-disk caches (grammar
tables, parsed scripts) are JSON read back as data, so a file planted in the cache folder never
runs code; their version covers every front-end module, the lexer included."""

from __future__ import annotations

import ast
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from cliqsim.deluge import cache_format
from cliqsim.deluge.cache_format import FRONTEND_FILES, ast_from_json, ast_to_json
from cliqsim.deluge.parser import parse
from cliqsim.platform import scripts
from cliqsim.platform.packages import Script

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_components").rglob("*.dg"))


class _Planted:
    """Unpickling this creates a file: the proof that loading a pickle ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def _fresh_parse(cache: Path) -> subprocess.CompletedProcess[str]:
    code = "from cliqsim.deluge import parse; print(len(parse('x = 1; y = x;').body))"
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "CLIQSIM_CACHE": str(cache)},
        check=False,
    )


def test_a_pickle_planted_as_the_grammar_cache_never_runs(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _fresh_parse(cache).stdout.strip() == "2"
    (cached,) = cache.glob("deluge-grammar-*.lark-cache")
    marker = tmp_path / "ran"
    cached.write_bytes(pickle.dumps(_Planted(marker)))
    result = _fresh_parse(cache)
    assert result.stdout.strip() == "2", result.stderr
    assert not marker.exists()


def test_a_file_planted_in_the_parsed_script_cache_never_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLIQSIM_CACHE", str(tmp_path / "cache"))
    scripts._cache_dir.cache_clear()
    scripts._parsed.clear()
    try:
        script = Script("execution_handler", tmp_path / "cmd" / "run.dg", 'return {"text": "hi"};')
        path = scripts._entry((script.display_name, script.text))
        assert path is not None and path.suffix == ".json"
        path.parent.mkdir(parents=True)
        marker = tmp_path / "ran"
        path.write_bytes(pickle.dumps(_Planted(marker)))
        tree = scripts.parse_script(script)
        assert not marker.exists()
        assert tree == parse(script.text, script.display_name)
        # a JSON entry naming a class outside the AST is refused, not built
        path.write_text('{"n": "Path", "f": ["/etc/passwd"]}', encoding="utf-8")
        scripts._parsed.clear()
        assert scripts.parse_script(script) == tree
        # the parse wrote a good entry back, which a later process loads
        scripts._parsed.clear()
        path.write_text(ast_to_json(tree), encoding="utf-8")
        assert scripts._from_disk((script.display_name, script.text)) == tree
    finally:
        scripts._cache_dir.cache_clear()
        scripts._parsed.clear()


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_parsed_samples_round_trip_through_json(path: Path) -> None:
    tree = parse(path.read_text(encoding="utf-8"), path.name)
    assert ast_from_json(ast_to_json(tree)) == tree


@pytest.mark.parametrize(
    "text",
    [
        '{"n": "NoSuchNode", "f": []}',
        '{"n": ["Script"], "f": []}',
        '{"n": "Script", "f": "body"}',
        '{"n": "Script", "f": [[], [], [], [], [], [], []]}',
        '{"n": "Span", "f": [1, 1, 1, 1, 1, 1]}',
        '{"f": []}',
        '[{"n": "Script"}]',
        '"Script"',
    ],
)
def test_a_cached_entry_that_is_not_a_parsed_script_is_refused(text: str) -> None:
    with pytest.raises((ValueError, TypeError)):
        ast_from_json(text)


def test_the_cache_version_covers_every_front_end_module() -> None:
    """Every cliqsim.deluge module the parser imports (and the grammar) is in the stamp."""
    folder = ROOT / "cliqsim" / "deluge"
    seen: set[str] = set()
    todo = ["parser.py"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "cliqsim.deluge":
                    todo.extend(f"{alias.name}.py" for alias in node.names)
                elif node.module.startswith("cliqsim.deluge."):
                    module = node.module.removeprefix("cliqsim.deluge.")
                    if "." not in module:
                        todo.append(f"{module}.py")
    front_end = seen - {"errors.py"}  # errors only words messages; nothing cached holds one
    assert "lexer.py" in front_end
    assert front_end | {"grammar.lark"} <= set(FRONTEND_FILES)
    assert cache_format.frontend_stamp() is not None
