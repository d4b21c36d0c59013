"""Widgets: the home-screen panel a view handler draws, and its button handler (reference §1.8).

The view handler gets `user`, `target`, `event` (`load`, `refresh`, `tab_click`), `access` and
`environment`, and returns an applet map:

    {"type":"applet", "tabs":[{"label":"Today","id":"today"}], "active_tab":"today",
     "data_type":"sections", "sections":[{"id":1, "elements":[{"type":"title","text":"Hi"}]}],
     "header":{...}, "footer":{...}}

`read_widget` checks it against Cliq's rules (at most 5 tabs, 5 buttons per element, labels of
at most 30 characters, known element types) and gives a `Widget`; `render_text` draws it as text
for the headless CLI. A widget button with type `invoke.function` runs the widget's button
handler with `target = {id, label, tab_id, section_id}`; it may return a new applet map (the
widget is redrawn), a banner, or nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from cliqsim.errors import UsageError
from cliqsim.platform.responses import ResponseError, graph_limits

if TYPE_CHECKING:
    from cliqsim.platform.packages import Package

MAX_TABS = 5
MAX_BUTTONS = 5
BUTTON_LABEL = 30
BUTTON_ID = 500
MAX_CARDS = 25
CARD_TITLE = 100
ELEMENT_TYPES = {"title", "text", "subtext", "activity", "user_activity", "divider", "buttons",
                 "table", "fields", "cards", "images", "percentage_chart", "graph"}
DATA_TYPES = {"sections", "info", "map", "form", "web_view"}
BUTTON_TYPES = {"invoke.function", "open.url", "preview.url", "system.api"}
EVENTS = ("load", "refresh", "tab_click")


class WidgetButton(msgspec.Struct, frozen=True):
    id: str
    label: str
    type: str
    section_id: str = ""
    emotion: str | None = None
    disabled: bool = False
    data: dict[str, Any] = msgspec.field(default_factory=dict)  # url, name, api ... as given


class WidgetElement(msgspec.Struct, frozen=True):
    type: str
    spec: dict[str, Any]  # the element map as returned
    buttons: tuple[WidgetButton, ...] = ()


class WidgetSection(msgspec.Struct, frozen=True):
    id: str
    elements: tuple[WidgetElement, ...]


class Widget(msgspec.Struct, frozen=True):
    """One drawn view of a widget."""

    component: str
    name: str
    tabs: tuple[tuple[str, str], ...]  # (id, label)
    active_tab: str
    data_type: str
    sections: tuple[WidgetSection, ...] = ()
    header: dict[str, Any] = msgspec.field(default_factory=dict)
    footer: dict[str, Any] = msgspec.field(default_factory=dict)
    info: dict[str, Any] = msgspec.field(default_factory=dict)

    def buttons(self) -> tuple[WidgetButton, ...]:
        """Every button: the header's, each element's, the footer's (section `header` /
        `footer` for those; Zoho's "Widget Section Element: Header" page)."""
        return (self.bar_buttons("header")
                + tuple(b for s in self.sections for e in s.elements for b in e.buttons)
                + self.bar_buttons("footer"))

    def bar_buttons(self, where: str) -> tuple[WidgetButton, ...]:
        """The buttons of the `header` or the `footer` (checked when the widget was read)."""
        bar = self.header if where == "header" else self.footer
        found = bar.get("buttons")
        items: list[Any] = found if isinstance(found, list) else []
        return tuple(_button(b, f"{where}.buttons[{i}]", where) for i, b in enumerate(items))

    def button(self, key: str) -> WidgetButton:
        for button in self.buttons():
            if key in (button.id, button.label):
                return button
        known = ", ".join(f"{b.id} ({b.label})" for b in self.buttons()) or "none"
        raise UsageError(f"the widget {self.name} has no button {key!r} (buttons: {known})")

    def to_dict(self) -> dict[str, Any]:
        return {"component": self.component, "name": self.name,
                "tabs": [{"id": i, "label": label} for i, label in self.tabs],
                "active_tab": self.active_tab, "data_type": self.data_type,
                "sections": [{"id": s.id, "elements": [e.spec for e in s.elements]}
                             for s in self.sections],
                "header": self.header, "footer": self.footer, "info": self.info}


# --- reading the applet map ------------------------------------------------------------------


