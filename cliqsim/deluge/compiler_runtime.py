"""The helpers compiled scripts call: operators off the fast path, iteration, built-in dispatch,
effects through the host, and the per-run state (`RunState`) with the statement budget.

Compiled code reaches *only* the names in `helper_globals()`; nothing else of Python is
reachable from a script.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from datetime import time as dtime
from time import monotonic as _monotonic
from typing import Any

from cliqsim.deluge.builtins import BUILTINS, BuiltinSpec
from cliqsim.deluge.builtins.context import Context, time_limit_error
from cliqsim.deluge.builtins.define import check_size, null_error, text_too_long
from cliqsim.deluge.builtins.implicit import convert
from cliqsim.deluge.builtins.lenient_json import parse_json
from cliqsim.deluge.builtins.maps import map_key, map_value
from cliqsim.deluge.errors import DelugeLimitError, DelugeRuntimeError, EffectBlocked
from cliqsim.deluge.host import Host
from cliqsim.deluge.small_ints import all_small_ints
from cliqsim.deluge.source import Span
from cliqsim.deluge.value_copies import plain_copy
from cliqsim.deluge.values import (
    MAX_NUMBER,
    CaughtError,
    Collection,
    File,
    check_decimal,
    check_number,
    check_text_size,
    fail,
    from_plain,
    info_text,
    plain_text,
    to_plain,
    to_text,
    type_name,
)

# --------------------------------------------------------------------------- per-run state


# Statements between two checkpoints of the budget and the deadline in a loop. Built-ins and
# effects check the deadline themselves, so this bounds only runs of plain statements.
CHECK_EVERY = 128


class RunState:
    """What one run needs: the host, the budget, the spans of the compiled script. The deadline
    lives in `cx` (`Context.deadline`), shared with the built-ins."""

    __slots__ = (
        "host", "cx", "spans", "max_statements", "max_info", "info_left", "n", "_now",
        "small_lists",
    )  # fmt: skip

    def __init__(
        self,
        host: Host,
        cx: Context,
        spans: tuple[Span, ...],
        max_statements: int,
        max_info: int = 1_000_000,
    ) -> None:
        self.host = host
        self.cx = cx
        self.spans = spans
        self.max_statements = max_statements
        self.max_info = max_info
        self.info_left = max_info  # characters of info output this run may still print
        self.n = 0
        self._now: datetime | None = None
        # The input lists the conversion found to hold only small NUMBERs, as it made them
        # (`values.from_plain_inputs`): a loop that alone ever holds one need not check it again.
        self.small_lists: tuple[list[Any], ...] = ()

    def start(self) -> tuple[int, int, int]:
        """(base, count since the base, checkpoint after the base) at the start of a run: the
        compiled code counts `_n` up from 0 and calls `tick` once it passes the checkpoint."""
        return 0, 0, min(self.max_statements, CHECK_EVERY)

    def tick(self, n: int) -> tuple[int, int, int]:
        """Called when the statement count `n` passes the last checkpoint: enforce the statement
        limit and the timeout, and return the new (base, count since the base, checkpoint)."""
        self.n = n
        if n > self.max_statements:
            raise self.budget_error()
        if _monotonic() >= self.cx.deadline:
            self.cx.time_left()  # raises the time-limit error
        left = self.max_statements - n
        return n, 0, left if left < CHECK_EVERY else CHECK_EVERY

    def budget_error(self) -> DelugeLimitError:
        return DelugeLimitError(
            f"Maximum number of executed statements ({self.max_statements:,}) exceeded: "
            "the script runs too long (a loop that never ends?)"
        )

    def before_effect(self, n: int) -> None:
        """Called before every effect with the number of statements executed so far, the
        effect's own included: an effect never happens once the budget or the time is spent."""
        if n > self.max_statements:
            self.n = n
            raise self.budget_error()
        self.cx.time_left()

    def now(self) -> datetime:
        if self._now is None:
            self._now = self.host.now().astimezone(self.cx.zone)
        return self._now

    def today(self) -> date:
        return self.now().date()


