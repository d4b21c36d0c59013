"""Durable JSON files for TinyDB, shared by several cliqsim processes at once.

One data file holds named tables (TinyDB's layout) plus a `meta` table recording what kind of
file it is and its schema version. Every change goes through `JsonStore.transaction()`:

    store = JsonStore(data_dir / "consents.json", kind="consents", schema_version=1)
    with store.transaction() as db:          # takes the cross-process lock, reloads if needed
        db.table("grants").insert({...})     # any number of TinyDB operations ...
    # ... land on disk together, in one atomic write, when the block ends without an exception

Reads outside a transaction are served from memory; `store.refresh()` (one `stat` call) reloads
the file when another process has replaced it since.

The guarantees:
- atomic: the file is written to a temporary file in the same directory, flushed and fsynced,
  then renamed over the old one (and the directory fsynced), so a crash at any instant leaves
  either the old or the new file, never a mix;
- serialized: a `filelock.FileLock` on `<file>.lock` orders writers across processes, and a
  transaction re-reads the file first if someone else changed it, so no process loses another's
  writes;
- never overwrites what it cannot read: an unreadable, truncated or foreign file raises
  `DamagedDataFile` naming the file, what is wrong and how to recover, and is left untouched.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage
from tinydb.table import Table

from cliqsim.errors import CliqsimError

META_TABLE = "meta"
LOCK_TIMEOUT_SECONDS = 15.0

Tables = dict[str, dict[str, Any]]
Migration = Callable[[Tables, int], Tables]


class DamagedDataFile(CliqsimError):
    """A data file cliqsim cannot use. It is never overwritten; `path` names it."""

    def __init__(self, path: Path, problem: str, recovery: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.recovery = recovery or (
            f"move it aside (for example `mv {path} {path}.damaged`) and cliqsim will start a "
            "new one; nothing was written to it"
        )
        super().__init__(f"{path}: {problem}. To recover, {self.recovery}.", "Damaged data file")


class StoreBusy(CliqsimError):
    """Another process held the lock for too long."""

    def __init__(self, lock_path: Path, seconds: float) -> None:
        super().__init__(
            f"another cliqsim process has held {lock_path} for more than {seconds:g} seconds. "
            f"Wait for it to finish; if no cliqsim is running, delete {lock_path}.",
            "Data file busy",
        )


def _describe_json_error(error: json.JSONDecodeError) -> str:
    return f"not valid JSON at line {error.lineno}, column {error.colno} ({error.msg})"


def _file_signature(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is replaced or rewritten; None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def read_tables(path: Path) -> Tables | None:
    """The tables stored in `path`, or None when it does not exist. Raises `DamagedDataFile`."""
    found = _read_text_and_tables(path)
    return found[1] if found is not None else None


def _read_text_and_tables(path: Path) -> tuple[str, Tables] | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise DamagedDataFile(
            path, "is a directory, not a data file", "remove or rename it"
        ) from None
    except OSError as error:
        raise DamagedDataFile(
            path,
            f"cannot be read ({error.strerror or error})",
            "check that it and its directory are readable by you, or choose another --data DIR",
        ) from None
    if not raw.strip():
        raise DamagedDataFile(path, "is empty (it was truncated)")
    try:
        text = raw.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise DamagedDataFile(path, "is not UTF-8 text (it holds binary data)") from None
    except json.JSONDecodeError as error:
        raise DamagedDataFile(path, _describe_json_error(error)) from None
    if not isinstance(data, dict):
        raise DamagedDataFile(path, f"holds a JSON {type(data).__name__}, not a table map")
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise DamagedDataFile(path, f"table {name!r} is not a map of documents")
    return text, data


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def _document_text(key: str, document: Any) -> str:
    """One document of an immutable table as the file holds it: `"<id>":{...}` on its line."""
    return f"{_dumps(key)}:{_dumps(document)}"


def write_atomically(path: Path, data: Mapping[str, Any]) -> None:
    """Write `data` as JSON to `path` so that readers see the old file or the new one, whole."""
    write_text_atomically(path, _dumps(data))


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, whole."""
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _documents_as_written(
    text: str, tables: Tables, immutable: frozenset[str]
) -> dict[str, dict[str, tuple[object, str]]]:
    """The text of each document of the `immutable` tables, taken from a file in the layout
    `AtomicJSONStorage._encode` writes (one document per line, in table order), keyed like
    `_encoded`. A table in any other layout (written by hand, by an older cliqsim) gives
    nothing: its documents are then encoded on the next write, which is only slower."""
    found: dict[str, dict[str, tuple[object, str]]] = {}
    for name in immutable:
        table = tables.get(name)
        if not table:
            continue
        head = f"\n{_dumps(name)}:{{\n"
        start = text.find(head)
        if start == -1:
            head = "\n," + head[1:]
            start = text.find(head)
        if start == -1:
            continue
        start += len(head)
        end = text.find("\n}", start)
        pieces = text[start:end].split("\n,") if end != -1 else []
        if len(pieces) != len(table) or not all(
            piece.startswith(f'"{key}":{{') and piece.endswith("}")
            for key, piece in zip(table, pieces, strict=True)
        ):
            continue
        found[name] = dict(zip(table, zip(table.values(), pieces, strict=True), strict=True))
    return found


