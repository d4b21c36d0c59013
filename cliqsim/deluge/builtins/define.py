"""How a family module adds a built-in to the table, and the argument checks they share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from cliqsim.deluge.builtins import BUILTINS, BuiltinForm, BuiltinSpec, Impl, lookup, register
from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.errors import DelugeLimitError, DelugeRuntimeError
from cliqsim.deluge.values import (
    MAX_NUMBER,
    MIN_NUMBER,
    TYPE_NAMES,
    CaughtError,
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

# How the docs name receiver types: as error messages name value types, but for these two.
_RECEIVER_NAMES: dict[type, str] = {**TYPE_NAMES, object: "any", CaughtError: "caught error"}


def _receiver_names(types: Iterable[type]) -> str:
    return ", ".join(_RECEIVER_NAMES.get(t, t.__name__) for t in types)


def define(
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
    """Register `impl(cx, receiver, *args)` as built-in `name` for receivers of the types `on`.

    `args` is the argument list as documented, besides the receiver: `"start, end?"`; a `?`
    marks an optional argument and `...` any number more. The arity comes from it. A name
    defined for several receiver types (`get` on LIST and KEY-VALUE) is one entry in the table,
    its arity the widest of its forms.
    """
    params = [p.strip() for p in args.split(",") if p.strip()]
    lo = sum(1 for p in params if not p.endswith("?") and p != "...")
    hi: int | None = None if "..." in params else len(params)

    def add(impl: Impl) -> Impl:
        form = BuiltinForm(_receiver_names(on), f"{name}({args})", summary)
        existing = lookup(name)
        if existing is None:
            spec = BuiltinSpec(
                name, category, lo, hi, summary, method=method, function=function, effect=effect
            )
        else:
            spec = replace(
                existing,
                min_args=min(existing.min_args, lo),
                max_args=None
                if existing.max_args is None or hi is None
                else max(existing.max_args, hi),
                method=existing.method or method,
                function=existing.function or function,
                impls=existing.impls,
            )
        spec = replace(spec, forms=spec.forms + (form,), impls=spec.impls)
        for kind in on:
            spec.impls[kind] = (impl, lo, hi)
        register(spec)
        return impl

    return add


def alias(name: str, of: str, category: str | None = None, *, function: bool | None = None) -> None:
    """Register `name` as another spelling of `of` (`containsKey` for `containKey`)."""
    original = BUILTINS[of.lower()]
    register(
        replace(
            original,
            name=name,
            category=category or original.category,
            summary=f"Same as {original.name}. {original.summary}",
            function=original.function if function is None else function,
            impls=dict(original.impls),
            forms=tuple(
                BuiltinForm(f.receivers, f.signature.replace(original.name, name, 1), f.summary)
                for f in original.forms
            ),
        )
    )


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
