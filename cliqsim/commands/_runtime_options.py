"""What the subcommands that work on a runtime (`run`, `action`, `click`, `scheduler`, ...)
share: the options that open it, the consent prompt, and the output (plain terminal text,
`cliqsim.frontend.plain`, or `--json`) with exit codes. Nothing here imports Rich.

Exit codes: 0 ok, 1 script error, 2 usage, 3 consent refused or needed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from cliqsim.consent.target_text import shown_target
from cliqsim.frontend.plain import Block, Out

if TYPE_CHECKING:
    import argparse

    from cliqsim.platform.messages import Form
    from cliqsim.platform.runtime import Attachment, Outcome, Runtime

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_CONSENT = 0, 1, 2, 3
USER_ENV = "CLIQSIM_USER"


def add_runtime_options(parser: argparse.ArgumentParser, *, chat: bool = True,
                        consent: bool = True) -> None:
    parser.add_argument("--components", metavar="DIR",
                        help="folder of component packages (default: the bundled samples)")
    parser.add_argument("--user", metavar="ID",
                        help=f"act as this user (default: ${USER_ENV}, else the first org admin)")
    if chat:
        parser.add_argument("--chat", metavar="ID",
                            help="the chat: a channel (general, #sales), dm_<a>_<b> or "
                                 "bot_<bot>_<user> (default: #general, or the bot's chat for "
                                 "@Bot text)")
    if consent:
        parser.add_argument("--consent", choices=("ask", "allow", "once", "deny"),
                            default="ask",
                            help="answer consent requests: ask on the terminal (default), "
                                 "allow, allow once (this run only), or deny")
        parser.add_argument("--dry-run", action="store_true",
                            help="run against the fixtures with every effect recorded and none "
                                 "applied; show what it would read, post, mail and send (no "
                                 "consent is asked or stored)")
        parser.add_argument("--untick", metavar="ITEM", action="append", default=[],
                            help="with --consent allow or once: refuse this item (its target, "
                                 "e.g. user.email or zoho.cliq.postToChannel); repeatable")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--form", action="append", default=[], metavar="NAME=VALUE",
                        help="fill a field of the form the trigger opens, then submit it "
                             "(repeatable; checkbox values are comma-separated)")
    parser.add_argument("--record", metavar="FILE",
                        help="append what this command triggers, and its result, to a "
                             "transcript that `cliqsim test FILE` replays")
    parser.add_argument("--trace", action="store_true",
                        help="print each handler run: inputs as bound, effects and what "
                             "answered them, consent, time (JSON always has them under runs)")
    parser.add_argument("--online", action="store_true",
                        help="let invokeurl reach the real network (after the consent check) "
                             "instead of the packages' offline fixtures")
    parser.add_argument("--record-fixtures", action="store_true",
                        help="with --online: write each real response as a [[fixtures]] entry "
                             "in the components folder's shared.toml (secrets left out)")


def open_runtime(args: argparse.Namespace) -> Runtime:
    from cliqsim.clock import SimulatedClock, SystemClock
    from cliqsim.frontend.options import components_option, data_option, now_option
    from cliqsim.platform.runtime import Runtime

    now = now_option(args)
    clock = SimulatedClock(now) if now is not None else SystemClock()
    online = bool(getattr(args, "online", False))
    record_fixtures = bool(getattr(args, "record_fixtures", False))
    if record_fixtures and not online:
        from cliqsim.errors import UsageError

        raise UsageError("--record-fixtures records real responses: use it with --online")
    runtime = Runtime(components_option(args), data_option(args), clock, online=online,
                      record_fixtures=record_fixtures)
    record = getattr(args, "record", None)
    if record:
        from pathlib import Path

        runtime.record_to(Path(record))
    if getattr(args, "dry_run", False):
        runtime.rehearse_all()
    return runtime


def start(args: argparse.Namespace) -> tuple[Out, Runtime]:
    """The console and the runtime a command works with, after reporting packages that failed."""
    out = console()
    runtime = open_runtime(args)
    report_load_errors(runtime, out, args.json)
    return out, runtime


def conclude(runtime: Runtime, outcome: Outcome, args: argparse.Namespace, out: Out,
             earlier: list[Outcome] | None = None, chat_id: str | None = None) -> int:
    """Answer the consent requests `outcome` raises, submit the form it opened when `--form`
    gives values, print the result and return the exit code."""
    outcome, steps = settle(runtime, outcome, args, out)
    outcome, more = submit_form(runtime, outcome, args, out, chat_id)
    steps = [*(earlier or []), *steps, *more]
    code = show(runtime, outcome, steps, args, out)
    return code if outcome.form is None or not outcome.form_errors else EXIT_ERROR


def form_values(pairs: list[str], option: str = "--form") -> dict[str, str]:
    """`NAME=VALUE` pairs given with `option` (`--form`, `--param`, `--arg`) as a map; a usage
    error names the option and the malformed pair."""
    from cliqsim.errors import UsageError

    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{option} {pair!r}: write NAME=VALUE")
        values[name.strip()] = value
    return values


def submit_form(runtime: Runtime, outcome: Outcome, args: argparse.Namespace, out: Out,
                chat_id: str | None) -> tuple[Outcome, list[Outcome]]:
    """Whatever opened a form (a command, a button, a bot menu, a widget, a link action): fill
    it with `--form` values over its defaults and submit it, through consent."""
    from cliqsim.errors import UsageError

    values = form_values(getattr(args, "form", None) or [])
    form = outcome.form
    if outcome.status != "ok" or form is None or not values:
        return outcome, []
    where = outcome.chat_id or chat_id or getattr(args, "chat", None) or "general"
    user_id = acting_user(runtime, args)
    steps: list[Outcome] = []
    given: dict[str, str] = {}
    for name, value in values.items():  # field by field, in the order given, as a person fills it
        field = form.input(name)
        if field is None:
            fields = ", ".join(i.name for i in form.inputs)
            raise UsageError(f"the form {form.title!r} has no field {name!r}; its fields: "
                             f"{fields}")
        given[name] = value
        if field.trigger_on_change:  # the client runs the change handler: it may add fields
            changed, more = settle(runtime, runtime.change_form(
                user_id, where, form, _filled(form, given), name), args, out)
            steps.extend(more)
            if changed.status != "ok":
                return changed, steps
            if changed.form_actions:
                from cliqsim.platform.form_state import apply_actions

                form = apply_actions(form, changed.form_actions)
    submitted = runtime.submit_form(user_id, where, form, _filled(form, given))
    final, more = settle(runtime, submitted, args, out)
    return final, [*steps, *more]


def _filled(form: Form, given: dict[str, str]) -> dict[str, Any]:
    """The form's values: each field's default, then what `--form` gave so far
    (`forms.with_defaults`: the client's reading of defaults, hidden fields kept)."""
    from cliqsim.platform.forms import with_defaults

    return with_defaults(form, {k: v for k, v in given.items() if form.input(k) is not None})


def acting_user(runtime: Runtime, args: argparse.Namespace) -> str:
    """The user from `--user`, else `$CLIQSIM_USER`, else the first org admin."""
    from cliqsim.frontend.options import user_or_first_admin

    return user_or_first_admin(runtime, getattr(args, "user", None) or os.environ.get(USER_ENV))


def console() -> Out:
    """What a command prints with: plain terminal text without Rich (`cliqsim.frontend.plain`;
    Rich is imported only for a Rich renderable some listing still prints: issue #18).

    Nothing printed is read as markup or :emoji: codes, and no control character a component
    supplies reaches the terminal: component and package text (names, messages, error texts)
    shows as it is, in spans (`plain.span`) cliqsim styles."""
    return Out()


def _width(out: Any) -> int:
    """The width `out` prints at (an `Out`, or a Rich console in tests)."""
    return int(getattr(out, "width", 80))


def report_load_errors(runtime: Runtime, out: Out, as_json: bool) -> None:
    if not runtime.load_errors:
        return
    if as_json:  # stdout keeps the command's own JSON; the errors go beside it, as JSON too
        print(json.dumps({"load_errors": load_errors_json(runtime)}, ensure_ascii=False),
              file=sys.stderr)
        return
    from cliqsim.frontend.plain import span

    for error in runtime.load_errors:
        out.print(Block([[span("skipped a bad package:", "yellow"), span(f" {error.message}")]]))


def load_errors_json(runtime: Runtime) -> list[dict[str, Any]]:
    """Every package that failed to load: `{"file", "field", "line", "reason"}` each."""
    return [error.to_dict() for error in runtime.load_errors]


def settle(runtime: Runtime, outcome: Outcome, args: argparse.Namespace,
           out: Out) -> tuple[Outcome, list[Outcome]]:
    """Answer consent requests as `--consent` says (asking on a terminal); returns the final
    outcome and every outcome on the way (whose messages all count)."""
    steps = [outcome]
    policy = getattr(args, "consent", "ask")
    untick = list(getattr(args, "untick", None) or ())
    if untick and policy not in ("allow", "once", "ask"):
        from cliqsim.errors import UsageError

        raise UsageError("--untick goes with --consent allow or --consent once")
    while outcome.status == "consent_required" and outcome.pending is not None:
        if policy in ("allow", "once"):
            answer = Answer(True, tuple(untick), once=policy == "once")
        elif policy == "deny":
            answer = Answer(False)
        elif sys.stdin.isatty() and not args.json:
            answer = ask_consent(out, outcome.consent, outcome.pending.component_name,
                                 dry_run=partial(runtime.dry_run, outcome.pending),
                                 flows=runtime.data_flows(outcome.pending.component))
        else:
            return outcome, steps
        refused = answer.refused if not outcome.pending.org else ()
        outcome = runtime.decide(outcome.pending, answer.allow, refused=refused,
                                 once=answer.once and not outcome.pending.org)
        steps.append(outcome)
    return outcome, steps


class Answer:
    """The person's answer on the terminal: allow or not, items unticked, for one run only."""

    def __init__(self, allow: bool, refused: tuple[str, ...] = (), *, once: bool = False):
        self.allow = allow
        self.refused = refused
        self.once = once


ALLOW_KEYS = {"a", "y"}
ONCE_KEYS = {"o"}
CHOOSE_KEYS = {"c"}
DRY_KEYS = {"r"}
DENY_KEYS = {"d", "n", "\r", "\n", "\x1b"}  # d, n, Enter or Escape deny
PROMPT = "Allow? [a]llow / allow [o]nce / [c]hoose items / [d]eny: "
DRY_PROMPT = "Allow? [a]llow / allow [o]nce / [c]hoose items / d[r]y run / [d]eny: "
KEEP_PROMPT = " keep? [y]es / [n]o (Enter keeps): "


def ask_consent(out: Out, consent: Any, component_name: str,
                read_key: Callable[[], str] | None = None,
                dry_run: Callable[[], Any] | None = None,
                flows: tuple[Any, ...] = ()) -> Answer:
    """Show the consent dialog on the terminal and wait for one key: `a` allows; `o` allows
    this run only; `c` asks item by item which to keep (the others are unticked: objects reach
    the script as null, tasks and calls are blocked) and asks again; `r` (with `dry_run`) shows
    what a run would do, applying nothing, and asks again; `d`, Enter or Escape
    denies (docs/cli.md). Other keys are ignored. The prompt is plain text, never Rich markup
    (`[a]` and `[d]` are shown as typed)."""
    from cliqsim.commands._render import consent_renderable

    out.print(consent_renderable(consent, component_name, flows, _width(out)))
    read = read_key or read_one_key
    refused: tuple[str, ...] = ()
    while True:
        out.print(Block.of(DRY_PROMPT if dry_run is not None else PROMPT, "bold"), end="")
        while True:
            key = read().lower()
            if key in ("", "\x03", "\x04"):  # end of input, Ctrl+C, Ctrl+D
                raise KeyboardInterrupt
            if key in ALLOW_KEYS | ONCE_KEYS | CHOOSE_KEYS | DENY_KEYS or (
                    key in DRY_KEYS and dry_run is not None):
                break
        if key in DRY_KEYS and dry_run is not None:
            out.print("dry run")
            print_dry_run(out, dry_run())
            continue
        if key in CHOOSE_KEYS:
            out.print("choose")
            refused = choose_items(out, consent, read)
            continue
        if key in DENY_KEYS:
            out.print("deny")
            return Answer(False)
        once = key in ONCE_KEYS
        out.print("allow once" if once else "allow")
        return Answer(True, refused, once=once)


def print_dry_run(out: Out, dry: Any) -> None:
    """A dry run's lines (plain text: component output is never markup)."""
    for number, line in enumerate(dry.lines()):
        out.print(Block.of(line, "bold cyan" if number == 0 else None))


def dry_run_json(dry: Any) -> dict[str, Any]:
    """`{"component", "effects": [{"kind", "text", "line"}], "reply", "error"}`."""
    return {"component": dry.component,
            "effects": [{"kind": e.kind, "text": e.text, "line": e.line} for e in dry.effects],
            "reply": dry.reply, "error": dry.error}


def choose_items(out: Out, consent: Any, read: Callable[[], str]) -> tuple[str, ...]:
    """Ask item by item (`n` unticks it; `y` or Enter keeps it); the keys of those unticked."""
    from cliqsim.frontend.plain import span

    refused = []
    for item in consent.items:
        out.print(Block([[span(f"  {item.purpose} "),
                          span(f"({shown_target(item.target)})", "dim"),
                          span(KEEP_PROMPT)]]), end="")
        while True:
            key = read().lower()
            if key in ("", "\x03", "\x04"):
                raise KeyboardInterrupt
            if key in ("y", "n", "\r", "\n"):
                break
        out.print("no" if key == "n" else "yes")
        if key == "n":
            refused.append(item.key)
    if refused:
        out.print(Block.of(f"Unticked {len(refused)} item{'s' if len(refused) != 1 else ''}: "
                           "objects reach the script as null, tasks and calls are blocked.",
                           "yellow"))
    return tuple(refused)


def read_one_key() -> str:
    """One key from the terminal without waiting for Enter (the line on terminals without
    termios: its first character, Enter alone being Enter)."""
    try:
        import termios
        import tty
    except ImportError:  # not a POSIX terminal: read a line
        line = sys.stdin.readline()
        return line[:1] if line else ""
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)  # keep a key typed before the prompt
        return os.read(fd, 1).decode(errors="replace")
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def exit_code(outcome: Outcome) -> int:
    if outcome.status == "ok":
        return EXIT_OK
    if outcome.status in ("consent_required", "denied"):
        return EXIT_CONSENT
    return EXIT_ERROR


