"""Durable JSON files for TinyDB, shared by several cliqsim processes at once.

One data file holds named tables (TinyDB's layout) plus a `meta` table recording what kind of
file it is and its schema version. Every change goes through `JsonStore.transaction()`:

    store = JsonStore(data_dir / "consents.json", kind="consents", schema_version=1)
    with store.transaction() as db:          # takes the cross-process lock, catches up if needed
        db.table("grants").insert({...})     # any number of TinyDB operations ...
    # ... are durable together, in one appended journal record, when the block ends

Reads outside a transaction are served from memory; `store.refresh()` (two `stat` calls)
catches up with what other processes wrote since.

On disk a data file is two files (`cliqsim.journal` describes the second):
- `<file>` (for example `consents.json`): every table as of the last compaction, JSON, one
  document per line for the `immutable_tables`; its `_journal` table names its generation;
- `<file>.journal`: one line per transaction committed since, appended and fsynced before the
  transaction returns. When the journal grows past a share of the file, the two are compacted:
  a new file is written atomically (temporary file, fsync, rename, directory fsync) and a new,
  empty journal naming the new generation replaces the old one. A crash between the two leaves
  a journal of the previous generation, which is ignored (the new file holds all of it).

The guarantees:
- atomic and durable: a transaction is one journal record, and a crash at any instant leaves it
  whole or absent (a torn last record is recognised by its checksum and cut off);
- serialized: an `flock` on `<file>.lock` (`_FileLock`) orders writers across processes, and a
  transaction first reads what others appended, so no process loses another's writes;
- never overwrites what it cannot read: an unreadable, truncated or foreign file raises
  `DamagedDataFile` naming the file, what is wrong and how to recover, and is left untouched;
- fast at any size: opening reads the tables as raw JSON spans and decodes a table only when it
  is first used (a long ledger is not decoded to check a grant), and a write costs the changed
  documents, not the file.

A read-only data directory (or file) still opens for reading; a change then fails with
`DataNotWritable`, as does a write the disk refuses (full disk): memory goes back to what is on
disk, and nothing on disk changes.
"""

from __future__ import annotations

import errno
import gc
import itertools
import json
import os
import stat
import threading
import time
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msgspec
from tinydb import TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage
from tinydb.table import Table

from cliqsim import journal as jl
from cliqsim.errors import CliqsimError
from cliqsim.table_index import TableIndex as _Index
from cliqsim.table_index import TableIndexHead as _IndexHead

META_TABLE = "meta"
JOURNAL_TABLE = "_journal"
"""The data file's own record of its generation (which journal continues it)."""
LOCK_TIMEOUT_SECONDS = 15.0
COMPACT_AT_BYTES = 256 * 1024
"""The journal is compacted into the file once it is larger than this and than
1/`COMPACT_SHARE` of the file."""
COMPACT_SHARE = 16

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


class DataNotWritable(CliqsimError):
    """A change could not be written (read-only directory, full disk, a lock that is not a
    file). Nothing was changed, on disk or in memory."""

    def __init__(self, path: Path, why: str, advice: str) -> None:
        self.path = path
        super().__init__(
            f"cannot write {path}: {why}. Nothing was changed; {advice}.", "Data not written"
        )


def _os_error_advice(error: OSError) -> tuple[str, str]:
    """(why, advice) for an OSError met while writing."""
    why = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return why, "free some disk space and try again"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return why, "make the data directory writable, or choose another one with --data DIR"
    return why, "check the data directory, or choose another one with --data DIR"


def _describe_json_error(error: json.JSONDecodeError) -> str:
    return f"not valid JSON at line {error.lineno}, column {error.colno} ({error.msg})"


def _hand_fix_advice(path: Path, error: json.JSONDecodeError) -> str:
    return (
        f"fix the JSON by hand at line {error.lineno}, column {error.colno} (a text editor "
        f"will do; everything else in the file is kept), after a copy (`cp {path} "
        f"{path}.damaged`); only if it cannot be fixed, move it aside (`mv {path} "
        f"{path}.damaged`) and cliqsim will start a new, empty one"
    )


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block that builds many objects at once
    (decoding a large table, building an index): nothing it builds is garbage, and the
    collector's passes over them cost a third of the time."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _signature(info: os.stat_result | None) -> tuple[int, int, int] | None:
    return None if info is None else (info.st_ino, info.st_size, info.st_mtime_ns)


