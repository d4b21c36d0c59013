"""Grants, the ledger and extension installs, in one TinyDB file in the data directory.

Tables:
- `grants`: one document per (user, component): the fingerprint granted, the times, revocation,
  last use and use count. An org grant (an extension's install consent) has user `ORG`.
- `itemsets`: the items of each granted fingerprint, stored once (many people grant the same
  manifest), so a grant's items are `itemsets[fingerprint]`. The fingerprint is a SHA-256 of
  the item set itself (`manifest.fingerprint`), so a set is shared only with identical sets;
  storing a different set under a fingerprint already used is refused, never merged.
- `ledger`: append-only records: granted, denied, revoked, expired, blocked, used, installed,
  uninstalled.
- `installs`: one document per installed extension.
- `meta`: kind and schema version, checked on open (`cliqsim.storage`).

Every change is one atomic, locked write (`JsonStore.transaction`). Lookups on the run path use
an in-memory index by (user, component), rebuilt when another process changes the file.
"""

from __future__ import annotations

import atexit
import os
import sys
import time
import weakref
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import msgspec
from tinydb.table import Document

from cliqsim.consent.items import ConsentItem
from cliqsim.errors import CliqsimError
from cliqsim.storage import DamagedDataFile, JsonStore, paused_gc
from cliqsim.structs import replace

FILE_NAME = "consents.json"
SCHEMA_VERSION = 1
KIND = "consents"
INDEX_FIELDS = ("grant_id", "user_id", "component_id")
"""What the in-memory index of grants is built from (stored column-wise in the file, so a
start with many grants decodes none of them)."""
ORG = "@org"
"""The user id of org grants: the org admin's consent for the whole organization."""

GrantStatus = Literal["active", "expired", "revoked"]
LedgerEvent = Literal[
    "granted", "denied", "revoked", "expired", "blocked", "used", "installed", "uninstalled",
    "skipped", "reminded",  # a scheduler run skipped for want of consent; a lapse reminder
    "refused", "allowed_once",  # items the person unticked; a consent for a single run
]


def _iso(when: datetime | None) -> str | None:
    """UTC, compact: `2026-03-01T09:30:00Z`."""
    if when is None:
        return None
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _time(text: Any) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) else None


def _time_or_earliest(text: Any) -> datetime:
    """A time every record has; a missing one reads as the earliest time there is."""
    return _time(text) or datetime.min.replace(tzinfo=UTC)


