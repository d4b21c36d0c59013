"""The stored index of one table of a journaled store (`cliqsim.storage`), as msgspec decodes it.

Written without `from __future__ import annotations`, like `platform.package_model`: msgspec
reads a record's field types when it first decodes one, and a type written as text is compiled
by `typing.ForwardRef` with the builtin `compile()`, whose first call in a process builds
Python's AST classes (about 3 ms of a cold `cliqsim run`, issue #18). Field types given as
objects are read as they are.
"""

from typing import Any

import msgspec


class TableIndex(msgspec.Struct):
    """The stored index of one table (see `JournaledStorage.index`): `columns[i][j]` is field
    `fields[i]` of document `keys[j]`, for the table whose text had checksum `crc`; `top` is
    the largest numeric key (-1: not stored, in files written before it)."""

    crc: int
    fields: list[str]
    keys: list[str]
    columns: list[list[Any]]
    top: int = -1


class TableIndexHead(msgspec.Struct):
    """A `TableIndex` without its keys and columns (decoding skips them): enough to know the
    next document id of a table without reading its ids."""

    crc: int
    fields: list[str]
    top: int = -1
