"""Deluge's regular expressions: Java's dialect, run by the `regex` package under the run's
deadline.

Deluge's `matches`, `replaceAll`, `replaceFirst` (and their IgnoreCase forms) take Java patterns
(Zoho's "matches" page: `matches(IDValue, "[A-Z]{2}[0-9]{6}[A-Z]")`,
`matches(num, "\\$[0-9]+\\.[0-9]{2}")`). `regex` reads nearly all of Java's syntax as it is —
possessive quantifiers, atomic groups, `(?<name>...)`, `\\p{Alpha}`, `\\p{L}`, `\\z`, `\\h`,
`\\R`, inline flags — and this module translates the rest:

- `\\Q...\\E` quotes literally; `\\x{h...h}`, `\\0ooo` (octal), `\\cX` (control), `\\e` (escape);
- `\\d`, `\\w`, `\\s` (and `\\D`, `\\W`, `\\S` outside `[...]`) are ASCII, as Java's are by default;
- a character class with `&&` (intersection) is read with `regex`'s V1 syntax, as Java reads it.

Case-insensitive forms fold case over all of Unicode (Java folds only ASCII unless told
otherwise; Deluge's choice is not documented, and Unicode folding is what users expect).

Every match gets the time left before the run's deadline as its `timeout`: a catastrophic
pattern (`(a|aa)+$` on a long text) stops with the run's time-limit error instead of hanging.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache
from types import ModuleType
from typing import Any

from cliqsim.deluge.builtins.context import Context, time_limit_error
from cliqsim.deluge.builtins.define import text_too_long
from cliqsim.deluge.values import fail

_ASCII_CLASSES = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": "[a-zA-Z_0-9]",
    "W": "[^a-zA-Z_0-9]",
    "s": "[ \\t\\n\\x0B\\f\\r]",
    "S": "[^ \\t\\n\\x0B\\f\\r]",
}
_IN_CLASS = {"d": "0-9", "w": "a-zA-Z_0-9", "s": " \\t\\n\\x0B\\f\\r"}


def java_to_regex(pattern: str) -> str:
    """The `regex`-package spelling of a Java pattern (see the module docstring)."""
    out: list[str] = []
    depth = 0  # inside how many [...]
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            d = pattern[i + 1]
            if d == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
                out.append("".join(_escape_char(ch, depth > 0) for ch in literal))
                i = n if end < 0 else end + 2
                continue
            if d == "x" and i + 2 < n and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                if end > 0:
                    out.append(_code_point(pattern[i + 3 : end], 16))
                    i = end + 1
                    continue
            if d == "0":
                j = i + 2
                while j < n and j < i + 5 and pattern[j] in "01234567":
                    j += 1
                if j > i + 2:
                    out.append(_code_point(pattern[i + 2 : j], 8))
                    i = j
                    continue
            if d == "c" and i + 2 < n:
                out.append(_escape_char(chr(ord(pattern[i + 2]) ^ 64), depth > 0))
                i += 3
                continue
            if d == "e":
                out.append("\\x1b")
                i += 2
                continue
            if depth == 0 and d in _ASCII_CLASSES:
                out.append(_ASCII_CLASSES[d])
                i += 2
                continue
            if depth > 0 and d in _IN_CLASS:
                out.append(_IN_CLASS[d])
                i += 2
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[":
            depth += 1
            out.append(c)
            if i + 1 < n and pattern[i + 1] == "^":
                out.append("^")
                i += 1
            if i + 1 < n and pattern[i + 1] == "]":  # a leading ] is literal
                out.append("\\]")
                i += 1
        elif c == "]" and depth > 0:
            depth -= 1
            out.append(c)
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _escape_char(ch: str, in_class: bool) -> str:
    if ch.isalnum() or ch == "_":
        return ch
    return f"\\U{ord(ch):08x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}"


def _code_point(digits: str, base: int) -> str:
    try:
        value = int(digits, base)
        return f"\\U{value:08x}" if value <= 0x10FFFF else "\\" + digits
    except ValueError:
        return "\\x{" + digits + "}"  # left for regex to refuse with its message


def regex_module() -> ModuleType:
    """The `regex` package, imported on first use: a run that matches no pattern (and a cold
    `cliqsim run`) does not pay its 5 ms import."""
    import regex

    return regex


@lru_cache(maxsize=256)
def _compiled(pattern: str, ignore_case: bool) -> Any:
    regex = regex_module()
    flags = regex.IGNORECASE if ignore_case else 0
    translated = java_to_regex(pattern)
    if "&&" in translated:
        flags |= regex.V1
    return regex.compile(translated, flags)


def compile_pattern(pattern: str, fn: str, ignore_case: bool = False) -> Any:
    """The compiled Java `pattern` (cached); a Deluge error naming `fn` if it is not valid."""
    try:
        return _compiled(pattern, ignore_case)
    except (regex_module().error, RecursionError, OverflowError, ValueError,
            TypeError) as error:
        shown = pattern if len(pattern) <= 80 else pattern[:80] + "..."
        raise fail(f"Invalid regular expression '{shown}' for the function {fn}: {error}") from None


# A match gets this much CPU time on the calling thread; one that needs more is run again on a
# worker thread and waited for by the wall clock: the `regex` package's timeout counts CPU
# time, which on a busy machine runs slower than the clock.
QUICK_S = 0.05


def run_timed(cx: Context, action: Callable[[float, bool], Any]) -> Any:
    """`action(timeout, concurrent)` within the run's deadline; the run's time-limit error if
    the match does not finish in time. `action` must start afresh each time it is called."""
    left = cx.time_left()
    try:
        return action(min(left, QUICK_S), False)
    except TimeoutError:
        if left <= QUICK_S:
            raise time_limit_error(cx.timeout_s) from None
    return _on_worker(cx, action)


def _on_worker(cx: Context, action: Callable[[float, bool], Any]) -> Any:
    left = cx.time_left()
    outcome: list[tuple[bool, Any]] = []

    def work() -> None:
        try:
            outcome.append((True, action(left, True)))
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            outcome.append((False, error))

    worker = threading.Thread(target=work, name="cliqsim regex", daemon=True)
    worker.start()
    worker.join(min(left, 1e6))  # join() refuses waits past about 2**32 s
    if not outcome:  # still matching: it stops by itself when its CPU timeout runs out
        raise time_limit_error(cx.timeout_s)
    ok, value = outcome[0]
    if ok:
        return value
    if isinstance(value, TimeoutError):
        raise time_limit_error(cx.timeout_s) from None
    raise value


def full_match(cx: Context, pattern: str, text: str, fn: str) -> bool:
    compiled = compile_pattern(pattern, fn)
    found = run_timed(
        cx, lambda left, concurrent: compiled.fullmatch(text, timeout=left, concurrent=concurrent)
    )
    return found is not None


def substitute(
    cx: Context,
    pattern: Any,
    template: str | None,
    literal: str,
    text: str,
    count: int,
    fn: str,
) -> str:
    """`text` with the first `count` (0: every) matches of the compiled `pattern` replaced by
    `literal`, or by `template` expanded per match (`\\g<1>` group references) when given.

    Past the run's text limit the replacement stops with "Text too long" before the text
    exists: when even a match at every position could not pass the limit, `regex` replaces in
    one go; otherwise the size is counted match by match as the result is built."""
    most = len(text) + (len(text) + 1) * len(literal) if template is None else None
    if most is not None and most <= cx.max_text:
        escaped = literal.replace("\\", "\\\\")
        return _sub(
            cx,
            lambda left, concurrent: pattern.sub(
                escaped, text, count=count, timeout=left, concurrent=concurrent
            ),
            literal,
            fn,
        )

    def counted(left: float, concurrent: bool) -> str:
        size = len(text)

        def replace(match: Any) -> str:
            nonlocal size
            value = literal if template is None else match.expand(template)
            size += len(value) - (match.end() - match.start())
            if size > cx.max_text:
                raise text_too_long(cx, size)
            return value

        result: str = pattern.sub(replace, text, count=count, timeout=left, concurrent=concurrent)
        return result

    return _sub(cx, counted, literal, fn)


def _sub(cx: Context, action: Callable[[float, bool], str], shown: str, fn: str) -> str:
    try:
        result: str = run_timed(cx, action)
    except (regex_module().error, IndexError) as error:
        raise fail(f"Invalid replacement '{shown}' for the function {fn}: {error}") from None
    return result