class Grant(msgspec.Struct, frozen=True):
    """One person's consent to one component's manifest (or an org admin's, `user_id == ORG`).

    Valid from `granted_at` up to, not including, `expires_at`, unless revoked."""

    grant_id: str
    user_id: str
    component_id: str
    fingerprint: str
    items: tuple[ConsentItem, ...]
    granted_at: datetime
    expires_at: datetime
    component_name: str = ""
    component_type: str = ""
    extension_id: str | None = None
    granted_by: str | None = None
    revoked_at: datetime | None = None
    revoked_reason: str | None = None
    last_used_at: datetime | None = None
    use_count: int = 0
    expiry_recorded: bool = False
    refused: frozenset[str] = frozenset()  # keys of items the person unticked
    component_identity: str = ""  # the manifest's `identity`; "" in grants made before it
    keys: frozenset[str] = frozenset()  # the items' keys (made from them when not given)

    def __post_init__(self) -> None:
        if not self.keys:
            msgspec.structs.force_setattr(self, "keys", frozenset(item.key for item in self.items))

    @property
    def is_org(self) -> bool:
        return self.user_id == ORG

    @property
    def display_name(self) -> str:
        return self.component_name or self.component_id

    def status(self, now: datetime) -> GrantStatus:
        """`revoked`, `active` from `granted_at` up to `expires_at`, else `expired` (also
        before `granted_at`: a clock set back cannot stretch the 60 days, `not_yet`)."""
        if self.revoked_at is not None:
            return "revoked"
        if now >= self.expires_at or self.not_yet(now):
            return "expired"
        return "active"

    def not_yet(self, now: datetime) -> bool:
        """Whether `now` is before the grant was given (the clock was set back since, or the
        grant was given at a later `--now`): it does not cover that time."""
        return now < self.granted_at

    def to_document(self) -> dict[str, Any]:
        """The stored form; fields at their default are left out to keep the file small."""
        doc: dict[str, Any] = {
            "grant_id": self.grant_id,
            "user_id": self.user_id,
            "component_id": self.component_id,
            "component_name": self.component_name,
            "component_type": self.component_type,
            "fingerprint": self.fingerprint,
            "granted_at": _iso(self.granted_at),
            "expires_at": _iso(self.expires_at),
        }
        optional = {
            "extension_id": self.extension_id,
            "granted_by": self.granted_by if self.granted_by != self.user_id else None,
            "revoked_at": _iso(self.revoked_at),
            "revoked_reason": self.revoked_reason,
            "last_used_at": _iso(self.last_used_at),
            "use_count": self.use_count or None,
            "expiry_recorded": self.expiry_recorded or None,
            "refused": sorted(self.refused) or None,
            "component_identity": self.component_identity or None,
        }
        doc.update((key, value) for key, value in optional.items() if value is not None)
        return doc

    def to_json(self, now: datetime | None = None) -> dict[str, Any]:
        """For `cliqsim consents list --json`: the document plus the items (and status)."""
        data = self.to_document()
        data.update(
            granted_by=self.granted_by, revoked_at=_iso(self.revoked_at),
            revoked_reason=self.revoked_reason, last_used_at=_iso(self.last_used_at),
            use_count=self.use_count, extension_id=self.extension_id,
        )
        data.pop("expiry_recorded", None)
        data["items"] = [item.to_json() for item in self.items]
        if now is not None:
            data["status"] = self.status(now)
        return data


class LedgerRecord(msgspec.Struct, frozen=True):
    at: datetime
    event: LedgerEvent
    user_id: str
    component_id: str
    grant_id: str | None = None
    items: tuple[str, ...] = ()
    detail: str = ""
    fingerprint: str | None = None

    def to_document(self) -> dict[str, Any]:
        """The stored form. Records about a whole manifest (granted, denied, revoked, expired)
        name its `fingerprint` instead of repeating the item keys (the store keeps every
        granted item set); `used` records list the keys actually used."""
        doc: dict[str, Any] = {
            "at": _iso(self.at),
            "event": self.event,
            "user_id": self.user_id,
            "component_id": self.component_id,
        }
        if self.grant_id is not None:
            doc["grant_id"] = self.grant_id
        if self.fingerprint is not None:
            doc["fingerprint"] = self.fingerprint
        elif self.items:
            doc["items"] = list(self.items)
        if self.detail:
            doc["detail"] = self.detail
        return doc

    def to_json(self) -> dict[str, Any]:
        return {**self.to_document(), "items": list(self.items), "detail": self.detail}

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> LedgerRecord:
        return cls(
            at=_time_or_earliest(doc["at"]),
            event=doc["event"],
            user_id=doc.get("user_id", ""),
            component_id=doc.get("component_id", ""),
            grant_id=doc.get("grant_id"),
            items=tuple(doc.get("items") or ()),
            detail=doc.get("detail", ""),
            fingerprint=doc.get("fingerprint"),
        )


class InstallRecord(msgspec.Struct, frozen=True):
    """An installed extension: who installed it and when, under which org grant, and (kept by
    the platform) the version installed and whether its installation handler activated it."""

    extension_id: str
    installed_by: str
    installed_at: datetime
    grant_id: str | None = None
    name: str = ""
    version: str = ""
    active: bool = True

    def to_document(self) -> dict[str, Any]:
        return {
            "extension_id": self.extension_id,
            "installed_by": self.installed_by,
            "installed_at": _iso(self.installed_at),
            "grant_id": self.grant_id,
            "name": self.name,
            "version": self.version,
            "active": self.active,
        }

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> InstallRecord:
        return cls(
            extension_id=doc["extension_id"],
            installed_by=doc.get("installed_by", ""),
            installed_at=_time_or_earliest(doc.get("installed_at")),
            grant_id=doc.get("grant_id"),
            name=doc.get("name", ""),
            version=doc.get("version", ""),
            active=bool(doc.get("active", True)),
        )


