"""Number patterns for `toString(pattern)`: the subset of Java's DecimalFormat Deluge scripts use.

`number_format(1530.0, "0.00")` is "1530.00"; `number_format(1234567.891, "#,##0.##")` is
"1,234,567.89". A `0` is a digit always shown, `#` a digit shown when not zero, `,` groups the
whole part (the group size is the number of digits after the last comma), `.` separates the
decimals. Rounding is half-even, as DecimalFormat's default. Text around the digits (a prefix
such as `$` or a suffix such as ` kg`, or `'quoted'` text) is copied; a `%` multiplies by 100.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Context, Decimal

# Digits for any 64-bit float written in full (about 310 before the point); the pattern's
# decimals come on top, so quantize never runs out of precision (it raised InvalidOperation).
_WHOLE_DIGITS = 330

_PATTERN = re.compile(r"(?P<prefix>[^#0,.]*)(?P<digits>[#0,]*(?:\.[#0]*)?)(?P<suffix>[^#0,.]*)")


def is_number_pattern(pattern: str) -> bool:
    """Whether `pattern` is a number pattern ("0.00", "#,##0") rather than a date pattern."""
    match = _PATTERN.fullmatch(pattern)
    if match is None or not re.search(r"[#0]", match.group("digits")):
        return False
    around = _unquoted(match.group("prefix")) + _unquoted(match.group("suffix"))
    return not re.search(r"[A-Za-z]", around)


def has_digits(pattern: str) -> bool:
    """Whether `pattern` has the shape of a number pattern (digits with any text around them),
    letters in the text allowed: `text(12.5, "0.00 per hour")`."""
    match = _PATTERN.fullmatch(pattern)
    return match is not None and re.search(r"[#0]", match.group("digits")) is not None


def _unquoted(text: str) -> str:
    return re.sub(r"'[^']*'", "", text)


def number_format(value: int | float, pattern: str) -> str:
    match = _PATTERN.fullmatch(pattern)
    assert match is not None
    prefix, digits, suffix = match.group("prefix", "digits", "suffix")
    whole, _, fraction = digits.partition(".")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if "%" in prefix + suffix:
        number *= 100
    min_fraction = fraction.count("0")
    max_fraction = len(fraction)
    context = Context(prec=_WHOLE_DIGITS + max_fraction, rounding=ROUND_HALF_EVEN)
    rounded = number.quantize(Decimal(1).scaleb(-max_fraction), context=context)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):f}"
    int_part, _, frac_part = text.partition(".")
    frac_part = frac_part.rstrip("0")
    if len(frac_part) < min_fraction:
        frac_part = frac_part.ljust(min_fraction, "0")
    min_whole = whole.replace(",", "").count("0")
    int_part = int_part.lstrip("0") or ""
    int_part = int_part.rjust(min_whole, "0")
    if not int_part and not frac_part:
        int_part = "0"
    if "," in whole:
        size = len(whole) - whole.rindex(",") - 1
        if size > 0:
            groups: list[str] = []
            while len(int_part) > size:
                groups.insert(0, int_part[-size:])
                int_part = int_part[:-size]
            int_part = ",".join([int_part, *groups]) if int_part else ",".join(groups)
    body = int_part + ("." + frac_part if frac_part else "")
    return _literal(prefix) + sign + body + _literal(suffix)


def _literal(text: str) -> str:
    return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", text)
