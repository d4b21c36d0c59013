"""JSON as Deluge reads it in `toMap()`, `toJSONList()` and `getJSON()`: strict JSON first, then a
lenient form with unquoted keys and values (`{company:Zoho}`) and single quotes."""

from __future__ import annotations

import json
from typing import Any

from cliqsim.deluge.values import MAX_NESTING, collection_too_large, fail, from_json

INVALID = "Invalid JSON Format String"


def parse_json(text: str, max_collection: int = 50_000) -> Any:
    """The Deluge value of JSON `text`; raises Deluge's "Invalid JSON Format String" if neither
    strict nor lenient JSON, and "Collection too large" for a list or map of more than
    `max_collection` elements (before converting it; the parse itself is bounded by the text,
    which the text limit bounds)."""
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        pass
    else:
        return from_json(parsed, max_collection)
    parser = _Lenient(text, max_collection)
    try:
        value = parser.value(0)
        parser.space()
        if parser.at < len(text):
            raise fail(INVALID)
        return value
    except IndexError:
        raise fail(INVALID) from None


class _Lenient:
    def __init__(self, text: str, max_collection: int) -> None:
        self.text = text
        self.at = 0
        self.max_collection = max_collection

    def space(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def value(self, depth: int) -> Any:
        if depth > MAX_NESTING:
            raise fail(INVALID)
        self.space()
        c = self.text[self.at]
        if c == "{":
            return self.object(depth)
        if c == "[":
            return self.array(depth)
        if c in "\"'":
            return self.quoted()
        return self.bare()

    def object(self, depth: int) -> dict[str, Any]:
        self.at += 1
        result: dict[str, Any] = {}
        self.space()
        if self.text[self.at] == "}":
            self.at += 1
            return result
        while True:
            self.space()
            key = self.quoted() if self.text[self.at] in "\"'" else self.word(":")
            self.space()
            if self.text[self.at] != ":":
                raise fail(INVALID)
            self.at += 1
            result[str(key)] = self.value(depth + 1)
            if len(result) > self.max_collection:
                raise collection_too_large(len(result), self.max_collection)
            self.space()
            c = self.text[self.at]
            self.at += 1
            if c == "}":
                return result
            if c != ",":
                raise fail(INVALID)

    def array(self, depth: int) -> list[Any]:
        self.at += 1
        result: list[Any] = []
        self.space()
        if self.text[self.at] == "]":
            self.at += 1
            return result
        while True:
            result.append(self.value(depth + 1))
            if len(result) > self.max_collection:
                raise collection_too_large(len(result), self.max_collection)
            self.space()
            c = self.text[self.at]
            self.at += 1
            if c == "]":
                return result
            if c != ",":
                raise fail(INVALID)

    def quoted(self) -> str:
        quote = self.text[self.at]
        self.at += 1
        out: list[str] = []
        while self.text[self.at] != quote:
            c = self.text[self.at]
            if c == "\\":
                self.at += 1
                c = {"n": "\n", "t": "\t", "r": "\r"}.get(self.text[self.at], self.text[self.at])
            out.append(c)
            self.at += 1
        self.at += 1
        return "".join(out)

    def word(self, stops: str) -> str:
        start = self.at
        while self.at < len(self.text) and self.text[self.at] not in stops:
            self.at += 1
        word = self.text[start : self.at].strip()
        if not word:
            raise fail(INVALID)
        return word

    def bare(self) -> Any:
        word = self.word(",}]")
        lowered = word.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        if lowered == "null":
            return None
        try:
            return from_json(json.loads(word))
        except ValueError:
            return word