def outcome_json(outcome: Outcome, steps: list[Outcome]) -> dict[str, Any]:
    from cliqsim.commands._json import consent_json, message_json
    from cliqsim.commands._trace import run_json, runs_of

    messages = [m for step in steps for m in step.messages]
    info = [line for step in steps for line in step.info]
    consent = next((s.consent for s in reversed(steps) if s.consent is not None), None)
    data: dict[str, Any] = {
        "status": outcome.status,
        "consent": consent_json(consent) if consent is not None else None,
        "messages": [message_json(m) for m in messages],
        "info": info,
        "error": outcome.error.to_dict() if outcome.error else None,
        "runs": [run_json(run) for run in runs_of(steps)],
    }
    if outcome.notice:
        data["notice"] = outcome.notice
    if outcome.form is not None:
        data["form"] = record_dict(outcome.form)
        if outcome.form_errors:
            data["form_errors"] = outcome.form_errors
    if outcome.suggestions:
        data["suggestions"] = [s.to_dict() for s in outcome.suggestions]
    if outcome.activated is not None:
        data["activated"] = outcome.activated
    if outcome.dry_run is not None:
        data["dry_run"] = dry_run_json(outcome.dry_run)
    return data


def record_dict(value: Any) -> Any:
    """`value` with every record in it (a `msgspec.Struct`: a form, its fields and their
    options) a dict of its fields, as `dataclasses.asdict` gives a dataclass; tuples, lists and
    dicts are copied through, anything else is kept as it is (`json.dumps(default=str)` writes
    it)."""
    import msgspec

    if isinstance(value, msgspec.Struct):
        return {name: record_dict(getattr(value, name)) for name in value.__struct_fields__}
    if isinstance(value, tuple | list):
        return type(value)(record_dict(item) for item in value)
    if isinstance(value, dict):
        return {key: record_dict(item) for key, item in value.items()}
    return value


