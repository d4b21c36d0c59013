"""A slide's table, measured once.

Rich measures every cell of a table whenever it is asked how wide the table is, and a card asks
five times: the card's frame measures the table (which works out its columns, then measures them
again), and the table works out its columns again to draw them (and once more after narrowing
them). For the `/nearby` card that was most of the cost of showing it.

The widths depend only on the cells' texts and the width available, so `SlideTable` works them
out once, the way Rich does (the same measurements of each cell, the same narrowing of the widest
columns, `Table._collapse_widths` and `ratio_reduce`), and hands Rich the table with those widths
fixed: Rich then draws exactly what it would have drawn, without measuring a cell.
`tests/frontend/test_slide_table.py` compares the two drawings on generated tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich._ratio import ratio_reduce
from rich.cells import cell_len
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

Range = tuple[int, int]  # (minimum, maximum) columns, as rich.measure.Measurement


def slide_table(headers: list[Text], rows: list[list[Text]]) -> Table:
    """The table as Rich draws a slide's table: bold headers, no outer edge."""
    table = Table(show_edge=False, pad_edge=False, header_style="bold", expand=False)
    for name in headers:
        table.add_column(name)
    for row in rows:
        table.add_row(*row)
    return table


class SlideTable:
    """Renders as `slide_table(headers, rows)` does, measuring each cell once."""

    def __init__(self, headers: list[Text], rows: list[list[Text]]) -> None:
        self.headers = headers
        self.rows = rows
        columns = len(headers)
        # each column's cells, header first, as (least, most) widths of their text
        self._ranges = [[_text_range(headers[i].plain)]
                        + [_text_range(row[i].plain) for row in rows] for i in range(columns)]
        self._padding = [(0 if i == 0 else 1) + (0 if i == columns - 1 else 1)
                         for i in range(columns)]  # (0, 1) padding, none at the edges
        self._extra = columns - 1  # the lines between the columns
        self._columns: dict[tuple[int, int], Range] = {}  # (column, width) -> its measure
        self._width_cache: dict[int, list[int]] = {}  # width -> the columns' widths
        # a tab is widened only when drawn: leave such a table to Rich
        self._plain = not columns or any("\t" in text.plain for text in headers) or any(
            "\t" in cell.plain for row in rows for cell in row)

    def _column(self, index: int, max_width: int) -> Range:
        """`Table._measure_column` of column `index`."""
        known = self._columns.get((index, max_width))
        if known is not None:
            return known
        if max_width < 1:
            return 0, 0
        pad = self._padding[index]
        cells = [_padded(r, pad, max_width) for r in self._ranges[index]]
        least = max(c[0] for c in cells) if cells else 1
        most = max(c[1] for c in cells) if cells else max_width
        measured = self._columns[index, max_width] = min(least, max_width), min(most, max_width)
        return measured

    def _widths(self, max_width: int) -> list[int]:
        """`Table._calculate_column_widths` (no expanding, no minimum width)."""
        known = self._width_cache.get(max_width)
        if known is None:
            known = self._width_cache[max_width] = self._calculate(max_width)
        return list(known)

    def _calculate(self, max_width: int) -> list[int]:
        count = len(self.headers)
        widths = [self._column(i, max_width)[1] or 1 for i in range(count)]
        if sum(widths) > max_width:
            widths = Table._collapse_widths(widths, [True] * count, max_width)
            if sum(widths) > max_width:
                widths = ratio_reduce(sum(widths) - max_width, [1] * count, widths, widths)
            widths = [self._column(i, width)[1] or 0 for i, width in enumerate(widths)]
        return widths

    def table(self, max_width: int) -> Table:
        """The Rich table for `max_width` columns, its widths fixed when that is exact."""
        table = slide_table(self.headers, self.rows)
        if self._plain:
            return table
        widths = self._widths(max_width - self._extra)
        if any(width < pad for width, pad in zip(widths, self._padding, strict=True)):
            return table  # too narrow to fix the widths: Rich's own way
        for column, width, pad in zip(table.columns, widths, self._padding, strict=True):
            column.width = width - pad
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """`Table.__rich_measure__`."""
        if self._plain:
            return Measurement.get(console, options, self.table(options.max_width))
        max_width = options.max_width
        if max_width < 0:
            return Measurement(0, 0)
        total = sum(self._widths(max_width - self._extra))
        columns = [self._column(i, total) for i in range(len(self.headers))]
        return Measurement(sum(c[0] for c in columns) + self._extra,
                           sum(c[1] for c in columns) + self._extra)


def _text_range(text: str) -> Range:
    """`Text.__rich_measure__`: the longest line, the longest word."""
    lines = text.splitlines()
    most = max(cell_len(line) for line in lines) if lines else 0
    words = text.split()
    least = max(cell_len(word) for word in words) if words else most
    return least, most


def _get(measured: Range, max_width: int) -> Range:
    """What `Measurement.get` makes of a renderable's own measurement."""
    least, most = _normal(measured)
    least, most = min(least, max_width), min(most, max_width)
    if most < 1:
        return 0, 0
    return _normal((least, most))


def _normal(measured: Range) -> Range:
    """`Measurement.normalize`."""
    least, most = measured
    least = min(max(0, least), most)
    return max(0, least), max(0, max(least, most))


def _padded(text: Range, pad: int, max_width: int) -> Range:
    """`Measurement.get` of a cell: its text in `Padding` of `pad` columns in all."""
    if max_width < 1:
        return 0, 0
    if max_width - pad < 1:
        padded = max_width, max_width
    else:
        least, most = _get(text, max_width - pad)
        padded = min(least + pad, max_width), min(most + pad, max_width)
    return _get(padded, max_width)
