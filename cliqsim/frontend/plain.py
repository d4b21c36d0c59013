"""Plain terminal text without Rich: lines of styled spans, their layout (wrapping, frames,
tables) and one writer. The headless commands print with it, so a cold `cliqsim run` does not
import Rich (about 25 ms of a start, issue #18); the chat window keeps Rich and Textual.

Component text stays data, as with the Rich console (`cliqsim.frontend.terminal`):
- nothing is read as markup: there is no markup here, `[bold]` and `:smile:` are printed as
  they are;
- every span's text goes through `terminal.printable` when a `Block` is made and again when it
  is written, so a control character a component supplies (an escape sequence, a carriage
  return, a bidirectional control) is shown as `\\uXXXX` and never acts on the terminal;
- cliqsim's own styles are added after that, as SGR sequences, and only on a colour terminal
  (stdout a terminal, `NO_COLOR` unset, `TERM` not `dumb`; `FORCE_COLOR` forces them).

Widths are in terminal cells (East Asian wide characters take two); the width is `$COLUMNS`,
else the terminal's, else 80, as Rich measures it.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from cliqsim.frontend.cliq_markdown import Look, Span
from cliqsim.frontend.terminal import printable, raw_stream

if TYPE_CHECKING:
    from rich.text import Text

__all__ = ["Block", "Line", "Out", "frame", "look", "span", "table", "wrap"]

Line = list[Span]

_COLOURS = {"black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6,
            "white": 7}
_EXTENDED = {"grey19": 236}  # Rich's names of the 256 colours cliqsim uses
_ATTRIBUTES = {"bold": 1, "dim": 2, "italic": 3, "underline": 4, "reverse": 7, "strike": 9}


def look(words: str) -> Look | None:
    """A look from Rich's style words: `"bold red"`, `"dim italic"`, `"bold white on red"`."""
    result: Look = {}
    tokens = words.split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "on" and i + 1 < len(tokens):
            result["bgcolor"] = tokens[i + 1]
            i += 2
            continue
        result[tokens[i] if tokens[i] in _ATTRIBUTES else "color"] = (
            True if tokens[i] in _ATTRIBUTES else tokens[i])
        i += 1
    return result or None


def span(text: object, style: str | Look | None = None) -> Span:
    """A span of `text` shown literally (control characters as `\\uXXXX`, tabs as spaces)."""
    shown = printable(str(text)).replace("\t", "    ")
    return shown, look(style) if isinstance(style, str) else (style or None)


