"""`cliqsim`: the TUI by default, headless subcommands otherwise.

Each subcommand lives in its own module in `cliqsim/commands/` and is found automatically. A
command module defines `NAME`, `HELP`, `register(parser)` and `run(args) -> int`, and keeps its
top-level imports light: only the command that runs imports what it needs.

A plain command line (the command first, then its own options as declared) is read without
argparse (`cli_fast`, issue #18); argparse reads every other, with its messages and `--help`.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn

from cliqsim import __version__, cli_fast, commands, startup
from cliqsim.errors import CliqsimError, UsageError

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_INTERNAL = 70
"""A fault in cliqsim itself (sysexits' EX_SOFTWARE): an exception no command turned into a
message. `CLIQSIM_TRACEBACK=1` lets its traceback through."""
TRACEBACK_ENV = "CLIQSIM_TRACEBACK"


def _command_module_names() -> list[str]:
    # a listing of the folder, not pkgutil (which imports inspect: 10 ms of a cold start)
    return sorted(
        entry[:-3] for folder in commands.__path__ for entry in os.listdir(folder)
        if entry.endswith(".py") and not entry.startswith("_")  # helpers are not commands
    )


def _command_modules(only: str | None = None) -> list[ModuleType]:
    """Every command module; with `only` (a command's NAME), just that one's module when the
    table `commands.MODULES` names it (a run of one command imports no other command: issue
    #18), else all of them."""
    names = _command_module_names()
    if only is not None and commands.MODULES.get(only) in names:
        names = [commands.MODULES[only]]
    return [importlib.import_module(f"cliqsim.commands.{name}") for name in names]


@cache
def _parser_class() -> type[argparse.ArgumentParser]:
    """An ArgumentParser using `_HelpFormatter`; its subcommands' parsers are of this class
    too (argparse makes them of the parent's class). Made when first needed: argparse loads
    only for a command line `cli_fast` does not read."""
    import argparse

    class _HelpFormatter(argparse.HelpFormatter):
        """argparse's formatter, measuring the terminal without importing shutil (argparse
        makes one per option it adds, so the import was part of every start), and once per
        parser built (`build_parser` sets `columns`), not once per option."""

        columns: int | None = None

        def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                     width: int | None = None) -> None:
            if width is None:
                width = (_HelpFormatter.columns or _terminal_columns()) - 2
            super().__init__(prog, indent_increment, max_help_position, width)

    class _Parser(argparse.ArgumentParser):
        formatter = _HelpFormatter

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("formatter_class", _HelpFormatter)
            super().__init__(*args, **kwargs)

        def error(self, message: str) -> NoReturn:
            """argparse's usage and message (exit 2), with what to do: words left over are most
            often text that needed quotes; `--help` lists the options."""
            extra = message.partition("unrecognized arguments: ")[2].split()
            if any(not word.startswith("-") for word in extra):
                message += ("; text with spaces goes in quotes, as one argument "
                            '(cliqsim run "/nearby bank")')
            super().error(f"{message}; `{self.prog} --help` lists what it takes")

    return _Parser


def _terminal_columns() -> int:
    """What `shutil.get_terminal_size().columns` gives: $COLUMNS, the terminal, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _common_options(common: Any) -> None:
    """Options every command takes, before or after its name (`--data DIR`, `--now WHEN`): on
    the whole parser and on each command's (added to each, not through argparse's `parents`,
    which costs a parser more to build). `common` is an argparse parser, or `cli_fast`'s
    recorder of the declarations."""
    suppress = _suppress(common)
    common.add_argument(
        "--data",
        metavar="DIR",
        default=suppress,
        help="data directory (default: $CLIQSIM_DATA, else the per-user data directory)",
    )
    common.add_argument(
        "--now",
        metavar="WHEN",
        default=suppress,
        help="simulated time: an ISO date or date-time, or an offset such as +61d",
    )


def _suppress(parser: Any) -> str:
    """`argparse.SUPPRESS` for an argparse parser (which knows it by identity), `cli_fast`'s
    for its recorder (which must not load argparse)."""
    if isinstance(parser, cli_fast.Recorder):
        return cli_fast.SUPPRESS
    import argparse

    return argparse.SUPPRESS


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, the parser of that one command (what a run of it
    needs: importing the other command modules and making their parsers cost a cold start
    several milliseconds). Its parse of a command line naming `only` first is the whole
    parser's."""
    parser_class = _parser_class()
    parser_class.formatter.columns = _terminal_columns()  # type: ignore[attr-defined]
    parser = parser_class(
        prog="cliqsim",
        description="A simulator of the Zoho Cliq developer platform and its Platform Consents. "
                    "Without a COMMAND it opens the chat window.",
    )
    _common_options(parser)
    parser.add_argument("--version", action="version", version=f"cliqsim {__version__}")
    _chat_window_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules(only):
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        _common_options(command)
        if only is None or module.NAME == only:
            module.register(command)
            command.set_defaults(run=module.run)
    return parser


def _chat_window_options(parser: argparse.ArgumentParser) -> None:
    """Options of the chat window (`cliqsim` with no subcommand)."""
    import argparse

    parser.add_argument("--components", metavar="DIR", default=argparse.SUPPRESS,
                        help="chat window: folder of component packages (default: the bundled "
                             "samples)")
    parser.add_argument("--user", metavar="ID", default=argparse.SUPPRESS,
                        help="chat window: act as this user (default: the first org admin)")
    parser.add_argument("--no-watch", action="store_true", default=argparse.SUPPRESS,
                        help="chat window: do not reload the packages when their files change")
    parser.add_argument("--online", action="store_true", default=argparse.SUPPRESS,
                        help="chat window: invokeurl goes to the real network instead of the "
                             "offline fixtures")


def _chat_window(args: argparse.Namespace) -> int:
    from cliqsim.tui.launch import launch  # Textual loads only for the chat window

    return launch(args)


def _overview(parser: argparse.ArgumentParser) -> int:
    print(f"cliqsim {__version__}: simulate Zoho Cliq components and their Platform Consents.\n")
    parser.print_help()
    return EXIT_OK


MOVED_OPTIONS = {"--components": True, "--user": True, "--online": False}
"""Options of the chat window that subcommands take too (True: it takes a value). Given before
a subcommand, they are handed to it; a subcommand without them refuses them by name."""
VALUE_OPTIONS = {"--data", "--now", "--components", "--user"}


def hoist_options(argv: Sequence[str], commands: set[str]) -> list[str]:
    """`--user ID run TEXT` → `run TEXT --user ID`: the chat window's options given before a
    subcommand go to the subcommand (argparse would let the subcommand's own default override
    them silently). `--data` and `--now` work in either place already."""
    args = list(argv)
    moved: list[str] = []
    kept: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        name = token.split("=", 1)[0]
        if token in commands:
            break
        if not token.startswith("-"):  # not a subcommand: argparse will say what is wrong
            return args
        takes_value = name in VALUE_OPTIONS and "=" not in token
        chunk = args[i:i + 2] if takes_value else [token]
        (moved if name in MOVED_OPTIONS else kept).extend(chunk)
        i += len(chunk)
    else:
        return args  # no subcommand: the chat window takes them all
    rest = args[i:]
    end = rest.index("--") if "--" in rest else len(rest)
    return kept + rest[:end] + moved + rest[end:]


def _takes(parser: argparse.ArgumentParser, option: str) -> bool:
    """Whether `parser`, or any of its own subcommands (`consents list`), takes `option`."""
    import argparse

    for action in parser._actions:
        if option in action.option_strings:
            return True
        if isinstance(action, argparse._SubParsersAction):
            if any(_takes(sub, option) for sub in action.choices.values()):
                return True
    return False


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _refused(argv: Sequence[str], subcommands: dict[str, argparse.ArgumentParser]) -> str | None:
    """The message for a chat-window option given to a subcommand that does not take it."""
    command = next((a for a in argv if a in subcommands), None)
    if command is None:
        return None
    before = argv[:list(argv).index(command)]
    for token in before:
        option = token.split("=", 1)[0]
        if option in MOVED_OPTIONS and not _takes(subcommands[command], option):
            takers = sorted(n for n, p in subcommands.items() if _takes(p, option))
            return (f"{option} does not apply to `cliqsim {command}`; it applies to the chat "
                    f"window and to: {', '.join(takers)}")
    return None


def _chosen_command(argv: Sequence[str], names: set[str]) -> str | None:
    """The subcommand `argv` runs (the first token naming one, skipping the values of the
    options before it), or None."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in names:
            return token
        elif token == "--":
            return None
        elif token.startswith("-"):
            skip = token in VALUE_OPTIONS
        else:
            return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    startup.begin()  # collect rarely until the runtime is built (cliqsim.startup)
    given = list(sys.argv[1:] if argv is None else argv)
    chosen = _chosen_command(given, set(commands.MODULES))
    args: Any = _plain(given, chosen)
    if args is None:
        parser = build_parser(only=chosen)
        subcommands = _subcommands(parser)
        refused = _refused(given, subcommands)
        if refused is not None and chosen is not None:  # name every command that takes it
            refused = _refused(given, _subcommands(build_parser()))
        if refused is not None:
            print(f"cliqsim: {refused}", file=sys.stderr)
            return EXIT_USAGE
        args = parser.parse_args(hoist_options(given, set(subcommands)))
    run = getattr(args, "run", None)
    if run is None:
        return _run(lambda: _start_chat_window(parser, args))  # (argparse read the line)
    from cliqsim.frontend.terminal import safe_output

    with safe_output():  # no control character a component supplies reaches the terminal
        return _run(lambda: int(run(args)))


def _plain(given: list[str], chosen: str | None) -> Any:
    """The namespace of a plain line of the command `chosen` (`cli_fast.parse`), or None."""
    if chosen is None or not given or given[0] != chosen:
        return None
    (module,) = _command_modules(only=chosen)
    return cli_fast.parse(given, module, _common_options)


def entry() -> NoReturn:
    """The `cliqsim` program (its console script and `python -m cliqsim`): `main()`, then the
    process ends at once (`finish`). Tests call `main()`, which returns."""
    finish(main())


def finish(code: int) -> NoReturn:
    """End the process with exit status `code` without Python's teardown of every module and
    object it made (freeing them took a cold `cliqsim run` about 8 % of its instructions and
    10–15 ms, with nothing left to gain: the process is over).

    What teardown does that matters is done first: the atexit handlers run (the consent store
    writes its waiting use records there; `weakref.finalize`, `logging` and `tempfile` hook in
    there too) and stdout and stderr are flushed. cliqsim keeps no buffered file open beyond
    these (its stores write through file descriptors and fsync). When a thread that is not a
    daemon is still running (Python would wait for it), the usual exit is taken."""
    import atexit
    import threading

    main_thread = threading.main_thread()
    if any(t is not main_thread and not t.daemon and t.is_alive()
           for t in threading.enumerate()) or not 0 <= code <= 255:
        raise SystemExit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # the reader went away, or no stream
            code = code or 120  # what Python's own exit gives when stdout cannot be flushed
    os._exit(code)


def _start_chat_window(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    # The chat window needs a terminal; piped or scripted, say what cliqsim can do.
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return _overview(parser)
    return _chat_window(args)


def _run(command: Callable[[], int]) -> int:
    """`command()`, with every error turned into one message on stderr and an exit status —
    the one place that does it, so no person sees a Python traceback: cliqsim's own errors (2
    for usage, 1 otherwise), an operating-system error on a file or folder no command caught
    (its path, the reason and what to do; 1), and anything else as a fault of cliqsim's own
    (70; `CLIQSIM_TRACEBACK=1` shows the traceback)."""
    try:
        return command()
    except UsageError as error:
        print(f"cliqsim: {error.message}", file=sys.stderr)
        return EXIT_USAGE
    except CliqsimError as error:
        print(f"cliqsim: {error.title}: {error.message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`cliqsim messages | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as error:
        from cliqsim.errors import os_error_text

        print(f"cliqsim: {os_error_text(error)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # the last resort: a message, not a traceback
        if os.environ.get(TRACEBACK_ENV):
            raise
        print(f"cliqsim: internal error ({type(error).__name__}: {error}). This is a fault in "
              "cliqsim; please report it with the command you ran and the files it read. Run "
              f"again with {TRACEBACK_ENV}=1 to see where it happened.",
              file=sys.stderr)
        return EXIT_INTERNAL
