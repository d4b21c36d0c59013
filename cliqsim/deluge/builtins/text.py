"""TEXT built-ins: searching, slicing, padding, replacing, case, splitting."""

from __future__ import annotations

import re
from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import (
    ANY,
    TEXT,
    Family,
    as_bool,
    as_int,
    as_text,
    check_text,
    text_too_long,
)
from cliqsim.deluge.builtins.patterns import (
    compile_pattern,
    full_match,
    regex_module,
    substitute,
)
from cliqsim.deluge.values import fail, to_text

define, alias = Family(__name__).functions()

CAT = "text"
_BOUNDS = (
    "Given string is lesser than the applied boundary, so index out of bounds exception arisen"
)


@define("concat", CAT, TEXT, "other", "The text followed by `other` (as text).", function=True)
def concat(cx: Context, s: str, other: Any) -> str:
    return check_text(cx, s + as_text(other, "concat"))


@define(
    "contains",
    CAT,
    TEXT,
    "search",
    "Whether `search` occurs in the text (case-sensitive).",
    function=True,
)
def contains(cx: Context, s: str, search: Any) -> bool:
    return as_text(search, "contains") in s


@define("containsIgnoreCase", CAT, TEXT, "search", "`contains`, ignoring case.", function=True)
def contains_ic(cx: Context, s: str, search: Any) -> bool:
    return as_text(search, "containsIgnoreCase").lower() in s.lower()


@define(
    "notContains",
    CAT,
    TEXT,
    "search",
    "Whether `search` does not occur in the text.",
    function=True,
)
def not_contains(cx: Context, s: str, search: Any) -> bool:
    return as_text(search, "notContains") not in s


@define("startsWith", CAT, TEXT, "prefix", "Whether the text starts with `prefix`.", function=True)
def starts_with(cx: Context, s: str, prefix: Any) -> bool:
    return s.startswith(as_text(prefix, "startsWith"))


@define("startsWithIgnoreCase", CAT, TEXT, "prefix", "`startsWith`, ignoring case.", function=True)
def starts_with_ic(cx: Context, s: str, prefix: Any) -> bool:
    return s.lower().startswith(as_text(prefix, "startsWithIgnoreCase").lower())


@define("endsWith", CAT, TEXT, "suffix", "Whether the text ends with `suffix`.", function=True)
def ends_with(cx: Context, s: str, suffix: Any) -> bool:
    return s.endswith(as_text(suffix, "endsWith"))


@define("endsWithIgnoreCase", CAT, TEXT, "suffix", "`endsWith`, ignoring case.", function=True)
def ends_with_ic(cx: Context, s: str, suffix: Any) -> bool:
    return s.lower().endswith(as_text(suffix, "endsWithIgnoreCase").lower())


@define(
    "equalsIgnoreCase",
    CAT,
    TEXT,
    "other",
    "Whether the texts are equal, ignoring case.",
    function=True,
)
def equals_ic(cx: Context, s: str, other: Any) -> bool:
    return other is not None and s.lower() == as_text(other, "equalsIgnoreCase").lower()


@define(
    "find",
    CAT,
    TEXT,
    "search, start?",
    "0-based index of `search` from `start` (default 0), or -1.",
    function=True,
)
def find(cx: Context, s: str, search: Any, start: Any = 0) -> int:
    return s.find(as_text(search, "find"), max(0, as_int(start, "find")))


# indexOf/lastIndexOf with a start index: no Zoho page shows one, real code calls them so
# (tasker-backend's `projectName.indexOf("\"", 1)`), and Deluge runs on Java: they follow
# Java's String.indexOf(str, fromIndex) and String.lastIndexOf(str, fromIndex) (docs/deluge.md).


@define(
    "indexOf",
    CAT,
    TEXT,
    "search, from?",
    "0-based index of the first `search` at or after `from` (default 0), or -1.",
    function=True,
)
def index_of(cx: Context, s: str, search: Any, start: Any = None) -> int:
    needle = as_text(search, "indexOf")
    if start is None:
        return s.find(needle)
    at = min(max(0, as_int(start, "indexOf")), len(s))
    return s.find(needle, at)


@define(
    "lastIndexOf",
    CAT,
    TEXT,
    "search, from?",
    "0-based index of the last `search` that starts at or before `from` (default: the end), "
    "or -1.",
    function=True,
)
def last_index_of(cx: Context, s: str, search: Any, start: Any = None) -> int:
    needle = as_text(search, "lastIndexOf")
    if start is None:
        return s.rfind(needle)
    at = as_int(start, "lastIndexOf")
    if at < 0:
        return -1
    return s.rfind(needle, 0, min(at, len(s)) + len(needle))


