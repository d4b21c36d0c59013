"""Source text, spans inside it, and the pinpoint rendering every error uses."""

from __future__ import annotations

import msgspec


class Span(msgspec.Struct, frozen=True):
    """A region of a script: 1-based line and column of its first and last character.

    `end_column` is exclusive (the column just after the last character), as Lark reports it.
    `start` and `end` are 0-based character offsets into the source text.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    start: int = 0
    end: int = 0

    @classmethod
    def point(cls, line: int, column: int, offset: int = 0) -> Span:
        return cls(line, column, line, column + 1, offset, offset + 1)


class Source(msgspec.Struct, frozen=True):
    """A script's text and the name it is shown under (a path, or `<input>`)."""

    text: str
    name: str = "<input>"

    def line_text(self, line: int) -> str:
        # Lines end at "\n" only, as the parser counts them (splitlines would also split at
        # form feeds and Unicode separators and shift every later line).
        lines = self.text.split("\n")
        return lines[line - 1].rstrip("\r") if 1 <= line <= len(lines) else ""


def render_pinpoint(source: Source, span: Span) -> str:
    """The source line of `span` with a caret line under the part it covers.

    ```
       12 |     x = y +
          |           ^
    ```
    """
    raw = source.line_text(span.line)
    text = raw.expandtabs(4)
    # Columns count characters, but a tab is wider on screen: measure the expanded prefix.
    start = len(raw[: max(span.column, 1) - 1].expandtabs(4)) + 1
    if span.end_line == span.line and span.end_column > span.column:
        width = len(raw[: span.end_column - 1].expandtabs(4)) + 1 - start
    else:
        width = 1
    width = max(1, min(width, max(1, len(text) - start + 1)))
    gutter = f"{span.line:>5} | "
    return f"{gutter}{text}\n{' ' * (len(gutter) - 2)}| {' ' * (start - 1)}{'^' * width}"
