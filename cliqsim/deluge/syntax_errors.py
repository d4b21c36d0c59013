"""Explain a failed parse in Deluge's own words (reference §3.5), with a pinpoint and a hint.

`describe(error, source)` turns whatever the parser raised (a Lark error, or one of the parser's
own lexical / building problems) into one `DelugeSyntaxError`. Deluge's save errors start with
`(Line no: N)`; the messages here keep that form.
"""

from __future__ import annotations

import re

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken

from cliqsim.deluge import parser as _parser
from cliqsim.deluge.creator_syntax import explain as explain_creator
from cliqsim.deluge.errors import DelugeSyntaxError
from cliqsim.deluge.lexer import LexicalProblem
from cliqsim.deluge.source import Source, Span

MISSING_SEMICOLON = (
    "Improper Statement Error might be due to missing ';' at end of the line or incomplete "
    "expression"
)

_WORDS = {
    "SEMI": "';'",
    "LPAR": "'('",
    "RPAR": "')'",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "COMMA": "','",
    "COLON": "':'",
    "DOT": "'.'",
    "IN": "'in'",
    "INDEX": "'index'",
    "CATCH": "'catch'",
    "IF": "'if'",
    "ELSE": "'else'",
    "ASSIGN_OP": "'='",
    "NAME": "a name",
    "BLOCK_KEY": "a key such as 'url:'",
    "STRING": "text",
    "SQ_STRING": "text",
    "NUMBER": "a number",
    "DECIMAL": "a number",
    "BLOCK_TASK": "invokeurl, invokeapi or sendmail",
    "$END": "the end of the script",
}

# Terminals that can only continue an expression; left out when saying what was expected.
_CONTINUATIONS = frozenset(
    {"PLUS", "MINUS", "MUL_OP", "CMP_OP", "AND", "OR", "DOT", "ASSIGN_OP", "BANG"}
)
# Terminals that start a value.
_VALUE_STARTS = frozenset(
    {"NAME", "STRING", "SQ_STRING", "NUMBER", "DECIMAL", "TRUE", "FALSE", "NULL", "TYPED_LIST"}
)
_ORPHANS = {"else": "if", "catch": "try"}
_ORPHAN_CATCH = re.compile(r"\s*\}?\s*catch\s*\(", re.IGNORECASE)
_CLOSERS = {"RPAR": ")", "RSQB": "]", "RBRACE": "}"}
_PAIRS = {"(": ")", "[": "]", "{": "}"}

_BRACKET_SCAN = re.compile(
    r'"(?:[^"\\]|\\[\s\S])*"?|\'(?:[^\'\\]|\\[\s\S])*\'?|//[^\n]*|/\*[\s\S]*?(?:\*/|$)|[(\[{)\]}]'
)


def describe(error: BaseException, source: Source) -> DelugeSyntaxError:
    if isinstance(error, LexicalProblem):
        return _error(error.message, _start_span(error.token), source)
    if isinstance(error, _parser.BuildProblem):
        return _error(error.message, error.span, source)
    if isinstance(error, UnexpectedCharacters | UnexpectedToken):
        line = error.line if isinstance(error.line, int) and error.line > 0 else _last_line(source)
        creator = explain_creator(source, line)
        if creator is not None:
            return _error(creator, Span.point(line, 1), source)
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(error, source)
    if isinstance(error, UnexpectedToken):
        return _unexpected_token(error, source)
    return _error(
        f"(Line no: 1) The script could not be read: {type(error).__name__}: {error}",
        Span.point(1, 1),
        source,
    )


def _error(
    message: str, span: Span, source: Source, notes: tuple[str, ...] = ()
) -> DelugeSyntaxError:
    return DelugeSyntaxError(message, span, source, notes)


def _start_span(token: Token) -> Span:
    line, column, offset = token.line or 1, token.column or 1, token.start_pos or 0
    return Span(line, column, line, column + 1, offset, offset + 1)


