"""`replace` for cliqsim's records, whichever kind they are.

Most records are frozen `msgspec.Struct`s (created in C, where each dataclass costs a cold start
about 0.4 ms of compiling its generated methods: issue #18); a few keep fields a Struct cannot
express (`compare=False`, `init=False`) and stay dataclasses. `replace` copies either.
"""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


def replace(record: T, /, **changes: Any) -> T:
    """A copy of `record` (a `msgspec.Struct` or a dataclass instance) with `changes` applied,
    as `dataclasses.replace` makes it: through `__init__`, so `__post_init__` runs again.
    Raises `TypeError` for a name that is not a field."""
    if isinstance(record, msgspec.Struct):
        return msgspec.structs.replace(record, **changes)
    import dataclasses

    return dataclasses.replace(record, **changes)  # type: ignore[type-var]
