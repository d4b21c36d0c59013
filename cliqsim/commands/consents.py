"""`cliqsim consents ...`: see, revoke and review Platform Consents from the terminal.

    cliqsim consents list [--user ID] [--everyone] [--all] [--json]
    cliqsim consents revoke GRANT_ID | --component NAME | --all [--user ID] [--everyone]
                           [--reason TEXT]
    cliqsim consents log [--user ID] [--component NAME] [--json]
    cliqsim consents manifest|lock|verify|report [--components DIR] ...   (see _review.py)

`--data DIR` picks the data directory and `--now WHEN` the simulated time (`+61d` shows what
lapses in 61 days), before or after the action.

`list` and `revoke` act for one person, `--user ID` (default: the first org admin), on their own
consents only; `--everyone` (an org admin only) covers every person's and the organization's,
and a revoke records which admin did it (#11: the authorization layer's rule for consents).
"""

from __future__ import annotations

import argparse
import json
import math
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cliqsim.consent.target_text import shown_target
from cliqsim.errors import UsageError

if TYPE_CHECKING:
    from cliqsim.consent.gate import Gate
    from cliqsim.consent.store import ConsentStore, Grant, LedgerRecord

NAME = "consents"
HELP = ("list, revoke and audit Platform Consents; review what components ask for "
        "(manifest, lock, verify, report)")


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                        help="data directory (default: $CLIQSIM_DATA, else the per-user one)")
    parser.add_argument("--now", metavar="WHEN", default=argparse.SUPPRESS,
                        help="simulated time: an ISO date or date-time, or an offset like +61d")


def register(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    listing = actions.add_parser("list", help="the consents given, with status and expiry")
    listing.add_argument("--user", metavar="ID",
                         help="act as this person: their own consents (default: the first "
                              "org admin)")
    listing.add_argument("--everyone", action="store_true",
                         help="every person's consents (an org admin only)")
    listing.add_argument("--all", action="store_true", help="include expired and revoked ones")
    listing.add_argument("--json", action="store_true", help="print JSON")
    _add_common(listing)

    revoke = actions.add_parser("revoke", help="revoke a consent, a component's, or all")
    revoke.add_argument("grant_id", nargs="?", metavar="GRANT_ID", help="a consent id from list")
    revoke.add_argument("--component", metavar="NAME", help="every consent for this component")
    revoke.add_argument("--all", action="store_true", help="every consent")
    revoke.add_argument("--user", metavar="ID",
                        help="act as this person: their own consents (default: the first "
                             "org admin)")
    revoke.add_argument("--everyone", action="store_true",
                        help="any person's consents (an org admin only; recorded as theirs)")
    revoke.add_argument("--reason", default="revoked by the user", help="recorded in the ledger")
    _add_common(revoke)

    log = actions.add_parser("log", help="the consent ledger, oldest first")
    log.add_argument("--user", metavar="ID", help="only this user's records")
    log.add_argument("--component", metavar="NAME", help="only this component's records")
    log.add_argument("--json", action="store_true", help="print JSON")
    _add_common(log)
    _register_review(actions)


def _register_review(actions: Any) -> None:
    from cliqsim.commands._review import add_components_option

    manifest = actions.add_parser(
        "manifest", help="what each component would ask consent for, read from its code "
                         "(nothing runs, no data is written)")
    add_components_option(manifest)
    manifest.add_argument("--json", action="store_true", help="print JSON")

    lock = actions.add_parser("lock", help="write consent.lock in the components folder")
    add_components_option(lock)

    verify = actions.add_parser(
        "verify", help="exit 1 when a component needs more than consent.lock records")
    add_components_option(verify)

    report = actions.add_parser(
        "report", help="one page for a reviewer: items, accounts, code lines, data flows and "
                       "privacy findings of every component")
    add_components_option(report)
    report.add_argument("--out", metavar="FILE", required=True,
                        help="the page to write: FILE.html or FILE.md")


_REVIEW_ACTIONS = ("manifest", "lock", "verify", "report")


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "action", None)
    if action is None:
        raise UsageError("say what to do: `cliqsim consents list`, `revoke ...`, `log`, "
                         "`manifest`, `lock`, `verify` or `report`")
    if action == "report":
        from cliqsim.commands._report import report_command

        return report_command(args)
    if action in _REVIEW_ACTIONS:
        from cliqsim.commands import _review

        return int(getattr(_review, f"{action}_command")(args))
    gate = _open_gate(args)
    if action == "list":
        return _list(gate, args)
    if action == "revoke":
        return _revoke(gate, args)
    return _log(gate, args)


def _acting(args: argparse.Namespace, doing: str) -> tuple[str, str | None]:
    """(the acting person, whose consents: theirs, or None for everyone's). `--everyone` needs
    an org admin of the workspace in the data directory (seeded from `--components`)."""
    user = getattr(args, "user", None)
    everyone = bool(getattr(args, "everyone", False))
    if user and not everyone:
        return user, user
    admins, people = _people(args)
    acting = user or (admins[0] if admins else "")
    if everyone and acting not in admins:
        raise UsageError(
            f"{acting or 'nobody'} is not an org admin; only an org admin ({', '.join(admins)}) "
            f"can {doing} of everyone (drop --everyone to {doing} of your own)")
    if acting and acting not in people and not everyone:
        raise UsageError(f"there is no user {acting!r}")
    return acting, None if everyone else acting


