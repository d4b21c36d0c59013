"""The platform's one door to the Deluge language: parse, compile (cached by source), run.

Kept in one module so the rest of the platform does not care how the interpreter spells its
entry points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cliqsim.deluge.host import Host

if TYPE_CHECKING:
    from cliqsim.platform.packages import Script

_parsed: dict[tuple[str, str], Any] = {}
_compiled: dict[tuple[str, str], Any] = {}


def parse_script(script: Script) -> Any:
    """The AST of `script` (raises `DelugeSyntaxError` with the line)."""
    from cliqsim.deluge.parser import parse

    key = (script.display_name, script.text)
    tree = _parsed.get(key)
    if tree is None:
        tree = parse(script.text, script.display_name)
        _parsed[key] = tree
    return tree


def compile_handler(script: Script) -> Any:
    from cliqsim.deluge.interpreter import compile_script

    key = (script.display_name, script.text)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = compile_script(script.text, script.display_name)
        _compiled[key] = compiled
    return compiled


def run_handler(script: Script, host: Host, inputs: dict[str, Any]) -> Any:
    """Run the handler with `inputs` bound; returns the value it returned (plain Python data).
    Raises `DelugeError` (syntax, runtime, limit, blocked)."""
    from cliqsim.deluge.interpreter import run

    return run(compile_handler(script), host, inputs).returned
