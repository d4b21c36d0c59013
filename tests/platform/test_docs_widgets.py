"""Zoho's own documented widget samples (the "Widget Section Element" pages and the widget
handler pages), run as printed: each returns its applet map from a widget's view handler and
the test checks what the page says the widget shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allowing, write_package

from cliqsim.platform.runtime import Runtime
from cliqsim.platform.widgets import render_text

MakeRuntime = Callable[[Path], Runtime]


def _widget(tmp_path: Path, make_runtime: MakeRuntime, view: str,
            extra: dict[str, str] | None = None) -> Runtime:
    root = tmp_path / "components"
    write_package(root, "board", 'type = "widget"\nname = "Board"\n[handlers]\n'
                  'view = "view.dg"\n', {"view.dg": view})
    for name, script in (extra or {}).items():
        write_package(root, name, f'type = "function"\nname = "{name}"\n'
                      'function_type = "widget_button"\n[handlers]\n'
                      'widget_button = "b.dg"\n', {"b.dg": script})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    return runtime


def _open(runtime: Runtime) -> str:
    outcome = allowing(runtime, runtime.open_widget("u_admin", "board"))
    assert outcome.status == "ok", outcome.error
    assert outcome.widget is not None
    return render_text(outcome.widget)


# Zoho, "Widget Section Element: Header" (https://www.zoho.com/cliq/help/platform/
# widget-section-elements/header.html), "Example for header title". Its `active_tab` names a tab
# the sample does not define ("homeTab"); Cliq shows the widget all the same.
HEADER = """\
header = {
    "title":"Widget Header",
    "buttons":[
        {
        "label":"Button 1",
        "type":"invoke.function",
        "name":"button",
        "id":"section"
        }
    ]
};
elements = list();
elements.add(
    {
        "type":"title",
        "text":"Here goes the widget title!"
    }
);
sections = list();
sections.add(
    {
        "id":"1",
        "elements":elements
    }
);
return {
    "type":"applet",
    "header":header,
    "tabs":[
        {
            "label":"Header",
            "id":"header"
        }
    ],
    "active_tab":"homeTab",
    "sections":sections
};
"""


def test_the_header_sample_draws_its_title_and_button(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _widget(tmp_path, make_runtime, HEADER,
                      {"button": 'return {"type":"banner","status":"success","text":"clicked "'
                                 ' + target.get("id")};\n'})
    drawn = _open(runtime)
    assert drawn.splitlines()[:4] == ["== Board ==", "[Header]", "Widget Header",
                                      "[Button 1](section)"]
    assert "# Here goes the widget title!" in drawn
    clicked = allowing(runtime, runtime.click_widget("u_admin", "board", "Button 1"))
    assert clicked.status == "ok", clicked.error
    assert clicked.notice == "clicked section"  # a banner, over the widget


# Zoho, "Widget Section Element: Title" (https://www.zoho.com/cliq/help/platform/
# widget-section-elements/title.html), "Widget section title (only text)".
TITLE = """\
elements = list();
elements.add(
    {
        "type":"title",
        "text":"Here goes the title!"
    }
);
sections = list();
sections.add(
    {
        "id":"1",
        "elements":elements
}
);
return {
\t"type":"applet",
\t"tabs":[
        {
\t\t    "label":"Home",
\t\t    "id":"homeTab"
\t    }
    ],
\t"active_tab":"homeTab",
\t"sections": sections
};
"""


def test_the_title_sample(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    drawn = _open(_widget(tmp_path, make_runtime, TITLE))
    assert drawn.splitlines() == ["== Board ==", "[Home]", "", "# Here goes the title!"]


# Zoho, "Widget Section Element: Fields" (https://zoho.com/cliq/help/platform/
# widget-section-elements/fields.html), "Example for single columned field element": each item
# of `data` is a `{key: value}` map, and `style {short}` picks one or two columns.
FIELDS = """\
elements = list();
elements.add(
    {
        "type":"title",
        "text":"Widget Title"
    }
);
elements.add(
    {
        "type":"fields",
        "data":[
            {
                "Key 1":"Value 1"
            },
            {
                "Key 2":"Value 2"
            },
            {
                "Key 3":"Value 3"
            }],
        "style":
        {
             "short": false
        }
    }
);
sections = list();
sections.add(
    {
        "id":1,
        "elements":elements
    }
);
return {
    "type":"applet",
    "tabs":[
        {
            "label":"Home",
            "id":"homeTab"
        }
    ],
    "active_tab":"homeTab",
    "sections":sections
};
"""


def test_the_fields_sample_shows_each_key_and_value(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    drawn = _open(_widget(tmp_path, make_runtime, FIELDS))
    assert drawn.splitlines()[-3:] == ["Key 1: Value 1", "Key 2: Value 2", "Key 3: Value 3"]


# Zoho, "Widget Section Element: Table" (https://zoho.com/cliq/help/platform/
# widget-section-elements/table.html): `headers`, `rows` keyed by header, and `style`.
TABLE = """\
elements = list();
elements.add(
    {
        "type":"title",
        "text":"Widget Title"
    }
);
elements.add(
    {
        "type":"table",
        "headers":[
            "Header 1",
            "Header 2",
            "Header 3"
        ],
        "rows":[
            {
                "Header 1":"Add text here",
                "Header 2":"Add some text here",
                "Header 3":"Add some text here!"
            },
            {
                "Header 1":"Text for row 2",
                "Header 2":"Text for row 2",
                "Header 3":"Some more text here!"
            }
        ],
        "style":{"width":["30","30","40"],"text_align":["left","center","right"]}
    }
);
sections = list();
sections.add({"id":"1","elements":elements});
return {"type":"applet","tabs":[{"label":"Home","id":"homeTab"}],"active_tab":"homeTab",
        "sections":sections};
