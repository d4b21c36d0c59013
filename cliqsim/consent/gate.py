"""The gate: may this person run this component now, or must they be asked, and why?

A component runs only under an active grant (not revoked, `now < expires_at`) that covers every
item its code needs. Otherwise `check` returns a `ConsentRequest` saying why: first run, expired
on <date>, revoked on <date>, or the code now needs more (with the diff).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Literal

import msgspec

from cliqsim.clock import Clock
from cliqsim.consent.items import ConsentItem
from cliqsim.consent.manifest import ConsentManifest, ManifestDiff
from cliqsim.consent.store import ORG, ConsentStore, Grant, LedgerRecord, new_grant_id
from cliqsim.errors import CliqsimError, UsageError
from cliqsim.structs import replace

DEFAULT_VALIDITY = timedelta(days=60)
VALIDITY_ENV = "CLIQSIM_CONSENT_DAYS"


def configured_validity() -> timedelta:
    """How long a consent lasts: `$CLIQSIM_CONSENT_DAYS` days (decimals allowed), else 60."""
    text = os.environ.get(VALIDITY_ENV, "").strip()
    if not text:
        return DEFAULT_VALIDITY
    try:
        days = float(text)
    except ValueError:
        days = -1.0
    if not 0 < days <= 36_500:
        raise UsageError(
            f"{VALIDITY_ENV}={text!r} is not a number of days: give a positive number such as "
            "60, or 0.5 for twelve hours (or unset it for Cliq's 60 days)"
        )
    return timedelta(days=days)

Reason = Literal["first_run", "expired", "revoked", "changed"]


def show_time(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC")


class Allowed(msgspec.Struct, frozen=True):
    """The component may run. `grant` is None when it touches nothing that needs consent (or
    for a run allowed once). `covered` are the keys the run may use: the grant's items that the
    code still needs, less `refused`, the keys the person unticked (their objects reach the
    script as null; their tasks and calls are blocked)."""

    grant: Grant | None
    manifest: ConsentManifest
    covered: frozenset[str]
    note: str = ""
    refused: frozenset[str] = frozenset()


class ConsentRequest(msgspec.Struct, frozen=True):
    """Ask the person. `reason_text` is the sentence to show; `diff` is set when the code
    changed; `valid_until` is when a consent given now would lapse."""

    reason: Reason
    reason_text: str
    manifest: ConsentManifest
    diff: ManifestDiff | None
    valid_until: datetime
    previous: Grant | None = None

    @property
    def items(self) -> tuple[ConsentItem, ...]:
        return self.manifest.items


class Denial(msgspec.Struct, frozen=True):
    """The person said no: nothing is stored but the ledger record; the component did not run."""

    manifest: ConsentManifest
    message: str


class ConsentNotFound(CliqsimError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "No such consent")


class Gate:
    """Decides, grants, denies, revokes and records uses, on one `ConsentStore`.

    `validity` is how long a grant lasts (default: `configured_validity()`, 60 days as in
    Cliq unless `$CLIQSIM_CONSENT_DAYS` says otherwise). With `watch_file`, every check
    first picks up changes other processes made (say, `cliqsim consents revoke` while the TUI
    runs) at the cost of one `stat`."""

    def __init__(
        self,
        store: ConsentStore,
        clock: Clock,
        validity: timedelta | None = None,
        *,
        watch_file: bool = True,
    ) -> None:
        self.store = store
        self.clock = clock
        self.validity = validity if validity is not None else configured_validity()
        self.watch_file = watch_file

    def resolve_now(self, now: datetime | None) -> datetime:
        return now if now is not None else self.clock.now()

    # ---- deciding

    def check(
        self, user_id: str, manifest: ConsentManifest, now: datetime | None = None
    ) -> Allowed | ConsentRequest:
        now = self.resolve_now(now)
        if self.watch_file:
            self.store.refresh()
        grant = self.store.current(user_id, manifest.component_id)
        if not manifest.items:
            return Allowed(grant, manifest, frozenset())
        name = manifest.display_name
        valid_until = now + self.validity
        if grant is not None and grant.component_identity != manifest.identity:
            # a different component under the same id (another folder, type or extension):
            # it never inherits the grant
            grant = None
        if grant is None:
            first = (
                f"Installing {name} gives it what is listed below for the whole organization. "
                "As the org admin, allow it?"
                if user_id == ORG
                else f"{name} has not run for you before. Allow it to use what is listed below?"
            )
            return ConsentRequest("first_run", first, manifest, None, valid_until)
        if grant.revoked_at is not None:
            why = f" ({grant.revoked_reason})" if grant.revoked_reason else ""
            return ConsentRequest(
                "revoked",
                f"Your consent for {name} was revoked on {show_time(grant.revoked_at)}{why}. "
                "Allow it again?",
                manifest, None, valid_until, grant,
            )
        if grant.not_yet(now):  # a 60-day window starts when it was given, never before
            return ConsentRequest(
                "expired",
                f"Your consent for {name} was given on {show_time(grant.granted_at)}, which is "
                f"later than now ({show_time(now)}): the clock was set back since, so it does "
                "not cover this time. Allow it again?",
                manifest, None, valid_until, grant,
            )
        if now >= grant.expires_at:
            self._record_expiry(grant)
            return ConsentRequest(
                "expired",
                f"Your consent for {name} expired on {show_time(grant.expires_at)}, "
                f"{_days(grant)} after you gave it. Allow it again?",
                manifest, None, valid_until, grant,
            )
        # Item sets are compared as sets of (injective) item keys, never by fingerprint: the
        # run may use exactly the granted items the code still needs.
        needed = manifest.keys
        refused = grant.refused & needed if grant.refused else grant.refused
        if grant.keys == needed:  # the usual run: same items as granted, no diff to build
            return Allowed(grant, manifest, needed - refused if refused else needed,
                           refused=refused)
        diff = manifest.diff_from(grant.items)
        if diff.added:
            return ConsentRequest(
                "changed",
                f"The code of {name} changed and now needs more than you allowed "
                f"({_count(diff.added, 'new item')}). Allow the new version?",
                manifest, diff, valid_until, grant,
            )
        return Allowed(
            grant, manifest, (grant.keys & manifest.keys) - refused,
            note=f"the code no longer uses {_count(diff.removed, 'granted item')}",
            refused=refused,
        )

    def state(self, user_id: str, manifest: ConsentManifest, now: datetime | None = None) -> str:
        """`allowed`, `ask`, `expired`, `revoked`, `changed` or `none` (needs no consent),
        without writing anything."""
        now = self.resolve_now(now)
        if not manifest.items:
            return "none"
        grant = self.store.current(user_id, manifest.component_id)
        if grant is None or grant.component_identity != manifest.identity:
            return "ask"
        status = grant.status(now)
        if status != "active":
            return status
        if grant.keys >= manifest.keys:
            return "allowed"
        return "changed"

    # ---- answers

    def grant(
        self,
        user_id: str,
        manifest: ConsentManifest,
        now: datetime | None = None,
        *,
        granted_by: str | None = None,
        refused: Iterable[str] = (),
    ) -> Grant:
        """Store the person's consent to `manifest`, valid for `validity` from now. Replaces any
        earlier grant for the same component. `refused`: keys of items the person unticked;
        the grant records them (so the gate does not ask again) and never covers them, and a
        `refused` ledger record lists them."""
        now = self.resolve_now(now)
        unticked = frozenset(refused) & manifest.keys
        grant = Grant(
            grant_id=new_grant_id(),
            user_id=user_id,
            component_id=manifest.component_id,
            fingerprint=manifest.fingerprint,
            items=tuple(item.without_locations() for item in manifest.items),
            granted_at=now,
            expires_at=now + self.validity,
            component_name=manifest.name,
            component_type=manifest.component_type,
            extension_id=manifest.extension_id,
            granted_by=granted_by or user_id,
            refused=unticked,
            component_identity=manifest.identity,
        )
        previous = self.store.current(user_id, manifest.component_id)
        detail = "first consent"
        if previous is not None:
            detail = f"replaces {previous.grant_id} ({previous.status(now)})"
        ledger = [
            LedgerRecord(
                now, "granted", user_id, manifest.component_id, grant.grant_id,
                tuple(sorted(grant.keys)), detail, grant.fingerprint,
            )
        ]
        if unticked:
            ledger.append(self._refused_record(now, user_id, manifest, unticked, grant.grant_id))
        self.store.save(grants=[grant], ledger=ledger)
        return grant

    def allow_once(
        self, user_id: str, manifest: ConsentManifest, now: datetime | None = None, *,
        refused: Iterable[str] = (),
    ) -> Allowed:
        """The person allows a single run: nothing is granted (the next run asks again); the
        ledger records `allowed_once` with the items allowed (and what was unticked)."""
        now = self.resolve_now(now)
        unticked = frozenset(refused) & manifest.keys
        allowed = manifest.keys - unticked
        ledger = [
            LedgerRecord(now, "allowed_once", user_id, manifest.component_id, None,
                         tuple(sorted(allowed)), "for a single run")
        ]
        if unticked:
            ledger.append(self._refused_record(now, user_id, manifest, unticked, None))
        self.store.save(ledger=ledger)
        return Allowed(None, manifest, allowed, note="allowed once", refused=unticked)

    @staticmethod
    def _refused_record(now: datetime, user_id: str, manifest: ConsentManifest,
                        refused: frozenset[str], grant_id: str | None) -> LedgerRecord:
        targets = ", ".join(item.target for item in manifest.items if item.key in refused)
        return LedgerRecord(now, "refused", user_id, manifest.component_id, grant_id,
                            tuple(sorted(refused)), f"unticked: {targets}")

    def deny(
        self, user_id: str, manifest: ConsentManifest, now: datetime | None = None
    ) -> Denial:
        """Record that the person said no. No grant is stored; the component does not run."""
        now = self.resolve_now(now)
        self.store.save(
            ledger=[
                LedgerRecord(
                    now, "denied", user_id, manifest.component_id, None,
                    tuple(sorted(manifest.keys)), fingerprint=manifest.fingerprint,
                )
            ],
            itemsets=[
                (manifest.fingerprint, [item.without_locations() for item in manifest.items])
            ],
        )
        return Denial(
            manifest,
            f"You did not allow {manifest.display_name}, so it did not run. "
            "It will ask again next time.",
        )

    def revoke(
        self,
        grant_id: str | None = None,
        *,
        component_id: str | None = None,
        user_id: str | None = None,
        everything: bool = False,
        reason: str = "revoked by the user",
        now: datetime | None = None,
    ) -> list[Grant]:
        """Revoke one grant by id, every grant for a component, or everything — of one user when
        `user_id` is given. Returns the grants revoked now (already revoked ones are skipped).
        An unknown grant id or a component with no grant raises `ConsentNotFound`."""
        now = self.resolve_now(now)
        self.store.refresh()
        if grant_id is not None:
            grant = self.store.get(grant_id)
            if grant is None or (user_id is not None and grant.user_id != user_id):
                raise ConsentNotFound(
                    f"there is no consent with id {grant_id!r}; "
                    "`cliqsim consents list --all` shows the ids"
                )
            chosen = [grant]
        elif component_id is not None or everything:
            chosen = [
                grant
                for grant in self.store.grants(user_id)
                if everything or grant.component_id == component_id
                or grant.component_name == component_id
            ]
            if not chosen and component_id is not None:
                whose = f" for user {user_id}" if user_id else ""
                raise ConsentNotFound(
                    f"no consent for a component named {component_id!r}{whose}; "
                    "`cliqsim consents list --all` shows them"
                )
        else:
            raise ValueError("revoke needs a grant id, a component or everything=True")
        def revoke_one(current: Grant) -> tuple[Grant, list[LedgerRecord]] | None:
            if current.revoked_at is not None:
                return None
            return (
                replace(current, revoked_at=now, revoked_reason=reason),
                [
                    LedgerRecord(
                        now, "revoked", current.user_id, current.component_id,
                        current.grant_id, tuple(sorted(current.keys)), reason,
                        current.fingerprint,
                    )
                ],
            )

        return self.store.save(changes=[(grant.grant_id, revoke_one) for grant in chosen])

    def record_use(
        self, grant: Grant, used: Iterable[str], now: datetime | None = None, detail: str = ""
    ) -> Grant:
        """A run under `grant` finished: bump its use count and last use, and add a `used`
        ledger record with the items the run actually used; `detail` names the handler and the
        lines (`execution_handler in nearby/execution.dg: GET maps.googleapis.com at line
        21`). Written in groups, not before this returns (`ConsentStore.note_use`): use records
        are not security state."""
        return self.store.note_use(grant, used, self.resolve_now(now), detail)

    def record_blocked(
        self, grant: Grant | None, user_id: str, component_id: str, effect: str,
        now: datetime | None = None,
    ) -> None:
        """The guard stopped a run: `effect` says what and where."""
        now = self.resolve_now(now)
        self.store.append_ledger(
            [
                LedgerRecord(
                    now, "blocked", user_id, component_id,
                    grant.grant_id if grant else None, (), effect,
                )
            ]
        )

    def _record_expiry(self, grant: Grant) -> None:
        if grant.expiry_recorded:
            return

        def mark(current: Grant) -> tuple[Grant, list[LedgerRecord]] | None:
            if current.expiry_recorded or current.revoked_at is not None:
                return None
            return (
                replace(current, expiry_recorded=True),
                [
                    LedgerRecord(
                        current.expires_at, "expired", current.user_id, current.component_id,
                        current.grant_id, tuple(sorted(current.keys)),
                        f"{_days(current)} after it was given", current.fingerprint,
                    )
                ],
            )

        self.store.save(changes=[(grant.grant_id, mark)])


def _days(grant: Grant) -> str:
    """How long the grant lasted: `60 days`, or `12 hours` for a validity shorter than a day."""
    length = grant.expires_at - grant.granted_at
    if length >= timedelta(days=1):
        days = length.days
        return f"{days} day{'' if days == 1 else 's'}"
    hours = max(1, round(length.total_seconds() / 3600))
    return f"{hours} hour{'' if hours == 1 else 's'}"


def _count(items: tuple[ConsentItem, ...], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"