class AtomicJSONStorage(Storage):
    """A TinyDB storage that keeps the tables in memory and writes them atomically.

    `read()` returns the in-memory tables, loading the file on first use. `write()` is only
    allowed inside `JsonStore.transaction()`, which defers it to one atomic write at the end.

    Documents of the `immutable_tables` are never changed in place — only inserted, replaced by
    a new document, or removed — so the JSON text of each is kept and reused: a write encodes
    only the documents that are new since the last one.
    """

    def __init__(
        self, path: str | os.PathLike[str], immutable_tables: Iterable[str] = ()
    ) -> None:
        self.path = Path(path)
        self._immutable = frozenset(immutable_tables)
        self._encoded: dict[str, dict[str, tuple[object, str]]] = {}
        self._table_text: dict[str, tuple[object, str]] = {}
        # keys `append` added in place to an immutable table since its last encoding
        self._appended: dict[str, list[str]] = {}
        self._as_loaded: tuple[str, Tables] | None = None
        self._tables: Tables | None = None
        self._signature: tuple[int, int, int] | None = None
        self._loaded = False
        self._in_transaction = False
        self._dirty = False
        self._deferred = False  # inside JsonStore.batch(): commits wait for flush()

    # ---- TinyDB's interface

    def read(self) -> Tables | None:
        if not self._loaded:
            self.load()
        return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.require_transaction()
        self._tables = data
        self._dirty = True

    def require_transaction(self) -> None:
        if not self._in_transaction:
            raise RuntimeError(
                f"write to {self.path} outside JsonStore.transaction(): changes must be made "
                "under the file lock"
            )

    def append(self, name: str, documents: Mapping[str, dict[str, Any]]) -> None:
        """Add `documents` (by key) at the end of table `name`, in place: no copy of the table,
        and the next write of an immutable table encodes just these documents (unless the
        table was also replaced meanwhile, which `_encode` notices)."""
        self.require_transaction()
        tables = self.read()
        if tables is None:
            tables = {}
        table = tables.get(name)
        if table is None:
            table = tables[name] = {}
        table.update(documents)
        if name in self._immutable:
            self._appended.setdefault(name, []).extend(documents)
        self.write(tables)

    def close(self) -> None:
        pass

    # ---- used by JsonStore

    def load(self) -> None:
        signature = _file_signature(self.path)
        found = _read_text_and_tables(self.path)
        self._tables = found[1] if found is not None else None
        self._encoded = {}
        self._table_text = {}
        self._appended = {}
        # the file's own text of each document is picked up at the first write, not now (from
        # copies of the tables as loaded: `append` may add to the tables before that)
        self._as_loaded = (
            (found[0], {name: dict(found[1][name]) for name in self._immutable & found[1].keys()})
            if found and self._immutable
            else None
        )
        self._signature = signature
        self._loaded = True

    def changed_on_disk(self) -> bool:
        return not self._loaded or _file_signature(self.path) != self._signature

    def begin(self) -> None:
        self._in_transaction = True
        if not self._deferred:
            self._dirty = False

    def defer(self, deferred: bool) -> None:
        """While deferred, `commit` keeps changes in memory; `flush` writes them at once."""
        self._deferred = deferred

    def commit(self) -> bool:
        """Write the tables if anything changed; True when a write happened."""
        self._in_transaction = False
        if self._deferred:
            return False
        return self.flush()

    def flush(self) -> bool:
        """Write the tables if anything changed since the last write."""
        if not self._dirty:
            return False
        self._dirty = False
        assert self._tables is not None
        try:
            write_text_atomically(self.path, self._encode(self._tables))
        except BaseException:
            self._loaded = False  # memory may now differ from disk: reload on next use
            raise
        self._signature = _file_signature(self.path)
        return True

    def _encode(self, tables: Tables) -> str:
        """The file text: one line per table, except `immutable_tables`, which get one line per
        document (so the next load can reuse each document's text, see
        `_documents_as_written`)."""
        if self._as_loaded is not None:
            self._encoded = _documents_as_written(*self._as_loaded, self._immutable)
            self._as_loaded = None
        parts = []
        for name, table in tables.items():
            if name not in self._immutable:
                parts.append(f"{_dumps(name)}:{_dumps(table)}")
                continue
            last_table, last_text = self._table_text.get(name, (None, ""))
            appended = self._appended.pop(name, None)
            if last_table is table and (not appended or self._encoded.get(name)):
                # the same table object: unchanged, or only `append`ed to (after documents)
                if appended:
                    last_text = self._encode_appended(name, table, last_text, appended)
                parts.append(last_text)
                continue
            known = self._encoded.get(name, {})
            encoded: dict[str, tuple[object, str]] = {}
            pieces = []
            for key, doc in table.items():
                hit = known.get(key)
                if hit is not None and hit[0] is doc:
                    piece = hit[1]
                else:
                    piece = _document_text(key, doc)
                encoded[key] = (doc, piece)
                pieces.append(piece)
            self._encoded[name] = encoded
            body = "\n,".join(pieces)
            text = f"{_dumps(name)}:{{\n{body}\n}}" if pieces else f"{_dumps(name)}:{{}}"
            self._table_text[name] = (table, text)
            parts.append(text)
        return "{\n" + "\n,".join(parts) + "\n}\n"

    def _encode_appended(
        self, name: str, table: dict[str, Any], last_text: str, appended: list[str]
    ) -> str:
        """The text of table `name` whose last encoding was `last_text`, after `appended` keys
        were added at its end."""
        encoded = self._encoded[name]
        pieces = []
        for key in appended:
            doc = table[key]
            piece = _document_text(key, doc)
            encoded[key] = (doc, piece)
            pieces.append(piece)
        added = "\n,".join(pieces)
        text = f"{last_text[:-2]}\n,{added}\n}}"  # last_text ends with the table's "\n}"
        self._table_text[name] = (table, text)
        return text

    def abandon(self) -> None:
        """Forget uncommitted changes: the next read reloads the file."""
        self._in_transaction = False
        if self._dirty:
            self._loaded = False
        self._dirty = False