def _after(token: Token) -> Span:
    """The point just after `token` (where a missing `;` belongs)."""
    line = token.end_line or token.line or 1
    column = token.end_column or (token.column or 1) + len(token.value)
    offset = token.end_pos or 0
    return Span(line, column, line, column + 1, offset, offset + 1)


def _token_span(token: Token) -> Span:
    line, column = token.line or 1, token.column or 1
    end_line = token.end_line or line
    end_column = token.end_column or column + 1
    return Span(line, column, end_line, end_column, token.start_pos or 0, token.end_pos or 0)


def _shown(token: Token | None) -> str:
    if token is None or token.type == "$END":
        return "'<EOF>'"
    value = token.value.splitlines()[0] if token.value else token.value
    if len(value) > 30:
        value = value[:27] + "..."
    return f"'{value}'"


def _listed(words: list[str]) -> str:
    unique = list(dict.fromkeys(words))
    if len(unique) == 1:
        return unique[0]
    return ", ".join(unique[:-1]) + " or " + unique[-1]


def _lines(source: Source) -> list[str]:
    """The lines as the parser counts them: ended by "\n" only (splitlines would also end one at
    a lone "\r", a form feed or a Unicode separator); a final "\n" starts no empty line."""
    return [line.removesuffix("\r") for line in source.text.removesuffix("\n").split("\n")]


def _end_span(source: Source) -> Span:
    lines = _lines(source)
    last = len(lines)
    column = len(lines[-1]) + 1
    return Span(last, column, last, column + 1, len(source.text), len(source.text) + 1)


_CURLY_QUOTES = frozenset("\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb")


def _unexpected_character(error: UnexpectedCharacters, source: Source) -> DelugeSyntaxError:
    offset = error.pos_in_stream or 0
    line, column = error.line or 1, error.column or 1
    char = source.text[offset] if offset < len(source.text) else "?"
    span = Span(line, column, line, column + 1, offset, offset + 1)
    shown = repr(char) if not char.isprintable() or char in " '" else f"'{char}'"
    notes: tuple[str, ...] = ("Deluge has no such symbol here; remove it or put it inside quotes",)
    if char in _CURLY_QUOTES:  # a script pasted from a blog post or a word processor
        notes = (
            f"{shown} is a curly quote (copied from a web page or a document?); Deluge text is "
            "written with straight quotes: \" or '",
        )
    return _error(
        f"(Line no: {line}) Improper Statement Error: unexpected character {shown}",
        span,
        source,
        notes,
    )