def read_widget(value: Any, package: Package, tab: str | None = None) -> Widget:
    """A `Widget` from what a view (or button) handler returned. Raises `ResponseError`."""
    if not isinstance(value, dict):
        raise ResponseError("", "a widget handler returns an applet map {\"type\":\"applet\", "
                            "\"tabs\":[...], \"sections\":[...]}")
    if value.get("type") != "applet":
        raise ResponseError("type", f"a widget's map has \"type\":\"applet\", not "
                            f"{value.get('type')!r}")
    tabs = []
    for i, spec in enumerate(_list(value.get("tabs") or [], "tabs")):
        spec = _map(spec, f"tabs[{i}]")
        tab_id = _text(spec.get("id"), f"tabs[{i}].id", required=True)
        tabs.append((tab_id, _text(spec.get("label"), f"tabs[{i}].label") or tab_id))
    if len(tabs) > MAX_TABS:
        raise ResponseError("tabs", f"has {len(tabs)} tabs; a widget has at most {MAX_TABS}")
    active = str(value.get("active_tab") or tab or (tabs[0][0] if tabs else ""))
    if tabs and active not in {t for t, _ in tabs}:
        # Zoho's own "Widget Section Element: Header" sample names an `active_tab` that is
        # not among its tabs; the widget still shows, on its first tab (cliqsim's reading).
        active = tabs[0][0]
    data_type = str(value.get("data_type") or "sections")
    if data_type not in DATA_TYPES:
        raise ResponseError("data_type", f"{data_type!r} is not a widget view (use "
                            f"{', '.join(sorted(DATA_TYPES))})")
    sections = tuple(_section(s, f"sections[{i}]")
                     for i, s in enumerate(_list(value.get("sections") or [], "sections")))
    widget = Widget(package.id, package.name, tuple(tabs), active, data_type, sections,
                    dict(_map(value.get("header") or {}, "header")),
                    dict(_map(value.get("footer") or {}, "footer")),
                    dict(_map(value.get("info") or {}, "info")))
    for where in ("header", "footer"):  # their buttons follow the element buttons' rules
        bar = widget.header if where == "header" else widget.footer
        if bar.get("buttons") is not None:
            items = _list(bar["buttons"], f"{where}.buttons")
            if len(items) > MAX_BUTTONS:
                raise ResponseError(f"{where}.buttons", f"has {len(items)} buttons; a widget "
                                    f"{where} has at most {MAX_BUTTONS}")
            widget.bar_buttons(where)
    return widget


def _section(value: Any, path: str) -> WidgetSection:
    spec = _map(value, path)
    section_id = str(spec.get("id", ""))
    elements = []
    for i, element in enumerate(_list(spec.get("elements") or [], f"{path}.elements")):
        elements.append(_element(element, f"{path}.elements[{i}]", section_id))
    return WidgetSection(section_id, tuple(elements))


def _element(value: Any, path: str, section_id: str) -> WidgetElement:
    spec = _map(value, path)
    kind = spec.get("type")
    if kind not in ELEMENT_TYPES:
        raise ResponseError(f"{path}.type", f"{kind!r} is not a widget element (use "
                            f"{', '.join(sorted(ELEMENT_TYPES))})")
    buttons: list[WidgetButton] = []
    if spec.get("buttons") is not None:
        items = _list(spec["buttons"], f"{path}.buttons")
        if len(items) > MAX_BUTTONS:
            raise ResponseError(f"{path}.buttons", f"has {len(items)} buttons; a widget "
                                f"element has at most {MAX_BUTTONS}")
        for i, item in enumerate(items):
            buttons.append(_button(item, f"{path}.buttons[{i}]", section_id))
    if kind in ("cards", "images"):
        _gallery(spec, path, str(kind))
    if kind == "cards":
        buttons.extend(_card_buttons(spec, path, section_id))
    if kind == "graph":
        graph_limits(spec.get("data"), f"{path}.data")
    buttons.extend(_reference_buttons(spec, path, section_id))
    return WidgetElement(str(kind), dict(spec), tuple(buttons))


def _reference_buttons(spec: dict[str, Any], path: str, section_id: str) -> list[WidgetButton]:
    """An element's instant buttons: `button_references {key: button}` (Zoho's widget element
    pages: "button_references: The instant button object"; the User Activity sample passes the
    button map itself). A value written `{"type": "button", "object": button}`, as message
    references are, is read too. Each is clickable like the element's own buttons."""
    if spec.get("button_references") is None:
        return []
    references = _map(spec["button_references"], f"{path}.button_references")
    buttons = []
    for key, value in references.items():
        where = f"{path}.button_references.{key}"
        value = _map(value, where)
        if isinstance(value.get("object"), dict):
            value, where = value["object"], f"{where}.object"
        buttons.append(_button(value, where, section_id))
    return buttons


