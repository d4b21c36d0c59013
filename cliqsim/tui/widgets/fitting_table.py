"""A table that fits its width: no horizontal scrollbar, no column cut in the middle of a word.

The permissions (grants, ledger) and extensions tables were wider than 80 columns: the last
column was cut mid-word and a horizontal scrollbar appeared. A `FittingTable` shows the columns
that fit whole, in the order of importance each `Column` gives; the one `flex` column takes the
width left and shortens its cells with `…`. What a narrow table leaves out, the screen shows in
full under it for the highlighted row (the screens' detail panes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widgets import DataTable


@dataclass(frozen=True, slots=True)
class Column:
    """`keep`: lower is more important (kept at narrower widths); `flex`: takes the width the
    others leave, at least `least` cells, its cells cut with `…`."""

    label: str
    key: str
    keep: int
    flex: bool = False
    least: int = 12


def choose(columns: Sequence[Column], natural: dict[str, int], room: int,
           padding: int) -> dict[str, int]:
    """The columns to show and their widths (keys in the given order): by importance, whole
    columns while the next one fits, the flex column counted at its `least` and then given all the
    room left over. `natural` is each column's widest cell or label; `padding` the cells a
    column adds around its text."""
    shown: dict[str, int] = {}
    used = 0
    for column in sorted(columns, key=lambda c: c.keep):
        wanted = min(natural[column.key], column.least) if column.flex else natural[column.key]
        if used + wanted + padding > room:
            break  # a less important column never takes the place of a more important one
        shown[column.key] = wanted
        used += wanted + padding
    flex = next((c for c in columns if c.flex and c.key in shown), None)
    if flex is not None:
        shown[flex.key] = min(natural[flex.key], shown[flex.key] + room - used)
    return {c.key: shown[c.key] for c in columns if c.key in shown}


class FittingTable(DataTable[Any]):
    """A `DataTable` of `Column`s whose rows are given with `set_rows`; it lays the columns out
    again whenever its width changes. Cells are `str` or `rich.text.Text` (data: never
    markup)."""

    def __init__(self, columns: Sequence[Column], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fitting_columns = tuple(columns)
        self._rows: list[tuple[str, tuple[Any, ...]]] = []
        self._laid_out_for = -1

    def set_rows(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Show `rows` (`(key, cells)`, cells in the columns' order), keeping the cursor on
        the row with the same key."""
        self._rows = [(key, tuple(cells)) for key, cells in rows]
        self._lay_out(force=True)

    def on_resize(self) -> None:
        self._lay_out()

    def _room(self) -> int:
        return self.size.width - self.styles.scrollbar_size_vertical

    def _lay_out(self, *, force: bool = False) -> None:
        room = self._room()
        if room <= 0 or (room == self._laid_out_for and not force):
            return
        self._laid_out_for = room
        natural = {c.key: max([Text(c.label).cell_len] + [
            _text(cells[i]).cell_len for _, cells in self._rows])
            for i, c in enumerate(self.fitting_columns)}
        widths = choose(self.fitting_columns, natural, room, 2 * self.cell_padding)
        index = {c.key: i for i, c in enumerate(self.fitting_columns)}
        current = self._cursor_key()
        self.clear(columns=True)
        for key, width in widths.items():
            column = self.fitting_columns[index[key]]
            self.add_column(column.label, width=width, key=key)
        for key, cells in self._rows:
            self.add_row(*(_cut(cells[index[k]], widths[k]) for k in widths), key=key)
        if current is not None and any(key == current for key, _ in self._rows):
            self.move_cursor(row=self.get_row_index(current), animate=False)

    def _cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return None if key is None else str(key)


def _text(cell: Any) -> Text:
    return cell if isinstance(cell, Text) else Text(str(cell))


def _cut(cell: Any, width: int) -> Text:
    """`cell` on one line of at most `width` cells, `…` where it is cut."""
    text = _text(cell).copy()
    text.no_wrap = True
    text.overflow = "ellipsis"
    text.truncate(width, overflow="ellipsis")
    return text