Change = Callable[[Grant], "tuple[Grant, Sequence[LedgerRecord]] | None"]


def _item_set(items: Iterable[ConsentItem]) -> frozenset[tuple[object, ...]]:
    """Items as compared when stored: everything but the code locations."""
    return frozenset(
        (i.kind, i.target, i.credentials, i.connection, i.purpose, i.flagged, i.note)
        for i in items
    )


def _with_uses(grant: Grant, count: int, latest: datetime) -> Grant:
    """`grant` with `count` more uses, the latest at `latest`."""
    last = latest if grant.last_used_at is None else max(grant.last_used_at, latest)
    return replace(grant, use_count=grant.use_count + count, last_used_at=last)


def new_grant_id() -> str:
    """`g_` and 10 random hex digits, from the system's random source (what `secrets.token_hex`
    reads, without loading `secrets`: hmac, random and base64 with it)."""
    return "g_" + os.urandom(5).hex()


USES_FLUSH_SECONDS = 1.0
"""Use records wait at most this long in memory (checked at the store's next call) ..."""
USES_FLUSH_COUNT = 64
"""... or until this many are waiting; and every one is written at exit (`atexit`), before any
durable change of the same store, and before another store of the file opens in the process."""

_holding_uses: weakref.WeakSet[ConsentStore] = weakref.WeakSet()


@atexit.register
def _flush_uses_at_exit() -> None:
    for store in list(_holding_uses):
        if not store.path.parent.is_dir():
            continue  # its data directory is gone (a temporary one)
        try:
            store.flush_uses()
        except (CliqsimError, OSError) as error:
            print(f"cliqsim: use records for {store.path} were not written: {error}",
                  file=sys.stderr)


