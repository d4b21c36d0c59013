"""The error value `e` of `try {...} catch (e) {...}`: `e.lineNo`, `e.message`, `e.get(...)`."""

from __future__ import annotations

from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import Family, as_text
from cliqsim.deluge.values import CaughtError

define = Family(__name__).define

CAT = "error"
ERROR: tuple[type, ...] = (CaughtError,)


@define("lineNo", CAT, ERROR, "", "The line the caught error happened on (`e.lineNo`).")
def line_no(cx: Context, e: CaughtError) -> int | None:
    return e.line


@define("message", CAT, ERROR, "", "The caught error's message (`e.message`).")
def message(cx: Context, e: CaughtError) -> str:
    return e.message


@define("get", CAT, ERROR, "key", '`e.get("lineNo")` or `e.get("message")`; else null.')
def get(cx: Context, e: CaughtError, key: Any) -> Any:
    name = as_text(key, "get")
    return e.line if name == "lineNo" else e.message if name == "message" else None
