"""`recorded`: the decorator that lets `Runtime.record_to` write a call into a transcript.

Kept apart from `transcript.py` (which imports the TOML writer) so that opening a runtime
imports nothing for recording until a recording starts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import inspect

_Method = TypeVar("_Method", bound=Callable[..., Any])

RECORDED: set[str] = set()
"""The names of the runtime calls a transcript may hold (besides `decide`): every method
marked `recorded`. A replay calls nothing else."""


def recorded(method: _Method) -> _Method:
    """A runtime call that `record_to` writes into a transcript (with its result). The
    method's signature is read when a recording first needs it (`inspect` is not loaded by
    opening a runtime)."""
    signature: inspect.Signature | None = None
    RECORDED.add(method.__name__)

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal signature
        recorder = self._recorder
        if recorder is None:
            return method(self, *args, **kwargs)
        if signature is None:
            import inspect

            signature = inspect.signature(method)
        at = self.now()
        result = method(self, *args, **kwargs)
        arguments = signature.bind(self, *args, **kwargs).arguments
        arguments.pop("self")
        recorder.record(method.__name__, arguments, at, result)
        return result

    return call  # type: ignore[return-value]