class _Table(Table):
    def forget(self) -> None:
        """Drop what this table remembers of the file (query cache, next document id)."""
        self.clear_cache()
        self._next_id = None

    def insert(self, document: Mapping[str, Any]) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        """TinyDB's insert (same ids, same errors) without rebuilding or copying the whole
        table per call, which made appending to a long ledger or message table slow: the new
        documents are added to the stored table in place (`AtomicJSONStorage.append`)."""
        storage = self._storage
        assert isinstance(storage, AtomicJSONStorage)
        storage.require_transaction()
        table = (storage.read() or {}).get(self.name) or {}
        doc_ids = []
        added: dict[str, dict[str, Any]] = {}
        for document in documents:
            if not isinstance(document, Mapping):
                raise ValueError("Document is not a Mapping")
            if isinstance(document, self.document_class):
                doc_id = document.doc_id
                self._next_id = None
            else:
                doc_id = self._get_next_id()
            key = str(doc_id)
            if key in table or key in added:
                raise ValueError(f"Document with ID {doc_id} already exists")
            added[key] = dict(document)
            doc_ids.append(doc_id)
        storage.append(self.name, added)  # nothing is changed before every document passed
        self.clear_cache()
        return doc_ids

    def update(
        self,
        fields: Mapping[str, Any] | Callable[[MutableMapping[str, Any]], None],
        cond: QueryLike | None = None,
        doc_ids: Iterable[int] | None = None,
    ) -> list[int]:
        """TinyDB's update (same selection, same result) that puts a changed copy of each
        matching document in its place, at the same id and position, instead of changing the
        stored document in place: the storage then sees which documents changed (they are new
        objects), which keeps its reuse of encoded documents correct and makes an update of an
        `immutable_tables` table cost only the documents it changes."""
        table = self._stored_copy()
        if doc_ids is not None:
            keys = [key for key in (str(doc_id) for doc_id in doc_ids) if key in table]
        elif cond is not None:
            keys = [key for key, document in table.items() if cond(document)]
        else:
            keys = list(table)
        for key in keys:
            table[key] = _changed(table[key], fields)
        self._store(table)
        return [self.document_id_class(key) for key in keys]

    def update_multiple(self, updates: Iterable[tuple[Any, QueryLike]]) -> list[int]:
        """TinyDB's update_multiple, with changed copies in place of changed documents."""
        updates = list(updates)
        table = self._stored_copy()
        updated: list[int] = []
        for key in list(table):
            for fields, cond in updates:
                if cond(table[key]):
                    updated.append(self.document_id_class(key))
                    table[key] = _changed(table[key], fields)
        self._store(table)
        return updated

    def _stored_copy(self) -> dict[str, Any]:
        """A new dict of this table's stored documents (the documents themselves shared)."""
        tables = self._storage.read()
        return dict((tables or {}).get(self.name) or {})

    def _store(self, table: dict[str, Any]) -> None:
        tables = self._storage.read()
        if tables is None:
            tables = {}
        tables[self.name] = table
        self._storage.write(tables)
        self.clear_cache()


