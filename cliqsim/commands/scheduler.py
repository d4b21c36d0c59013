"""`cliqsim scheduler list | run --until WHEN | consent`: schedulers on the simulated clock.

    cliqsim scheduler list
    cliqsim scheduler run --until +7d                 # every run due in the next week, in order
    cliqsim scheduler run --now 2026-12-01 --until 2027-03-01 --json
    cliqsim scheduler consent --consent allow         # the owner's visit: allow lapsed ones

A scheduler runs with nobody at the keyboard: `run` asks no one (`--consent none`, the default),
so a run whose owner has not allowed it, or whose consent lapsed, is skipped and noted. With
`--consent allow|deny|ask`, the acting user (`--user`) first answers for their own schedulers,
as they would on their next visit.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from cliqsim.commands._runtime_options import (
    EXIT_ERROR,
    EXIT_OK,
    acting_user,
    add_runtime_options,
    ask_consent,
    console,
    report_load_errors,
)
from cliqsim.errors import UsageError

if TYPE_CHECKING:
    from cliqsim.frontend.plain import Out
    from cliqsim.platform.runtime import Outcome, Runtime

NAME = "scheduler"
HELP = "list schedulers, run everything due up to a simulated time, answer their consents"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("list", "run", "consent"),
                        help="list: schedules and state; run: run what is due up to --until; "
                             "consent: answer the acting user's scheduler consents")
    add_runtime_options(parser, chat=False, consent=False)
    parser.add_argument("--until", metavar="WHEN",
                        help="run: the simulated time to run up to: an ISO date or date-time, "
                             "or an offset from now such as +7d, +61d, +12h")
    parser.add_argument("--consent", choices=("none", "ask", "allow", "deny"), default=None,
                        help="answer the acting user's scheduler consents first (run: default "
                             "none, nobody at the keyboard; consent: default ask)")


def open_simulated(args: argparse.Namespace) -> Runtime:
    """A runtime on a simulated clock starting at --now (or the real now): time must move."""
    from cliqsim.clock import SimulatedClock
    from cliqsim.frontend.options import components_option, data_option, now_option
    from cliqsim.platform.runtime import Runtime

    return Runtime(components_option(args), data_option(args), SimulatedClock(now_option(args)),
                   online=args.online)


def run(args: argparse.Namespace) -> int:
    out = console()
    runtime = open_simulated(args)
    report_load_errors(runtime, out, args.json)
    if args.action == "list":
        return _list(runtime, args, out)
    if args.action == "consent":
        answered = _visit(runtime, args, out, args.consent or "ask")
        if args.json:
            print(json.dumps({"answered": answered}, indent=2))
        elif not answered:
            out.print("None of your schedulers needs your consent.")
        return EXIT_OK
    if not args.until:
        raise UsageError("scheduler run needs --until WHEN (an ISO date-time or an offset such "
                         "as +7d)")
    from cliqsim.clock import parse_when

    until = parse_when(args.until, runtime.now())
    if until < runtime.now():
        raise UsageError(f"--until {args.until} is before the simulated now "
                         f"({runtime.now():%Y-%m-%d %H:%M} UTC); time only moves forward")
    answered = _visit(runtime, args, out, args.consent or "none")
    outcomes = runtime.advance_to(until)
    if args.json:
        print(json.dumps({"until": until.isoformat(), "answered": answered,
                          "runs": [_outcome_json(o) for o in outcomes]}, indent=2,
                         default=str))
    else:
        _print_runs(out, outcomes, until)
    return EXIT_ERROR if any(o.status == "error" for o in outcomes) else EXIT_OK


def _visit(runtime: Runtime, args: argparse.Namespace, out: Out,
           policy: str) -> list[dict[str, Any]]:
    """The acting user's visit: answer each of their schedulers' consent requests."""
    import sys

    if policy == "none":
        return []
    user_id = acting_user(runtime, args)
    answered = []
    for request in runtime.scheduler_consents(user_id):
        assert request.pending is not None
        if policy == "ask":
            if not sys.stdin.isatty() or args.json:
                raise UsageError("there is no terminal to ask on; use --consent allow or deny")
            answer = ask_consent(out, request.consent, request.pending.component_name,
                                 flows=runtime.data_flows(request.pending.component))
            allow = answer.allow
            decided = runtime.decide(request.pending, allow, refused=answer.refused,
                                     once=answer.once)
        else:
            allow = policy == "allow"
            decided = runtime.decide(request.pending, allow)
        answered.append({"scheduler": request.pending.component, "allowed": allow,
                         "notice": decided.notice})
        if not args.json:
            verb = "allowed" if allow else "not allowed"
            out.print(f"{request.pending.component_name}: {verb}. {decided.notice or ''}")
    return answered


def _list(runtime: Runtime, args: argparse.Namespace, out: Out) -> int:
    from rich.table import Table
    from rich.text import Text

    infos = runtime.schedulers()
    if args.json:
        print(json.dumps([i.to_dict() for i in infos], indent=2))
        return EXIT_OK
    if not infos:
        out.print("There are no schedulers in the components folder.")
        return EXIT_OK
    table = Table(title=f"Schedulers (simulated now {runtime.now():%Y-%m-%d %H:%M} UTC)")
    for column in ("scheduler", "schedule", "owner", "next run (UTC)", "ran", "skipped",
                   "last", "consent"):
        table.add_column(column)
    for info in infos:
        consent = info.consent
        if info.consent_expires is not None:
            consent += f" until {info.consent_expires:%Y-%m-%d}"
        # `runs` counts every occurrence; a run skipped for want of consent did not run
        table.add_row(Text.assemble(info.name, "\n", (info.id, "dim")), Text(info.summary),
                      Text(info.owner),
                      f"{info.next_due:%Y-%m-%d %H:%M}" if info.next_due else "ended",
                      str(info.runs - info.skipped), str(info.skipped),
                      info.last_status or "-", Text(consent))
    out.print(table)
    return EXIT_OK


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    from cliqsim.commands._json import message_json

    run = outcome.run
    return {"status": outcome.status, "notice": outcome.notice,
            "scheduler": run.component if run else (outcome.error.component
                                                      if outcome.error else None),
            "time": run.time.isoformat() if run else None,
            "messages": [message_json(m) for m in outcome.messages],
            "info": list(outcome.info),
            "error": outcome.error.to_dict() if outcome.error else None}


def _print_runs(out: Out, outcomes: tuple[Outcome, ...], until: Any) -> None:
    from rich.text import Text

    if not outcomes:
        out.print(f"Nothing was due up to {until:%Y-%m-%d %H:%M} UTC.")
        return
    for outcome in outcomes:
        style = {"ok": "green", "error": "red"}.get(outcome.status, "yellow")
        out.print(Text(outcome.notice or outcome.status, style=style))
        for message in outcome.messages:
            text = message.text or (message.card.title if message.card else "") or "(card)"
            out.print(Text(f"  → {message.chat_id}: {text}"))
        for line in outcome.info:
            out.print(Text(f"  info: {line}", style="dim"))
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    words = {"ok": "ran", "error": "failed", "consent_required": "skipped for want of consent",
             "denied": "skipped"}
    summary = ", ".join(f"{n} {words.get(s, s)}" for s, n in sorted(counts.items()))
    out.print(f"{len(outcomes)} run(s) up to {until:%Y-%m-%d %H:%M} UTC: {summary}")