# --------------------------------------------------------------------------- unchecked loops

CHUNK = 4096  # elements of an unchecked loop between two checks of the deadline


def bounded(
    rt: RunState,
    items: Any,
    reads: tuple[Any, ...],
    executed: int,
    per_item: int,
    growth: int,
    limit: tuple[tuple[int, int], ...],
    walked_only: bool = False,
) -> bool:
    """Whether a loop of plain NUMBER arithmetic over `items` may run its unchecked copy
    (`compiler_bounded` says why that is safe): `reads` are the values of the variables its
    body reads, `executed` the statements executed before it.

    `walked_only`: the loop walks a variable the script uses for nothing else and never
    assigns (`compiler_types.only_walked`). If `items` is then one of the run's `small_lists`
    (the very object, held by `rt`, so no other list can take its identity), nothing can have
    changed it since its conversion checked every element, and it is not checked again."""
    if type(items) is not list:
        return False
    n = len(items)
    if executed + per_item * n > rt.max_statements:
        return False  # the checked code stops it where the budget runs out
    largest = 0
    for value in reads:
        if type(value) is not int:
            return False
        if value > largest:
            largest = value
        elif -value > largest:
            largest = -value
    c = largest + n * growth
    if sum(coefficient * c**power for power, coefficient in limit) > MAX_NUMBER:
        return False
    if walked_only:
        for checked in rt.small_lists:
            if checked is items:
                return True
    return all_small_ints(items)


def counters(rt: RunState, values: tuple[Any, ...], step: int) -> bool:
    """Whether the variables a loop changes only by adding or taking a constant of at most
    `step` (`compiler_types.loop_counters`; `values` their values as the loop starts) stay
    NUMBERs within 64 bits whatever the loop does: each is a NUMBER now, at most
    MAX - step x (max_statements + 1) in magnitude, and each change is a statement, of which
    the run executes at most `max_statements`. The loop's typed copy then adds without a
    range check (`compiler.loop_counters`)."""
    room = MAX_NUMBER - step * (rt.max_statements + 1)
    for value in values:
        if type(value) is not int or value > room or -value > room:
            return False
    return True


def chunks(items: list[Any], cx: Context) -> Iterator[list[Any]]:
    """`items` in slices of `CHUNK` elements, the deadline checked before each but the first
    (an unchecked loop checks nothing else)."""
    if len(items) <= CHUNK:
        yield items
        return
    for start in range(0, len(items), CHUNK):
        if start:
            cx.time_left()
        yield items[start : start + CHUNK]


# --------------------------------------------------------------------------- operators

_NUMERIC = (int, float)


def _bad_operands(op: str, a: Any, b: Any) -> DelugeRuntimeError:
    """Zoho's error-messages page, "Type mismatch" (a save error in Deluge; cliqsim reports it
    when the types meet at run time, and `cliqsim check` when both sides are literals)."""
    return fail(
        f"In Criteria left expression is of type {type_name(a)} and right expression is of "
        f"type {type_name(b)} and the operator {op} is not valid"
    )


def add(a: Any, b: Any, cx: Context) -> Any:
    ta, tb = type(a), type(b)
    if ta is str or tb is str:
        text = to_text(a) + to_text(b)
        if len(text) > cx.max_text:
            raise text_too_long(cx, len(text))
        return text
    if ta is int and tb is int:
        return check_number(a + b)
    if (ta is int or ta is float) and (tb is int or tb is float):
        return check_decimal(a + b)
    if a is None or b is None:
        raise null_error("+")
    if isinstance(a, date) and tb is int:
        return _shift_days(a, b)
    if isinstance(b, date) and ta is int:
        return _shift_days(b, a)
    raise _bad_operands("+", a, b)


def _shift_days(value: date, days: int) -> date:
    try:
        return value + timedelta(days=days)
    except OverflowError:
        raise fail("The date is out of range") from None


