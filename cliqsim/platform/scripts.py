"""The platform's one door to the Deluge language: parse (cached), compile, run.

Compiled scripts live in the interpreter's cache (`interpreter.compile_script`), the only one.

Parsing every handler of every package is most of what opening a runtime costs, so parsed
scripts are also kept on disk, in cliqsim's per-user cache directory, keyed by the grammar and
the script's text: a later process loads the tree instead of parsing again. Entries are JSON of
the AST (`cliqsim.deluge.cache_format`), data only. The cache is only an
accelerator — an unreadable, stale or unwritable entry just means parsing as usual.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cliqsim.deluge import ast as dast
from cliqsim.deluge.host import Host
from cliqsim.digests import sha256
from cliqsim.paths import cache_dir

if TYPE_CHECKING:
    from cliqsim.deluge.interpreter import CompiledScript
    from cliqsim.platform.packages import Script

_parsed: dict[tuple[str, str], dast.Script] = {}


def parse_script(script: Script) -> dast.Script:
    """The AST of `script` (raises `DelugeSyntaxError` with the line)."""
    key = (script.display_name, script.text)
    tree = _parsed.get(key)
    if tree is None:
        tree = _from_disk(key)
        if tree is None:
            from cliqsim.deluge.parser import parse

            tree = parse(script.text, script.display_name)
            _to_disk(key, tree)
        _parsed[key] = tree
    return tree


def known_to_parse(script: Script) -> bool:
    """True when this exact text parsed before (in this process or, per the disk cache, in an
    earlier one): loading a package can then skip the parse; the tree is read when needed."""
    key = (script.display_name, script.text)
    if key in _parsed:
        return True
    path = _entry(key)
    return path is not None and path.is_file()


def compile_handler(script: Script) -> CompiledScript:
    """The compiled handler, from the interpreter's compile cache (the one cache of compiled
    scripts); on a miss the tree comes from `parse_script` (memory, then disk)."""
    from cliqsim.deluge.interpreter import compile_script  # the compiler loads on first run

    return compile_script(script.text, script.display_name, lambda: parse_script(script))


def run_handler(script: Script, host: Host, inputs: dict[str, Any]) -> Any:
    """Run the handler with `inputs` bound; returns the value it returned (plain Python data).
    Raises `DelugeError` (syntax, runtime, limit, blocked)."""
    from cliqsim.deluge.interpreter import run

    return run(compile_handler(script), host, inputs).returned


# --- the on-disk cache of parsed scripts ------------------------------------------------------


@cache
def _cache_dir() -> Path | None:
    """`<user cache>/cliqsim/parsed/<version>`, the version `frontend_stamp()`: a hash of every
    front-end file (grammar, lexer, parser, AST), so any change to them leaves old entries
    unused."""
    from cliqsim.deluge.cache_format import frontend_stamp

    base = cache_dir()
    stamp = frontend_stamp()
    if base is None or stamp is None:
        return None
    return base / "parsed" / stamp


def _entry(key: tuple[str, str]) -> Path | None:
    directory = _cache_dir()
    if directory is None:
        return None
    digest = sha256(f"{key[0]}\0{key[1]}".encode()).hexdigest()[:32]
    return directory / f"{digest}.json"


def _from_disk(key: tuple[str, str]) -> dast.Script | None:
    """The cached tree, read as data (JSON of the AST, never a pickle: a file planted in the
    cache folder is at worst a wrong entry, never code)."""
    from cliqsim.deluge.cache_format import ast_from_json

    path = _entry(key)
    if path is None:
        return None
    try:
        return ast_from_json(path.read_text(encoding="utf-8"))
    except Exception:  # missing, stale or damaged: parse instead
        return None


def _to_disk(key: tuple[str, str], tree: dast.Script) -> None:
    import tempfile  # only a process that parsed loads it (with shutil, bz2 and lzma: 2 ms)

    from cliqsim.deluge.cache_format import ast_to_json

    path = _entry(key)
    if path is None:
        return
    try:
        text = ast_to_json(tree)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except Exception:  # an unwritable cache only costs the next parse
        return