def _resolved(path: Path) -> Path | None:
    """`path` resolved, or None when it cannot be (a symbolic link to itself: opening the file
    then names the problem)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


class ConsentStore:
    """The consent data file. Safe to open from several processes at once.

    Grants, denials, revocations and every other change are durable before the call returns.
    Use records (`note_use`: a run's `used` ledger record, use count and last use) are not
    security state: they are written in groups (see `USES_FLUSH_SECONDS`), so a run does not
    wait for the disk; a process killed with SIGKILL loses at most its last second of them."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if _holding_uses:  # this process's own use records are visible to it at once
            key = _resolved(self.path)
            for other in list(_holding_uses):
                if key is not None and _resolved(other.path) == key:
                    other.flush_uses()
        self._file = JsonStore(
            self.path,
            kind=KIND,
            schema_version=SCHEMA_VERSION,
            immutable_tables=("grants", "itemsets", "ledger", "installs"),
            indexes={"grants": INDEX_FIELDS, "ledger": ()},  # the ledger's: just its ids
        )
        self._grants = self._file.table("grants")
        self._itemsets = self._file.table("itemsets")
        self._ledger = self._file.table("ledger")
        self._installs = self._file.table("installs")
        self._pairs: dict[tuple[str, str], int] = {}
        self._ids: dict[str, int] = {}
        # doc id -> (grant id, pair), built when first needed (a write), from these columns
        self._doc_keys_built: dict[int, tuple[str, tuple[str, str]]] | None = None
        self._columns: tuple[list[int], list[str], list[tuple[str, str]]] = ([], [], [])
        self._max_indexed = 0  # no doc id above this is in `_columns`
        self._doc_keys_added: dict[int, tuple[str, tuple[str, str]]] = {}  # while not built
        self._cache: dict[int, Grant] = {}
        self._items: dict[str, tuple[ConsentItem, ...]] = {}
        self._itemset_docs: dict[str, int] = {}
        # use records not written yet, and per grant id (uses, latest use) for the view
        self._uses: list[LedgerRecord] = []
        self._use_counts: dict[str, tuple[int, datetime]] = {}
        self._uses_since = 0.0
        self._file.on_reload(self._rebuild_index)
        self._rebuild_index()

    @classmethod
    def in_dir(cls, data_dir: str | Path) -> ConsentStore:
        return cls(Path(data_dir) / FILE_NAME)

    # ---- the index

    @property
    def _doc_keys(self) -> dict[int, tuple[str, tuple[str, str]]]:
        if self._doc_keys_built is None:
            numbers, grant_ids, pairs = self._columns
            self._doc_keys_built = dict(
                zip(numbers, zip(grant_ids, pairs, strict=True), strict=True)
            )
            self._doc_keys_built.update(self._doc_keys_added)
            self._columns = ([], [], [])
            self._doc_keys_added = {}
        return self._doc_keys_built

    def _note_doc_keys(self, doc_id: int, keys: tuple[str, tuple[str, str]]) -> None:
        if self._doc_keys_built is not None:
            self._doc_keys_built[doc_id] = keys
        else:
            self._doc_keys_added[doc_id] = keys

    def _pop_doc_keys(self, doc_id: int) -> tuple[str, tuple[str, str]] | None:
        """The (grant id, pair) stored at `doc_id`, forgotten; without building the whole
        map for a document added since the index was built (a new grant)."""
        if self._doc_keys_built is None:
            if doc_id in self._doc_keys_added:
                return self._doc_keys_added.pop(doc_id)
            if doc_id > self._max_indexed:
                return None
        return self._doc_keys.pop(doc_id, None)

    def _rebuild_index(self) -> None:
        with paused_gc():
            self._build_index()

    def _build_index(self) -> None:
        keys, (grant_ids, users, components) = self._file.index("grants")
        if None in grant_ids or None in users or None in components:
            for key, *fields in zip(keys, grant_ids, users, components, strict=True):
                for name, value in zip(INDEX_FIELDS, fields, strict=True):
                    if value is None:
                        raise self._damaged(f"grant {key} cannot be read (missing {name!r})")
        try:
            numbers = list(map(int, keys))
        except ValueError as error:
            raise self._damaged(f"a grant cannot be read ({error})") from None
        pairs = list(zip(users, components, strict=True))
        # built in C (zip, dict): a start with 100,000 grants spends little here
        self._pairs = dict(zip(pairs, numbers, strict=True))
        self._ids = dict(zip(grant_ids, numbers, strict=True))
        self._columns = (numbers, grant_ids, pairs)
        self._max_indexed = max(numbers, default=0)
        self._doc_keys_built = None
        self._doc_keys_added = {}
        self._cache = {}
        self._items = {}
        self._itemset_docs = {
            doc["fingerprint"]: int(doc_id)
            for doc_id, doc in self._raw_table("itemsets").items()
            if "fingerprint" in doc
        }

    def _damaged(self, problem: str) -> DamagedDataFile:
        """One unreadable document: the advice keeps every other consent in the file."""
        return DamagedDataFile(
            self.path, problem,
            f"correct that document in {self.path} by hand, or delete just it (the rest of "
            f"the file is kept), after a copy (`cp {self.path} {self.path}.damaged`); moving "
            "the whole file aside would lose every consent in it",
        )

    def _raw_table(self, name: str) -> dict[str, dict[str, Any]]:
        return self._file.raw_table(name)

    def _itemset(self, fingerprint: str) -> tuple[ConsentItem, ...]:
        items = self._items.get(fingerprint)
        if items is None:
            doc_id = self._itemset_docs.get(fingerprint)
            doc = self._raw_table("itemsets").get(str(doc_id))
            if doc is None:
                raise self._damaged(f"the items of consent fingerprint {fingerprint} are missing")
            try:
                items = tuple(ConsentItem.from_json(data) for data in doc["items"])
            except (KeyError, TypeError, ValueError) as error:
                raise self._damaged(
                    f"item set {doc_id} cannot be read ({error!r})"
                ) from None
            self._items[fingerprint] = items
        return items

    def _grant_at(self, doc_id: int) -> Grant | None:
        grant = self._cache.get(doc_id)
        if grant is None:
            doc = self._file.document("grants", str(doc_id))
            if doc is None:
                return None
            try:
                grant = self._from_document(doc)
            except (KeyError, TypeError, ValueError) as error:
                raise self._damaged(f"grant {doc_id} cannot be read ({error!r})") from None
            if grant.grant_id in self._use_counts:
                grant = _with_uses(grant, *self._use_counts[grant.grant_id])
            self._cache[doc_id] = grant
        return grant

    def _from_document(self, doc: dict[str, Any]) -> Grant:
        return Grant(
            grant_id=doc["grant_id"],
            user_id=doc["user_id"],
            component_id=doc["component_id"],
            fingerprint=doc["fingerprint"],
            items=self._itemset(doc["fingerprint"]),
            granted_at=_time_or_earliest(doc["granted_at"]),
            expires_at=_time_or_earliest(doc["expires_at"]),
            component_name=doc.get("component_name", ""),
            component_type=doc.get("component_type", ""),
            extension_id=doc.get("extension_id"),
            granted_by=doc.get("granted_by", doc["user_id"]),
            revoked_at=_time(doc.get("revoked_at")),
            revoked_reason=doc.get("revoked_reason"),
            last_used_at=_time(doc.get("last_used_at")),
            use_count=int(doc.get("use_count", 0)),
            expiry_recorded=bool(doc.get("expiry_recorded", False)),
            refused=frozenset(str(key) for key in doc.get("refused", ())),
            component_identity=str(doc.get("component_identity", "")),
        )

    # ---- reading

    def refresh(self) -> bool:
        """Pick up changes another process made (two `stat`s); True when there were some.
        Writes waiting use records when they have waited long enough."""
        if self._uses and time.monotonic() - self._uses_since >= USES_FLUSH_SECONDS:
            self.flush_uses()
        return self._file.refresh()

    def batch(self) -> AbstractContextManager[None]:
        """Many writes, one durable write of the file (`JsonStore.batch`)."""
        return self._file.batch()

    def hold_writes(self, held: bool = True) -> None:
        """A dry run: changes stay in memory, nothing is written (`JsonStore.hold_writes`);
        releasing forgets them."""
        if not held:
            self._uses.clear()
        self._file.hold_writes(held)

    def current(self, user_id: str, component_id: str) -> Grant | None:
        """The grant of `user_id` for `component_id` (active, expired or revoked), from memory."""
        doc_id = self._pairs.get((user_id, component_id))
        return self._grant_at(doc_id) if doc_id is not None else None

    def get(self, grant_id: str) -> Grant | None:
        doc_id = self._ids.get(grant_id)
        return self._grant_at(doc_id) if doc_id is not None else None

    def grants(self, user_id: str | None = None) -> list[Grant]:
        """Every grant (of one user), in the order they were first made."""
        found = []
        for doc_id in sorted(self._pairs.values()):
            grant = self._grant_at(doc_id)
            if grant is not None and (user_id is None or grant.user_id == user_id):
                found.append(grant)
        return found

    def ledger(
        self, user_id: str | None = None, component_id: str | None = None
    ) -> list[LedgerRecord]:
        self.flush_uses()
        raw = self._raw_table("ledger")
        records = []
        for number, doc in sorted(raw.items(), key=lambda pair: int(pair[0])):
            if (user_id is not None and doc.get("user_id") != user_id) or (
                component_id is not None and doc.get("component_id") != component_id
            ):
                continue
            try:
                record = LedgerRecord.from_document(doc)
            except (KeyError, TypeError, ValueError) as error:
                raise self._damaged(f"ledger record {number} cannot be read ({error!r})") from None
            if record.fingerprint is not None and not record.items:
                keys = tuple(sorted(item.key for item in self._itemset(record.fingerprint)))
                record = replace(record, items=keys)
            records.append(record)
        return records

    def install(self, extension_id: str) -> InstallRecord | None:
        for doc in self._raw_table("installs").values():
            if doc.get("extension_id") == extension_id:
                return InstallRecord.from_document(doc)
        return None

    def installs(self) -> list[InstallRecord]:
        return [InstallRecord.from_document(doc) for doc in self._raw_table("installs").values()]

    # ---- use records: grouped

    def note_use(
        self, grant: Grant, used: Iterable[str], now: datetime, detail: str = ""
    ) -> Grant:
        """A run under `grant` finished at `now` using the item keys `used`: count the use,
        note the last use and add a `used` ledger record — in memory now (the returned grant
        and every read show it), on disk with the next group (`flush_uses`). A grant that no
        longer exists when the group is written is skipped, as is a replaced one."""
        self._uses.append(LedgerRecord(
            now, "used", grant.user_id, grant.component_id, grant.grant_id,
            tuple(sorted(set(used))), detail,
        ))
        if len(self._uses) == 1:
            self._uses_since = time.monotonic()
            _holding_uses.add(self)
        count, latest = self._use_counts.get(grant.grant_id, (0, now))
        self._use_counts[grant.grant_id] = (count + 1, max(latest, now))
        updated = grant
        doc_id = self._ids.get(grant.grant_id)
        if doc_id is not None:
            stored = self._cache.get(doc_id)
            if stored is not None:
                self._cache[doc_id] = updated = _with_uses(stored, 1, now)
            else:
                updated = self._grant_at(doc_id) or grant
        if (len(self._uses) >= USES_FLUSH_COUNT
                or time.monotonic() - self._uses_since >= USES_FLUSH_SECONDS):
            self.flush_uses()
        return updated

    def flush_uses(self) -> None:
        """Write the use records waiting in memory (one durable write)."""
        if self._uses:
            self.save()

    # ---- writing: each call is one atomic, locked write

    def save(
        self,
        grants: Sequence[Grant] = (),
        ledger: Sequence[LedgerRecord] = (),
        remove_grants: Iterable[str] = (),
        install: InstallRecord | None = None,
        remove_install: str | None = None,
        itemsets: Sequence[tuple[str, Sequence[ConsentItem]]] = (),
        changes: Sequence[tuple[str, Change]] = (),
        remove_where: Callable[[Grant], bool] | None = None,
    ) -> list[Grant]:
        """Store `grants` (replacing the grant of the same user and component), append `ledger`
        records, remove grants by id, add or remove an install record, and keep the item sets
        `(fingerprint, items)` ledger records refer to — all in one write.

        `changes` are `(grant_id, change)`: under the lock, after picking up what other
        processes wrote, `change(current_grant)` returns the updated grant and the ledger
        records that go with it, or None to leave it (a grant that no longer exists is skipped).
        `remove_where(grant)` picks more grants to remove, looked at under the lock.
        Returns the grants the changes updated (or, with `remove_where`, the grants removed)."""
        stored: list[tuple[Grant, int]] = []
        removed: list[str] = []
        changed: list[Grant] = []
        uses, use_counts = self._uses, self._use_counts
        self._uses, self._use_counts = [], {}  # written with this change
        _holding_uses.discard(self)
        for grant_id in use_counts:  # the view counted them: read those grants as stored
            doc_id = self._ids.get(grant_id)
            if doc_id is not None:
                self._cache.pop(doc_id, None)
        try:
            with self._file.transaction():
                for grant_id, (count, latest) in use_counts.items():
                    current = self.get(grant_id)
                    if current is not None:  # same id and pair: the index stays as it is
                        updated = _with_uses(current, count, latest)
                        self._cache[self._store_grant(updated)] = updated  # for `changes`
                ledger = [*uses, *ledger]
                if remove_where is not None:
                    doomed = [g for g in self.grants() if remove_where(g)]
                    changed.extend(doomed)
                    remove_grants = [*remove_grants, *(g.grant_id for g in doomed)]
                for grant_id, change in changes:
                    current = self.get(grant_id)
                    outcome = change(current) if current is not None else None
                    if outcome is not None:
                        updated, records = outcome
                        stored.append((updated, self._store_grant(updated)))
                        changed.append(updated)
                        ledger = [*ledger, *records]
                for grant_id in remove_grants:
                    doc_id = self._ids.get(grant_id)
                    if doc_id is not None:
                        self._grants.remove(doc_ids=[doc_id])
                        removed.append(grant_id)
                for fingerprint, items in itemsets:
                    self._store_itemset(fingerprint, tuple(items))
                for grant in grants:
                    stored.append((grant, self._store_grant(grant)))
                if ledger:
                    self._ledger.insert_multiple(record.to_document() for record in ledger)
                if remove_install is not None:
                    self._remove_install(remove_install)
                if install is not None:
                    self._remove_install(install.extension_id)
                    self._installs.insert(install.to_document())
        except BaseException:
            self._uses, self._use_counts = uses + self._uses, use_counts  # still to write
            if uses:
                _holding_uses.add(self)
            self._rebuild_index()  # memory went back to what the file holds
            raise
        for grant_id in use_counts:  # read again from what was stored
            doc_id = self._ids.get(grant_id)
            if doc_id is not None:
                self._cache.pop(doc_id, None)
        for grant_id in removed:
            self._forget_doc(self._ids[grant_id])
        for grant, doc_id in stored:
            self._forget_doc(doc_id)
            pair = (grant.user_id, grant.component_id)
            self._pairs[pair] = doc_id
            self._ids[grant.grant_id] = doc_id
            self._note_doc_keys(doc_id, (grant.grant_id, pair))
            self._cache[doc_id] = grant
        return changed

    def _forget_doc(self, doc_id: int) -> None:
        keys = self._pop_doc_keys(doc_id)
        self._cache.pop(doc_id, None)
        if keys is not None:
            grant_id, pair = keys
            if self._ids.get(grant_id) == doc_id:
                del self._ids[grant_id]
            if self._pairs.get(pair) == doc_id:
                del self._pairs[pair]

    def append_ledger(self, records: Sequence[LedgerRecord]) -> None:
        self.save(ledger=records)

    def _store_itemset(self, fingerprint: str, items: tuple[ConsentItem, ...]) -> None:
        """Keep `items` under `fingerprint` (a digest of the items themselves, so the same set
        is stored once). An item set already stored under the fingerprint must be the same
        set: a different one is never used in its place (no first writer wins)."""
        if fingerprint in self._itemset_docs:
            stored = self._itemset(fingerprint)
            if _item_set(stored) != _item_set(items):
                raise self._damaged(
                    f"the item set stored under consent fingerprint {fingerprint} differs from "
                    "the items being stored under it"
                )
        else:
            doc = {"fingerprint": fingerprint, "items": [item.to_json() for item in items]}
            self._itemset_docs[fingerprint] = self._itemsets.insert(doc)
        self._items[fingerprint] = items

    def _store_grant(self, grant: Grant) -> int:
        self._store_itemset(grant.fingerprint, grant.items)
        doc = grant.to_document()
        doc_id = self._ids.get(grant.grant_id) or self._pairs.get(
            (grant.user_id, grant.component_id)
        )
        if doc_id is not None and str(doc_id) in self._file.doc_ids("grants"):
            # replaced by a new document, never changed in place (the table is immutable_tables)
            self._grants.remove(doc_ids=[doc_id])
            self._grants.insert(Document(doc, doc_id=doc_id))
            return doc_id
        return self._grants.insert(doc)

    def _remove_install(self, extension_id: str) -> None:
        ids = [
            int(doc_id)
            for doc_id, doc in self._raw_table("installs").items()
            if doc.get("extension_id") == extension_id
        ]
        if ids:
            self._installs.remove(doc_ids=ids)