def too_long(text: str, cx: Context) -> Any:
    raise text_too_long(cx, len(text))


def too_long_join(before: int, joined: int, shorts: tuple[int, ...], cx: Context) -> Any:
    """`s = s + x + "a" + ...` appended at once went past the text limit: raise the error the
    joins one at a time give. `before` is the length of `s`, `joined` of all that was appended,
    `shorts` of the short parts after `x`."""
    size = before + joined - sum(shorts)
    for length in (0, *shorts):
        size += length
        if size > cx.max_text:
            break
    raise text_too_long(cx, size)


def too_long_parts(text: str, tail: tuple[int, ...], cx: Context) -> Any:
    """`a + b + c` joined at once went past the text limit: raise the error the joins one at a
    time give, at the first that passes it. `text` is the whole, `tail` the lengths of the
    parts after the first."""
    size = len(text) - sum(tail)
    for length in tail:
        size += length
        if size > cx.max_text:
            break
    raise text_too_long(cx, size)


def sub(a: Any, b: Any, cx: Context | None = None) -> Any:
    """NUMBER and DECIMAL subtract; a DATE or DATE-TIME minus a NUMBER goes back that many days;
    DATE(-TIME) minus DATE(-TIME) is the NUMBER of milliseconds between them, a DATE counted from
    its midnight in the script's zone (cliqsim's assumption from published scripts, which divide
    `zoho.currentdate - Date_of_Birth` by `1000 * 3600 * 24`: docs/deluge.md)."""
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        return check_number(a - b)
    if (ta is int or ta is float) and (tb is int or tb is float):
        return check_decimal(a - b)
    if a is None or b is None:
        raise null_error("-")
    if isinstance(a, date):
        if tb is int:
            return _shift_days(a, -b)
        if isinstance(b, date):
            return _millis_between(b, a, cx)
    raise _bad_operands("-", a, b)


