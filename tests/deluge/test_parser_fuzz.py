"""Property tests: whatever the input, parse() returns an AST or raises DelugeSyntaxError with a
usable position — never another exception, never a RecursionError, and always finishes.

Set CLIQSIM_FUZZ_EXAMPLES for a longer run (150 examples per property by default)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cliqsim.deluge import DelugeSyntaxError, parse
from cliqsim.deluge.checks import check
from cliqsim.platform.triggers import HANDLER_INPUTS as CLIQ_HANDLER_INPUTS

CASES = Path(__file__).parent / "cases"
SEPARATOR = re.compile(r"(?m)^// ---[ \t]*\n")


def _valid_scripts() -> list[str]:
    scripts = [p.read_text(encoding="utf-8") for p in sorted((CASES / "handlers").glob("*.dg"))]
    for path in sorted((CASES / "syntax").glob("*.dg")):
        for chunk in SEPARATOR.split(path.read_text(encoding="utf-8"))[1:]:
            if "// ### syntax:" not in chunk:
                scripts.append(chunk)
    return scripts


VALID = _valid_scripts()
TOKENS = [
    "if",
    "else",
    "for each",
    "index",
    "in",
    "try",
    "catch",
    "return",
    "info",
    "break",
    "continue",
    "invokeurl",
    "sendmail",
    "true",
    "null",
    "List:String",
    "Map",
    "zoho.cliq.",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ";",
    ",",
    ":",
    ".",
    "=",
    "+=",
    "==",
    "!=",
    "&&",
    "||",
    "!",
    "+",
    "-",
    "*",
    "/",
    "%",
    "<",
    ">=",
    '"',
    "'",
    "//",
    "/*",
    "*/",
    "\\",
    "\n",
    "\r\n",
    "\t",
    " ",
    "x",
    "42",
    "4.2",
    '"text"',
    "'1-Jan-2020'",
    "url:",
    "content-type:",
    "é",
    "\x00",
]

SETTINGS = settings(
    max_examples=int(os.environ.get("CLIQSIM_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _parse_or_syntax_error(text: str) -> None:
    try:
        script = parse(text, "fuzz.dg")
    except DelugeSyntaxError as error:
        assert error.source is not None and error.source.text == text
        assert error.span is not None
        assert 1 <= error.span.line <= max(1, text.count("\n") + 1)
        assert error.message.startswith("(Line no: ")
        assert error.render()
    else:
        check(script, CLIQ_HANDLER_INPUTS)  # the checks cope with anything the parser returns


@SETTINGS
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    _parse_or_syntax_error(text)


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=80).map("".join))
def test_random_token_soup(text: str) -> None:
    _parse_or_syntax_error(text)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(VALID))
    for _ in range(draw(st.integers(1, 3))):
        if not text:
            break
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 12)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate", "replace"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "insert":
            text = text[:start] + draw(st.sampled_from(TOKENS)) + text[start:]
        elif action == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        else:
            text = text[:start] + draw(st.sampled_from(TOKENS)) + text[end:]
    return text


@SETTINGS
@given(mutated())
def test_mutated_valid_scripts(text: str) -> None:
    _parse_or_syntax_error(text)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 3000),
    st.sampled_from(["(", "{", "[", "if (a) {", "!", "-", "a.b(", "x + "]),
    st.booleans(),
)
def test_deep_nesting_never_overflows_the_stack(depth: int, opener: str, close: bool) -> None:
    closers = {"(": ")", "{": "}", "[": "]", "if (a) {": "}", "a.b(": ")"}
    text = "x = " + opener * depth + "1"
    if close:
        text += closers.get(opener, "") * depth
    _parse_or_syntax_error(text + ";")
