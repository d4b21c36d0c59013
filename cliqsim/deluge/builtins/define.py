"""How a family module adds a built-in to the table, and the argument checks they share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Protocol

from cliqsim.deluge.builtins import Alias, Define, Impl, contribute
from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.errors import DelugeLimitError, DelugeRuntimeError
from cliqsim.deluge.values import (
    MAX_NUMBER,
    MIN_NUMBER,
    Collection,
    File,
    collection_too_large,
    fail,
    to_text,
    type_name,
)

TEXT: tuple[type, ...] = (str,)
NUMBER: tuple[type, ...] = (int,)
DECIMAL: tuple[type, ...] = (float,)
NUMERIC: tuple[type, ...] = (int, float)
BOOLEAN: tuple[type, ...] = (bool,)
DATES: tuple[type, ...] = (date, datetime)
MAP: tuple[type, ...] = (dict,)
LIST: tuple[type, ...] = (list,)
COLLECTION: tuple[type, ...] = (Collection,)
FILE: tuple[type, ...] = (File,)
ANY: tuple[type, ...] = (object,)


class Family:
    """How one family module adds its built-ins to the table; each family module starts with
    `define, alias = Family(__name__).functions()`, so every contribution names its family
    (`cliqsim.deluge.builtins.contribute` refuses a module that is not one)."""

    def __init__(self, module: str) -> None:
        self.module = module

    def functions(self) -> tuple[_Define, _Alias]:
        return self.define, self.alias

    def define(
        self,
        name: str,
        category: str,
        on: tuple[type, ...],
        args: str,
        summary: str,
        *,
        function: bool = False,
        method: bool = True,
        effect: bool = False,
    ) -> Callable[[Impl], Impl]:
        """Register `impl(cx, receiver, *args)` as built-in `name` for receivers of the types
        `on`.

        `args` is the argument list as documented, besides the receiver: `"start, end?"`; a `?`
        marks an optional argument and `...` any number more. The arity comes from it. A name
        defined for several receiver types (`get` on LIST and KEY-VALUE) is one entry in the
        table, its arity the widest of its forms (`cliqsim.deluge.builtins.compose` merges them).
        """
        params = [p.strip() for p in args.split(",") if p.strip()]
        lo = sum(1 for p in params if not p.endswith("?") and p != "...")
        hi: int | None = None if "..." in params else len(params)

        def add(impl: Impl) -> Impl:
            contribute(Define(name, category, on, args, lo, hi, summary, method, function,
                              effect, impl), self.module)
            return impl

        return add

    def alias(self, name: str, of: str, category: str | None = None, *,
              function: bool | None = None) -> None:
        """Register `name` as another spelling of `of` (`containsKey` for `containKey`): a
        copy of `of` as the contributions before this one make it."""
        contribute(Alias(name, of, category, function), self.module)


class _Define(Protocol):
    def __call__(self, name: str, category: str, on: tuple[type, ...], args: str, summary: str,
                 *, function: bool = ..., method: bool = ..., effect: bool = ...,
                 ) -> Callable[[Impl], Impl]: ...


class _Alias(Protocol):
    def __call__(self, name: str, of: str, category: str | None = ..., *,
                 function: bool | None = ...) -> None: ...


# --------------------------------------------------------------------------- argument checks


def null_error(operation: str) -> DelugeRuntimeError:
    """The error for a null where `operation` (an operator or a function name) needs a value."""
    return fail(f"Null value occurred while performing {operation} operation")


def cast_error(value: object, wanted: str, fn: str) -> Exception:
    if value is None:
        return null_error(fn)
    return fail(f"'{type_name(value)}' can not be cast to '[{wanted}]' for the function {fn}")


def as_int(value: Any, fn: str) -> int:
    """A whole-number argument: a NUMBER, a whole DECIMAL or the digits of one, within 64 bits
    (`"9".repeat(30)` is refused here, not by the arithmetic that would overflow)."""
    if type(value) is int:
        return value
    number: int | None = None
    if type(value) is float and value.is_integer():
        number = int(value)
    elif type(value) is str and len(value) < 64:
        try:
            number = int(value.strip())
        except ValueError:
            pass
    if number is not None and MIN_NUMBER <= number <= MAX_NUMBER:
        return number
    raise cast_error(value, "BIGINT", fn)


def as_number(value: Any, fn: str) -> int | float:
    if type(value) is int or type(value) is float:
        return value
    if type(value) is str:
        try:
            return int(value.strip())
        except ValueError:
            try:
                return float(value.strip())
            except ValueError:
                pass
    raise cast_error(value, "DECIMAL", fn)


def as_text(value: Any, fn: str) -> str:
    if type(value) is str:
        return value
    if value is None:
        raise cast_error(value, "TEXT", fn)
    return to_text(value)


def as_bool(value: Any, fn: str) -> bool:
    if type(value) is bool:
        return value
    if type(value) is str and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise cast_error(value, "BOOLEAN", fn)


def as_list(value: Any, fn: str) -> list[Any]:
    if type(value) is list:
        return value
    if type(value) is Collection and not value.is_map:
        return value.items
    raise cast_error(value, "LIST", fn)


def as_map(value: Any, fn: str) -> dict[Any, Any]:
    if type(value) is dict:
        return value
    if type(value) is Collection and value.is_map:
        return value.mapping()
    raise cast_error(value, "MAP", fn)


def text_too_long(cx: Context, size: int) -> DelugeLimitError:
    """The error for a text of `size` characters, past the run's limit."""
    return DelugeLimitError(
        f"Text too long: {size:,} characters, more than the limit of {cx.max_text:,}"
    )


def check_text(cx: Context, text: str) -> str:
    if len(text) > cx.max_text:
        raise text_too_long(cx, len(text))
    return text


def check_size(cx: Context, size: int) -> None:
    if size > cx.max_collection:
        raise collection_too_large(size, cx.max_collection)
