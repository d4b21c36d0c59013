"""Reading a plain command line without argparse (issue #18).

    parse(["run", "/nearby bank", "--consent", "allow"], module, common) -> namespace, or None

`argparse` is about 17 M instructions of a cold `cliqsim run` (a fifth of what is left of it
beyond Python's own start): importing it with `gettext` and `locale` (which `gettext` loads to
look for translations of argparse's words), building the command's parser and reading the
line. Most command lines are plain: the command's name, then its options (each exactly as it is
declared, `--name value` or `--name=value`) and its positional values. For those, the values
argparse would give are read here, from the very declarations the command makes
(`register(parser)`, recorded by `Recorder` instead of an argparse parser).

Anything else returns None and argparse reads the line as it always did, with every message
it prints: an option before the command, `-h`/`--help`, an abbreviated or unknown option, a
value that starts with `-`, `--`, a missing or extra value, a value outside `choices`, and any
declaration this reader does not know (`type`, `nargs`, groups, subcommands of a command...).
`tests/test_cli_fast.py` checks that every line read here gives exactly argparse's namespace.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType, SimpleNamespace
from typing import Any

SUPPRESS = "==SUPPRESS=="
"""`argparse.SUPPRESS`'s text (checked equal by the tests): a default that leaves the name
unset. argparse knows its own by identity, so an argparse parser is given argparse's."""

_ACTIONS = {None: "store", "store": "store", "store_true": "store_true", "append": "append"}
_KNOWN = {"action", "default", "choices", "metavar", "help", "dest"}


class Unsupported(Exception):
    """A declaration `Recorder` does not read: argparse reads the command line instead."""


class _Option:
    __slots__ = ("action", "choices", "default", "dest")

    def __init__(self, action: str, dest: str, default: Any, choices: Any) -> None:
        self.action, self.dest, self.default, self.choices = action, dest, default, choices


class Recorder:
    """Stands in for a command's argparse parser while the command declares its options:
    records each `add_argument` it can read (in order) and `set_defaults`; anything else
    raises `Unsupported`."""

    def __init__(self) -> None:
        self.declared: list[_Option] = []  # in order, as argparse sets their defaults
        self.options: dict[str, _Option] = {}
        self.positionals: list[_Option] = []
        self.defaults: dict[str, Any] = {}

    def add_argument(self, *flags: str, **kwargs: Any) -> None:
        action = _ACTIONS.get(kwargs.get("action"))
        if action is None or set(kwargs) - _KNOWN or not flags:
            raise Unsupported(f"add_argument{flags}")
        longs = [f for f in flags if f.startswith("--")]
        if flags[0].startswith("-"):
            if len(longs) != len(flags):  # a short option (`-x`) may be run together
                raise Unsupported(flags[0])
            dest = kwargs.get("dest") or longs[0][2:].replace("-", "_")
        elif len(flags) == 1 and action == "store" and "dest" not in kwargs:
            dest = flags[0]
        else:
            raise Unsupported(flags[0])
        default = kwargs.get("default", False if action == "store_true" else None)
        option = _Option(action, dest, default, kwargs.get("choices"))
        self.declared.append(option)
        if flags[0].startswith("-"):
            for flag in flags:
                self.options[flag] = option
        else:
            self.positionals.append(option)

    def set_defaults(self, **values: Any) -> None:
        """As argparse's: the names' values when the line leaves them unset (an option's
        default too)."""
        self.defaults.update(values)
        for option in self.declared:
            if option.dest in values:
                option.default = values[option.dest]

    def __getattr__(self, name: str) -> Any:
        raise Unsupported(name)


def parse(argv: Sequence[str], module: ModuleType,
          common: Callable[[Any], None]) -> SimpleNamespace | None:
    """The namespace argparse gives for `argv` (a command's name first, as `module` declares
    it, then its own arguments; `common` declares the options every command takes), or None
    when `argv` is not a plain line of that command (argparse then reads it)."""
    if not argv or argv[0] != module.NAME:
        return None
    recorder = Recorder()
    try:
        common(recorder)
        module.register(recorder)
    except Unsupported:
        return None
    recorder.set_defaults(run=module.run)  # as `cli.build_parser` sets it
    values: dict[str, Any] = {"command": module.NAME}
    for option in recorder.declared:  # argparse's defaults, in order of declaration
        if option.default != SUPPRESS and option.dest not in values:
            values[option.dest] = option.default
    positionals = list(recorder.positionals)
    tokens = list(argv[1:])
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not token.startswith("-"):
            if not positionals:
                return None  # an extra value: argparse names it
            positional = positionals.pop(0)
            if positional.choices is not None and token not in positional.choices:
                return None
            values[positional.dest] = token
            i += 1
            continue
        name, equals, given = token.partition("=")
        found = recorder.options.get(name)
        if found is None:
            return None  # `--`, `-h`, an abbreviation or an unknown option
        if found.action == "store_true":
            if equals:
                return None
            values[found.dest] = True
            i += 1
            continue
        if not equals:
            if i + 1 == len(tokens) or tokens[i + 1].startswith("-"):
                return None
            given = tokens[i + 1]
        elif given == "--":
            return None  # argparse drops it from `--name=--`
        if found.choices is not None and given not in found.choices:
            return None
        if found.action == "append":
            earlier = values.get(found.dest)
            values[found.dest] = [*(earlier if earlier is not None else ()), given]
        else:
            values[found.dest] = given
        i += 1 if equals else 2
    if positionals:
        return None  # a value is missing: argparse says which
    for name, value in recorder.defaults.items():
        values.setdefault(name, value)
    return SimpleNamespace(**values)
