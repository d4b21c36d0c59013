"""Scheduler triggers: on the simulated clock, run every run that falls due, in time order, as
its owner.

A scheduler runs with nobody at the keyboard, so it cannot ask for consent. It runs through the
same gate as everything else under its owner's grant (`[schedule] owner`, default the first org
admin):
- grant active: the handler runs at the due time (the clock is set to it), like any trigger;
- grant lapsed, revoked, never given, or the code now needs more: the run is skipped, a
  `skipped` ledger record says why, and the owner finds a notice in their cliqsim chat (once per
  lapse); on their next visit `consent_requests(owner)` asks them, and after they allow, the
  next due run goes ahead;
- seven days before the grant lapses the owner is reminded (a notice and a `reminded` record).

State per scheduler (first seen, runs so far, next due, last run and status, skips, reminders)
lives in the workspace file's `schedulers` table, written once per `advance_to` call.

Zoho: "Schedulers" (https://zoho.com/cliq/help/platform/schedulers.html). Which inputs a
scheduler's handler gets is not documented; real extension schedulers read `user`, so cliqsim
binds the common inputs of every handler as its owner (docs/architecture.md).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import msgspec

from cliqsim.clock import SimulatedClock
from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.messages import SYSTEM, Message
from cliqsim.platform.package_model import Package
from cliqsim.platform.records import Failure, Outcome, Unavailable
from cliqsim.platform.recurrence import Recurrence, parse_schedule
from cliqsim.platform.responses import Response
from cliqsim.platform.trigger_kind import TriggerKind
from cliqsim.platform.triggers.common import EVERY
from cliqsim.structs import replace

if TYPE_CHECKING:
    from cliqsim.consent.gate import Allowed, ConsentRequest
    from cliqsim.platform.pipeline import Pipeline, RunContext
    from cliqsim.platform.records_views import SchedulerInfo

TABLE = "schedulers"
REMIND_BEFORE = timedelta(days=7)

SCHEDULED = TriggerKind(
    "scheduler", "scheduler_handler", EVERY,
    "nothing (it posts with zoho.cliq tasks; the responses page lists no return type)",
    "https://zoho.com/cliq/help/platform/schedulers.html",
    component="scheduler", key="execution", returns="raw")

KINDS = (SCHEDULED,)


def show_time(when: datetime) -> str:
    """A time as the consent messages write it (`consent.gate.show_time`; the consent code loads
    only when a scheduler runs, so `cliqsim check` can import this module for its declaration)."""
    from cliqsim.consent.gate import show_time as shown

    return shown(when)


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


class _State(msgspec.Struct):
    component: str
    anchor: str  # the start date used when the schedule names none
    runs: int = 0
    next_due: str | None = None
    last_run: str | None = None
    last_status: str = ""
    skipped: int = 0
    reminded: str | None = None  # grant id the lapse reminder was sent for
    notified: str | None = None  # "<reason>:<grant id>" of the last skip notice
    spec: str = ""  # the schedule as last read; a change recomputes next_due

    def to_doc(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__struct_fields__}


class SchedulerBook:
    """The schedulers of one runtime and their persisted state."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self._states: dict[str, _State] = {}
        self._dirty: set[str] = set()
        self._load()
        # another cliqsim process (the CLI beside the TUI) may run schedulers too
        pipeline.workspace.store.on_reload(self._load)

    def _load(self) -> None:
        self._states = {}
        self._dirty = set()
        for doc in self.pipeline.workspace.store.table(TABLE).all():
            fields = {k: doc[k] for k in _State.__struct_fields__ if k in doc}
            self._states[doc["component"]] = _State(**fields)

    # --- reading -----------------------------------------------------------------------------

    def packages(self) -> list[Package]:
        return sorted(self.pipeline.catalog.of_type("scheduler"), key=lambda p: p.id)

    def owner(self, package: Package) -> str:
        owner = package.schedule.get("owner")
        if not owner:
            return str(self.pipeline.workspace.admins()[0]["id"])
        try:
            return str(self.pipeline.workspace.user(str(owner))["id"])
        except UsageError as error:
            raise UsageError(f"the scheduler {package.id} runs as [schedule] owner = {owner!r} "
                             f"in {package.dir}/component.toml, but {error.message}") from None

    def rule(self, package: Package) -> Recurrence:
        state = self.state(package)
        return parse_schedule(package.schedule, date.fromisoformat(state.anchor))

    def state(self, package: Package) -> _State:
        state = self._states.get(package.id)
        spec = repr(sorted(package.schedule.items()))
        if state is None:
            zone = parse_schedule(package.schedule, date(1970, 1, 1)).zone
            anchor = self.pipeline.clock.now().astimezone(zone).date().isoformat()
            state = _State(package.id, anchor)
            self._states[package.id] = state
        if state.spec != spec:
            state.spec = spec
            rule = parse_schedule(package.schedule, date.fromisoformat(state.anchor))
            due = rule.next_after(self.pipeline.clock.now(), state.runs)
            state.next_due = _iso(due)
            self._dirty.add(package.id)
        return state

    def info(self, package: Package) -> SchedulerInfo:
        from cliqsim.platform.records_views import SchedulerInfo

        state = self.state(package)
        owner = self.owner(package)
        consent = self.pipeline.consent_state(owner, package.id)
        return SchedulerInfo(
            package.id, package.name, owner, self.rule(package).summary(),
            _time(state.next_due), state.runs, state.skipped, _time(state.last_run),
            state.last_status, consent.state, consent.expires_at, package.extension)

    def infos(self) -> list[SchedulerInfo]:
        self.pipeline.workspace.refresh()
        found = [self.info(p) for p in self.packages()]
        self.save()  # a scheduler seen for the first time keeps the day it was first seen
        return found

    # --- moving time -------------------------------------------------------------------------

    def advance_to(self, until: datetime) -> tuple[Outcome, ...]:
        """Run every scheduler run and reminder due up to `until`, in time order (ties by
        component id), with the clock set to each due time; the clock ends at `until`."""
        clock = self.pipeline.clock
        if not isinstance(clock, SimulatedClock):
            raise UsageError("time can be moved only on a simulated clock")
        self.pipeline.workspace.refresh()
        outcomes: list[Outcome] = []
        queue: list[tuple[datetime, int, str, str]] = []
        packages = {p.id: p for p in self.packages()}
        for package in packages.values():
            self._push(queue, package)
        try:
            while queue and queue[0][0] <= until:
                day = queue[0][0].date()
                with self._batch():  # one durable write per simulated day, not per run
                    while queue and queue[0][0] <= until and queue[0][0].date() == day:
                        when, _, kind, component = heapq.heappop(queue)
                        package = packages[component]
                        if when > clock.now():
                            clock.set(when)
                        if kind == "remind":
                            self._remind(package, when)
                        else:
                            outcomes.append(self._run(package, when))
                        self._push(queue, package)
                    self.save()
            if until > clock.now():
                clock.set(until)
        finally:
            self.save()
        return tuple(outcomes)

    @contextmanager
    def _batch(self) -> Iterator[None]:
        """Hold the workspace and consent files for a batch of runs (`JsonStore.batch`)."""
        with self.pipeline.workspace.store.batch(), self.pipeline.store.batch():
            yield

    def _push(self, queue: list[tuple[datetime, int, str, str]], package: Package) -> None:
        """Queue the scheduler's next event (one per scheduler): its reminder when that comes
        first (or at the same time), else its next run."""
        state = self.state(package)
        due = _time(state.next_due)
        remind = self._reminder_due(package, state)
        if remind is not None and (due is None or remind <= due):
            heapq.heappush(queue, (remind, 0, "remind", package.id))
        elif due is not None:
            heapq.heappush(queue, (due, 1, "run", package.id))

    def _reminder_due(self, package: Package, state: _State) -> datetime | None:
        if state.next_due is None:
            return None
        grant = self.pipeline.store.current(self.owner(package), package.id)
        if grant is None or grant.revoked_at is not None or state.reminded == grant.grant_id:
            return None
        if grant.expires_at <= self.pipeline.clock.now():
            return None  # lapsed already: the skip notice says so
        return max(grant.expires_at - REMIND_BEFORE, grant.granted_at)

    def save(self) -> None:
        if not self._dirty:
            return
        docs = [self._states[c].to_doc() for c in sorted(self._dirty)]
        changed = {doc["component"] for doc in docs}
        with self.pipeline.workspace.write() as db:
            table = db.table(TABLE)
            old = [d.doc_id for d in table.all() if d.get("component") in changed]
            if old:
                table.remove(doc_ids=old)
            table.insert_multiple(docs)
        self._dirty.clear()

    # --- one run -----------------------------------------------------------------------------

    def _run(self, package: Package, when: datetime) -> Outcome:
        pipeline = self.pipeline
        state = self.state(package)
        owner = self.owner(package)
        state.runs += 1
        state.last_run = when.isoformat()
        state.next_due = _iso(self.rule(package).next_after(when, state.runs))
        self._dirty.add(package.id)
        decision = pipeline.admit(package, owner)  # at the clock's now, when it really runs
        if isinstance(decision, Unavailable):
            return self._skip(package, state, owner, when, "unavailable", decision.reason, None)
        if isinstance(decision, Failure):  # a handler that does not parse: report, keep going
            state.last_status = "error"
            return Outcome("error", error=decision)
        from cliqsim.consent.gate import ConsentRequest  # loads with the first run

        if isinstance(decision, ConsentRequest):
            return self._skip(package, state, owner, when, decision.reason,
                              _why(decision, when), decision)
        from cliqsim.platform.manifests import SCHEDULE_TARGET  # loads with the first run

        unticked = [item for key in decision.refused
                    if (item := decision.manifest.item(key)) is not None
                    and item.target.startswith(f"{SCHEDULE_TARGET} ")]
        if unticked:  # the owner allowed its items but not that it runs by itself
            return self._skip(package, state, owner, when, "unticked",
                              f"you unticked “{unticked[0].purpose}” when you allowed it.",
                              None)
        outcome = self._execute(package, owner, when, decision)
        state.last_status = outcome.status
        return outcome

    def _execute(self, package: Package, owner: str, when: datetime,
                 allowed: Allowed) -> Outcome:
        pipeline = self.pipeline

        def respond(response: Response, ctx: RunContext) -> Outcome:
            return Outcome("ok", notice=f"{package.name} ran at {show_time(when)}")

        inputs = cliq.common(pipeline.workspace, owner, None)
        ctx = pipeline.context(owner, package, package.handlers["scheduler_handler"], SCHEDULED,
                               f"scheduled run of {package.name} at {show_time(when)}", None,
                               inputs, respond=respond)
        outcome = pipeline.execute(ctx, allowed, "granted" if allowed.grant else "not needed")
        if outcome.status == "error" and outcome.error is not None:
            error = outcome.error
            where = f" (line {error.line} of {error.file})" if error.line else ""
            notice = self._tell(owner, package, f"{package.name} failed in its scheduled run at "
                                f"{show_time(when)}{where}: {error.message}", error=True)
            outcome = replace(outcome, messages=(*outcome.messages, notice))
        return outcome

    def _skip(self, package: Package, state: _State, owner: str, when: datetime, reason: str,
              text: str, request: ConsentRequest | None) -> Outcome:
        pipeline = self.pipeline
        state.last_status = "skipped"
        state.skipped += 1
        grant = request.previous if request else None
        detail = f"scheduled run at {show_time(when)} skipped: {text}"
        from cliqsim.consent.store import LedgerRecord

        pipeline.store.append_ledger([LedgerRecord(
            when, "skipped", owner, package.id, grant.grant_id if grant else None, (), detail)])
        messages: tuple[Message, ...] = ()
        key = f"{reason}:{grant.grant_id if grant else ''}"
        if state.notified != key:
            state.notified = key
            ask = ("It will ask you on your next visit; once you allow it, it runs again at "
                   "its next time." if request else "")
            messages = (self._tell(owner, package, f"{package.name} did not run at "
                                   f"{show_time(when)}: {text} {ask}".strip()),)
        reasons = {"first_run": "not allowed yet", "expired": "consent expired",
                   "revoked": "consent revoked", "changed": "code changed, consent needed",
                   "unavailable": "extension not installed"}
        notice = (f"{package.name} skipped its run at {show_time(when)} "
                  f"({reasons.get(reason, reason)})")
        return Outcome("consent_required" if request else "denied", messages,
                       consent=request, notice=notice,
                       error=Failure("consent" if request else "refused", text, package.id))

    def _remind(self, package: Package, when: datetime) -> None:
        owner = self.owner(package)
        grant = self.pipeline.store.current(owner, package.id)
        state = self.state(package)
        if grant is None:
            return
        state.reminded = grant.grant_id
        self._dirty.add(package.id)
        from cliqsim.consent.store import LedgerRecord

        self.pipeline.store.append_ledger([LedgerRecord(
            when, "reminded", owner, package.id, grant.grant_id, (),
            f"consent lapses on {show_time(grant.expires_at)}")])
        self._tell(owner, package, f"Your consent for the scheduler {package.name} lapses on "
                   f"{show_time(grant.expires_at)}. After that its runs are skipped until you "
                   "allow it again (you will be asked on your next visit).")

    def _tell(self, owner: str, package: Package, text: str, *, error: bool = False) -> Message:
        """A lasting notice in the owner's chat with cliqsim (nobody was at the keyboard)."""
        pipeline = self.pipeline
        now = pipeline.clock.now()
        chat, _ = pipeline.workspace.ensure_bot_chat("cliqsim", "cliqsim", owner, now)
        return pipeline.emit(Message(pipeline.new_id(), chat.id, SYSTEM, now, text=text,
                                     is_error=error, component=package.id))

    # --- the owner's next visit --------------------------------------------------------------

    def consent_requests(self, user_id: str) -> list[Outcome]:
        """A `consent_required` outcome for each scheduler `user_id` owns that cannot run now;
        answer each with `Runtime.decide` (allow renews the consent; the next due run then
        goes ahead)."""
        pipeline = self.pipeline
        from cliqsim.consent.gate import ConsentRequest

        found = []
        for package in self.packages():
            if self.owner(package) != user_id:
                continue
            request = pipeline.admit(package, user_id)
            if not isinstance(request, ConsentRequest):
                continue
            inputs = cliq.common(pipeline.workspace, user_id, None)
            ctx = pipeline.context(user_id, package, package.handlers["scheduler_handler"],
                                   SCHEDULED, f"let {package.name} run on its schedule", None,
                                   inputs)
            due = self.state(package).next_due
            text = f"{package.name} runs next at {show_time(_time(due))}" if due else (
                f"{package.name}'s schedule has ended")

            def resume(allowed: Allowed, how: str, text: str = text) -> Outcome:
                return Outcome("ok", notice=f"Allowed. {text}.")

            found.append(pipeline.park(ctx, request, resume))
        return found


def _why(request: ConsentRequest, when: datetime) -> str:
    """Why a scheduler could not run at `when`, in words for its owner."""
    grant = request.previous
    if request.reason == "expired" and grant is not None and grant.not_yet(when):
        return (f"your consent for it was given on {show_time(grant.granted_at)}, after this "
                "time (the clock was set back).")
    if request.reason == "expired" and grant is not None:
        return f"your consent for it expired on {show_time(grant.expires_at)}."
    if request.reason == "revoked" and grant is not None and grant.revoked_at is not None:
        return f"your consent for it was revoked on {show_time(grant.revoked_at)}."
    if request.reason == "changed":
        return "its code changed and now needs more than you allowed."
    return "you have not allowed it to run yet."


def _time(text: str | None) -> Any:
    return datetime.fromisoformat(text) if text else None