@define("getAlpha", CAT, TEXT, "", "Only the letters of the text.", function=True)
def get_alpha(cx: Context, s: str) -> str:
    return "".join(c for c in s if c.isalpha())


@define("getAlphaNumeric", CAT, TEXT, "", "Only the letters and digits of the text.", function=True)
def get_alnum(cx: Context, s: str) -> str:
    return "".join(c for c in s if c.isalnum())


@define("removeAllAlpha", CAT, TEXT, "", "The text without its letters.", function=True)
def remove_alpha(cx: Context, s: str) -> str:
    return "".join(c for c in s if not c.isalpha())


@define(
    "removeAllAlphaNumeric",
    CAT,
    TEXT,
    "",
    "The text without its letters and digits.",
    function=True,
)
def remove_alnum(cx: Context, s: str) -> str:
    return "".join(c for c in s if not c.isalnum())


@define(
    "getOccurenceCount",
    CAT,
    TEXT,
    "search",
    "How many times `search` occurs (case-sensitive, not overlapping).",
    function=True,
)
def occurrence_count(cx: Context, s: str, search: Any) -> int:
    needle = as_text(search, "getOccurenceCount")
    return s.count(needle) if needle else 0


def _affix(s: str, search: Any, fn: str, ignore_case: bool, prefix: bool) -> str | None:
    needle = as_text(search, fn)
    haystack = s.lower() if ignore_case else s
    at = haystack.find(needle.lower() if ignore_case else needle)
    if at < 0:
        return None
    return s[:at] if prefix else s[at + len(needle) :]


@define(
    "getPrefix",
    CAT,
    TEXT,
    "search",
    "The text before the first `search`, or null when it does not occur.",
    function=True,
)
def get_prefix(cx: Context, s: str, search: Any) -> str | None:
    return _affix(s, search, "getPrefix", False, True)


@define("getPrefixIgnoreCase", CAT, TEXT, "search", "`getPrefix`, ignoring case.", function=True)
def get_prefix_ic(cx: Context, s: str, search: Any) -> str | None:
    return _affix(s, search, "getPrefixIgnoreCase", True, True)


@define(
    "getSuffix",
    CAT,
    TEXT,
    "search",
    "The text after the first `search`, or null when it does not occur.",
    function=True,
)
def get_suffix(cx: Context, s: str, search: Any) -> str | None:
    return _affix(s, search, "getSuffix", False, False)


@define("getSuffixIgnoreCase", CAT, TEXT, "search", "`getSuffix`, ignoring case.", function=True)
def get_suffix_ic(cx: Context, s: str, search: Any) -> str | None:
    return _affix(s, search, "getSuffixIgnoreCase", True, False)


@define("left", CAT, TEXT, "count", "The first `count` characters.", function=True)
def left(cx: Context, s: str, count: Any) -> str:
    n = as_int(count, "left")
    if n < 0 or n > len(s):
        raise fail(_BOUNDS)
    return s[:n]


@define("right", CAT, TEXT, "count", "The last `count` characters.", function=True)
def right(cx: Context, s: str, count: Any) -> str:
    n = as_int(count, "right")
    if n < 0 or n > len(s):
        raise fail(_BOUNDS)
    return s[len(s) - n :]


def _slice(s: str, start: Any, end: Any, fn: str) -> str:
    """Deluge's subString: a negative `end` is ignored (the rest of the text is returned)."""
    first = as_int(start, fn)
    last = len(s) if end is None else as_int(end, fn)
    if last < 0:
        last = len(s)
    if first < 0 or last > len(s) or first > last:
        raise fail(_BOUNDS)
    return s[first:last]


@define(
    "subString",
    CAT,
    TEXT,
    "start, end?",
    "Characters from `start` (included) to `end` (excluded; default, or when negative, the "
    "end); 0-based.",
    function=True,
)
def sub_string(cx: Context, s: str, start: Any, end: Any = None) -> str:
    return _slice(s, start, end, "subString")


alias("subText", "subString")
alias("mid", "subString")


