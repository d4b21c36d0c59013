"""Zoho's "Message Content" page (https://www.zoho.com/cliq/help/restapi/v2/messageformat/):
the slide formats a message carries (table, list, label, image, percentage_chart, graph), each
posted as its page's example and drawn as Cliq draws it; "Graphs"
(https://zoho.com/cliq/help/platform/widget-section-elements/graphs.html) for the same graph in a
widget."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allowing, write_package

from cliqsim.frontend.plain_render import slide_lines
from cliqsim.platform.messages import Slide
from cliqsim.platform.responses import ResponseError, normalize
from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]

# The page's graph example: two categories (series) over three months, sent by a bot named in
# the message.
GRAPH = """\
message = {"text":"Exploring how our customers have been leveraging integrations in the past week!",
"bot":{"name":"Zylker Apptics"},"card":{"title":"Usage Analysis","theme":"modern-inline"},
"slides":[{"type":"graph","styles":{"preview":"trend","x_axis":"Months","y_axis":"Usage count"},
"data":[{"category":"Asana","values":[{"label":"Jan","value":9},{"label":"Feb","value":6},
{"label":"Mar","value":3}]},{"category":"BitBucket","values":[{"label":"Jan","value":12},
{"label":"Feb","value":18},{"label":"Mar","value":14}]}]}]};
return message;
"""

# The page's list example, with `styles.type` "decimal" (its allowed values: disc | circle |
# square | decimal | lower-alpha | upper-alpha | lower-roman | upper-roman).
LIST = """\
return {"text":"Welcome to Agile Bot! I'm here to give you a brief on what Agile is all about.",
"card":{"title":"Features of Agile Bot","theme":"modern-inline"},
"slides":[{"type":"list","title":"Key features","data":["Time - Tracking for Tasks",
"Prioritize requirements effectively","Identify and work on a fix for bugs instantly",
"Collaborate actively","Most important - Keep it simple"],"styles":{"type":"decimal"}}]};
"""


def _text(lines: list[list[tuple[str, object]]]) -> list[str]:
    return ["".join(str(piece[0]) for piece in line).rstrip() for line in lines]


def _shown(tmp_path: Path, make_runtime: MakeRuntime, script: str) -> list[Slide]:
    root = tmp_path / "components"
    write_package(root, "post", 'type = "command"\nname = "post"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": script})
    runtime = make_runtime(root)
    outcome = allowing(runtime, runtime.submit("u_admin", "general", "/post"))
    assert outcome.status == "ok", outcome.error
    return list(outcome.messages[-1].slides)


def test_the_graph_example_draws_a_column_per_category_and_a_row_per_label(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    (graph,) = _shown(tmp_path, make_runtime, GRAPH)
    lines = [[w for w in line.split() if w not in "┃│"] for line in
             _text(slide_lines(graph, 60))]
    assert lines[0] == ["Asana", "BitBucket"]
    assert lines[-3:] == [
        ["Jan", "9", "12"], ["Feb", "6", "18"], ["Mar", "3", "14"]]


def test_a_graph_has_at_most_5_categories_of_20_values() -> None:
    def graph(categories: int, values: int) -> dict[str, object]:
        data = [{"category": f"c{c}", "values": [{"label": f"l{v}", "value": v}
                                                 for v in range(values)]}
                for c in range(categories)]
        return {"text": "t", "slides": [{"type": "graph", "data": data}]}

    assert normalize(graph(5, 20), "message").slides
    with pytest.raises(ResponseError, match=r"slides\[0\]\.data: a graph has at most 5"):
        normalize(graph(6, 1), "message")
    with pytest.raises(ResponseError, match=r"values: a graph category has at most 20"):
        normalize(graph(1, 21), "message")


def test_the_list_example_is_numbered_by_its_style(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    (listed,) = _shown(tmp_path, make_runtime, LIST)
    lines = _text(slide_lines(listed, 60))
    assert lines[1:3] == ["1. Time - Tracking for Tasks", "2. Prioritize requirements effectively"]
    assert lines[-1] == "5. Most important - Keep it simple"


@pytest.mark.parametrize(("style", "fifth"), [
    ("disc", "•"), ("circle", "◦"), ("square", "▪"), ("lower-alpha", "e."),
    ("upper-alpha", "E."), ("lower-roman", "v."), ("upper-roman", "V."), ("bulleted", "•")])
def test_every_list_style(style: str, fifth: str) -> None:
    items = ["a", "b", "c", "d", "e"]
    lines = _text(slide_lines(Slide("list", items, styles={"type": style}), 40))
    assert lines[-1] == f"{fifth} e"
