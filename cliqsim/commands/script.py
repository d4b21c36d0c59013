"""`cliqsim script FILE.dg`: run one Deluge script on its own, with a recording host."""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date
from pathlib import Path
from typing import Any

NAME = "script"
HELP = "run one Deluge script standalone; tasks and URLs are logged, not executed"

INPUT_KEYS = {
    "inputs": 'variables bound before the script runs, e.g. {"arguments": "bank"}',
    "tasks": 'canned results by task name, e.g. {"zoho.crm.getRecords": [...]}',
    "urls": 'canned responses by URL or "METHOD URL"',
    "system": 'system variables, e.g. {"zoho.loginuserid": "a@b.com"}',
    "now": "the current time, ISO 8601 (the global --now wins)",
    "timezone": 'the time zone of the script\'s dates, e.g. "Asia/Kolkata" (default UTC)',
}
EXIT_OK, EXIT_DELUGE, EXIT_USAGE = 0, 1, 2
MAX_TIMEOUT_S = 86_400  # a day: --timeout nan or inf would switch the limit off


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.dg", help="the Deluge script to run")
    parser.add_argument(
        "--input",
        metavar="JSON",
        help="inline JSON or a .json file: {"
        + ", ".join(f'"{k}"' for k in INPUT_KEYS)
        + "} (see docs/deluge.md)",
    )
    parser.add_argument(
        "--max-statements",
        type=int,
        metavar="N",
        help="the statement limit (default 5000)",
    )
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="wall-clock limit (30)")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object: ok, info, returned, effects"
    )


def run(args: argparse.Namespace) -> int:
    from cliqsim.deluge.errors import DelugeError
    from cliqsim.deluge.interpreter import DEFAULT_LIMITS, Limits, compile_script
    from cliqsim.deluge.interpreter import run as run_script
    from cliqsim.deluge.recording_host import RecordingHost
    from cliqsim.errors import UsageError
    from cliqsim.frontend.options import now_option

    text = _read_script(Path(args.file))
    config = _read_input(args.input) if args.input else {}
    limits = _limits(args, DEFAULT_LIMITS, Limits)
    host = RecordingHost(
        now=now_option(args) or _config_now(config.get("now")),
        zone=_config_zone(config.get("timezone")),
        tasks=_mapping(config, "tasks"),
        urls=_mapping(config, "urls"),
        system_variables=_mapping(config, "system"),
    )
    inputs = _mapping(config, "inputs")
    try:
        compiled = compile_script(text, args.file)
        result = run_script(compiled, host, inputs, limits)
    except DelugeError as error:
        if args.json:
            _print_json(False, host, None, {"line": error.line, "message": error.message})
        else:
            for line in host.infos:
                print(line)
            print(error.render(), file=sys.stderr)
        return EXIT_DELUGE
    except UsageError:
        raise
    if args.json:
        _print_json(True, host, result.returned, None)
    else:
        for line in host.infos:
            print(line)
        print(_json(result.returned, indent=2))
    return EXIT_OK


def _read_script(path: Path) -> str:
    from cliqsim.frontend.user_files import read_user_text

    return read_user_text(path, "the script")


def _read_input(value: str) -> dict[str, Any]:
    from cliqsim.errors import UsageError

    text = value
    where = "--input"
    if not value.lstrip().startswith("{"):
        path = Path(value)
        if not path.exists() and value.lstrip()[:1] in ('[', '"', "-", *"0123456789tfn"):
            raise UsageError(f"--input {value!r}: give a JSON object such as "
                             '{"inputs": {"arguments": "bank"}}, or the path of a file holding one')
        from cliqsim.frontend.user_files import read_user_text

        text = read_user_text(path, "--input")
        where = f"--input file {path}"
    try:
        config = json.loads(text, parse_float=_finite_number, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{where} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise UsageError(f"{where} nests arrays or objects too deeply to read") from None
    except ValueError as error:  # a number no DECIMAL holds
        raise UsageError(f"{where}: {error}") from None
    if _depth(config) > MAX_INPUT_NESTING:
        raise UsageError(
            f"{where} nests arrays or objects more than {MAX_INPUT_NESTING} levels deep"
        )
    if not isinstance(config, dict):
        raise UsageError(f"{where} must be a JSON object with keys {', '.join(INPUT_KEYS)}")
    unknown = sorted(set(config) - set(INPUT_KEYS))
    if unknown:
        allowed = "; ".join(f"{k}: {v}" for k, v in INPUT_KEYS.items())
        raise UsageError(f"{where} has unknown key(s) {', '.join(unknown)}; allowed: {allowed}")
    return config


MAX_INPUT_NESTING = 100  # levels of arrays/objects in --input (Deluge values nest up to 200)


def _finite_number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text} is out of range (a DECIMAL holds about 1.8e308)")
    return value


def _no_constant(text: str) -> float:
    raise ValueError(f"{text} is not a number Deluge has; use a number or a text")


def _depth(value: Any) -> int:
    """How deeply arrays/objects nest in parsed JSON (0 for a scalar), without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
        else:
            continue
        deepest = max(deepest, level + 1)
    return deepest


def _mapping(config: dict[str, Any], key: str) -> dict[str, Any]:
    from cliqsim.errors import UsageError

    value = config.get(key) or {}
    if not isinstance(value, dict):
        raise UsageError(f'--input: "{key}" must be a JSON object ({INPUT_KEYS[key]})')
    return value


def _config_now(value: Any) -> Any:
    from cliqsim.clock import parse_when

    return parse_when(str(value)) if value else None


def _config_zone(value: Any) -> Any:
    from cliqsim.deluge.errors import DelugeError
    from cliqsim.deluge.values_dates import zone_named
    from cliqsim.errors import UsageError

    if not value:
        return None
    try:
        return zone_named(str(value))
    except DelugeError:
        raise UsageError(
            f'--input: unknown timezone {value!r}; use an IANA name like "Asia/Kolkata"'
        ) from None


def _limits(args: argparse.Namespace, default: Any, limits_type: Any) -> Any:
    from cliqsim.errors import UsageError

    changes: dict[str, Any] = {}
    if args.max_statements is not None:
        if args.max_statements < 1:
            raise UsageError("--max-statements must be a positive number")
        changes["max_statements"] = args.max_statements
    if args.timeout is not None:
        if not 0 < args.timeout <= MAX_TIMEOUT_S:  # also refuses nan and inf
            raise UsageError(
                f"--timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT_S:,}"
            )
        changes["timeout_s"] = args.timeout
    return limits_type(**{**_fields(default), **changes})


def _fields(limits: Any) -> dict[str, Any]:
    return {name: getattr(limits, name) for name in limits.__struct_fields__}


def _json(value: Any, indent: int | None = None) -> str:
    def default(o: Any) -> Any:
        if isinstance(o, date):
            return o.isoformat()
        return str(o)

    return json.dumps(value, indent=indent, ensure_ascii=False, default=default)


def _print_json(ok: bool, host: Any, returned: Any, error: dict[str, Any] | None) -> None:
    print(
        _json(
            {
                "ok": ok,
                "info": host.infos,
                "returned": returned,
                "effects": host.effects,
                "error": error,
            },
            indent=2,
        )
    )