def _millis_between(start: date, end: date, cx: Context | None) -> int:
    zone = cx.zone if cx is not None else _zone_of(start, end)
    first, last = (
        value if isinstance(value, datetime) else datetime.combine(value, dtime(), tzinfo=zone)
        for value in (start, end)
    )
    if (first.tzinfo is None) != (last.tzinfo is None):
        first, last = first.replace(tzinfo=None), last.replace(tzinfo=None)
    return check_number((last - first) // timedelta(milliseconds=1))


def _zone_of(*values: date) -> Any:
    for value in values:
        if isinstance(value, datetime):
            return value.tzinfo
    return None


def mul(a: Any, b: Any) -> Any:
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        return check_number(a * b)
    if (ta is int or ta is float) and (tb is int or tb is float):
        return check_decimal(a * b)
    if a is None or b is None:
        raise null_error("*")
    raise _bad_operands("*", a, b)


def div(a: Any, b: Any) -> Any:
    """NUMBER / NUMBER is a NUMBER when it divides exactly, else a DECIMAL."""
    ta, tb = type(a), type(b)
    if (ta is int or ta is float) and (tb is int or tb is float):
        if b == 0:
            raise fail("Error in performing the Operation / : Divide by zero error")
        if ta is int and tb is int and a % b == 0:
            return check_number(a // b)
        return check_decimal(a / b)
    if a is None or b is None:
        raise null_error("/")
    raise _bad_operands("/", a, b)


def mod(a: Any, b: Any) -> Any:
    """The remainder takes the sign of the dividend, as in Java."""
    ta, tb = type(a), type(b)
    if (ta is int or ta is float) and (tb is int or tb is float):
        if b == 0:
            raise fail("Error in performing the Operation % : Divide by zero error")
        if ta is int and tb is int:
            r = abs(a) % abs(b)
            return -r if a < 0 else r
        r2 = abs(a) % abs(b)
        return check_decimal(-r2 if a < 0 else r2)
    # Zoho's error-messages page: a remainder with null or another type.
    raise fail("On performing mod operation mismatch of data type expressions found")


def neg(a: Any) -> Any:
    if type(a) is int:
        return check_number(-a)
    if type(a) is float:
        return -a
    if a is None:
        raise null_error("-")
    raise fail(
        f"In Criteria left expression is of type NUMBER and right expression is of type "
        f"{type_name(a)} and the operator - is not valid"
    )


_NUMERIC_TEXT = re.compile(r"-?[0-9]{1,40}(?:\.[0-9]{1,40})?")


def text_number(value: Any) -> int | float | None:
    """The number a TEXT spells exactly (`"7001"`, `"-2.5"`), else None: the form in which a
    text meets a number in `==`, `!=`, `<`, `>`, `<=`, `>=` (cliqsim's choice, docs/deluge.md)."""
    if type(value) is not str or not _NUMERIC_TEXT.fullmatch(value):
        return None
    return float(value) if "." in value else int(value)


def eq(a: Any, b: Any) -> bool:
    """Deluge `==`: numbers compare by value (1 == 1.0), a text that spells a number equals
    that number (`7001 == "7001"`), a date equals the date-time at its midnight, other types
    are equal only to values of the same type."""
    ta, tb = type(a), type(b)
    if ta is tb:
        return bool(a == b)
    if (ta is int or ta is float) and (tb is int or tb is float):
        return bool(a == b)
    if isinstance(a, date) and isinstance(b, date):
        return _as_moment(a, b) == _as_moment(b, a)
    if ta is str and (tb is int or tb is float):
        n = text_number(a)
        return n is not None and n == b
    if tb is str and (ta is int or ta is float):
        n = text_number(b)
        return n is not None and n == a
    return False


def ne(a: Any, b: Any) -> bool:
    return not eq(a, b)


def _as_moment(value: date, other: date) -> datetime:
    if isinstance(value, datetime):
        return value
    zone = other.tzinfo if isinstance(other, datetime) else None
    return datetime.combine(value, dtime(), tzinfo=zone)


def compare(op: str, a: Any, b: Any) -> bool:
    ta, tb = type(a), type(b)
    if (ta is int or ta is float) and (tb is int or tb is float):
        x, y = a, b
    elif isinstance(a, date) and isinstance(b, date):
        x, y = _as_moment(a, b), _as_moment(b, a)
    elif ta is str and tb is str:
        # the relational-operators page: "Text (only for 'Equals' operator)"; texts that both
        # spell numbers compare by value, as a text meets a number (docs/deluge.md)
        x, y = text_number(a), text_number(b)
        if x is None or y is None:
            raise _bad_operands(op, a, b)
    elif ta is str and (tb is int or tb is float) and (n := text_number(a)) is not None:
        x, y = n, b
    elif tb is str and (ta is int or ta is float) and (n := text_number(b)) is not None:
        x, y = a, n
    elif a is None or b is None:
        raise null_error(op)
    else:
        raise fail(
            f"An error occurred while performing this action: cannot compare "
            f"{type_name(a)} {op} {type_name(b)}"
        )
    if op == "<":
        return bool(x < y)
    if op == ">":
        return bool(x > y)
    if op == "<=":
        return bool(x <= y)
    return bool(x >= y)


def truth(value: Any, what: str = "condition") -> bool:
    if value is True or value is False:
        return bool(value)
    if value is None:
        raise null_error(what)
    raise fail(f"The {what} must be a BOOLEAN (true or false), not {type_name(value)}")


# --------------------------------------------------------------------------- iteration


def each(value: Any, cx: Context) -> Any:
    """What `for each` walks: a list's elements (live), a map's keys, comma-separated text,
    a CSV file's rows (for-each-element page: "a list, comma-separated text, or a CSV file")."""
    kind = type(value)
    if kind is list:
        return value
    if kind is dict:
        return list(value)
    if kind is str:
        return value.split(",")
    if kind is Collection:
        return list(value.mapping()) if value.is_map else value.items
    if kind is File:
        from cliqsim.deluge.builtins.files import csv_rows

        return csv_rows(value)
    if value is None:
        raise null_error("for each")
    raise fail(f"'{type_name(value)}' can not be cast to '[LIST]' for the for each statement")


def indexes(value: Any, cx: Context) -> Iterator[int]:
    """`for each index i in list`: 0, 1, ... while i is inside the (possibly growing) list."""
    items = each(value, cx)
    i = 0
    while i < len(items):
        yield i
        i += 1


# --------------------------------------------------------------------------- values


def make_map(pairs: tuple[tuple[Any, Any], ...], cx: Context) -> dict[str, Any]:
    result = {map_key(k, "map"): map_value(v, cx) for k, v in pairs}
    return result


def _one_argument(args: tuple[Any, ...], name: str) -> Any:
    if len(args) != 1:
        raise fail(
            f"Number of Arguments mismatches for the function {name}: it takes 0 to 1, "
            f"got {len(args)}"
        )
    return args[0]


def make_list(args: tuple[Any, ...], cx: Context) -> list[Any]:
    """`List(other)`: a copy of a list, a collection's values, or the list a JSON text spells;
    `List(null)` is empty. Other text gives its comma-separated parts, as the Create list page
    says ("If the text value has a comma, words (or empty strings) on either side of the comma
    will be considered as individual list elements")."""
    value = _one_argument(args, "List")
    if value is None:
        return []
    if type(value) is list:
        return list(value)
    if type(value) is Collection:
        return list(value.items) if not value.is_map else list(value.mapping().values())
    if type(value) is str and value.strip().startswith("["):
        parsed = parse_json(value)
        if type(parsed) is list:
            return parsed
    if type(value) is str:
        check_size(cx, value.count(",") + 1)
        return list(value.split(","))
    raise fail(f"'{type_name(value)}' can not be cast to '[LIST]' for the function List")


def copy_map(args: tuple[Any, ...], cx: Context) -> dict[str, Any]:
    """`Map(other)`: a new map holding the pairs of a map, a key-value collection or the JSON
    object a text spells; `Map(null)` is empty. Anything else fails as Deluge's error page says
    ("'NUMBER' can not be cast to 'MAP'")."""
    value = _one_argument(args, "Map")
    if value is None:
        return {}
    if type(value) is dict:
        return dict(value)
    if type(value) is Collection and value.is_map:
        return dict(value.mapping())
    if type(value) is str and value.strip().startswith("{"):
        parsed = parse_json(value)
        if type(parsed) is dict:
            return parsed
    raise fail(f"'{type_name(value)}' can not be cast to 'MAP'")


def make_collection(items: list[Any], pairs: tuple[tuple[Any, Any], ...], cx: Context) -> Any:
    if pairs:
        check_size(cx, len(pairs))
        return Collection(entries={map_key(k, "Collection"): v for k, v in pairs})
    return Collection(items=items) if items else Collection.undecided()


def caught(error: DelugeRuntimeError) -> CaughtError:
    return CaughtError(error.line, error.message)


# --------------------------------------------------------------------------- built-in calls


def _arity_error(spec: BuiltinSpec, got: int, lo: int, hi: int | None) -> DelugeRuntimeError:
    wanted = f"{lo}" if hi == lo else f"{lo} or more" if hi is None else f"{lo} to {hi}"
    return fail(
        f"Number of Arguments mismatches for the function {spec.name}: it takes {wanted}, got {got}"
    )


def dispatcher(spec: BuiltinSpec) -> Callable[..., Any]:
    """The callable compiled code uses for `receiver.name(args)` and `name(receiver, args)`."""
    impls = spec.impls
    fallback = impls.get(object)
    name = spec.name

    def call(cx: Context, receiver: Any, *args: Any) -> Any:
        entry = impls.get(type(receiver)) or fallback
        if entry is None and receiver is not None:
            converted = convert(impls, receiver, name, cx.zone)
            if converted is not None:
                entry, receiver = converted
        if entry is None:
            if receiver is None:
                raise null_error(name)
            works_on = ", ".join(f.receivers for f in spec.forms)
            raise fail(
                f"Not able to find '{name}' function for {type_name(receiver)}: "
                f"{name} works on {works_on}"
            )
        impl, lo, hi = entry
        if len(args) < lo or (hi is not None and len(args) > hi):
            raise _arity_error(spec, len(args), lo, hi)
        if _monotonic() > cx.deadline:  # a slow built-in in a short loop: stop at the next one
            raise time_limit_error(cx.timeout_s)
        try:
            return impl(cx, receiver, *args)
        except (ArithmeticError, ValueError, TypeError, LookupError) as error:
            # A built-in met values it does not guard against: still a Deluge error, naming
            # the function (tests/deluge/test_builtins_fuzz.py looks for these).
            raise fail(f"Invalid arguments for the function {name}: {error}") from None

    return call


_DISPATCHERS: dict[str, Callable[..., Any]] = {}


def dispatcher_for(name: str) -> Callable[..., Any]:
    key = name.lower()
    found = _DISPATCHERS.get(key)
    if found is None:
        found = _DISPATCHERS[key] = dispatcher(BUILTINS[key])
    return found


def unknown_function(name: str) -> Any:
    raise fail(f"Not able to find '{name}' function")


def no_arguments(name: str) -> Any:
    raise fail(f"Number of Arguments mismatches for the function {name}: it needs a value")


def outside_loop(word: str) -> Any:
    raise fail(f"'{word}' can be used only inside a for each loop")


# --------------------------------------------------------------------------- effects


def _span(rt: RunState, sid: int) -> Span:
    return rt.spans[sid]


def system_variable(rt: RunState, name: str, sid: int) -> Any:
    return from_plain(rt.host.system_variable(name, _span(rt, sid)), rt.cx.zone, name)


# Each effect gets `n`, the statements executed when it happens (its own included), and checks
# the budget and the deadline before it reaches the host.


def _plain(rt: RunState, value: Any, what: str) -> Any:
    """`value` as plain data for the host, refused before it is copied if its text would pass
    the text limit (a list of a thousand references to one long text)."""
    if type(value) is str and len(value) <= rt.cx.max_text:
        return plain_text(value)
    plain = plain_copy(value, rt.cx.max_text)
    if plain is not None:
        return plain
    check_text_size(value, what, rt.cx.max_text)
    return to_plain(value)


def task(rt: RunState, name: str, args: list[Any], sid: int, n: int) -> Any:
    plain = _plain(rt, args, f"the arguments of {name}")
    rt.before_effect(n)
    result = rt.host.call_task(name, plain, _span(rt, sid))
    return from_plain(result, rt.cx.zone, f"result of {name}")


def _block_params(rt: RunState, pairs: tuple[tuple[str, Any], ...], what: str) -> dict[str, Any]:
    return {key: _plain(rt, value, f"{what} {key}") for key, value in pairs}


def invoke_url(rt: RunState, pairs: tuple[tuple[str, Any], ...], sid: int, n: int) -> Any:
    request = _block_params(rt, pairs, "invokeurl")
    if not request.get("url"):
        raise fail('invokeurl needs a url: add a line like  url: "https://..."')
    request["type"] = str(request.get("type") or "GET").upper()
    rt.before_effect(n)
    result = rt.host.invoke_url(request, _span(rt, sid))
    return from_plain(result, rt.cx.zone, "invokeurl response")


def send_mail(rt: RunState, pairs: tuple[tuple[str, Any], ...], sid: int, n: int) -> None:
    params = _block_params(rt, pairs, "sendmail")
    missing = [key for key in ("from", "to", "subject", "message") if params.get(key) in (None, "")]
    if missing:
        raise fail(f"sendmail needs {', '.join(missing)}: add a line like  {missing[0]}: ...")
    rt.before_effect(n)
    rt.host.send_mail(params, _span(rt, sid))


def _url_options(request: dict[str, Any], options: tuple[Any, ...], name: str) -> None:
    """The optional arguments of getUrl/postUrl, told apart by type as Deluge does: a map is
    the headers, a BOOLEAN the simple-response flag (`getUrl(url, false)` and
    `getUrl(url, headers, false)` both work). `false` asks for the whole response:
    `{"responseCode", "responseText", "responseHeader"}` (the host's `detailed: true`)."""
    for option in options:
        if option is None:
            continue
        if type(option) is bool or (type(option) is str and option.lower() in ("true", "false")):
            simple = option if type(option) is bool else option.lower() == "true"
            request["simple"] = simple
            if not simple:
                request["detailed"] = True
        elif type(option) in (dict, Collection):
            request["headers"] = to_plain(option)
        else:
            raise fail(
                f"'{type_name(option)}' can not be cast to '[MAP, BOOLEAN]' for the function {name}"
            )


def get_url(rt: RunState, sid: int, n: int, url: Any, *options: Any) -> Any:
    request: dict[str, Any] = {"url": _plain(rt, url, "getUrl url"), "type": "GET"}
    _url_options(request, options, "getUrl")
    rt.before_effect(n)
    return from_plain(rt.host.invoke_url(request, _span(rt, sid)), rt.cx.zone, "getUrl response")


def post_url(rt: RunState, sid: int, n: int, url: Any, body: Any = None, *options: Any) -> Any:
    request: dict[str, Any] = {
        "url": _plain(rt, url, "postUrl url"),
        "type": "POST",
        "parameters": _plain(rt, body, "postUrl body"),
    }
    _url_options(request, options, "postUrl")
    rt.before_effect(n)
    return from_plain(rt.host.invoke_url(request, _span(rt, sid)), rt.cx.zone, "postUrl response")


def info(rt: RunState, value: Any, sid: int, n: int) -> None:
    """One `info` line. The output of a run is cut past `max_info` characters in all (as
    Creator cuts it at 500 KB): the line that passes it ends with a note, later lines are not
    printed (nor built)."""
    rt.before_effect(n)
    left = rt.info_left
    if left <= 0:
        return
    text = info_text(value)
    if len(text) > left:
        text = f"{text[:left]} ... (info output cut: more than {rt.max_info:,} characters)"
        rt.info_left = 0
    else:
        rt.info_left = left - len(text)
    rt.host.info(plain_text(text), _span(rt, sid))


NOT_CAUGHT = (DelugeLimitError, EffectBlocked)


def helper_globals() -> dict[str, Any]:
    """The whole world of a compiled script: these helpers and nothing else (no builtins)."""
    return {
        "__builtins__": {},
        "_type": type,
        "_bool": bool,
        "_len": len,
        "_int": int,
        "_str": str,
        "_list": list,
        "_dict": dict,
        "_add": add,
        "_text": to_text,
        "_too_long": too_long,
        "_too_long_parts": too_long_parts,
        "_too_long_join": too_long_join,
        "_sub": sub,
        "_mul": mul,
        "_div": div,
        "_mod": mod,
        "_neg": neg,
        "_eq": eq,
        "_ne": ne,
        "_cmp": compare,
        "_truth": truth,
        "_each": each,
        "_bounded": bounded,
        "_counters": counters,
        "_chunks": chunks,
        "_indexes": indexes,
        "_make_map": make_map,
        "_map_value": map_value,
        "_make_list": make_list,
        "_copy_map": copy_map,
        "_make_collection": make_collection,
        "_open_collection": Collection.undecided,
        "_unknown": unknown_function,
        "_no_args": no_arguments,
        "_outside_loop": outside_loop,
        "_sysvar": system_variable,
        "_task": task,
        "_invokeurl": invoke_url,
        "_sendmail": send_mail,
        "_geturl": get_url,
        "_posturl": post_url,
        "_info": info,
        "_DRE": DelugeRuntimeError,
        "_NOT_CAUGHT": NOT_CAUGHT,
        "_isinstance": isinstance,
    }