GALLERY_STYLES = {"view": ("carousel", "gallery"), "size": ("small", "medium", "large")}
GALLERY_TEXT = {"cards": {"description": 500, "image_url": 1000, "icon_url": 1000},
                "images": {"url": 1000, "description": 500}}


def _gallery(spec: dict[str, Any], path: str, kind: str) -> None:
    """A `cards` or `images` element as its page has it (Zoho, "Widget Section Element: Cards",
    https://zoho.com/cliq/help/platform/widget-section-elements/card.html, and "...: Images",
    .../image.html): `style {view: carousel | gallery, size: small | medium | large}`, `data`
    at most 25 items; an image's `url` (required) at most 1000 characters and `description`
    500; a card's `image_url` and `icon_url` 1000, `description` 500."""
    style = spec.get("style")
    if style is not None:
        style = _map(style, f"{path}.style")
        for key, allowed in GALLERY_STYLES.items():
            if style.get(key) not in (None, "") and style[key] not in allowed:
                raise ResponseError(f"{path}.style.{key}", f"{style[key]!r} is not one of "
                                    f"{' | '.join(allowed)}")
    items = _list(spec.get("data") or [], f"{path}.data")
    if len(items) > MAX_CARDS:
        article = "an" if kind == "images" else "a"
        raise ResponseError(f"{path}.data", f"has {len(items)} {kind}; {article} {kind} "
                            f"element has at most {MAX_CARDS}")
    for i, item in enumerate(items):
        where = f"{path}.data[{i}]"
        item = _map(item, where)
        for key, most in GALLERY_TEXT[kind].items():
            needed = kind == "images" and key == "url"
            text = _text(item.get(key), f"{where}.{key}", required=needed)
            if len(text) > most:
                raise ResponseError(f"{where}.{key}", f"is {len(text)} characters; at most {most}")


def _card_buttons(spec: dict[str, Any], path: str, section_id: str) -> list[WidgetButton]:
    """The buttons of a `cards` element's cards (Zoho's "Widget Section Element: Cards": at
    most 25 cards, each with a title of at most 100 characters and at most 5 buttons)."""
    cards = _list(spec.get("data") or [], f"{path}.data")
    if len(cards) > MAX_CARDS:
        raise ResponseError(f"{path}.data", f"has {len(cards)} cards; a cards element has at "
                            f"most {MAX_CARDS}")
    buttons: list[WidgetButton] = []
    for c, card in enumerate(cards):
        where = f"{path}.data[{c}]"
        card = _map(card, where)
        title = _text(card.get("title"), f"{where}.title", required=True)
        if len(title) > CARD_TITLE:
            raise ResponseError(f"{where}.title", f"is {len(title)} characters; a card title "
                                f"has at most {CARD_TITLE}")
        items = _list(card.get("buttons") or [], f"{where}.buttons")
        if len(items) > MAX_BUTTONS:
            raise ResponseError(f"{where}.buttons", f"has {len(items)} buttons; a card has at "
                                f"most {MAX_BUTTONS}")
        buttons.extend(_button(item, f"{where}.buttons[{i}]", section_id)
                       for i, item in enumerate(items))
    return buttons


def _button(value: Any, path: str, section_id: str) -> WidgetButton:
    spec = _map(value, path)
    label = _text(spec.get("label"), f"{path}.label", required=True)
    if len(label) > BUTTON_LABEL:
        raise ResponseError(f"{path}.label", f"is {len(label)} characters; a widget button "
                            f"label has at most {BUTTON_LABEL}")
    kind = _text(spec.get("type"), f"{path}.type", required=True)
    if kind not in BUTTON_TYPES:
        raise ResponseError(f"{path}.type", f"{kind!r} is not a widget button type (use "
                            f"{', '.join(sorted(BUTTON_TYPES))})")
    button_id = _text(spec.get("id"), f"{path}.id", required=True)
    if len(button_id) > BUTTON_ID:
        raise ResponseError(f"{path}.id", f"is longer than {BUTTON_ID} characters")
    emotion = spec.get("emotion")
    if emotion is not None and emotion not in ("positive", "negative", "neutral"):
        raise ResponseError(f"{path}.emotion", "is positive, negative or neutral")
    data = {k: v for k, v in spec.items() if k not in ("label", "type", "id", "emotion",
                                                        "disabled")}
    return WidgetButton(button_id, label, kind, section_id, emotion,
                        bool(spec.get("disabled", False)), data)