"""


def test_the_table_sample(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    drawn = _open(_widget(tmp_path, make_runtime, TABLE))
    assert drawn.splitlines()[-3:] == [
        "Header 1 | Header 2 | Header 3",
        "Add text here | Add some text here | Add some text here!",
        "Text for row 2 | Text for row 2 | Some more text here!"]


# Zoho, "Widget Section Element: User Activity" (https://zoho.com/cliq/help/platform/
# widget-section-elements/user-activity.html): `user {id, name}`, `text` (≤ 500) and
# `button_references`, the instant buttons the text places; the sample's button names the
# `profileedit` widget function.
USER_ACTIVITY = """\
instant_button = {
    "label":"Edit Profile",
    "type":"invoke.function",
    "name":"profileedit",
    "id":"edit",
    "emotion":"positive"
};
elements = list();
elements.add(
    {
        "type":"title",
        "text":"Widget Title"
    }
);
elements.add(
    {
        "type":"text",
        "text":"Here goes the text!"
    }
);
elements.add(
    {
        "type":"user_activity",
        "user":
            {
                "id":"1234567",
                "name":"User Name"
            },
        "text":"You can add text here. [Edit Profile]($edit)",
        "button_references":{"edit":instant_button}
    }
);
sections = list();
sections.add({"id":"1","elements":elements});
return {"type":"applet","tabs":[{"label":"Home","id":"homeTab"}],"active_tab":"homeTab",
        "sections":sections};
