"""NUMBER and DECIMAL built-ins: rounding, powers, logarithms, trigonometry, min/max, random."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from decimal import Context as DecimalContext
from typing import Any

from cliqsim.deluge.builtins import fdlibm
from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import ANY, NUMERIC, TEXT, Family, as_int, as_number
from cliqsim.deluge.values import Collection, check_number, fail

define = Family(__name__).define

CAT = "number"
_MAX_PLACES = 308  # decimal places past which 10.0 ** places leaves a DECIMAL's range


def _finite(value: float, fn: str) -> float:
    if math.isnan(value) or math.isinf(value):
        raise fail(f"The function {fn} gave no finite value")
    return value


def _whole(value: float, fn: str) -> int:
    return check_number(int(_finite(value, fn)))


@define("abs", CAT, NUMERIC, "", "The absolute value.", function=True)
def absolute(cx: Context, n: Any) -> Any:
    return check_number(abs(n)) if type(n) is int else abs(n)


@define("ceil", CAT, NUMERIC, "", "The smallest whole number not below the value.", function=True)
def ceil(cx: Context, n: Any) -> int:
    return n if type(n) is int else _whole(math.ceil(_finite(n, "ceil")), "ceil")


@define("floor", CAT, NUMERIC, "", "The largest whole number not above the value.", function=True)
def floor(cx: Context, n: Any) -> int:
    return n if type(n) is int else _whole(math.floor(_finite(n, "floor")), "floor")


_WIDE = DecimalContext(prec=800, Emax=999_999, Emin=-999_999)  # room for any double at any scale


@define(
    "round",
    CAT,
    NUMERIC,
    "places?",
    "The value rounded half away from zero to `places` decimals (default 0: a NUMBER).",
    function=True,
)
def round_(cx: Context, n: Any, places: Any = 0) -> Any:
    digits = as_int(places, "round")
    if type(n) is int and digits >= 0:
        return n
    if digits > _MAX_PLACES:  # finer than a DECIMAL can tell apart: nothing to round
        return n
    if digits < -_MAX_PLACES:  # coarser than any DECIMAL: rounds to zero
        return 0
    # Half away from zero on the DECIMAL as written (Java's BigDecimal.valueOf(n) with HALF_UP):
    # 1.005.round(2) is 1.01, although the double nearest 1.005 lies just below it.
    exact = Decimal(repr(_finite(n, "round")))
    step = Decimal(1).scaleb(-digits)
    rounded = float(exact.quantize(step, rounding=ROUND_HALF_UP, context=_WIDE))
    return _whole(rounded, "round") if digits <= 0 else _finite(rounded, "round")


@define(
    "truncate",
    CAT,
    NUMERIC,
    "places?",
    "The value cut (not rounded) to `places` decimals.",
    function=True,
)
def truncate(cx: Context, n: Any, places: Any = 0) -> Any:
    digits = as_int(places, "truncate")
    if type(n) is int:
        return n
    if digits > _MAX_PLACES:
        return n
    if digits < -_MAX_PLACES:
        return 0
    scale = 10.0**digits
    scaled = n * scale
    # past 2**53 a DECIMAL is whole already: nothing after the point to cut (and `n * scale`
    # may not even be finite: -1e308 at 2 places)
    cut = math.trunc(scaled) / scale if math.isfinite(scaled) else n
    return _whole(cut, "truncate") if digits <= 0 else cut


@define("frac", CAT, NUMERIC, "", "The fractional part of the value.", function=True)
def frac(cx: Context, n: Any) -> float:
    """The digits after the point as written (24.6 gives 0.6, -25.1 gives -0.1: its page)."""
    if type(n) is int:
        return 0.0
    exact = Decimal(repr(_finite(n, "frac")))
    return float(exact - exact.to_integral_value(rounding=ROUND_DOWN))


@define("signum", CAT, NUMERIC, "", "-1, 0 or 1 by the sign of the value.", function=True)
def signum(cx: Context, n: Any) -> int:
    return (n > 0) - (n < 0)


@define(
    "sqrt",
    CAT,
    NUMERIC,
    "",
    "The square root (a DECIMAL); null below 0 (functions/number/sqrt).",
    function=True,
)
def sqrt(cx: Context, n: Any) -> float | None:
    if n < 0:
        return None
    return math.sqrt(n)


def _logarithm(fn: Callable[[float], float], name: str) -> Callable[[Context, Any], float | None]:
    """log and log10: null for 0 and below (creator's built-in-function-number-log)."""

    def compute(cx: Context, n: Any) -> float | None:
        if n <= 0:
            return None
        return _finite(fn(float(n)), name)

    return compute


define(
    "log",
    CAT,
    NUMERIC,
    "",
    "The natural logarithm; null for 0 and below (creator's built-in-function-number-log).",
    function=True,
)(_logarithm(math.log, "log"))
define(
    "log10", CAT, NUMERIC, "", "The base-10 logarithm; null for 0 and below.", function=True
)(_logarithm(math.log10, "log10"))


@define(
    "power",
    CAT,
    NUMERIC,
    "exponent",
    "The value raised to `exponent` (a NUMBER when both are whole and the exponent is not "
    "negative).",
    function=True,
)
def power(cx: Context, n: Any, exponent: Any) -> Any:
    e = as_number(exponent, "power")
    if type(n) is int and type(e) is int and e >= 0:
        if e > 64 and abs(n) > 1:
            raise fail("Number out of range: the result does not fit in a 64-bit NUMBER")
        return check_number(n**e)
    try:
        result = float(n) ** float(e)
    except (OverflowError, ZeroDivisionError):
        raise fail("The function power gave no finite value") from None
    if type(result) is not float:  # a negative base to a fractional power: no real value
        raise fail("The function power gave no finite value")
    return _finite(result, "power")


def _unary(fn: Callable[[float], float], name: str) -> Callable[[Context, Any], float]:
    def compute(cx: Context, n: Any) -> float:
        try:
            return _finite(fn(float(n)), name)
        except (ValueError, OverflowError, ZeroDivisionError):
            raise fail(f"The value {n} is outside the domain of the function {name}") from None

    return compute


def _asinh(x: float) -> float:
    """ln(x + sqrt(x^2 + 1)): the digits the asinh page prints (asinh(1) is 0.8813735870195429)."""
    return math.log(x + math.sqrt(x * x + 1)) if x >= 0 else -math.log(-x + math.sqrt(x * x + 1))


def _acosh(x: float) -> float:
    return math.log(x + math.sqrt(x * x - 1))


def _atanh(x: float) -> float:
    return 0.5 * math.log((1 + x) / (1 - x))


for _name, _fn, _summary in (
    ("exp", math.exp, "e raised to the value."),
    ("sin", fdlibm.sin, "The sine of an angle in radians (Java's digits: fdlibm)."),
    ("cos", fdlibm.cos, "The cosine of an angle in radians (Java's digits: fdlibm)."),
    ("tan", math.tan, "The tangent of an angle in radians."),
    ("asin", math.asin, "The arc sine, in radians."),
    ("acos", math.acos, "The arc cosine, in radians."),
    ("atan", math.atan, "The arc tangent, in radians."),
    ("sinh", math.sinh, "The hyperbolic sine."),
    ("cosh", math.cosh, "The hyperbolic cosine."),
    ("tanh", math.tanh, "The hyperbolic tangent."),
    ("asinh", _asinh, "The hyperbolic arc sine."),
    ("acosh", _acosh, "The hyperbolic arc cosine (the value at least 1)."),
    ("atanh", _atanh, "The hyperbolic arc tangent (the value between -1 and 1)."),
    ("toDegrees", math.degrees, "Radians converted to degrees."),
    ("toRadians", math.radians, "Degrees converted to radians."),
):
    define(_name, CAT, NUMERIC, "", _summary, function=True)(_unary(_fn, _name))


@define("atan2", CAT, NUMERIC, "x", "The angle of the point (x, value) in radians.", function=True)
def atan2(cx: Context, y: Any, x: Any) -> float:
    return math.atan2(float(y), float(as_number(x, "atan2")))


@define("max", CAT, NUMERIC, "other", "The larger of the two numbers.", function=True)
def maximum(cx: Context, a: Any, b: Any) -> Any:
    other = as_number(b, "max")
    return a if a >= other else other


@define("min", CAT, NUMERIC, "other", "The smaller of the two numbers.", function=True)
def minimum(cx: Context, a: Any, b: Any) -> Any:
    other = as_number(b, "min")
    return a if a <= other else other


@define(
    "randomNumber",
    CAT,
    NUMERIC,
    "end",
    "A random number from the value up to `end`, never `end` itself (randomNumber(1, 3) is 1 or "
    "2, functions/number/randomnumber); a DECIMAL when either limit is one.",
    function=True,
)
def random_number(cx: Context, start: Any, end: Any) -> int | float:
    low, high = as_number(start, "randomNumber"), as_number(end, "randomNumber")
    if low > high:
        low, high = high, low
    if type(low) is int and type(high) is int:
        return low if low == high else cx.random.randrange(low, high)
    value = cx.random.uniform(float(low), float(high))
    return float(low) if value >= high else value


@define("isEven", CAT, NUMERIC, "", "Whether the number is even.", function=True)
def is_even(cx: Context, n: Any) -> bool:
    return type(n) is int and n % 2 == 0


@define("isOdd", CAT, NUMERIC, "", "Whether the number is odd.", function=True)
def is_odd(cx: Context, n: Any) -> bool:
    return type(n) is int and n % 2 == 1


@define(
    "isNumber",
    CAT,
    ANY,
    "",
    "Whether the value is a number, or text (quoted) that spells one; null for a list or map.",
    function=True,
)
def is_number(cx: Context, value: Any) -> bool | None:
    if type(value) in (int, float):
        return True
    if type(value) in (list, dict, Collection):
        return None
    if type(value) is not str:
        return False
    text = value.strip()
    try:
        number = float(text)
    except ValueError:
        return False
    return math.isfinite(number) and text.lower() not in ("nan", "inf", "infinity")


@define(
    "isDecimal",
    CAT,
    NUMERIC + TEXT,
    "",
    "Whether the value is a number or text that spells one.",
    function=True,
)
def is_decimal(cx: Context, value: Any) -> bool:
    if type(value) in (int, float):
        return True
    try:
        return math.isfinite(float(value.strip()))
    except ValueError:
        return False