def _map(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ResponseError(path, "must be a map")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise ResponseError(path, "must be a list")
    return value


def _text(value: Any, path: str, *, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise ResponseError(path, "is required")
        return ""
    if isinstance(value, (dict, list, bool)):
        raise ResponseError(path, "must be text")
    return str(value)


# --- drawing as text -------------------------------------------------------------------------


def render_text(widget: Widget) -> str:
    """The widget as plain text, for the headless CLI and tests."""
    lines = [f"== {widget.name} =="]
    if widget.tabs:
        lines.append(" | ".join(f"[{label}]" if tab_id == widget.active_tab else label
                                for tab_id, label in widget.tabs))
    if widget.header.get("title"):
        lines.append(str(widget.header["title"]))
    if widget.bar_buttons("header"):
        lines.append(_button_line(widget.bar_buttons("header")))
    if widget.data_type == "info":  # an info view: its title and description
        lines.extend(str(widget.info[key]) for key in ("title", "description", "image")
                     if widget.info.get(key))
    for section in widget.sections:
        lines.append("")
        for element in section.elements:
            lines.extend(_element_lines(element))
    if widget.footer.get("text") or widget.bar_buttons("footer"):
        lines.append("")
    if widget.footer.get("text"):
        lines.append(str(widget.footer["text"]))
    if widget.bar_buttons("footer"):
        lines.append(_button_line(widget.bar_buttons("footer")))
    return "\n".join(lines)


def _button_line(buttons: tuple[WidgetButton, ...]) -> str:
    return "  ".join(f"[{b.label}]({b.id})" + (" (disabled)" if b.disabled else "")
                     for b in buttons)


def _element_lines(element: WidgetElement) -> list[str]:
    spec = element.spec
    kind = element.type
    lines: list[str] = []
    if kind == "title":
        lines.append(f"# {spec.get('text', '')}")
    elif kind in ("text", "subtext"):
        lines.append(str(spec.get("text", "")) if kind == "text" else f"  {spec.get('text', '')}")
    elif kind == "divider":
        lines.append("-" * 40)
    elif kind in ("activity", "user_activity"):
        who = spec.get("user", {}).get("name") if isinstance(spec.get("user"), dict) else None
        head = f"{who}: " if who else ""
        words = [str(spec[k]) for k in ("title", "description", "text") if spec.get(k)]
        lines.append(f"• {head}{' '.join(words)}".rstrip())
    elif kind == "fields":
        lines.extend(f"{key}: {value}" for key, value in field_pairs(_items(spec)))
    elif kind == "table":
        data = spec.get("data")
        table: dict[str, Any] = data if isinstance(data, dict) else spec
        headers = [str(h) for h in table.get("headers") or []]
        if headers:
            lines.append(" | ".join(headers))
        for row in table.get("rows") or []:
            if isinstance(row, dict):
                lines.append(" | ".join(str(row.get(h, "")) for h in headers))
    elif kind == "percentage_chart":
        for item in _items(spec):
            if isinstance(item, dict):
                lines.append(f"{item.get('label', '')}: {item.get('value', '')}%")
    elif kind == "cards":
        for item in _items(spec):
            if isinstance(item, dict):
                lines.append(f"▣ {item.get('title', '')}  {item.get('description', '')}".rstrip())
    elif kind == "graph" and any(isinstance(i, dict) and "category" in i for i in _items(spec)):
        for item in _items(spec):  # Zoho's "Graphs": a line per category, its points in order
            if isinstance(item, dict):
                points = [f"{p.get('label', '')} {p.get('value', '')}"
                          for p in item.get("values") or [] if isinstance(p, dict)]
                lines.append(f"{item.get('category', '')}: {', '.join(points)}")
    elif kind != "buttons":
        lines.append(f"({kind}: {len(_items(spec))} item(s))")
    if element.buttons:
        lines.append(_button_line(element.buttons))
    return lines


def field_pairs(items: list[Any]) -> list[tuple[str, str]]:
    """A fields element's (key, value) pairs: `{"label", "value"}` maps, or maps of
    `{key: value}` as Zoho's "Widget Section Element: Fields" sample writes them
    (`[{"Key 1":"Value 1"}]`)."""
    pairs: list[tuple[str, str]] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        if "label" in item and set(item) <= {"label", "value"}:
            pairs.append((str(item.get("label", "")), str(item.get("value", ""))))
        else:
            pairs.extend((str(key), str(value)) for key, value in item.items())
    return pairs


def _items(spec: dict[str, Any]) -> list[Any]:
    data = spec.get("data")
    return data if isinstance(data, list) else []