def show(runtime: Runtime, outcome: Outcome, steps: list[Outcome], args: argparse.Namespace,
         out: Out) -> int:
    """Print the result (text or JSON, with the packages that failed to load; a consent
    request with where its code sends each value) and return the exit code."""
    load_errors = load_errors_json(runtime)
    flows = (runtime.data_flows(outcome.pending.component)
             if outcome.status == "consent_required" and outcome.pending is not None else ())
    if args.json:
        data = outcome_json(outcome, steps)
        if load_errors:
            data["load_errors"] = load_errors

        print(json.dumps(data, indent=2, default=str))
        return exit_code(outcome)
    from cliqsim.commands._render import (
        consent_renderable,
        form_renderable,
        print_messages,
    )
    from cliqsim.frontend.plain import span

    print_messages(out, [m for step in steps for m in step.messages])
    if outcome.dry_run is not None:
        print_dry_run(out, outcome.dry_run)
        return exit_code(outcome)
    if getattr(args, "trace", False):
        from cliqsim.commands._trace import runs_of, trace_lines

        for run in runs_of(steps):
            for line in trace_lines(run):
                out.print(Block.of(line))
    for step in steps:
        for line in step.info:
            out.print(Block.of(f"info: {line}", "dim"))
    if outcome.status == "consent_required" and outcome.pending is not None:
        out.print(consent_renderable(outcome.consent, outcome.pending.component_name, flows,
                                     out.width))
        out.print(Block.of("Consent is needed and there is no terminal to ask on. Run again "
                           "with --consent allow (or once, or deny; --untick ITEM refuses one).",
                           "yellow"))
    if outcome.form is not None:
        out.print(form_renderable(outcome.form, outcome.form_errors, outcome.form_error,
                                  out.width))
        if not outcome.form_errors:
            out.print(Block.of("Fill it with --form NAME=VALUE (repeat for each field).", "dim"))
    if outcome.suggestions:
        for s in outcome.suggestions:
            out.print(Block([[span("  "), span(s.label, "bold"), span("  "),
                              span(s.description if s.title else "", "dim")]]))
    if outcome.error is not None and outcome.error.detail:
        pinpoint = outcome.error.detail.split("\n", 1)[1:]  # the message is in the chat above
        if pinpoint:
            out.print(Block.of(pinpoint[0], "red"))
    elif outcome.notice and outcome.status != "consent_required" and not any(
            step.messages for step in steps):
        out.print(Block.of(outcome.notice))
    return exit_code(outcome)


def attachments(paths: list[str]) -> list[Attachment]:
    """`--attach FILE` values as attachments; a usage error names an unreadable file."""
    if not paths:
        return []
    import mimetypes
    from pathlib import Path

    from cliqsim.errors import UsageError
    from cliqsim.platform.runtime import Attachment

    found = []
    for name in paths:
        path = Path(name)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise UsageError(f"--attach {name}: cannot read it ({error.strerror})") from None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        found.append(Attachment(path.name, content, kind))
    return found