def _pad(cx: Context, s: str, length: Any, pad: Any, fn: str, left_side: bool) -> str:
    width = as_int(length, fn)
    fill = " " if pad is None else as_text(pad, fn)
    if width > cx.max_text:
        raise text_too_long(cx, width)
    if len(s) >= width or not fill:
        return s
    need = width - len(s)
    padding = (fill * -(-need // len(fill)))[:need]  # never more than `need` + one `fill`
    return padding + s if left_side else s + padding


@define(
    "leftpad",
    CAT,
    TEXT,
    "length, pad?",
    "The text padded on the left with spaces (or `pad`) to `length` characters.",
    function=True,
)
def leftpad(cx: Context, s: str, length: Any, pad: Any = None) -> str:
    return _pad(cx, s, length, pad, "leftpad", True)


@define(
    "rightpad",
    CAT,
    TEXT,
    "length, pad?",
    "The text padded on the right with spaces (or `pad`) to `length` characters.",
    function=True,
)
def rightpad(cx: Context, s: str, length: Any, pad: Any = None) -> str:
    return _pad(cx, s, length, pad, "rightpad", False)


@define("length", CAT, TEXT, "", "The number of characters.", function=True)
def length(cx: Context, s: str) -> int:
    return len(s)


alias("len", "length", function=True)


@define(
    "matches",
    CAT,
    TEXT,
    "regex",
    "Whether the whole text matches the regular expression.",
    function=True,
)
def matches(cx: Context, s: str, pattern: Any) -> bool:
    return full_match(cx, as_text(pattern, "matches"), s, "matches")


@define("proper", CAT, TEXT, "", "Each word with its first letter capitalised.", function=True)
def proper(cx: Context, s: str) -> str:
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), s)


@define(
    "remove", CAT, TEXT, "search", "The text without any occurrence of `search`.", function=True
)
def remove(cx: Context, s: str, search: Any) -> str:
    needle = as_text(search, "remove")
    return s.replace(needle, "") if needle else s


@define(
    "removeFirstOccurence",
    CAT,
    TEXT,
    "search",
    "The text without the first `search`.",
    function=True,
)
def remove_first(cx: Context, s: str, search: Any) -> str:
    needle = as_text(search, "removeFirstOccurence")
    return s.replace(needle, "", 1) if needle else s


@define(
    "removeLastOccurence", CAT, TEXT, "search", "The text without the last `search`.", function=True
)
def remove_last(cx: Context, s: str, search: Any) -> str:
    needle = as_text(search, "removeLastOccurence")
    at = s.rfind(needle) if needle else -1
    return s if at < 0 else s[:at] + s[at + len(needle) :]


def _java_replacement(replacement: str) -> str:
    """Java's `$1` group references become Python's `\\g<1>`; other backslashes are literal."""
    out: list[str] = []
    i = 0
    while i < len(replacement):
        c = replacement[i]
        if c == "\\" and i + 1 < len(replacement):
            out.append(replacement[i + 1].replace("\\", "\\\\"))
            i += 2
            continue
        if c == "$" and i + 1 < len(replacement) and replacement[i + 1].isdigit():
            j = i + 1
            while j < len(replacement) and replacement[j].isdigit():
                j += 1
            out.append(f"\\g<{replacement[i + 1 : j]}>")
            i = j
            continue
        out.append("\\\\" if c == "\\" else c)
        i += 1
    return "".join(out)


def _replace(
    cx: Context,
    s: str,
    search: Any,
    repl: Any,
    literal: Any,
    fn: str,
    *,
    first: bool,
    ignore_case: bool,
) -> str:
    pattern = as_text(search, fn)
    replacement = as_text(repl, fn)
    plain = literal is not None and as_bool(literal, fn)
    if plain:
        compiled = compile_pattern(regex_module().escape(pattern), fn, ignore_case)
        template = None
    else:
        compiled = compile_pattern(pattern, fn, ignore_case)
        template = _java_replacement(replacement)
        if "\\" not in template:  # no group reference: the same text for every match
            replacement, template = template, None
    return substitute(cx, compiled, template, replacement, s, 1 if first else 0, fn)


@define(
    "replaceAll",
    CAT,
    TEXT,
    "search, replacement, literal?",
    "Every match of the regular expression `search` replaced (`$1` refers to a group); "
    "with `literal` true, `search` is plain text.",
    function=True,
)
def replace_all(cx: Context, s: str, search: Any, repl: Any, literal: Any = None) -> str:
    return _replace(cx, s, search, repl, literal, "replaceAll", first=False, ignore_case=False)


