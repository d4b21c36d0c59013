"""Running Deluge: compile a script once (cached by the hash of its text), run it many times.

    compiled = compile_script(text, "nearby.dg")
    result = run(compiled, host, {"user": {...}, "arguments": "bank"})
    result.returned  # plain data: dict/list/str/int/float/bool/None/date/datetime

A run gets a fresh environment: the inputs (plain data, converted to Deluge values) and nothing
else. Every effect goes through `host`. Errors are `DelugeRuntimeError` (which `try/catch` in the
script can catch), `DelugeLimitError` (a limit of `Limits` was passed) or `EffectBlocked` (the
host refused an effect), each with the `span` of the failing code and the `source`. No other
exception leaves `run`.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC
from typing import Any

import msgspec

from cliqsim.deluge import ast as dast
from cliqsim.deluge.builtins.context import Context, time_limit_error
from cliqsim.deluge.compiler import Program, compile_ast, deluge_name
from cliqsim.deluge.compiler_runtime import RunState
from cliqsim.deluge.errors import DelugeError, DelugeLimitError, DelugeRuntimeError
from cliqsim.deluge.host import Host
from cliqsim.deluge.source import Source, Span
from cliqsim.deluge.value_copies import plain_copy
from cliqsim.deluge.values import (
    check_text_size,
    from_plain_inputs,
    set_text_limit,
    to_plain,
)
from cliqsim.digests import sha256


class Limits(msgspec.Struct, frozen=True):
    """What one run may use. The first two are Zoho's documented limits; the rest are cliqsim's
    guards (Cliq documents no timeout; 30 s is an assumption)."""

    max_statements: int = 5_000  # executed statements; an invokeurl/sendmail block is one
    max_call_depth: int = 75  # scripts running scripts (saved functions) in one thread
    timeout_s: float = 30.0  # wall clock for the run, its built-ins, effects and nested runs
    max_text: int = 10_000_000  # characters in one text value
    max_collection: int = 50_000  # elements in one list, map or collection
    max_info: int = 1_000_000  # characters of info output per run; past it the output is cut


DEFAULT_LIMITS = Limits()


class CompiledScript(msgspec.Struct, frozen=True):
    """A parsed and compiled script, ready to run any number of times."""

    source: Source
    script: dast.Script
    program: Program
    digest: str


class RunResult(msgspec.Struct, frozen=True):
    returned: Any  # plain data
    statements: int  # statements executed


# --------------------------------------------------------------------------- compiling

_CACHE_SIZE = 256
_cache: OrderedDict[str, CompiledScript] = OrderedDict()
_cache_lock = threading.Lock()


def compile_script(
    text: str, name: str = "<input>", parsed: Callable[[], dast.Script] | None = None
) -> CompiledScript:
    """Parse and compile `text`; the result is cached (LRU) by the text (`digest`: its SHA-256).
    This is the one compile cache. `parsed`, when given, supplies the tree instead of parsing
    (a caller that keeps parsed trees, such as the platform's on-disk cache); it is called only
    on a miss.

    Raises `DelugeSyntaxError` for a script that does not parse or cannot be compiled.
    """
    with _cache_lock:  # keyed by the text itself: Python keeps a text's hash once computed
        found = _cache.get(text)
        if found is not None:
            _cache.move_to_end(text)
    if found is not None:
        if found.source.name == name:
            return found
        return msgspec.structs.replace(found, source=Source(text, name))
    digest = sha256(text.encode("utf-8")).hexdigest()
    source = Source(text, name)
    if parsed is not None:
        script = parsed()
    else:
        from cliqsim.deluge.parser import parse

        script = parse(text, name)
    compiled = compile_parsed(script, source, digest)
    with _cache_lock:
        _cache[text] = compiled
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


def compile_parsed(script: dast.Script, source: Source, digest: str = "") -> CompiledScript:
    """Compile an already parsed script (not cached)."""
    try:
        program = compile_ast(script, source)
    except DelugeError as error:
        raise error.with_source(source) from None
    return CompiledScript(source, script, program, digest)


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


# --------------------------------------------------------------------------- running

_depth = threading.local()
_UNBOUND = r"'([uv]_\w+)'"  # in an UnboundLocalError's message (compiled when one is met)


def run(
    compiled: CompiledScript,
    host: Host,
    inputs: Mapping[str, Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> RunResult:
    """Run a compiled script against `host` with `inputs` bound as variables.

    A run started while another runs on the same thread (a saved function the host runs for
    the script) shares the outer run's deadline: its own `limits.timeout_s` can only shorten it.
    """
    depth = getattr(_depth, "value", 0)
    if depth >= limits.max_call_depth:
        # No span or source here: the script whose call went one level too deep adds both.
        raise DelugeLimitError(f"Maximum nested function calls ({limits.max_call_depth}) exceeded")
    outer: tuple[float, float] | None = getattr(_depth, "deadline", None)
    deadline = (time.monotonic() + limits.timeout_s, limits.timeout_s)
    if outer is not None and outer[0] < deadline[0]:
        deadline = outer
    _depth.value = depth + 1
    _depth.deadline = deadline
    text_limit = set_text_limit(limits.max_text)
    try:
        return _run(compiled, host, inputs or {}, limits, deadline)
    finally:
        _depth.value = depth
        _depth.deadline = outer
        set_text_limit(text_limit)


def time_left() -> float | None:
    """Seconds left before the deadline of the run going on in this thread (None outside a
    run): a host bounds what it does for the script (an online request) by it. Raises the
    time-limit `DelugeLimitError` once the deadline has passed."""
    current: tuple[float, float] | None = getattr(_depth, "deadline", None)
    if current is None:
        return None
    left = current[0] - time.monotonic()
    if left <= 0:
        raise time_limit_error(current[1])
    return left


def _run(
    compiled: CompiledScript,
    host: Host,
    inputs: Mapping[str, Any],
    limits: Limits,
    deadline: tuple[float, float],
) -> RunResult:
    program = compiled.program
    state: RunState | None = None
    try:
        zone = host.now().tzinfo or UTC
        cx = Context(
            zone,
            limits.max_text,
            limits.max_collection,
            deadline=deadline[0],
            timeout_s=deadline[1],
        )
        state = RunState(host, cx, program.spans, limits.max_statements, limits.max_info)
        values, state.small_lists = from_plain_inputs(inputs, zone)
        returned = program.function(state, cx, values)
        plain = plain_copy(returned, limits.max_text)
        if plain is None:
            check_text_size(returned, "the returned value", limits.max_text)
            plain = to_plain(returned)
        return RunResult(plain, state.n)
    except DelugeError as error:
        if error.span is None:
            error.span = program.locate(error.__traceback__)
        raise error.with_source(compiled.source) from None
    except (UnboundLocalError, NameError) as error:
        match = re.search(_UNBOUND, str(error))
        name = deluge_name(match.group(1)) if match else None
        span = program.locate(error.__traceback__)
        if name:
            name = _spelled(compiled.source.text, span, name)
        what = f"Variable '{name}' is not defined" if name else f"Internal error: {error}"
        raise DelugeRuntimeError(what, span, compiled.source) from None
    except RecursionError:
        raise DelugeLimitError(
            "The script nests values or calls too deeply to run", None, compiled.source
        ) from None
    except MemoryError:
        raise DelugeLimitError("The script ran out of memory", None, compiled.source) from None
    except Exception as error:  # a bug in cliqsim or the host: still no traceback for users
        span = program.locate(error.__traceback__)
        raise DelugeRuntimeError(
            f"Internal error while running the script ({type(error).__name__}: {error}); "
            "please report it with the script",
            span,
            compiled.source,
        ) from error


def _spelled(text: str, span: Span | None, name: str) -> str:
    """How the statement at `span` writes the variable `name` (kept lower case in the code)."""
    where = text[span.start : span.end] if span is not None and span.end > span.start else ""
    found = re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", where, re.IGNORECASE)
    return found.group(0) if found else name


def run_text(
    text: str,
    host: Host,
    inputs: Mapping[str, Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    name: str = "<input>",
) -> RunResult:
    """Compile (cached) and run in one call."""
    return run(compile_script(text, name), host, inputs, limits)
