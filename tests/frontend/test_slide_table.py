"""`SlideTable` draws exactly what Rich's own table draws (it only measures each cell once):
compared on generated tables, alone and inside a card's frame, at many widths."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from cliqsim.frontend.markdown import cliq_markup
from cliqsim.frontend.slide_table import SlideTable, slide_table

WORDS = st.sampled_from(["a", "bank", "T.", "Nagar,", "Chennai", "82,", "漢字", "🏦", "x" * 30,
                         "", " ", "Open", "-", "4.1", "Thanikachalam", "*bold*", "_it_",
                         "[Maps](https://maps.example)", "`q`"])
CELLS = st.lists(WORDS, max_size=6).map(" ".join) | st.lists(WORDS, max_size=3).map("\n".join)


def _drawn(renderable: RenderableType, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, force_terminal=True,
                      color_system="truecolor", markup=False, emoji=False, highlight=False)
    lines = console.render_lines(renderable, console.options, pad=False)
    return ["".join(f"{s.text}|{s.style}" for s in line) for line in lines]


@settings(max_examples=300, deadline=None)
@given(headers=st.lists(CELLS, min_size=1, max_size=5), data=st.data(),
       width=st.integers(min_value=1, max_value=140))
def test_a_slide_table_draws_as_rich_draws_it(headers: list[str], data: st.DataObject,
                                               width: int) -> None:
    rows = data.draw(st.lists(st.lists(CELLS, min_size=len(headers), max_size=len(headers)),
                              max_size=6))
    head = [cliq_markup(h) for h in headers]
    cells = [[cliq_markup(c) for c in row] for row in rows]
    fast = SlideTable(head, cells)
    plain = slide_table(head, cells)
    assert _drawn(fast, width) == _drawn(plain, width)
    intro = Text("Hi Priya, here are the banks closest to you.")

    def card(table: RenderableType) -> Panel:
        return Panel(Group(intro, Group(Text("Within 1.5 km", style="bold"), table)),
                     title=Text("Nearby banks"), title_align="left", expand=False)

    assert _drawn(card(SlideTable(head, cells)), width) == _drawn(card(plain), width)


def test_the_nearby_table_is_drawn_with_fixed_widths() -> None:
    headers = [Text(h) for h in ("Name", "Address", "Rating", "Now")]
    rows = [[Text(c) for c in ("State Bank of India, T. Nagar Branch",
                               "82, Usman Road, T. Nagar, Chennai", "4.1", "Open")]]
    table = SlideTable(headers, rows).table(60)
    assert all(column.width is not None for column in table.columns)  # nothing to measure
    assert _drawn(SlideTable(headers, rows), 60) == _drawn(slide_table(headers, rows), 60)