@define(
    "replaceAllIgnoreCase",
    CAT,
    TEXT,
    "search, replacement, literal?",
    "`replaceAll`, ignoring case.",
    function=True,
)
def replace_all_ic(cx: Context, s: str, search: Any, repl: Any, literal: Any = None) -> str:
    return _replace(
        cx, s, search, repl, literal, "replaceAllIgnoreCase", first=False, ignore_case=True
    )


@define(
    "replaceFirst",
    CAT,
    TEXT,
    "search, replacement, literal?",
    "The first match of `search` replaced.",
    function=True,
)
def replace_first(cx: Context, s: str, search: Any, repl: Any, literal: Any = None) -> str:
    return _replace(cx, s, search, repl, literal, "replaceFirst", first=True, ignore_case=False)


@define(
    "replaceFirstIgnoreCase",
    CAT,
    TEXT,
    "search, replacement, literal?",
    "`replaceFirst`, ignoring case.",
    function=True,
)
def replace_first_ic(cx: Context, s: str, search: Any, repl: Any, literal: Any = None) -> str:
    return _replace(
        cx, s, search, repl, literal, "replaceFirstIgnoreCase", first=True, ignore_case=True
    )


@define(
    "reverse",
    CAT,
    ANY,
    "",
    "The characters in reverse order; any other value is reversed through its text form "
    '(`reverse({1, 2, 13})` is "31,2,1", functions/string/reverse example 3).',
    function=True,
)
def reverse(cx: Context, value: Any) -> str:
    return to_text(value)[::-1]


@define("repeat", CAT, TEXT, "times", "The text repeated `times` times.", function=True)
def repeat(cx: Context, s: str, times: Any) -> str:
    n = max(0, as_int(times, "repeat"))
    if len(s) * n > cx.max_text:
        raise text_too_long(cx, len(s) * n)
    return s * n


@define("isAscii", CAT, TEXT, "", "Whether every character is ASCII.", function=True)
def is_ascii(cx: Context, s: str) -> bool:
    return s.isascii()


@define("toLowerCase", CAT, TEXT, "", "The text in lower case.", function=True)
def lower(cx: Context, s: str) -> str:
    return s.lower()


@define("toUpperCase", CAT, TEXT, "", "The text in upper case.", function=True)
def upper(cx: Context, s: str) -> str:
    return s.upper()


# The toLowerCase and toUpperCase pages list these spellings too.
alias("lower", "toLowerCase")
alias("upper", "toUpperCase")


@define(
    "equals",
    CAT,
    TEXT,
    "other",
    "Whether the texts are equal (case-sensitive; `other` in its text form).",
    function=True,
)
def equals(cx: Context, s: str, other: Any) -> bool:
    return other is not None and s == as_text(other, "equals")


@define("trim", CAT, TEXT, "", "The text without leading and trailing white space.", function=True)
def trim(cx: Context, s: str) -> str:
    return s.strip()


@define("ltrim", CAT, TEXT, "", "The text without leading white space.", function=True)
def ltrim(cx: Context, s: str) -> str:
    return s.lstrip()


@define("rtrim", CAT, TEXT, "", "The text without trailing white space.", function=True)
def rtrim(cx: Context, s: str) -> str:
    return s.rstrip()


@define(
    "hexToText", CAT, TEXT, "", "The text whose UTF-8 bytes the hex digits spell.", function=True
)
def hex_to_text(cx: Context, s: str) -> str:
    try:
        return bytes.fromhex(s).decode("utf-8")
    except ValueError:
        raise fail(f"'{s[:40]}' is not hexadecimal text for the function hexToText") from None


@define("textToHex", CAT, TEXT, "", "The hex digits of the text's UTF-8 bytes.", function=True)
def text_to_hex(cx: Context, s: str) -> str:
    return check_text(cx, s.encode("utf-8", "replace").hex())


@define(
    "text",
    CAT,
    ANY,
    "format",
    "The number in a DecimalFormat-style `format`, text around the digits kept "
    '(`text(10, "$0.00")` is "$10.00", `text(12.5, "0.00 per hour")` is "12.50 per hour"; the Text '
    "function page, "
    "listed among Deluge's text functions); a format with no digit gives the number's text.",
    function=True,
)
def text_format(cx: Context, value: Any, shape: Any) -> str:
    from cliqsim.deluge.builtins.define import as_number
    from cliqsim.deluge.builtins.number_format import has_digits, number_format

    number = as_number(value, "text")
    pattern = as_text(shape, "text")
    if not has_digits(pattern):
        return to_text(number)
    return number_format(number, pattern)
