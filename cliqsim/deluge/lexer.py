"""The Deluge tokenizer: the terminals `grammar.lark` declares, read with one regular expression.

It works like Lark's contextual lexer, at a fraction of the cost: a word becomes a keyword, a
block-task key (`content-type:`) or a typed list (`List:String(`) only where the parser state
accepts that terminal, and a plain NAME everywhere else (so `info`, `index` and `list` stay usable
as variable names). Whitespace and comments are skipped inside the same match as the next token.

An unclosed comment or text is reported here; any other character Deluge does not have raises
Lark's `UnexpectedCharacters`, which `syntax_errors` explains.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lark import Token
from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer, LexerState


class LexicalProblem(Exception):
    """An unclosed comment or text, found while reading tokens."""

    def __init__(self, message: str, token: Token) -> None:
        super().__init__(message)
        self.message = message
        self.token = token


# One alternative per kind of lexeme, in priority order. Leading whitespace and comments are
# consumed by the `skip` group of the same match.
_MASTER = re.compile(
    r"""
    (?P<skip>(?:[\s\ufeff\u200b]+|//[^\n]*|/\*[\s\S]*?\*/)+)
    |(?P<STRING>"(?:[^"\\]|\\[\s\S])*")
    |(?P<SQ_STRING>'(?:[^'\\]|\\[\s\S])*')
    |(?P<UNCLOSED_COMMENT>/\*)
    |(?P<UNCLOSED_TEXT>["'])
    |(?P<DECIMAL>[0-9]+\.[0-9]+)
    |(?P<NUMBER>[0-9]+)
    |(?P<WORD>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<OP>==|!=|<=|>=|&&|\|\||[-+*/%]=|[-+*/%<>!=(){}\[\];,:.])
    """,
    re.VERBOSE,
)
_FOR_EACH = re.compile(r"for\s*each\b", re.IGNORECASE)
_TYPED_LIST = re.compile(
    r"(?:list|collection)[ \t]*:[ \t]*[A-Za-z_][A-Za-z0-9_]*(?=[ \t]*\()", re.IGNORECASE
)
_BLOCK_KEY = re.compile(
    r"[A-Za-z_][A-Za-z0-9_]*(?:(?:[ \t]*-[ \t]*|[ \t]+)[A-Za-z_][A-Za-z0-9_]*)*(?=[ \t]*:)"
)

KEYWORDS = {
    "if": "IF",
    "else": "ELSE",
    "foreach": "FOR_EACH",
    "index": "INDEX",
    "in": "IN",
    "try": "TRY",
    "catch": "CATCH",
    "return": "RETURN",
    "info": "INFO",
    "throw": "THROW",
    "break": "BREAK",
    "continue": "CONTINUE",
    "true": "TRUE",
    "false": "FALSE",
    "null": "NULL",
    "invokeurl": "BLOCK_TASK",
    "invokeapi": "BLOCK_TASK",
    "sendmail": "BLOCK_TASK",
}
# Zoho Creator's `insert into` and `delete from`, one terminal each where a statement starts (the
# grammar parses them only to refuse them as Creator syntax).
_CREATOR = {
    "insert": ("CREATOR_INSERT", re.compile(r"insert\s+into\b", re.IGNORECASE)),
    "delete": ("CREATOR_DELETE", re.compile(r"delete\s+from\b", re.IGNORECASE)),
}
# What follows a Creator form's name in a record fetch: `Employee[`, not `Employee[]`.
_FORM_FETCH = re.compile(r"[ \t]*\[(?![ \t]*\])")
# Tags of block-task values (`attachments: file: a, file: b`): after a comma these read as the
# next value's tag, not as a new key.
VALUE_TAGS = frozenset({"file", "template", "view"})

OPERATORS = {
    "==": "CMP_OP",
    "!=": "CMP_OP",
    "<=": "CMP_OP",
    ">=": "CMP_OP",
    "<": "CMP_OP",
    ">": "CMP_OP",
    "&&": "AND",
    "||": "OR",
    "=": "ASSIGN_OP",
    "+=": "ASSIGN_OP",
    "-=": "ASSIGN_OP",
    "*=": "ASSIGN_OP",
    "/=": "ASSIGN_OP",
    "%=": "ASSIGN_OP",
    "+": "PLUS",
    "-": "MINUS",
    "*": "MUL_OP",
    "/": "MUL_OP",
    "%": "MUL_OP",
    "!": "BANG",
    "(": "LPAR",
    ")": "RPAR",
    "{": "LBRACE",
    "}": "RBRACE",
    "[": "LSQB",
    "]": "RSQB",
    ";": "SEMI",
    ",": "COMMA",
    ":": "COLON",
    ".": "DOT",
}


class DelugeLexer(Lexer):
    """Lark's custom-lexer interface: `lex` yields tokens while the parser consumes them, so
    `parser_state.position` is the state the next token must fit."""

    __future_interface__ = 2  # Lark passes (lexer_state, parser_state) and a TextSlice

    def __init__(self, lexer_conf: Any) -> None:
        self.lexer_conf = lexer_conf

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[Token]:
        text: str = lexer_state.text.text
        pos = lexer_state.text.start
        end = lexer_state.text.end
        states = parser_state.parse_conf.states
        match = _MASTER.match
        line, line_start = 1, 0
        while pos < end:
            found = match(text, pos)
            if found is None:
                raise UnexpectedCharacters(text, pos, line, pos - line_start + 1)
            kind: str = found.lastgroup or ""
            stop = found.end()
            if kind == "skip":
                newlines = text.count("\n", pos, stop)
                if newlines:
                    line += newlines
                    line_start = text.rindex("\n", pos, stop) + 1
                pos = stop
                continue
            column = pos - line_start + 1
            if kind == "WORD":
                accepts = states[parser_state.position]
                kind, stop = _word(text, pos, stop, accepts)
            elif kind == "OP":
                kind = OPERATORS[text[pos:stop]]
            elif kind == "UNCLOSED_COMMENT":
                raise LexicalProblem(
                    f"(Line no: {line}) Comment Task is not closed properly",
                    Token("UNCLOSED_COMMENT", "/*", pos, line, column, line, column + 2, pos + 2),
                )
            elif kind == "UNCLOSED_TEXT":
                quote = text[pos]
                raise LexicalProblem(
                    f"(Line no: {line}) Text is not closed properly: the {quote} that starts "
                    f"here has no closing {quote}",
                    Token("UNCLOSED_TEXT", quote, pos, line, column, line, column + 1, pos + 1),
                )
            start_line = line
            if kind in ("STRING", "SQ_STRING", "FOR_EACH", "CREATOR_INSERT", "CREATOR_DELETE"):
                newlines = text.count("\n", pos, stop)
                if newlines:
                    line += newlines
                    line_start = text.rindex("\n", pos, stop) + 1
            yield Token(
                kind,
                text[pos:stop],
                pos,
                start_line,
                column,
                line,
                stop - line_start + 1,
                stop,
            )
            pos = stop


def _word(text: str, pos: int, stop: int, accepts: Any) -> tuple[str, int]:
    """The terminal a word at `pos` is, given the terminals the parser accepts here, and where
    it ends (a keyword pair, a typed list or a block key runs past the word)."""
    lower = text[pos:stop].lower()
    if "TYPED_LIST" in accepts and (lower == "list" or lower == "collection"):
        typed = _TYPED_LIST.match(text, pos)
        if typed:
            return "TYPED_LIST", typed.end()
    if lower in _CREATOR and _CREATOR[lower][0] in accepts:
        terminal, pattern = _CREATOR[lower]
        pair = pattern.match(text, pos)
        if pair:
            return terminal, pair.end()
    keyword = KEYWORDS.get(lower)
    if lower == "for":
        for_each = _FOR_EACH.match(text, pos)
        if for_each:
            keyword, stop = "FOR_EACH", for_each.end()
        else:
            keyword = None
    if keyword is not None and keyword in accepts:
        return keyword, stop
    if "CREATOR_FORM" in accepts and text[pos].isupper() and _FORM_FETCH.match(text, stop):
        return "CREATOR_FORM", stop
    if "BLOCK_KEY" in accepts and not (lower in VALUE_TAGS and "NAME" in accepts):
        key = _BLOCK_KEY.match(text, pos)
        if key:
            return "BLOCK_KEY", key.end()
    if keyword is not None and "NAME" not in accepts:
        return keyword, stop  # refused either way; named as the keyword it is
    return "NAME", (pos + len(lower) if keyword == "FOR_EACH" else stop)
