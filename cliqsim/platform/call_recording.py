"""`recorded`: marks the `Runtime` calls a transcript records (`Runtime.record_to`)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

Method = TypeVar("Method", bound=Callable[..., Any])


def recorded(method: Method) -> Method:
    """A runtime call that `record_to` writes into a transcript (with its result), when the
    runtime has a recorder."""
    signature = inspect.signature(method)

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        recorder = self._recorder
        if recorder is None:
            return method(self, *args, **kwargs)
        at = self.now()
        result = method(self, *args, **kwargs)
        arguments = signature.bind(self, *args, **kwargs).arguments
        arguments.pop("self")
        recorder.record(method.__name__, arguments, at, result)
        return result

    return call  # type: ignore[return-value]
