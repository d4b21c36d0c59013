"""Consent requests waiting for their person's answer (`Pipeline.park` / `decide`).

Requests nobody answers pile up (a command's suggestion handler asks on every key typed, an
incoming webhook asks its owner on every call), so the waiting room is bounded: at most
`MAX_PARKED` requests per person. When a person's requests overflow, the oldest request of
the component that has the most waiting goes: a component that keeps asking makes room only
out of its own requests, never out of another person's, and never out of the person's one open
request for another component while it has requests of its own waiting.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Generic, TypeVar

MAX_PARKED = 100
"""The most requests one person has waiting at once."""

T = TypeVar("T")


class ParkedRequests(Generic[T]):
    """`{request id: entry}` in the order parked, with each entry's person and component."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, str, T]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, request_id: str, user_id: str, component: str, entry: T) -> None:
        """Park `entry`; then, if `user_id` has more than `MAX_PARKED` waiting, drop the oldest
        request of the component with the most of them."""
        self._entries[request_id] = (user_id, component, entry)
        mine = [(rid, c) for rid, (u, c, _) in self._entries.items() if u == user_id]
        if len(mine) <= MAX_PARKED:
            return
        busiest, _ = Counter(c for _, c in mine).most_common(1)[0]
        oldest = next(rid for rid, c in mine if c == busiest)
        del self._entries[oldest]

    def get(self, request_id: str) -> T | None:
        found = self._entries.get(request_id)
        return found[2] if found is not None else None

    def pop(self, request_id: str) -> Any:
        return self._entries.pop(request_id)[2]