def cells(text: str) -> int:
    """How many terminal cells `text` takes (wide characters two, combining marks none)."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def width_of(line: Line) -> int:
    return sum(cells(text) for text, _ in line)


def lines_of(spans: Iterable[Span]) -> list[Line]:
    """Spans cut into lines at each newline."""
    lines: list[Line] = [[]]
    for text, style in spans:
        parts = text.split("\n")
        for number, part in enumerate(parts):
            if number:
                lines.append([])
            if part:
                lines[-1].append((part, style))
    return lines


def _take(text: str, room: int) -> int:
    """How many characters of `text` fit in `room` cells (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += cells(char)
        if used > room:
            return max(index, 1)
    return len(text)


def wrap(line: Line, width: int) -> list[Line]:
    """`line` broken at spaces into lines of at most `width` cells (a word longer than a whole
    line is cut); the spaces a break falls on are dropped."""
    width = max(width, 1)
    if width_of(line) <= width:
        return [line]
    words: list[Line] = []  # alternating runs of non-spaces and spaces, styles kept
    for text, style in line:
        for piece in _runs(text):
            if words and (piece[0] == " ") == (words[-1][0][0][0] == " "):
                words[-1].append((piece, style))
            else:
                words.append([(piece, style)])
    out: list[Line] = [[]]
    used = 0
    for word in words:
        size = width_of(word)
        if word[0][0][0] == " ":
            if used and used + size < width:
                out[-1].extend(word)
                used += size
            elif used:
                out.append([])
                used = 0
            continue
        if used + size > width and used:
            _drop_trailing_spaces(out[-1])
            out.append([])
            used = 0
        for text, style in word:
            while text:
                room = width - used
                if cells(text) <= room:
                    out[-1].append((text, style))
                    used += cells(text)
                    break
                if used and cells(text) <= width:
                    out.append([])
                    used = 0
                    continue
                cut = _take(text, room)
                out[-1].append((text[:cut], style))
                text = text[cut:]
                out.append([])
                used = 0
    _drop_trailing_spaces(out[-1])
    return [row for row in out if row] or [[]]


def _runs(text: str) -> list[str]:
    runs: list[str] = []
    for char in text:
        if runs and (char == " ") == (runs[-1][0] == " "):
            runs[-1] += char
        else:
            runs.append(char)
    return runs


def _drop_trailing_spaces(line: Line) -> None:
    while line and not line[-1][0].strip():
        line.pop()
    if line and line[-1][0] != line[-1][0].rstrip(" "):
        line[-1] = (line[-1][0].rstrip(" "), line[-1][1])


def pad(line: Line, width: int, *, right: bool = False) -> Line:
    """`line` padded with spaces to `width` cells (on the left with `right`)."""
    gap = width - width_of(line)
    if gap <= 0:
        return list(line)
    return [(" " * gap, None), *line] if right else [*line, (" " * gap, None)]


def cut(line: Line, width: int) -> Line:
    """`line` shortened to `width` cells, ending in `…` when something was cut."""
    if width_of(line) <= width:
        return list(line)
    out: Line = []
    room = width - 1
    for text, style in line:
        if cells(text) <= room:
            out.append((text, style))
            room -= cells(text)
            continue
        if room > 0:
            out.append((text[:_take(text, room)], style))
        break
    out.append(("…", None))
    return out


def frame(lines: Sequence[Line], title: Line, border: str, width: int, *,
          expand: bool = False) -> list[Line]:
    """`lines` in a rounded frame with `title` on its top edge (Rich's Panel): as wide as its
    content (or all of `width` with `expand`), its content wrapped to fit."""
    inner_room = max(width - 4, 1)
    body = [row for line in lines for row in wrap(line, inner_room)]
    inner = inner_room if expand else min(inner_room, max(
        [width_of(row) for row in body] + [width_of(title) + 2 if title else 0, 1]))
    edge = look(border)
    top: Line = [("╭─", edge)]
    if title:
        shown = cut(title, max(inner - 1, 1))
        top += [(" ", None), *shown, (" ", None)]
        top.append(("─" * max(inner + 1 - width_of(shown) - 2, 0) + "╮", edge))
    else:
        top.append(("─" * (inner + 1) + "╮", edge))
    framed = [top]
    for row in body:
        framed.append([("│", edge), (" ", None), *pad(row, inner), (" ", None), ("│", edge)])
    framed.append([("╰" + "─" * (inner + 2) + "╯", edge)])
    return framed


def table(rows: Sequence[Sequence[Line]], width: int, *, header: Sequence[Line] | None = None,
          right: Sequence[int] = (), gap: str | None = None) -> list[Line]:
    """Rows of cells (each a line, newlines allowed) in columns that fit in `width`; the widest
    columns are narrowed first and their cells wrapped. With `header`, Rich's look: header
    cells bold, ` ┃ ` between them, a `━╇━` rule under them and ` │ ` between body cells;
    without it a grid whose columns are `gap` apart (two spaces by default). `right`: the
    columns justified to the right."""
    count = max([len(row) for row in rows] + [len(header or ())])
    if count == 0:
        return []
    grid = [[lines_of(cell) for cell in row] + [[[]]] * (count - len(row)) for row in rows]
    heads = [lines_of([(text, {**(style or {}), "bold": True}) for text, style in cell])
             for cell in header] if header is not None else None
    between = 3 if header is not None else len(gap if gap is not None else "  ")
    every = ([*grid, heads] if heads is not None else grid)
    widths = [max([width_of(line) for row in every for line in row[i]] + [0])
              for i in range(count)]
    room = max(width - between * (count - 1), count)
    while sum(widths) > room:
        widest = max(range(count), key=lambda i: widths[i])
        if widths[widest] <= 1:
            break
        widths[widest] -= 1

    def draw(row: list[list[Line]], sep: Line) -> list[Line]:
        wrapped = [[piece for line in cell for piece in wrap(line, widths[i])]
                   for i, cell in enumerate(row)]
        height = max(len(cell) for cell in wrapped)
        out = []
        for n in range(height):
            line: Line = []
            for i, cell in enumerate(wrapped):
                if i:
                    line.extend(sep)
                piece = cell[n] if n < len(cell) else []
                line.extend(pad(piece, widths[i], right=i in right))
            _drop_trailing_spaces(line)
            out.append(line)
        return out

    drawn: list[Line] = []
    if heads is not None:
        drawn += draw(heads, [(" ┃ ", None)])
        drawn.append([("━╇━".join("━" * w for w in widths), None)])
        body_sep: Line = [(" │ ", None)]
    else:
        body_sep = [(gap if gap is not None else "  ", None)]
    for row in grid:
        drawn += draw(row, body_sep)
    return drawn


class Block:
    """Lines of spans, printed as they are (by `Out`, or by a Rich console: `__rich__`)."""

    __slots__ = ("lines",)

    def __init__(self, lines: Iterable[Line]) -> None:
        self.lines = [[(printable(text), style) for text, style in line] for line in lines]

    @classmethod
    def of(cls, text: object, style: str | Look | None = None) -> Block:
        """One piece of literal text (newlines start new lines)."""
        return cls(lines_of([span(text, style)]))

    def plain(self) -> str:
        return "\n".join("".join(text for text, _ in line) for line in self.lines)

    def __rich__(self) -> Text:
        from rich.text import Text

        from cliqsim.frontend.markdown import style_of

        text = Text()
        for number, line in enumerate(self.lines):
            if number:
                text.append("\n")
            for piece, style in line:
                text.append(piece, style_of(style))
        return text


def _sgr(style: Look) -> str:
    codes = [str(_ATTRIBUTES[name]) for name in _ATTRIBUTES if style.get(name)]
    for key, base in (("color", 30), ("bgcolor", 40)):
        name = style.get(key)
        if isinstance(name, str):
            if name in _COLOURS:
                codes.append(str(base + _COLOURS[name]))
            elif name in _EXTENDED:
                codes.append(f"{base + 8};5;{_EXTENDED[name]}")
    return ";".join(codes)


def render(line: Line, *, colour: bool) -> str:
    """One line as terminal text: each span `printable`, then (on a colour terminal) its style
    as SGR and its link as an OSC 8 hyperlink."""
    out = []
    for text, style in line:
        shown = printable(text)
        if colour and style:
            codes = _sgr(style)
            if codes:
                shown = f"\x1b[{codes}m{shown}\x1b[0m"
            link = style.get("link")
            if isinstance(link, str):
                shown = f"\x1b]8;;{printable(link)}\x1b\\{shown}\x1b]8;;\x1b\\"
        out.append(shown)
    return "".join(out)


def wants_colour(stream: IO[str]) -> bool:
    """Whether to style output to `stream`: a terminal, `NO_COLOR` unset and `TERM` not `dumb`,
    or `FORCE_COLOR` set (Rich's rules)."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def terminal_width(stream: IO[str] | None = None) -> int:
    """`$COLUMNS`, else the width of the terminal `stream` is, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        if stream is not None and stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        pass
    return 80


class Out:
    """What a headless command prints with: strings and `Block`s as plain text (see the module
    docstring); anything else (a Rich renderable some listing still builds) through a Rich
    console made on first use (`cliqsim.frontend.terminal.console`). Writes to `file`, else the
    real stdout under `safe_output`."""

    def __init__(self, file: IO[str] | None = None, *, colour: bool | None = None,
                 width: int | None = None) -> None:
        self._file = file
        self._colour = colour
        self._width = width
        self._rich: Any = None

    @property
    def file(self) -> IO[str]:
        return self._file if self._file is not None else raw_stream(sys.stdout)

    @property
    def colour(self) -> bool:
        return wants_colour(self.file) if self._colour is None else self._colour

    @property
    def width(self) -> int:
        return terminal_width(self.file) if self._width is None else self._width

    def print(self, *objects: object, end: str = "\n", style: str | None = None,
              **_ignored: object) -> None:
        """Print `objects` one after the other, each on its own line(s); `style` styles strings
        (cliqsim's own words; a component's are never styled by their content)."""
        if not objects:
            self.file.write(end)
            return
        for number, thing in enumerate(objects):
            last = number == len(objects) - 1
            if isinstance(thing, Block):
                self.write(thing.lines, end=end if last else "\n")
            elif isinstance(thing, str):
                self.write(lines_of([span(thing, style)]), end=end if last else "\n")
            else:
                self.rich().print(thing, end=end if last else "\n")

    def write(self, lines: Sequence[Line], end: str = "\n") -> None:
        colour = self.colour
        self.file.write("\n".join(render(line, colour=colour) for line in lines) + end)
        self.file.flush()

    def rich(self) -> Any:
        """The Rich console for what is not plain text (made on first use)."""
        if self._rich is None:
            from cliqsim.frontend.terminal import console

            self._rich = console(self._file)
        return self._rich
