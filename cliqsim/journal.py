"""The journal beside a data file: the changes made since the file was last compacted.

`<file>.journal` is a text file of lines. The first names the compacted file it continues:

    cliqsim-journal 1 <generation>

where `<generation>` is the token the data file records in its `_journal` table. Each further
line is one committed transaction:

    <crc32 of the JSON, 8 hex digits> <JSON list of changes>

and a change is one of

    ["set", table, doc_id, document]     put `document` at `doc_id` (insert or replace)
    ["del", table, doc_id]               remove the document `doc_id`
    ["table", table, {doc_id: document}] replace the whole table
    ["drop", table]                      remove the table

A writer appends one line and fsyncs before its transaction returns, so a crash can only leave
the last line incomplete (no newline, or a checksum that does not match): readers ignore such a
torn tail, and the next writer cuts it off before appending. A bad line with good lines after it
is damage, reported with the byte offset up to which the journal is intact.
"""

from __future__ import annotations

import os
import stat
import weakref
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

HEADER = b"cliqsim-journal 1 "
Change = list[Any]


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def new_generation() -> str:
    return os.urandom(8).hex()  # as secrets.token_hex(8) makes it, without loading secrets


def encode_record(changes: list[Change]) -> bytes:
    """One journal line (with its newline) holding `changes`."""
    body = msgspec.json.encode(changes)
    return b"%08x %s\n" % (zlib.crc32(body), body)


class JournalRead(msgspec.Struct):
    """What `read_journal` found."""

    generation: str | None
    records: list[list[Change]] = msgspec.field(default_factory=list)
    end: int = 0
    """Byte offset just after the last whole record (where the next append belongs)."""
    size: int = 0
    """The journal's size when read (more than `end` when the tail is torn)."""