def _changed(
    document: Mapping[str, Any],
    fields: Mapping[str, Any] | Callable[[MutableMapping[str, Any]], None],
) -> dict[str, Any]:
    changed = dict(document)
    if callable(fields):
        fields(changed)
    else:
        changed.update(fields)
    return changed


class _TinyDB(TinyDB):
    table_class = _Table


class JsonStore:
    """One TinyDB data file of a given `kind`, with a cross-process lock and atomic writes.

    Opening reads the file (creating it with its meta record when missing) and checks its kind
    and schema version: a newer version, another kind, or damage raise `DamagedDataFile`. An
    older version is passed through `migrate(tables, from_version)` when one is given.

    `immutable_tables` name tables whose documents the owner never changes in place (it inserts,
    removes, updates through the table, which puts a changed copy in the document's place, or
    replaces a document by removing it and inserting a new one — but never mutates a document
    it read): their encoded JSON is reused between writes, so a write costs little more than
    the changed documents, and an insert-only write does not look at the others at all.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        kind: str,
        schema_version: int,
        migrate: Migration | None = None,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
        immutable_tables: Iterable[str] = (),
    ) -> None:
        self.path = Path(path)
        self.kind = kind
        self.schema_version = schema_version
        self._migrate = migrate
        self._lock_timeout = lock_timeout
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(self.lock_path), timeout=lock_timeout)
        self.db: TinyDB = _TinyDB(
            self.path, storage=AtomicJSONStorage, immutable_tables=immutable_tables
        )
        self._storage: AtomicJSONStorage = self.db.storage  # type: ignore[assignment]
        self._listeners: list[Callable[[], None]] = []
        self._batched = False
        self._open()

    # ---- reading

    def table(self, name: str) -> Table:
        """A TinyDB table of this file (read it anywhere; change it inside `transaction()`)."""
        return self.db.table(name, cache_size=0)

    def refresh(self) -> bool:
        """Reload the file if another process replaced it; True when it did."""
        if not self._storage.changed_on_disk():
            return False
        self._reload()
        return True

    def on_reload(self, listener: Callable[[], None]) -> None:
        """Call `listener()` after the file was reloaded because another process changed it,
        so an owner can rebuild an in-memory index."""
        self._listeners.append(listener)

    # ---- writing

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Hold the file lock, reload if the file changed, and write all changes made in the
        block in one atomic write at its end (nothing is written if the block raises)."""
        with self._locked():
            self.refresh()
            tables = self._storage.read()
            self._check_meta(tables)
            self._storage.begin()
            if tables is None:  # the file was removed while we had it open: start it again
                self._storage.write({META_TABLE: {"1": self._meta_record()}})
            try:
                yield self.db
            except BaseException:
                self._storage.abandon()
                self._forget_tables()
                raise
            self._storage.commit()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many transactions, one durable write: inside the block the lock is held throughout
        and each `transaction()` changes memory only; everything is written, atomically, when
        the block ends (also when it ends with an exception: each finished transaction is kept).
        For bulk work such as moving simulated time by weeks. A transaction that fails inside
        the block makes the store reload the file, dropping the block's earlier changes; a
        crash inside the block loses the block (never part of a transaction)."""
        if self._batched:
            yield
            return
        with self._locked():
            self.refresh()
            self._batched = True
            self._storage.defer(True)
            try:
                yield
            finally:
                self._batched = False
                self._storage.defer(False)
                self._storage.flush()

    def close(self) -> None:
        self.db.close()

    # ---- internals

    def _reload(self) -> None:
        self._storage.load()
        self._forget_tables()
        self._check_meta(self._storage.read())
        for listener in self._listeners:
            listener()

    def _forget_tables(self) -> None:
        for table in self.db._tables.values():  # the Table objects TinyDB handed out
            if isinstance(table, _Table):
                table.forget()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the file lock for the block; `StoreBusy` when it cannot be had in time."""
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreBusy(self.lock_path, self._lock_timeout) from None
        try:
            yield
        finally:
            self._lock.release()

    def _open(self) -> None:
        with self._locked():
            self._remove_stale_temporaries()
            self._storage.load()
            tables = self._storage.read()
            if tables is None:
                self._storage.begin()
                self._storage.write({META_TABLE: {"1": self._meta_record()}})
                self._storage.commit()
                return
            version = self._check_meta(tables)
            if version < self.schema_version:
                self._upgrade(tables, version)

    def _remove_stale_temporaries(self) -> None:
        """Temporary files a killed writer left behind (none can be in use: we hold the lock)."""
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:
                stale.unlink()
            except OSError:
                pass

    def _meta_record(self) -> dict[str, Any]:
        return {"kind": self.kind, "schema_version": self.schema_version}

    def _check_meta(self, tables: Tables | None) -> int:
        """The file's schema version, after checking it belongs to this store."""
        if tables is None:
            return self.schema_version
        meta = tables.get(META_TABLE) or {}
        record = meta.get("1")
        if not isinstance(record, dict) or "schema_version" not in record:
            raise DamagedDataFile(
                self.path,
                f"has no '{META_TABLE}' record with a schema version, so it is not a cliqsim "
                f"{self.kind} file",
            )
        kind = record.get("kind")
        if kind != self.kind:
            raise DamagedDataFile(
                self.path,
                f"holds cliqsim {kind!r} data, not {self.kind!r} data",
                "point cliqsim at the right data directory with --data DIR, or move the file "
                "aside",
            )
        version = record.get("schema_version")
        if not isinstance(version, int) or version < 1:
            raise DamagedDataFile(self.path, f"has an invalid schema version {version!r}")
        if version > self.schema_version:
            raise DamagedDataFile(
                self.path,
                f"schema version {version} is newer than this cliqsim understands "
                f"(up to {self.schema_version})",
                "use the newer cliqsim that wrote it, or move the file aside and cliqsim will "
                "start a new one",
            )
        return version

    def _upgrade(self, tables: Tables, version: int) -> None:
        if self._migrate is None:
            raise DamagedDataFile(
                self.path,
                f"schema version {version} is older than {self.schema_version} and this "
                "cliqsim cannot convert it",
            )
        upgraded = self._migrate(dict(tables), version)
        upgraded[META_TABLE] = {"1": self._meta_record()}
        self._storage.begin()
        self._storage.write(upgraded)
        self._storage.commit()
        self._forget_tables()