def _unexpected_token(error: UnexpectedToken, source: Source) -> DelugeSyntaxError:
    point = _parser.failure_point(source.text)
    previous, failing = point.previous, point.failing
    expected = set(point.expected or error.expected or ())
    at_end = error.token.type == "$END" or failing is None
    found = "'<EOF>'" if at_end else _shown(error.token)
    notes: list[str] = []
    if previous is not None and previous.type in ("STRING", "SQ_STRING"):
        first, last = previous.line or 1, previous.end_line or 1
        if last > first:
            notes.append(
                f"the text that starts on line {first} runs on to line {last}; "
                f"is its closing quote missing on line {first}?"
            )

    if at_end:
        span = _after(previous) if previous is not None else _end_span(source)
        closer = _unclosed_opener(source.text)
        if closer is not None:
            opener, line, column = closer
            notes.insert(0, f"the '{opener}' on line {line}, column {column} is never closed")
            return _error(
                f"(Line no: {_last_line(source)}) Expecting '{_PAIRS[opener]}' but found '<EOF>'",
                _end_span(source),
                source,
                tuple(notes),
            )
        if "SEMI" in expected:
            return _error(f"(Line no: {span.line}) {MISSING_SEMICOLON}", span, source, tuple(notes))
        return _error(
            f"(Line no: {_last_line(source)}) Improper Statement Error: the script ends in the "
            "middle of a statement",
            _end_span(source),
            source,
            tuple(notes),
        )

    token = error.token
    line = token.line or 1
    at_statement_start = "RETURN" in expected or (token.type in _CLOSERS and expected <= {"$END"})
    if previous is not None and previous.type == "NAME" and previous.value.lower() in _ORPHANS:
        word = previous.value
        return _error(
            f"(Line no: {previous.line}) Improper Statement Error: '{word}' without a matching "
            f"'{_ORPHANS[word.lower()]}'",
            _token_span(previous),
            source,
            (f"'{word}' must follow the closing '}}' of a '{_ORPHANS[word.lower()]}' block",),
        )
    if token.type == "LBRACE" and _ORPHAN_CATCH.match(source.line_text(line)):
        catch_column = source.line_text(line).lower().index("catch") + 1
        return _error(
            f"(Line no: {line}) Improper Statement Error: 'catch' without a matching 'try'",
            Span(line, catch_column, line, catch_column + 5),
            source,
            ("'catch (e) { ... }' must follow the closing '}' of a 'try' block",),
        )
    if at_statement_start:
        if token.type in _CLOSERS:
            notes.append(f"there is no opening bracket for this '{_CLOSERS[token.type]}' to close")
            message = f"(Line no: {line}) Improper Statement Error: unexpected {found}"
        else:
            notes.append(
                "a statement starts with a name, if, for each, try, return, info, break or continue"
            )
            message = (
                f"(Line no: {line}) Improper Statement Error: a statement cannot start with {found}"
            )
        return _error(message, _token_span(token), source, tuple(notes))
    if "SEMI" in expected and token.type != "SEMI":
        span = _after(previous) if previous is not None else _token_span(token)
        notes.append(f"found {found} on line {line} before the statement ended")
        return _error(f"(Line no: {span.line}) {MISSING_SEMICOLON}", span, source, tuple(notes))
    if expected & (_VALUE_STARTS - {"NAME"}) and not expected & set(_CLOSERS):
        notes.append(f"a value (text, number, name, call, list or map) was expected, not {found}")
        return _error(
            f"(Line no: {line}) {MISSING_SEMICOLON}", _token_span(token), source, tuple(notes)
        )

    if (
        previous is not None
        and previous.type == "BLOCK_TASK"
        and str(previous).lower() == "invokeurl"
        and token.type == "LPAR"
    ):
        notes.append(
            "invokeUrl(url, type, ...) written as a function is Zoho Creator's only (its page, "
            "deluge/help/web-data/invokeurl-function: \"This function is applicable only to Zoho "
            "Creator\"); elsewhere use the invokeUrl task: "
            "response = invokeurl [ url: \"https://...\" type: GET ];"
        )
    structural = [
        _WORDS.get(name, f"'{name.lower()}'")
        for name in sorted(expected - _CONTINUATIONS)
        if not (name == "COLON" and "RPAR" in expected)
    ]
    if structural and len(set(structural)) <= 3:
        return _error(
            f"(Line no: {line}) Expecting {_listed(structural)} but found {found}",
            _token_span(token),
            source,
            tuple(notes),
        )
    if token.type in _CLOSERS and not expected & set(_CLOSERS):
        notes.append(f"there is no opening bracket for this '{_CLOSERS[token.type]}' to close")
    return _error(
        f"(Line no: {line}) Improper Statement Error: unexpected {found}",
        _token_span(token),
        source,
        tuple(notes),
    )


def _last_line(source: Source) -> int:
    return len(_lines(source))


def _unclosed_opener(text: str) -> tuple[str, int, int] | None:
    """The innermost bracket left open at the end of `text` (skipping text and comments)."""
    stack: list[tuple[str, int]] = []
    for match in _BRACKET_SCAN.finditer(text):
        piece = match.group()
        if piece in _PAIRS:
            stack.append((piece, match.start()))
        elif piece in (")", "]", "}"):
            if stack and _PAIRS[stack[-1][0]] == piece:
                stack.pop()
    if not stack:
        return None
    opener, offset = stack[-1]
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return opener, line, column