class JournalDamaged(Exception):
    """A record other than the last is unreadable; `intact` is the byte offset before it."""

    def __init__(self, problem: str, intact: int, records: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.intact = intact
        self.records = records


def read_regular_file(
    path: Path, start: int = 0
) -> tuple[bytes | bytearray, os.stat_result] | None:
    """The bytes of `path` from `start` and its status, or None when it does not exist.

    Never blocks: a FIFO, a device or a directory in place of the file raises `OSError`
    (`IsADirectoryError` for a directory) instead of being opened for reading."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "is not a regular file (a FIFO, socket or device)", str(path))
        size = max(0, info.st_size - start)
        buffer = bytearray(size)  # read straight into one buffer: no joining of chunks
        view = memoryview(buffer)
        done = 0
        while done < size:
            got = os.preadv(fd, [view[done:]], start + done)
            if got == 0:  # the file shrank meanwhile
                break
            done += got
        extra = []
        while True:  # the file grew meanwhile
            chunk = os.pread(fd, 1 << 20, start + done)
            if not chunk:
                break
            extra.append(chunk)
            done += len(chunk)
        del view
        if len(buffer) > done:
            del buffer[done:]
        if extra:
            buffer += b"".join(extra)
        return bytes(buffer) if size < (1 << 16) else buffer, info
    finally:
        os.close(fd)


def parse_header(data: bytes | bytearray) -> tuple[str, int] | None:
    """The generation named by the first line of `data` and the offset after that line."""
    newline = data.find(b"\n")
    if newline == -1 or not data.startswith(HEADER):
        return None
    generation = data[len(HEADER):newline].decode("ascii", "replace").strip()
    return (generation, newline + 1) if generation else None


def parse_records(data: bytes | bytearray, base: int) -> tuple[list[list[Change]], int]:
    """The whole records in `data` (journal bytes starting at offset `base`) and the offset
    after the last of them. Raises `JournalDamaged` for a bad record followed by a good one."""
    records: list[list[Change]] = []
    position = 0
    bad: tuple[str, int] | None = None
    for line_end in _line_ends(data):
        problem, changes = _read_record(data[position:line_end])
        if problem is None:
            if bad is not None:
                raise JournalDamaged(bad[0], base + bad[1], len(records))
            records.append(changes)
        elif bad is None:
            bad = (problem, position)
        position = line_end + 1
    if bad is not None:
        return records, base + bad[1]
    return records, base + position


def _line_ends(data: bytes | bytearray) -> Iterator[int]:
    start = 0
    while True:
        end = data.find(b"\n", start)
        if end == -1:
            return
        yield end
        start = end + 1


def _read_record(line: bytes | bytearray) -> tuple[str | None, list[Change]]:
    """(None, changes) for a good record line, else (what is wrong, [])."""
    if len(line) < 10 or line[8:9] != b" ":
        return "a record is cut short", []
    try:
        crc = int(line[:8], 16)
    except ValueError:
        return "a record has no checksum", []
    body = line[9:]
    if zlib.crc32(body) != crc:
        return "a record does not match its checksum", []
    try:
        changes = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return "a record is not valid JSON", []
    if not isinstance(changes, list) or not all(_valid_change(c) for c in changes):
        return "a record is not a list of changes", []
    return None, changes


def _valid_change(change: Any) -> bool:
    if not isinstance(change, list) or len(change) < 2 or not isinstance(change[1], str):
        return False
    match change[0]:
        case "set":
            return len(change) == 4 and isinstance(change[2], str) and isinstance(change[3], dict)
        case "del":
            return len(change) == 3 and isinstance(change[2], str)
        case "table":
            return (len(change) == 3 and isinstance(change[2], dict)
                    and all(isinstance(doc, dict) for doc in change[2].values()))
        case "drop":
            return len(change) == 2
    return False


FORKS = [0]
"""How many times this process is a fork's child (`os.register_at_fork`): a descriptor kept
open from before a fork is shared with the parent, so a kept one is opened again after it."""


def _forked() -> None:
    FORKS[0] += 1


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


class JournalFile:
    """The journal at `path`, kept open for appending from one transaction to the next (an
    append is then a `pwrite` and an `fdatasync`, with no `open`, `close` or `stat` around
    them). The caller holds the data file's lock and names the journal it saw at the path
    (its inode, from the `stat` made under that lock): a kept descriptor of another file (the
    journal was replaced by a compaction, or set aside) is closed and the path opened again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._inode = -1
        self._fork = -1
        self._close: weakref.finalize | None = None

    def append(self, end: int, record: bytes, inode: int | None) -> os.stat_result:
        """Append `record` at offset `end` (cutting off a torn tail after `end`), durably;
        returns the journal's status after it (its size is `end + len(record)`). Raises
        `OSError` (the journal is then as it was, when it can be)."""
        fd = self._open(inode)
        try:
            if os.fstat(fd).st_size != end:
                os.ftruncate(fd, end)
            written = os.pwrite(fd, record, end)
            while written < len(record):  # a short write (rare: signals, nearly full disks)
                written += os.pwrite(fd, record[written:], end + written)
            _sync(fd)
            return os.fstat(fd)
        except BaseException:
            try:  # leave no partial record behind when we can
                os.ftruncate(fd, end)
            except OSError:
                pass
            self.close()
            raise

    def _open(self, inode: int | None) -> int:
        if self._fd is not None and (self._inode != inode or self._fork != FORKS[0]):
            self.close()
        if self._fd is None:
            fd = os.open(self.path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
            try:
                self._inode = os.fstat(fd).st_ino
            except BaseException:
                os.close(fd)
                raise
            self._fd, self._fork = fd, FORKS[0]
            self._close = closer_of(self, fd)
        return self._fd

    def close(self) -> None:
        """Close the kept descriptor (a later append opens the path again)."""
        if self._close is not None:
            self._close()  # once: the finalizer is spent after this
        self._fd = None
        self._close = None
        self._inode = -1


def closer_of(owner: object, fd: int) -> weakref.finalize:
    """A finalizer that closes the descriptor `fd` kept open by `owner`: called to close it,
    or run when `owner` is collected. Not run at exit, which closes it anyway, because atexit
    flushes may still use it."""
    closer = weakref.finalize(owner, _close_quietly, fd)
    closer.atexit = False
    return closer


def _close_quietly(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass


def append_record(path: Path, end: int, record: bytes) -> int:
    """Append `record` at offset `end` of the journal (cutting off a torn tail after `end`),
    durably, opening and closing it; returns the new end. The caller holds the data file's
    lock."""
    journal = JournalFile(path)
    try:
        journal.append(end, record, None)
    finally:
        journal.close()
    return end + len(record)


def _sync(fd: int) -> None:
    sync = getattr(os, "fdatasync", os.fsync)
    sync(fd)