def _file_signature(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is replaced or written; None when it does not exist."""
    try:
        return _signature(os.stat(path))
    except FileNotFoundError:
        return None
    except OSError:  # a symlink loop, a permission problem: the next read names it
        return (-1, -1, -1)


def _read_bytes(path: Path) -> tuple[bytes | bytearray, os.stat_result] | None:
    """The bytes and status of `path`, or None; `DamagedDataFile` when it cannot be read."""
    try:
        return jl.read_regular_file(path)
    except IsADirectoryError:
        raise DamagedDataFile(
            path, "is a directory, not a data file", "remove or rename it"
        ) from None
    except OSError as error:
        if error.errno == 0:  # not a regular file
            raise DamagedDataFile(
                path, "is not a regular file (a FIFO, socket or device)", "remove or rename it"
            ) from None
        raise DamagedDataFile(
            path,
            f"cannot be read ({error.strerror or error})",
            "check that it and its directory are readable by you (and that it is not a link "
            "to itself), or choose another --data DIR",
        ) from None


_TOP = msgspec.json.Decoder(dict[str, msgspec.Raw])
_TABLE = msgspec.json.Decoder(dict[str, dict[str, Any]])
Buffer = bytes | bytearray | memoryview


def _split_tables(path: Path, raw: bytes | bytearray) -> dict[str, memoryview]:
    """The tables of a data file as raw JSON text each (not decoded yet). Raises
    `DamagedDataFile` (with a line and column for bad JSON)."""
    if not raw[:256].strip() and not raw.strip():
        raise DamagedDataFile(path, "is empty (it was truncated)")
    try:
        spans = _TOP.decode(raw)
    except msgspec.DecodeError:
        _explain(path, raw)  # raises with the precise problem
        raise DamagedDataFile(path, "is not a JSON table map") from None
    tables = {}
    for name, span in spans.items():
        text = memoryview(span)
        if text[:1] != b"{":
            raise DamagedDataFile(path, f"table {name!r} is not a map of documents")
        tables[name] = text
    return tables


def _explain(path: Path, raw: bytes | bytearray) -> None:
    """Raise `DamagedDataFile` saying what is wrong with `raw` (the slow, precise way)."""
    try:
        text = bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise DamagedDataFile(path, "is not UTF-8 text (it holds binary data)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DamagedDataFile(
            path, _describe_json_error(error), _hand_fix_advice(path, error)
        ) from None
    if not isinstance(data, dict):
        raise DamagedDataFile(path, f"holds a JSON {type(data).__name__}, not a table map")
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise DamagedDataFile(path, f"table {name!r} is not a map of documents")


def _decode_table(path: Path, name: str, raw: Buffer) -> dict[str, Any]:
    try:
        return _TABLE.decode(raw)
    except msgspec.DecodeError:
        raise DamagedDataFile(path, f"table {name!r} is not a map of documents") from None


def read_tables(path: Path) -> Tables | None:
    """The tables stored in `path` and its journal, or None when it does not exist. Raises
    `DamagedDataFile`."""
    storage = JournaledStorage(path)
    return storage.read()


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def _document_text(key: str, document: Any) -> str:
    """One document of an immutable table as the file holds it: `"<id>":{...}` on its line."""
    return f"{_dumps(key)}:{_dumps(document)}"


def write_atomically(path: Path, data: Mapping[str, Any]) -> None:
    """Write `data` as JSON to `path` so that readers see the old file or the new one, whole."""
    write_text_atomically(path, _dumps(data))


def write_text_atomically(path: Path, text: str | bytes) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, whole."""
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    import tempfile  # here: it imports shutil and random, which a start does not need

    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
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


class _Lazy:
    """A table of the file not decoded yet: its raw JSON text, the journal changes that apply
    after it (in order, and the latest per document in `overlay`, None for removed), and what
    was looked at without decoding the whole table: its documents' spans and a few documents."""

    __slots__ = ("changes", "docs", "keyset", "overlay", "raw", "spans")

    def __init__(self, raw: Buffer) -> None:
        self.raw = raw
        self.changes: list[jl.Change] = []
        self.overlay: dict[str, dict[str, Any] | None] = {}
        self.spans: dict[str, msgspec.Raw] | None = None
        self.docs: dict[str, dict[str, Any]] = {}
        self.keyset: dict[str, None] | None = None  # the ids in order (a dict as ordered set)


_SPANS = msgspec.json.Decoder(dict[str, msgspec.Raw])
_DOCUMENT = msgspec.json.Decoder(dict[str, Any])


_INDEX_SPANS = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ONE_INDEX = msgspec.json.Decoder(_Index)
_INDEX_HEAD = msgspec.json.Decoder(_IndexHead)


def _top_key(keys: Iterable[str]) -> int:
    """The largest numeric key (0 when there is none)."""
    return max((int(key) for key in keys if key.isdigit()), default=0)
INDEX_TABLE = "_index"
"""The data file's stored indexes (`JsonStore(indexes=...)`), one per indexed table."""


class JournaledStorage(Storage):
    """A TinyDB storage over a data file and its journal (see the module docstring).

    `read()` returns every table (decoding any not decoded yet); `table(name)` decodes just
    one. Changes are made with `put`, `delete` and `write` inside `JsonStore.transaction()`,
    which makes them durable at its end with `commit()`.

    Documents of the `immutable_tables` are never changed in place — only inserted, replaced by
    a new document, or removed — so the JSON text this storage encoded for each is kept and
    reused when the file is compacted.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        immutable_tables: Iterable[str] = (),
        indexes: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.path = Path(path)
        self.journal = jl.journal_path(self.path)
        self._journal_file = jl.JournalFile(self.journal)
        self._immutable = frozenset(immutable_tables)
        self._indexes = {name: list(fields) for name, fields in (indexes or {}).items()}
        self._stored_indexes: Buffer | None = None  # the file's `_index` table, not decoded
        self._index_spans: dict[str, msgspec.Raw] | None = None  # its tables', not decoded
        self._checked: dict[str, _Index | None] = {}  # stored indexes checked against tables
        self._tops: dict[str, int | None] = {}  # stored largest keys checked against tables
        self._tables: dict[str, dict[str, Any] | _Lazy] | None = None
        self._as_read: dict[str, Buffer] = {}  # raw text of tables unchanged since the file
        self._encoded: dict[str, dict[str, tuple[object, str]]] = {}
        self._generation: str | None = None
        self._previous: str | None = None
        self._file_sig: tuple[int, int, int] | None = None
        self._journal_sig: tuple[int, int, int] | None = None
        self._journal_end = 0
        self._journal_usable = False  # the journal continues this file: append to it
        self._journal_foreign = False  # a journal of some other file: set aside at next write
        self._pending: list[jl.Change] = []
        self._rewrite = False  # a change TinyDB made wholesale: compact instead of appending
        self._loaded = False
        self._in_transaction = False
        self._deferred = False  # inside JsonStore.batch(): commits wait for flush()
        self._held = False  # JsonStore.hold_writes(): changes stay in memory, never written
        self._epoch = 0  # counts loads and wholesale writes (see `version`)
        self._versions: dict[str, int] = {}  # counts changes per table since

    # ---- TinyDB's interface

    def read(self) -> Tables | None:
        if not self._loaded:
            self.load()
        if self._tables is None:
            return None
        for name in list(self._tables):
            self.table(name)
        return self._tables  # type: ignore[return-value]  # every table is decoded now

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace every table (TinyDB's wholesale write): the commit then compacts."""
        self.require_transaction()
        self._epoch += 1
        self._tables = dict(data)
        self._as_read = {}
        self._encoded = {}
        self._pending = []
        self._rewrite = True

    def close(self) -> None:
        self._journal_file.close()

    # ---- reading one table, changing documents

    def table(self, name: str) -> dict[str, Any] | None:
        """Table `name`, decoded (None when there is no such table)."""
        if not self._loaded:
            self.load()
        if self._tables is None:
            return None
        entry = self._tables.get(name)
        if isinstance(entry, _Lazy):
            with paused_gc():
                decoded = _decode_table(self.path, name, entry.raw)
            for change in entry.changes:
                _apply_to_table(decoded, change)
            if entry.changes:
                self._as_read.pop(name, None)
            self._tables[name] = decoded
            return decoded
        return entry

    def keys(self, name: str) -> Iterable[str]:
        """The document ids of table `name`, without decoding its documents."""
        entry = self._entry(name)
        if entry is None:
            return ()
        if not isinstance(entry, _Lazy):
            return entry.keys()
        if entry.keyset is None:
            stored = self._stored_index(name, entry) if name in self._indexes else None
            # from the stored index when there is one (a list of ids), else from the table's
            # text (which means scanning all of it)
            keyset = dict.fromkeys(stored.keys if stored else self._spans(name, entry))
            for key, doc in entry.overlay.items():
                if doc is None:
                    keyset.pop(key, None)
                else:
                    keyset[key] = None
            entry.keyset = keyset
        return entry.keyset.keys()

    def document(self, name: str, key: str) -> dict[str, Any] | None:
        """Document `key` of table `name` (None when there is none), decoding only it."""
        entry = self._entry(name)
        if entry is None:
            return None
        if not isinstance(entry, _Lazy):
            return entry.get(key)
        if key in entry.overlay:
            return entry.overlay[key]
        doc = entry.docs.get(key)
        if doc is None:
            span = self._spans(name, entry).get(key)
            if span is None:
                return None
            try:
                doc = entry.docs[key] = _DOCUMENT.decode(span)
            except msgspec.DecodeError:
                raise DamagedDataFile(
                    self.path, f"document {key} of table {name!r} is not a JSON object"
                ) from None
        return doc

    def index(self, name: str) -> tuple[list[str], list[list[Any]]]:
        """`(keys, columns)` of table `name`: its document ids and, for each field of its
        index (`indexes[name]`), the field of each document (None where it has none).

        Read from the index stored in the file when that was made from the table as it is
        there (checked by checksum), so the documents need not be decoded; journal changes
        since are applied on top."""
        fields = self._indexes[name]
        entry = self._entry(name)
        if entry is None:
            return [], [[] for _ in fields]
        stored = self._stored_index(name, entry) if isinstance(entry, _Lazy) else None
        if stored is None:
            keys = list(self.keys(name))
            docs = [self.document(name, key) or {} for key in keys]
            return keys, [[doc.get(field) for doc in docs] for field in fields]
        assert isinstance(entry, _Lazy)
        keys, columns = list(stored.keys), [list(column) for column in stored.columns]
        if entry.overlay:
            position = dict(zip(keys, range(len(keys)), strict=True))
            removed = False
            for key, doc in entry.overlay.items():
                at = position.get(key)
                if doc is None:
                    if at is not None:
                        keys[at] = ""
                        removed = True
                    continue
                values = [doc.get(field) for field in fields]
                if at is None:
                    keys.append(key)
                    for column, value in zip(columns, values, strict=True):
                        column.append(value)
                else:
                    for column, value in zip(columns, values, strict=True):
                        column[at] = value
            if removed:
                kept = [key != "" for key in keys]
                keys = list(itertools.compress(keys, kept))
                columns = [list(itertools.compress(column, kept)) for column in columns]
        return keys, columns

    def _stored_index(self, name: str, entry: _Lazy) -> _Index | None:
        """The file's index of table `name` if it matches the table's text, else None."""
        if name not in self._checked:
            found = None
            span = self._index_span(name)
            if span is not None:
                try:
                    found = _ONE_INDEX.decode(span)
                except msgspec.DecodeError:
                    found = None
            if found is not None and (
                found.fields != self._indexes[name]
                or found.crc != zlib.crc32(entry.raw)
                or any(len(column) != len(found.keys) for column in found.columns)
                or len(found.columns) != len(found.fields)
            ):
                found = None  # the table was edited since (by hand): look at the documents
            self._checked[name] = found
        return self._checked[name]

    def _index_span(self, name: str) -> msgspec.Raw | None:
        """The stored index of table `name`, not decoded (each table's is decoded apart: a
        start reads the grants' index, the first write the ledger's largest id)."""
        if self._index_spans is None:
            self._index_spans = {}
            if self._stored_indexes is not None:
                try:
                    self._index_spans = _INDEX_SPANS.decode(self._stored_indexes)
                except msgspec.DecodeError:
                    pass
        return self._index_spans.get(name)

    def _stored_top(self, name: str, entry: _Lazy) -> int | None:
        """The largest numeric key of table `name` as the file holds it, from its stored index
        when that was made from the table as it is there (checked by checksum), else None."""
        if name in self._checked:
            full = self._checked[name]
            return full.top if full is not None and full.top >= 0 else None
        if name not in self._tops:
            top = None
            span = self._index_span(name)
            if span is not None:
                try:
                    head = _INDEX_HEAD.decode(span)
                except msgspec.DecodeError:
                    head = None
                if (head is not None and head.top >= 0 and head.fields == self._indexes[name]
                        and head.crc == zlib.crc32(entry.raw)):
                    top = head.top
            self._tops[name] = top
        return self._tops[name]

    def next_key(self, name: str) -> int:
        """The id TinyDB gives the next document of table `name`: one more than the largest
        numeric key (1 for an empty table). From the stored index when it is current, so a
        first insert into a long table reads none of its ids."""
        entry = self._entry(name)
        if isinstance(entry, _Lazy) and entry.keyset is None and name in self._indexes:
            top = self._stored_top(name, entry)
            if top is not None:
                added = [key for key, doc in entry.overlay.items() if doc is not None]
                return max(top, _top_key(added)) + 1
        return _top_key(self.keys(name)) + 1

    def has_key(self, name: str, key: str) -> bool:
        """Whether table `name` holds a document `key`; without reading the table's ids when
        `key` is above the largest one the stored index names (a new document's id)."""
        entry = self._entry(name)
        if isinstance(entry, _Lazy) and entry.keyset is None and name in self._indexes:
            if key in entry.overlay:
                return entry.overlay[key] is not None
            top = self._stored_top(name, entry)
            if top is not None and key.isdigit() and int(key) > top:
                return False
        return key in self.keys(name)

    def version(self, name: str) -> tuple[int, int]:
        """A stamp of table `name` as memory holds it: it differs whenever the table may have
        changed since (a change to it, in this process or caught up from another, a reload,
        a wholesale write), so an owner can keep what it derives from the table until then."""
        if not self._loaded:
            self.load()
        return self._epoch, self._versions.get(name, 0)

    def _entry(self, name: str) -> dict[str, Any] | _Lazy | None:
        if not self._loaded:
            self.load()
        return (self._tables or {}).get(name)

    def _spans(self, name: str, entry: _Lazy) -> dict[str, msgspec.Raw]:
        if entry.spans is None:
            try:
                entry.spans = _SPANS.decode(entry.raw)
            except msgspec.DecodeError:
                raise DamagedDataFile(
                    self.path, f"table {name!r} is not a map of documents"
                ) from None
        return entry.spans

    def require_transaction(self) -> None:
        if not self._in_transaction:
            raise RuntimeError(
                f"write to {self.path} outside JsonStore.transaction(): changes must be made "
                "under the file lock"
            )

    def put(self, name: str, key: str, document: dict[str, Any]) -> None:
        """Put `document` at `key` of table `name` (inserting or replacing)."""
        self.require_transaction()
        self._change(["set", name, key, document])

    def delete(self, name: str, key: str) -> None:
        self.require_transaction()
        self._change(["del", name, key])

    def replace_table(self, name: str, documents: dict[str, Any]) -> None:
        self.require_transaction()
        self._change(["table", name, documents])

    def _change(self, change: jl.Change) -> None:
        if self._tables is None:
            self._tables = {}
        self._apply(change)
        if not self._rewrite:
            self._pending.append(change)

    def _apply(self, change: jl.Change) -> None:
        """Apply one change to memory (queued on a table not decoded yet)."""
        assert self._tables is not None
        name = change[1]
        self._versions[name] = self._versions.get(name, 0) + 1
        self._as_read.pop(name, None)
        if change[0] == "drop":
            self._tables.pop(name, None)
            return
        if change[0] == "table":
            self._tables[name] = dict(change[2])
            self._encoded.pop(name, None)
            return
        entry = self._tables.get(name)
        if entry is None:
            entry = self._tables[name] = {}
        if isinstance(entry, _Lazy):
            entry.changes.append(change)
            key = change[2]
            entry.overlay[key] = change[3] if change[0] == "set" else None
            if entry.keyset is not None:
                if change[0] == "set":
                    entry.keyset[key] = None
                else:
                    entry.keyset.pop(key, None)
            return
        _apply_to_table(entry, change)

    # ---- loading and catching up

    def load(self) -> None:
        """Read the file and its journal afresh (retrying if a compaction replaced them
        while reading). Raises `DamagedDataFile`."""
        with paused_gc():
            for _ in range(5):
                if self._load_once():
                    break
        self._pending = []
        self._rewrite = False
        self._loaded = True
        self._epoch += 1

    def _load_once(self) -> bool:
        found = _read_bytes(self.path)
        self._tables = None
        self._as_read = {}
        self._encoded = {}
        self._stored_indexes = None
        self._index_spans = None
        self._checked = {}
        self._tops = {}
        self._generation = self._previous = None
        self._journal_usable = self._journal_foreign = False
        self._journal_sig = None
        self._journal_end = 0
        if found is None:
            self._file_sig = None
            self._journal_foreign = self.journal.exists()
            return True
        raw, info = found
        self._file_sig = _signature(info)
        spans = _split_tables(self.path, raw)
        self._stored_indexes = spans.pop(INDEX_TABLE, None)
        self._index_spans = None
        self._checked = {}
        self._tops = {}
        journal_info = spans.pop(JOURNAL_TABLE, None)
        if journal_info is not None:
            record = _decode_table(self.path, JOURNAL_TABLE, journal_info).get("1", {})
            self._generation = record.get("generation")
            self._previous = record.get("previous")
        self._tables = {name: _Lazy(text) for name, text in spans.items()}
        self._as_read = dict(spans)
        self._read_journal(0)
        return _file_signature(self.path) == self._file_sig

    def _read_journal(self, start: int) -> bool:
        """Apply what the journal holds from byte `start` (0: all of it); True when it held
        anything new."""
        try:
            found = jl.read_regular_file(self.journal, start)
        except OSError as error:
            raise DamagedDataFile(
                self.journal, f"cannot be read ({error.strerror or error})",
                "check that it is a file readable by you, or remove what is in its place",
            ) from None
        if found is None:
            self._journal_sig = None
            self._journal_end = 0
            self._journal_usable = False
            return False
        data, info = found
        self._journal_sig = _signature(info)
        base = start
        if start == 0:
            header = jl.parse_header(data)
            generation, base = header if header is not None else (None, 0)
            if generation is None or generation != self._generation or self._generation is None:
                # a journal of another generation: the previous one (a compaction was
                # interrupted after writing this file; it holds all of that journal) or a
                # stranger's, which is kept but not used
                self._journal_usable = False
                self._journal_foreign = generation is not None and generation != self._previous
                if header is None and len(data) > 0:
                    self._journal_foreign = True
                return False
            self._journal_usable = True
            data = data[base:]
        try:
            records, end = jl.parse_records(data, base)
        except jl.JournalDamaged as damage:
            raise DamagedDataFile(
                self.journal,
                f"{damage.problem} after {damage.records} good records (at byte "
                f"{damage.intact})",
                f"keep a copy (`cp {self.journal} {self.journal}.damaged`), then keep the "
                f"{damage.records} intact records by cutting the rest off (`truncate -s "
                f"{damage.intact} {self.journal}`); the changes after them are lost",
            ) from None
        self._journal_end = end
        for record in records:
            for change in record:
                self._apply_change_from_disk(change)
        return bool(records)

    def _apply_change_from_disk(self, change: jl.Change) -> None:
        if self._tables is None:
            self._tables = {}
        self._apply(change)

    def changed_on_disk(self) -> bool:
        return (
            not self._loaded
            or _file_signature(self.path) != self._file_sig
            or _file_signature(self.journal) != self._journal_sig
        )

    def catch_up(self) -> None:
        """Pick up what other processes wrote: only the new journal records when the file
        is the same and the journal grew; otherwise everything."""
        if (
            self._loaded
            and self._journal_usable
            and _file_signature(self.path) == self._file_sig
            and self._journal_sig is not None
        ):
            now = _file_signature(self.journal)
            if now is not None and now[0] == self._journal_sig[0] and now[1] >= self._journal_end:
                self._read_journal(self._journal_end)
                return
        self.load()

    # ---- transactions

    def begin(self) -> None:
        self._in_transaction = True

    def defer(self, deferred: bool) -> None:
        """While deferred, `commit` keeps changes in memory; `flush` writes them at once."""
        self._deferred = deferred

    def commit(self) -> bool:
        """Make the changes durable; True when a write happened."""
        self._in_transaction = False
        if self._deferred:
            return False
        return self.flush()

    def hold(self, held: bool) -> None:
        """While held, changes are made in memory only and never written (a dry run); when
        released, the changes made meanwhile are forgotten (the next read reloads the file)."""
        if self._held and not held and (self._pending or self._rewrite):
            self._loaded = False
            self._pending = []
            self._rewrite = False
        self._held = held

    def flush(self) -> bool:
        """Write the changes since the last write: one journal record, or a compaction."""
        if self._held or (not self._pending and not self._rewrite):
            return False
        try:
            if self._rewrite or not self._journal_usable:
                self.compact()
            else:
                record = jl.encode_record(self._pending)
                seen = self._journal_sig[0] if self._journal_sig is not None else None
                info = self._journal_file.append(self._journal_end, record, seen)
                self._journal_end += len(record)
                self._journal_sig = _signature(info)
                self._pending = []
        except BaseException:
            self._loaded = False  # memory differs from disk: reload on next use
            self._pending = []
            self._rewrite = False
            raise
        file_size = self._file_sig[1] if self._file_sig else 0
        if self._journal_end > max(COMPACT_AT_BYTES, file_size // COMPACT_SHARE):
            try:
                self.compact()
            except OSError:
                pass  # everything is in the journal already; compact another time
        return True

    def compact(self) -> None:
        """Write every table to the file under a new generation and start an empty journal
        (the caller holds the lock). Nothing while writes are held."""
        assert self._tables is not None
        if self._held:
            return
        generation = jl.new_generation()
        if self._journal_foreign and self.journal.exists():
            self._set_journal_aside()
        text = self._encode(generation)
        write_text_atomically(self.path, text)
        self._file_sig = _file_signature(self.path)
        self._previous, self._generation = self._generation, generation
        header = jl.HEADER + generation.encode("ascii") + b"\n"
        write_text_atomically(self.journal, header)
        self._journal_file.close()  # the old journal's: let its space go
        self._journal_sig = _file_signature(self.journal)
        self._journal_end = len(header)
        self._journal_usable = True
        self._journal_foreign = False
        self._pending = []
        self._rewrite = False

    def _set_journal_aside(self) -> None:
        """Keep a journal that does not continue this file under another name."""
        n = 1
        while (aside := self.journal.with_name(f"{self.journal.name}.set-aside-{n}")).exists():
            n += 1
        os.replace(self.journal, aside)

    def _encode(self, generation: str) -> bytes:
        """The file text: one line per table, except `immutable_tables`, which get one line per
        document; tables unchanged since they were read are copied as they were."""
        assert self._tables is not None
        parts: list[bytes] = []
        indexes: dict[str, _Index] = {}
        for name in list(self._tables):
            body = self._encode_table(name)
            parts.append(_dumps(name).encode("utf-8") + b":" + body)
            if name in self._indexes:
                keys, columns = self.index(name)
                indexes[name] = _Index(zlib.crc32(body), self._indexes[name], keys, columns,
                                       _top_key(keys))
        if indexes:
            parts.append(_dumps(INDEX_TABLE).encode() + b":" + msgspec.json.encode(indexes))
        record = {"1": {"generation": generation, "previous": self._generation}}
        parts.append(_dumps(JOURNAL_TABLE).encode() + b":" + _dumps(record).encode())
        return b"{\n" + b"\n,".join(parts) + b"\n}\n"

    def _encode_table(self, name: str) -> Buffer:
        """Table `name` as the file holds it: as it was read if unchanged (checked to be valid
        JSON when read); one document per line if immutable; else one line."""
        raw = self._as_read.get(name)
        if raw is not None:
            entry = self._entry(name)
            if isinstance(entry, _Lazy):
                self._spans(name, entry)  # every document a JSON value: copying it is safe
            return raw
        table = self.table(name)
        assert table is not None
        if name not in self._immutable:
            return _dumps(table).encode("utf-8")
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
        return (f"{{\n{body}\n}}" if pieces else "{}").encode("utf-8")

    def abandon(self) -> None:
        """Forget uncommitted changes: the next read reloads the file."""
        self._in_transaction = False
        if self._pending or self._rewrite:
            self._loaded = False
        self._pending = []
        self._rewrite = False


def _apply_to_table(table: dict[str, Any], change: jl.Change) -> None:
    if change[0] == "set":
        table[change[2]] = change[3]
    elif change[0] == "del":
        table.pop(change[2], None)


try:
    import fcntl
except ImportError:  # not POSIX: filelock's portable lock
    fcntl = None  # type: ignore[assignment]


class LockTimeout(Exception):
    """The lock file could not be had within the timeout."""


KEPT_MOST = 16
"""At most this many stores of a process keep their lock file (and journal) open between
transactions: one that opens many stores (a test suite making a runtime per test, whose stores
wait for the garbage collector) lets the earliest kept go; it opens them again when used."""
_kept: dict[int, weakref.ref[_FileLock]] = {}  # the locks keeping files open, oldest first
_kept_guard = threading.Lock()


def _keep(lock: _FileLock) -> None:
    """Count `lock` among those keeping files open; let the earliest go past `KEPT_MOST`."""
    others = []
    with _kept_guard:
        _kept.pop(id(lock), None)  # (a dead lock's id, reused: its place is not this one's)
        _kept[id(lock)] = weakref.ref(lock)
        while len(_kept) > KEPT_MOST:
            key = next(iter(_kept))
            other = _kept.pop(key)()
            if other is not None and other is not lock:
                others.append(other)
    for other in others:  # (outside the guard: letting go takes it again)
        other.let_go()


def _unkeep(lock: _FileLock) -> None:
    with _kept_guard:
        ref = _kept.get(id(lock))
        if ref is not None and ref() in (lock, None):
            del _kept[id(lock)]


class _FileLock:
    """An exclusive lock on `path` across processes and threads, reentrant in a thread: an
    `flock` on the lock file, polled until `timeout` seconds (then `LockTimeout`). Where
    `fcntl` is missing, `filelock` does it.

    The lock file stays open between acquisitions (an acquisition is an `flock`, a `stat` and
    an unlocking `flock`: about twenty times cheaper than `filelock.FileLock`, which matters on
    the run path, where each message a handler posts is a transaction). Once locked, the file
    must still be the one at `path` (same inode, which cannot be reused while it is open): a
    lock file removed or replaced meanwhile is one other processes no longer lock, so it is
    let go and `path` opened (created) again. After a fork the child opens its own (a
    descriptor shared with the parent would share its lock)."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._fallback: Any = None
        if fcntl is None:
            from filelock import FileLock

            self._fallback = FileLock(str(path), timeout=timeout)
        self._threads = threading.RLock()
        self._fd: int | None = None  # held: the lock is ours
        self._depth = 0
        self._kept: int | None = None  # the lock file, open between acquisitions
        self._kept_id = (-1, -1)  # its (device, inode)
        self._kept_fork = -1
        self._close_kept: Callable[[], object] | None = None
        self.companions: list[Callable[[], object]] = []  # closed with the kept lock file

    def acquire(self) -> None:
        if self._fallback is not None:
            from filelock import Timeout

            try:
                self._fallback.acquire()
            except Timeout:
                raise LockTimeout(str(self.path)) from None
            return
        if not self._threads.acquire(timeout=self.timeout):
            raise LockTimeout(str(self.path))
        if self._depth:
            self._depth += 1
            return
        try:
            self._fd = self._lock_file()
        except BaseException:
            self._threads.release()
            raise
        self._depth = 1

    def _lock_file(self) -> int:
        deadline = time.monotonic() + self.timeout
        while True:
            fd = self._open()
            pause = 0.001
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(str(self.path)) from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.05)
            try:
                info = os.stat(self.path)
                current = (info.st_dev, info.st_ino) == self._kept_id
            except OSError:
                current = False
            if current:
                return fd
            fcntl.flock(fd, fcntl.LOCK_UN)  # a lock file nobody else locks any more
            self._forget()

    def _open(self) -> int:
        """The lock file, kept open (opened, or created, when there is none)."""
        if self._kept is not None and self._kept_fork != jl.FORKS[0]:
            self._forget()
        if self._kept is None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC,
                         0o644)
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode):
                    raise OSError(errno.EINVAL, "is not a regular file", str(self.path))
            except BaseException:
                os.close(fd)
                raise
            self._kept, self._kept_id, self._kept_fork = fd, (info.st_dev, info.st_ino), \
                jl.FORKS[0]
            self._close_kept = jl.closer_of(self, fd)
            _keep(self)
        return self._kept

    def _forget(self) -> None:
        """Close the kept lock file, and the `companions` (the store's journal): the next
        acquisition opens `path` again."""
        if self._close_kept is not None:
            self._close_kept()
            _unkeep(self)
        self._kept = None
        self._close_kept = None
        self._kept_id = (-1, -1)
        for close in self.companions:
            close()

    def let_go(self) -> None:
        """Close the kept files unless the lock is held or being taken (then they stay)."""
        if self._threads.acquire(blocking=False):
            try:
                if self._depth == 0:
                    self._forget()
            finally:
                self._threads.release()

    def release(self) -> None:
        if self._fallback is not None:
            self._fallback.release()
            return
        self._depth -= 1
        try:
            if self._depth == 0 and self._fd is not None:
                fd, self._fd = self._fd, None
                try:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                except OSError:
                    self._forget()  # closing it lets the lock go
                    raise
        finally:
            self._threads.release()

    def close(self) -> None:
        """Close the kept lock file (it is kept open between acquisitions)."""
        if self._depth == 0:
            self._forget()


class _Table(Table):
    """TinyDB's Table over `JournaledStorage`: each operation records just the documents it
    changes (same ids, same results, same errors as TinyDB's), and reading a table decodes only
    that table."""

    @property
    def _journaled(self) -> JournaledStorage:
        storage = self._storage
        assert isinstance(storage, JournaledStorage)
        return storage

    def forget(self) -> None:
        """Drop what this table remembers of the file (query cache, next document id)."""
        self.clear_cache()
        self._next_id = None

    def _read_table(self) -> dict[str, Mapping[str, Any]]:
        return self._journaled.table(self.name) or {}

    def _get_next_id(self) -> int:
        known: int | None = self._next_id
        if known is None:
            known = self._journaled.next_key(self.name)
        self._next_id = known + 1  # type: ignore[assignment]  # TinyDB declares it None
        return known

    def _update_table(self, updater: Callable[[dict[int, Mapping[str, Any]]], None]) -> None:
        """TinyDB's general path (no operation of this class uses it): the whole table."""
        raw = self._read_table()
        table = {self.document_id_class(key): doc for key, doc in raw.items()}
        updater(table)
        self._journaled.replace_table(self.name, {str(key): doc for key, doc in table.items()})
        self.clear_cache()

    def insert(self, document: Mapping[str, Any]) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        """TinyDB's insert (same ids, same errors), recording just the new documents."""
        storage = self._journaled
        storage.require_transaction()
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
            if key in added or storage.has_key(self.name, key):
                raise ValueError(f"Document with ID {doc_id} already exists")
            added[key] = dict(document)
            doc_ids.append(doc_id)
        for key, document in added.items():  # nothing is changed before every document passed
            storage.put(self.name, key, document)
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
        stored document in place: only the changed documents are recorded, and the storage's
        reuse of encoded documents stays correct."""
        self._journaled.require_transaction()
        table = self._read_table()
        if doc_ids is not None:
            keys = [key for key in (str(doc_id) for doc_id in doc_ids) if key in table]
        elif cond is not None:
            keys = [key for key, document in table.items() if cond(document)]
        else:
            keys = list(table)
        changed = {key: _changed(table[key], fields) for key in keys}
        for key, document in changed.items():
            self._journaled.put(self.name, key, document)
        self.clear_cache()
        return [self.document_id_class(key) for key in keys]

    def update_multiple(self, updates: Iterable[tuple[Any, QueryLike]]) -> list[int]:
        """TinyDB's update_multiple, with changed copies in place of changed documents."""
        self._journaled.require_transaction()
        updates = list(updates)
        table = dict(self._read_table())
        updated: list[int] = []
        changed: dict[str, dict[str, Any]] = {}
        for key in list(table):
            for fields, cond in updates:
                if cond(table[key]):
                    updated.append(self.document_id_class(key))
                    table[key] = changed[key] = _changed(table[key], fields)
        for key, document in changed.items():
            self._journaled.put(self.name, key, document)
        self.clear_cache()
        return updated

    def remove(
        self, cond: QueryLike | None = None, doc_ids: Iterable[int] | None = None
    ) -> list[int]:
        """TinyDB's remove (ids that do not exist are skipped), recording just the removals."""
        storage = self._journaled
        storage.require_transaction()
        if doc_ids is not None:
            existing = storage.keys(self.name)
            removed = [doc_id for doc_id in doc_ids if str(doc_id) in existing]
        elif cond is not None:
            removed = [
                self.document_id_class(key)
                for key, document in self._read_table().items()
                if cond(document)
            ]
        else:
            raise RuntimeError("Use truncate() to remove all documents")
        for key in dict.fromkeys(str(doc_id) for doc_id in removed):
            storage.delete(self.name, key)
        self.clear_cache()
        return removed

    def truncate(self) -> None:
        self._journaled.replace_table(self.name, {})
        self.clear_cache()
        self._next_id = None


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
    """One TinyDB data file of a given `kind`, with a cross-process lock and a journal.

    Opening reads the file (creating it with its meta record when missing) and checks its kind
    and schema version: a newer version, another kind, or damage raise `DamagedDataFile`. An
    older version is passed through `migrate(tables, from_version)` when one is given. When the
    lock cannot be taken for lack of permission (a read-only data directory), the file still
    opens for reading, and a transaction raises `DataNotWritable`.

    `immutable_tables` name tables whose documents the owner never changes in place (it inserts,
    removes, updates through the table, which puts a changed copy in the document's place, or
    replaces a document by removing it and inserting a new one — but never mutates a document
    it read): their encoded JSON is reused when the file is compacted.

    `indexes` name, per table, fields stored column-wise in the file's `_index` table at each
    compaction, so that `index(name)` can answer for a large table without decoding it.
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
        indexes: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.path = Path(path)
        self.kind = kind
        self.schema_version = schema_version
        self._migrate = migrate
        self._lock_timeout = lock_timeout
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._lock = _FileLock(self.lock_path, lock_timeout)
        self.db: TinyDB = _TinyDB(
            self.path, storage=JournaledStorage, immutable_tables=immutable_tables,
            indexes=indexes,
        )
        self._storage: JournaledStorage = self.db.storage  # type: ignore[assignment]
        self._lock.companions.append(self._storage.close)  # the journal kept open, too
        self._listeners: list[Callable[[], None]] = []
        self._batched = False
        self._open()

    # ---- reading

    def table(self, name: str) -> Table:
        """A TinyDB table of this file (read it anywhere; change it inside `transaction()`)."""
        return self.db.table(name, cache_size=0)

    def raw_table(self, name: str) -> dict[str, dict[str, Any]]:
        """Table `name` as stored, `{doc_id: document}` (decoding only this table); the
        documents must not be changed in place."""
        return self._storage.table(name) or {}

    def document(self, name: str, doc_id: str) -> dict[str, Any] | None:
        """One stored document (decoding only it); not to be changed in place."""
        return self._storage.document(name, doc_id)

    def doc_ids(self, name: str) -> Iterable[str]:
        """The document ids of table `name` (decoding none of its documents)."""
        return self._storage.keys(name)

    def index(self, name: str) -> tuple[list[str], list[list[Any]]]:
        """`(doc_ids, columns)`: for each field named in `indexes[name]`, its value in each
        document (None where missing), without decoding the documents when the file's stored
        index is current (see `JournaledStorage.index`)."""
        return self._storage.index(name)

    def version(self, name: str) -> tuple[int, int]:
        """A stamp of table `name` in memory, which changes whenever the table may have
        (`JournaledStorage.version`): what an owner derives from the table stays good while
        the stamp is the same."""
        return self._storage.version(name)

    def refresh(self) -> bool:
        """Catch up with what another process wrote; True when there was something."""
        if not self._storage.changed_on_disk():
            return False
        self._storage.catch_up()
        self._forget_tables()
        self._check_meta(self._storage.table(META_TABLE))
        for listener in self._listeners:
            listener()
        return True

    def on_reload(self, listener: Callable[[], None]) -> None:
        """Call `listener()` after another process's changes were picked up, so an owner can
        rebuild an in-memory index."""
        self._listeners.append(listener)

    # ---- writing

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Hold the file lock, catch up with other processes, and make all changes made in the
        block durable in one journal record at its end (nothing is written if it raises)."""
        self._acquire()  # (not `_locked()`: one generator less on every posted message)
        try:
            self.refresh()
            meta = self._storage.table(META_TABLE)
            self._check_meta(meta)
            self._storage.begin()
            if meta is None:  # a new file, or one removed while we had it open: start it again
                self._storage.write({META_TABLE: {"1": self._meta_record()}})
            try:
                yield self.db
            except BaseException:
                self._storage.abandon()
                self._forget_tables()
                raise
            self._commit(self._storage.commit)
        finally:
            self._lock.release()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many transactions, one durable write: inside the block the lock is held throughout
        and each `transaction()` changes memory only; everything is written, in one journal
        record, when the block ends (also when it ends with an exception: each finished
        transaction is kept). For bulk work such as moving simulated time by weeks. A
        transaction that fails inside the block makes the store reload the file, dropping the
        block's earlier changes; a crash inside the block loses the block (never part of a
        transaction)."""
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
                self._commit(self._storage.flush)

    def hold_writes(self, held: bool = True) -> None:
        """A dry run (`Runtime.rehearse_all`): while held, every change is made in memory
        only and nothing reaches the file or its journal; releasing forgets those changes."""
        self._storage.hold(held)
        if not held:
            self._forget_tables()
            for listener in self._listeners:  # owners rebuild what they keep from the file
                listener()

    def compact(self) -> None:
        """Fold the journal into the file now (it also happens by itself as the journal
        grows)."""
        with self._locked():
            self.refresh()
            if self._storage.table(META_TABLE) is None:
                return
            self._storage.begin()
            try:
                self._commit(self._storage.compact)
            finally:
                self._storage.abandon()

    def close(self) -> None:
        """Close the files kept open between transactions (the store still works: the next
        transaction opens them again)."""
        self.db.close()
        self._lock.close()

    # ---- internals

    def _commit(self, write: Callable[[], object]) -> None:
        try:
            write()
        except OSError as error:
            self._forget_tables()
            why, advice = _os_error_advice(error)
            raise DataNotWritable(Path(error.filename or self.path), why, advice) from None

    def _forget_tables(self) -> None:
        for table in self.db._tables.values():  # the Table objects TinyDB handed out
            if isinstance(table, _Table):
                table.forget()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the file lock for the block; `StoreBusy` when it cannot be had in time,
        `DataNotWritable` when it cannot be had at all."""
        self._acquire()
        try:
            yield
        finally:
            self._lock.release()

    def _acquire(self) -> None:
        """Take the file lock (release it with `self._lock.release()`); `StoreBusy` when it
        cannot be had in time, `DataNotWritable` when it cannot be had at all."""
        try:
            try:
                self._lock.acquire()
            except FileNotFoundError:  # no data directory (yet, or any more): make it
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._lock.acquire()
        except LockTimeout:
            raise StoreBusy(self.lock_path, self._lock_timeout) from None
        except OSError as error:
            raise self._lock_problem(error) from None

    def _lock_problem(self, error: OSError) -> DataNotWritable:
        if isinstance(error, IsADirectoryError) or error.errno == errno.EISDIR:
            return DataNotWritable(
                self.path, f"its lock file {self.lock_path} is a directory",
                f"remove or rename {self.lock_path}",
            )
        why, advice = _os_error_advice(error)
        return DataNotWritable(self.path, f"its lock file {self.lock_path}: {why}", advice)

    def _open(self) -> None:
        try:
            with self._locked():
                self._remove_stale_temporaries()
                self._load_and_prepare(writable=True)
        except DataNotWritable:
            # a read-only data directory, a lock in the way: read without the lock (a
            # transaction will say why it cannot write)
            self._load_and_prepare(writable=False)

    def _load_and_prepare(self, writable: bool) -> None:
        self._storage.load()
        meta = self._storage.table(META_TABLE)
        if meta is None and self._storage.read() is None:
            if writable:
                self._storage.begin()
                self._storage.write({META_TABLE: {"1": self._meta_record()}})
                self._commit(self._storage.commit)
            return
        version = self._check_meta(meta)
        if version < self.schema_version:
            if not writable:
                raise DataNotWritable(
                    self.path, f"it needs converting from schema version {version}",
                    "make the data directory writable and run cliqsim once",
                )
            self._upgrade(version)

    def _remove_stale_temporaries(self) -> None:
        """Temporary files a killed writer left behind (none can be in use: we hold the lock):
        `.<name>.*.tmp` beside the file (found by listing the folder, not by `Path.glob`, which
        compiles its pattern: a cold start does this once per store)."""
        prefix, suffix = f".{self.path.name}.", ".tmp"
        folder = self.path.parent
        try:
            names = os.listdir(folder)
        except OSError:
            return
        for name in names:
            if (name.startswith(prefix) and name.endswith(suffix)
                    and len(name) >= len(prefix) + len(suffix)):
                try:
                    os.unlink(folder / name)
                except OSError:
                    pass

    def _meta_record(self) -> dict[str, Any]:
        return {"kind": self.kind, "schema_version": self.schema_version}

    def _check_meta(self, meta: dict[str, Any] | None) -> int:
        """The file's schema version, after checking it belongs to this store."""
        if meta is None and self._storage.read() is None:
            return self.schema_version
        record = (meta or {}).get("1")
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

    def _upgrade(self, version: int) -> None:
        if self._migrate is None:
            raise DamagedDataFile(
                self.path,
                f"schema version {version} is older than {self.schema_version} and this "
                "cliqsim cannot convert it",
            )
        tables = self._storage.read() or {}
        upgraded = self._migrate({name: dict(table) for name, table in tables.items()}, version)
        upgraded[META_TABLE] = {"1": self._meta_record()}
        self._storage.begin()
        self._storage.write(upgraded)
        self._commit(self._storage.commit)
        self._forget_tables()