"""


def test_the_user_activity_sample_and_its_instant_button(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _widget(tmp_path, make_runtime, USER_ACTIVITY,
                      {"profileedit": 'return {"type":"banner","status":"success","text":'
                                      '"editing via " + target.get("id")};\n'})
    drawn = _open(runtime)
    assert "• User Name: You can add text here. [Edit Profile]($edit)" in drawn
    assert "[Edit Profile](edit)" in drawn
    clicked = allowing(runtime, runtime.click_widget("u_admin", "board", "Edit Profile"))
    assert clicked.status == "ok", clicked.error
    assert clicked.notice == "editing via edit"


@pytest.mark.parametrize("reference", [
    '{"label":"Go","type":"invoke.function","name":"go","id":"g"}',
    '{"type":"button","object":{"label":"Go","type":"invoke.function","name":"go","id":"g"}}'])
def test_button_references_are_checked_like_buttons(
        tmp_path: Path, make_runtime: MakeRuntime, reference: str) -> None:
    view = ('return {"type":"applet","sections":[{"id":"1","elements":[{"type":"text",'
            '"text":"[Go]($go)","button_references":{"go":' + reference + '}}]}]};\n')
    runtime = _widget(tmp_path, make_runtime, view)
    assert "[Go](g)" in _open(runtime)
    bad = view.replace('"label":"Go"', '"label":"' + "x" * 31 + '"')
    (tmp_path / "components" / "board" / "view.dg").write_text(bad)
    runtime.reload()
    outcome = allowing(runtime, runtime.open_widget("u_admin", "board"))
    assert outcome.status == "error"
    assert "button_references.go" in str(outcome.error)
    assert "at most 30" in str(outcome.error)


# Zoho, "Widget Execution Handler" (https://www.zoho.com/cliq/help/platform/
# widget-execution-handler.html): the Google Drive widget sample, as far as the stored copy of the
# page shows it: two tabs, a header with `"navigation":"new"`, `target.containKey("id")` on load,
# and the info view it returns when the drive has no files.
DRIVE = """\
id = "recent";
type = "recent";
header = Map();
footer = Map();
sections = list();
header = {"title":"Home","navigation":"new"};
tabsList = {{"label":"Recent","id":"recent"},{"label":"Starred","id":"starred"}};
if(target.containKey("id"))
{
\tid = target.get("id");
}
params = Map();
params.put("pageSize","20");
params.put("fields","*");
if(id == "recent")
{
\tparams.put("q","trashed = false");
}
else if(id == "starred")
{
\tparams.put("orderBy","starred");
\ttype = "starred";
}
filesResponse = invokeurl
[
\turl :"https://www.googleapis.com/drive/v3/files"
\ttype :GET
\tparameters:params
\tconnection:"gdrive"
];
files = filesResponse.get("files");
if(files == null || files.isEmpty())
{
\tif(id == "recent")
\t{
\t\treturn {"type":"applet","data_type":"info","info":{"title":"Oops! No recent files found.","description":""},"tabs":tabsList,"active_tab":id};
\t}
\telse if(id == "starred")
\t{
\t\treturn {"type":"applet","data_type":"info","info":{"title":"Oops! No starred files found.","description":""},"tabs":tabsList,"active_tab":id};
\t}
}
return {"type":"applet","header":header,"tabs":tabsList,"active_tab":id,"sections":sections};
"""


def test_the_widget_execution_handler_sample_shows_its_info_view(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    root = tmp_path / "components"
    write_package(root, "board", """
        type = "widget"
        name = "Board"
        [handlers]
        view = "view.dg"
        [connections.gdrive]
        service = "Google Drive"
        auth = "user"
        hosts = ["www.googleapis.com"]
        [[fixtures]]
        url = "https://www.googleapis.com/drive/v3/files"
        body = '{"files": []}'
        """, {"view.dg": DRIVE})
    runtime = make_runtime(root)
    assert runtime.load_errors == ()
    loaded = allowing(runtime, runtime.open_widget("u_admin", "board"))
    assert loaded.status == "ok", loaded.error
    assert loaded.widget is not None and loaded.widget.data_type == "info"
    assert loaded.widget.info["title"] == "Oops! No recent files found."
    assert loaded.widget.active_tab == "recent"
    assert render_text(loaded.widget).splitlines() == [
        "== Board ==", "[Recent] | Starred", "Oops! No recent files found."]
    starred = runtime.open_widget("u_admin", "board", event="tab_click", tab="starred")
    assert starred.status == "ok", starred.error
    assert starred.widget is not None
    assert starred.widget.info["title"] == "Oops! No starred files found."
    assert starred.widget.active_tab == "starred"


# Zoho, "Widget Section Element: Images" (https://zoho.com/cliq/help/platform/
# widget-section-elements/image.html), "Sample Deluge Script - Widget": two tabs, Gallery and
# Carousel, chosen by `target.containKey("id")`; each shows an `images` element (`style {view,
# size}`, `data` of `{url, description}`, at most 25). The stored copy of the page stops inside
# the image list; the rest follows the page's JSON template.
IMAGES = """\
id = "gallery";
if(target.containKey("id"))
{
\tid = target.get("id");
}
sections = list();
tabsArr = {{"label":"Gallery","id":"gallery"},{"label":"Carousel","id":"carousel"}};
data = List();
imgUrls = {"https://www.zohowebstatic.com/sites/zweb/images/cliq/cliq-home-emojis-sprie-2x.png","https://images.pexels.com/photos/1289845/pexels-photo-1289845.jpeg"};
for each url in imgUrls
{
\tdata.add({"url":url,"description":"Image " + (data.size() + 1)});
}
view = if(id == "gallery","gallery","carousel");
elements = list();
elements.add({"type":"images","style":{"view":view,"size":"medium"},"data":data});
sections.add({"id":1,"elements":elements});
return {"type":"applet","tabs":tabsArr,"active_tab":id,"sections":sections};
"""


def test_the_images_sample_shows_its_images_on_each_tab(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    runtime = _widget(tmp_path, make_runtime, IMAGES)
    first = allowing(runtime, runtime.open_widget("u_admin", "board"))
    assert first.status == "ok", first.error
    assert first.widget is not None and first.widget.active_tab == "gallery"
    (element,) = first.widget.sections[0].elements
    assert element.type == "images" and len(element.spec["data"]) == 2
    carousel = allowing(runtime, runtime.open_widget("u_admin", "board", event="tab_click",
                                                     tab="carousel"))
    assert carousel.status == "ok", carousel.error
    assert carousel.widget is not None
    assert carousel.widget.sections[0].elements[0].spec["style"]["view"] == "carousel"


@pytest.mark.parametrize(("change", "words"), [
    ('"style":{"view":"grid"}', r"style.view: 'grid' is not one of carousel \| gallery"),
    ('"style":{"size":"huge"}', r"style.size: 'huge' is not one of small \| medium \| large"),
    ('"data":[{"description":"no url"}]', r"data\[0\].url: is required"),
    ('"data":[{"url":"https://x.io/' + "a" * 990 + '"}]', r"data\[0\].url: is 1003 characters"),
    ('"data":' + str([{"url": f"https://x.io/{i}"} for i in range(26)]).replace("'", '"'),
     r"data: has 26 images; an images element has at most 25"),
])
def test_an_images_element_is_held_to_its_page(
        tmp_path: Path, make_runtime: MakeRuntime, change: str, words: str) -> None:
    element = '{"type":"images","data":[{"url":"https://x.io/a.png"}],' + change + '}'
    quoted = element.replace('"', '\\"')  # a Deluge text literal of the element's JSON
    view = (f'element = "{quoted}".toMap();\n'
            'return {"type":"applet","sections":[{"id":1,"elements":[element]}]};')
    runtime = _widget(tmp_path, make_runtime, view)
    refused = allowing(runtime, runtime.open_widget("u_admin", "board"))
    assert refused.status == "error"
    assert refused.error is not None
    assert re.search(words, refused.error.message), refused.error.message


# Zoho, "Graphs" (https://zoho.com/cliq/help/platform/widget-section-elements/graphs.html): the
# element's JSON template, `{type: graph, styles: {preview}, data: [{category, values: [{label,
# value}]}]}`, at most 5 categories.
GRAPH = """\
data = list();
data.add({"category":"Asana","values":[{"label":"Jan","value":9},{"label":"Feb","value":6}]});
data.add({"category":"BitBucket","values":[{"label":"Jan","value":12},{"label":"Feb","value":18}]});
elements = list();
elements.add({"type":"graph","styles":{"preview":"vertical_bar"},"data":data});
return {"type":"applet","sections":[{"id":1,"elements":elements}]};
"""


def test_the_graph_element_shows_each_category(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    shown = _open(_widget(tmp_path, make_runtime, GRAPH))
    assert "Asana: Jan 9, Feb 6" in shown and "BitBucket: Jan 12, Feb 18" in shown
    six = GRAPH.replace('elements = list();', 'for each i in {1,2,3,4}\n{\n'
                        '\tdata.add({"category":"c" + i,"values":[]});\n}\nelements = list();')
    refused = allowing(runtime := _widget(tmp_path / "six", make_runtime, six),
                       runtime.open_widget("u_admin", "board"))
    assert refused.error is not None and "a graph has at most 5 categories" in (
        refused.error.message)