def _people(args: argparse.Namespace) -> tuple[list[str], set[str]]:
    """The org admins (in order) and every user id, from the data directory's workspace."""
    from cliqsim.commands import components_option, data_option
    from cliqsim.platform.seed import people

    users = people(data_option(args), components_option(args))
    return ([str(u["id"]) for u in users if u.get("admin")], {str(u["id"]) for u in users})


def _open_gate(args: argparse.Namespace) -> Gate:
    from cliqsim.clock import SimulatedClock, SystemClock
    from cliqsim.consent.gate import Gate
    from cliqsim.consent.store import ConsentStore
    from cliqsim.frontend.options import data_option, now_option

    now = now_option(args)
    clock = SimulatedClock(now) if now is not None else SystemClock()
    return Gate(ConsentStore.in_dir(data_option(args)), clock)


# ---- list


def status_text(grant: Grant, now: datetime) -> str:
    """`active, expires in 59 days (2026-04-30)`, `expired on 2026-04-30`, `revoked on ...`."""
    status = grant.status(now)
    if status == "revoked":
        assert grant.revoked_at is not None
        return f"revoked on {grant.revoked_at:%Y-%m-%d}"
    if status == "expired" and grant.not_yet(now):
        return f"not in force: given on {grant.granted_at:%Y-%m-%d}, after now"
    if status == "expired":
        return f"expired on {grant.expires_at:%Y-%m-%d}"
    left = grant.expires_at - now
    if left.total_seconds() >= 86_400:
        days = math.floor(left.total_seconds() / 86_400)
        span = f"{days} day{'s' if days != 1 else ''}"
    else:
        hours = max(1, math.ceil(left.total_seconds() / 3_600))
        span = f"{hours} hour{'s' if hours != 1 else ''}"
    return f"active, expires in {span} ({grant.expires_at:%Y-%m-%d})"


def _whose(grant: Grant) -> str:
    return "organization" if grant.is_org else grant.user_id


def _list(gate: Gate, args: argparse.Namespace) -> int:
    now = gate.resolve_now(None)
    _, whose = _acting(args, "list the consents")
    grants = [
        grant
        for grant in gate.store.grants(whose)
        if args.all or grant.status(now) == "active"
    ]
    if args.json:
        payload = {
            "now": now.isoformat(),
            "grants": [
                {**grant.to_json(now), "status_text": status_text(grant, now)} for grant in grants
            ],
        }
        print(json.dumps(payload, indent=2))
        return 0
    if not grants:
        hidden = "" if args.all else " active"
        shown = f" for user {whose}" if whose else ""
        hint = "" if args.all else " (`--all` shows expired and revoked ones too)"
        print(f"No{hidden} consents{shown}{hint}.")
        return 0
    for grant in grants:
        used = (
            f"last used {grant.last_used_at:%Y-%m-%d %H:%M}, {grant.use_count} use"
            f"{'s' if grant.use_count != 1 else ''}"
            if grant.last_used_at is not None
            else "never used"
        )
        print(f"{grant.grant_id}  {grant.display_name} ({grant.component_type or 'component'}) "
              f"for {_whose(grant)}")
        print(f"    {status_text(grant, now)}; {used}")
        for item in grant.items:
            whose = "your account" if item.credentials == "user" else "admin's account"
            flag = "  [!]" if item.flagged else ""
            print(f"    - {item.kind:<6} {shown_target(item.target)}  ({whose}): "
                  f"{item.purpose}{flag}")
    return 0


# ---- revoke


def _revoke(gate: Gate, args: argparse.Namespace) -> int:
    chosen = [bool(args.grant_id), bool(args.component), bool(args.all)]
    if sum(chosen) != 1:
        raise UsageError(
            "say what to revoke: one GRANT_ID (see `cliqsim consents list`), "
            "--component NAME, or --all"
        )
    acting, whose = _acting(args, "revoke the consents")
    reason = args.reason if whose is not None else f"{args.reason}; by {acting} (org admin)"
    revoked = gate.revoke(
        args.grant_id,
        component_id=args.component,
        user_id=whose,
        everything=args.all,
        reason=reason,
    )
    if not revoked:
        print("Nothing to revoke: those consents were already revoked.")
        return 0
    print(f"Revoked {len(revoked)} consent{'s' if len(revoked) != 1 else ''}:")
    for grant in revoked:
        print(f"  {grant.grant_id}  {grant.display_name} for {_whose(grant)}")
    print("They will be asked for again on the next run.")
    return 0


# ---- log


def _record_json(record: LedgerRecord) -> dict[str, Any]:
    return record.to_json()


def _log(gate: Gate, args: argparse.Namespace) -> int:
    records = gate.store.ledger(args.user, args.component)
    if args.json:
        print(json.dumps({"records": [_record_json(r) for r in records]}, indent=2))
        return 0
    if not records:
        print("The consent ledger is empty.")
        return 0
    names = _component_names(gate.store)
    for record in records:
        who = "organization" if record.user_id == "@org" else record.user_id
        name = names.get(record.component_id, record.component_id)
        detail = f"  {record.detail}" if record.detail else ""
        items = f"  [{len(record.items)} item{'s' if len(record.items) != 1 else ''}]" if (
            record.items and record.event == "used"
        ) else ""
        print(f"{record.at:%Y-%m-%d %H:%M:%S}  {record.event:<11} {name:<20} {who}{items}{detail}")
    return 0


def _component_names(store: ConsentStore) -> dict[str, str]:
    return {grant.component_id: grant.display_name for grant in store.grants()}
