"""The widgets screen: a component's home-screen widget as Cliq draws it — tabs, header with its
buttons, sections of elements (title, text, fields, tables, activities, percentage charts,
buttons), footer with its buttons — and refresh. Every draw and click runs through the consent
gate like any trigger.

Zoho pages: "Widget Execution Handler" (events load / refresh / tab_click), "Widget Section
Element: Buttons", "Widget Section Element: Header".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Static, Tab, Tabs

from cliqsim.frontend.markdown import cliq_markup
from cliqsim.frontend.terminal import Printable, printable
from cliqsim.tui.screens import OnCliqsimApp
from cliqsim.tui.widgets.footer import FittingFooter

if TYPE_CHECKING:
    from cliqsim.platform.runtime import Outcome
    from cliqsim.platform.widgets import Widget, WidgetButton, WidgetElement

EMOTIONS = {"positive": "success", "negative": "error"}
NOT_DRAWN = {
    "denied": "Not shown: you did not allow it. r asks again.",
    "consent_required": "Not shown: it waits for your consent. r asks again.",
    "error": "Not shown: its view handler failed (the notice says why). r runs it again.",
}


class WidgetTabs(Tabs):
    """The widget's tabs; `←` / `→` switch (a `tab_click`), shown in the footer."""

    BINDINGS = [
        Binding("left", "previous_tab", "Tab", key_display="←→"),
        Binding("right", "next_tab", "Tab", show=False),
    ]


class WidgetsScreen(OnCliqsimApp, Screen[None]):
    """One widget at a time; `n` moves to the next widget of the components folder."""

    BINDINGS = [
        Binding("r", "refresh_widget", "Refresh"),
        Binding("n", "next_widget", "Next widget"),
        Binding("left", "tab(-1)", "Tab", key_display="←→"),
        Binding("right", "tab(1)", "Tab", show=False),
        Binding("escape,q", "app.pop_screen", "Back to chat"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.widget_id: str | None = None
        self.shown: Widget | None = None
        self._buttons: dict[str, WidgetButton] = {}  # Textual button id -> widget button

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="widget-title")
        yield WidgetTabs(id="widget-tabs")
        with VerticalScroll(id="widget-body", can_focus=False):  # Tab goes to the buttons
            yield Horizontal(id="widget-header-buttons", classes="widget-buttons")
            yield Static(id="widget-content")
            yield Horizontal(id="widget-element-buttons", classes="widget-buttons")
            yield Static(id="widget-footer")
            yield Horizontal(id="widget-footer-buttons", classes="widget-buttons")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = "Widgets"
        widgets = self.cliqsim.runtime.widgets()
        if not widgets:
            self.query_one("#widget-title", Static).update(Text(
                "There are no widgets in the components folder.", style="dim"))
            return
        self.widget_id = widgets[0][0]
        self.load("load")

    # --- running the widget's handlers -----------------------------------------------------

    def load(self, event: str, tab: str | None = None) -> None:
        app = self.cliqsim
        widget_id = self.widget_id
        if widget_id is None:
            return

        async def run() -> None:
            outcome = await app.call(app.runtime.open_widget, app.user_id, widget_id,
                                     event=event, tab=tab)
            await self._show(await app.settle(outcome))

        app.spawn(run(), group="widget", node=self, exclusive=True)

    def click(self, button: WidgetButton) -> None:
        app = self.cliqsim
        widget_id = self.widget_id
        if widget_id is None:
            return
        if button.type in ("open.url", "preview.url"):
            self.notify(f"{button.label}: {button.data.get('url', '')} (cliqsim opens no "
                        "browser)")
            return
        if button.type == "system.api":
            self.notify(f"{button.label}: Cliq would run the system action "
                        f"{button.data.get('api', '')}")
            return

        async def run() -> None:  # through app.trigger: a form the button returns opens
            outcome = await app.trigger(app.runtime.click_widget, app.user_id, widget_id,
                                        button.id)
            if outcome is not None and outcome.widget is not None and outcome.status == "ok":
                await self.draw(outcome.widget)

        app.spawn(run(), group="widget", node=self, exclusive=True)

    async def _show(self, outcome: Outcome) -> None:
        app = self.cliqsim
        app.after(outcome)
        if outcome.widget is not None and outcome.status == "ok":
            await self.draw(outcome.widget)
        else:
            await self.not_drawn(NOT_DRAWN.get(outcome.status, NOT_DRAWN["error"]))

    async def not_drawn(self, why: str) -> None:
        """Say why the widget is not shown (and what to do), instead of an empty screen or
        the previous widget's content under this one's name."""
        self.shown = None
        entry = next((w for w in self.cliqsim.runtime.widgets() if w[0] == self.widget_id),
                     None)
        name = entry[1] if entry is not None else self.widget_id or ""
        count = len(self.cliqsim.runtime.widgets())
        self.query_one("#widget-title", Static).update(Text.assemble(
            (printable(name), "bold"), (f"   widget {self._index() + 1} of {count}", "dim"),
            "\n\n", (why, "italic"),
            ("  n shows the next widget." if count > 1 else "", "dim")))
        tabs = self.query_one(Tabs)
        await tabs.clear()
        tabs.display = False
        self.query_one("#widget-content", Static).update("")
        self.query_one("#widget-footer", Static).update("")
        self._buttons = {}
        for where in ("#widget-header-buttons", "#widget-element-buttons",
                      "#widget-footer-buttons"):
            await self._fill(where, ())

    # --- drawing ---------------------------------------------------------------------------

    async def draw(self, widget: Widget) -> None:
        self.shown = widget
        count = len(self.cliqsim.runtime.widgets())
        title = Text.assemble((printable(widget.name), "bold"),
                              (f"   widget {self._index() + 1} of {count}", "dim"))
        if widget.header.get("title"):
            title.append(f"\n{printable(str(widget.header['title']))}", style="bold cyan")
        self.query_one("#widget-title", Static).update(title)
        tabs = self.query_one(Tabs)
        wanted = [(f"tab-{i}", printable(label)) for i, (_, label) in enumerate(widget.tabs)]
        if [(t.id, str(t.label)) for t in tabs.query(Tab)] != wanted:
            await tabs.clear()
            for tab_id, label in wanted:
                await tabs.add_tab(Tab(Text(label), id=tab_id))
        active = next((f"tab-{i}" for i, (t, _) in enumerate(widget.tabs)
                       if t == widget.active_tab), None)
        if active is not None:
            with tabs.prevent(Tabs.TabActivated):
                tabs.active = active
        tabs.display = bool(widget.tabs)
        # component text: no control character of it acts on the terminal
        self.query_one("#widget-content", Static).update(Printable(body(widget)))
        footer = widget.footer.get("text")
        self.query_one("#widget-footer", Static).update(
            Text(printable(str(footer)), style="dim") if footer else "")
        self._buttons = {}
        await self._fill("#widget-header-buttons", widget.bar_buttons("header"))
        await self._fill("#widget-element-buttons", widget.buttons()[
            len(widget.bar_buttons("header")):len(widget.buttons())
            - len(widget.bar_buttons("footer"))])
        await self._fill("#widget-footer-buttons", widget.bar_buttons("footer"))

    async def _fill(self, where: str, buttons: tuple[WidgetButton, ...]) -> None:
        row = self.query_one(where, Horizontal)
        await row.remove_children()
        made = []
        for button in buttons:
            key = f"wb-{len(self._buttons)}"
            self._buttons[key] = button
            made.append(Button(Text(printable(button.label)), id=key, compact=True,
                               disabled=button.disabled,
                               variant=EMOTIONS.get(button.emotion or "", "default")))  # type: ignore[arg-type]
        await row.mount_all(made)
        row.display = bool(made)

    def _index(self) -> int:
        ids = [w[0] for w in self.cliqsim.runtime.widgets()]
        return ids.index(self.widget_id) if self.widget_id in ids else 0

    # --- keys and clicks -------------------------------------------------------------------

    @on(Button.Pressed, ".widget-buttons Button")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = self._buttons.get(event.button.id or "")
        if button is not None:
            self.click(button)

    @on(Tabs.TabActivated, "#widget-tabs")
    def _tab(self, event: Tabs.TabActivated) -> None:
        if self.shown is None or event.tab is None or event.tab.id is None:
            return
        index = int(event.tab.id.split("-")[1])
        tab_id = self.shown.tabs[index][0]
        if tab_id != self.shown.active_tab:
            self.load("tab_click", tab_id)

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(Tabs)
        if step > 0:
            tabs.action_next_tab()
        else:
            tabs.action_previous_tab()

    def action_refresh_widget(self) -> None:
        self.load("refresh", self.shown.active_tab if self.shown else None)

    def action_next_widget(self) -> None:
        ids = [w[0] for w in self.cliqsim.runtime.widgets()]
        if len(ids) < 2:
            self.notify("There is only one widget in the components folder.")
            return
        self.widget_id = ids[(self._index() + 1) % len(ids)]
        self.shown = None
        self.load("load")


def body(widget: Widget) -> RenderableType:
    """The sections' elements as Rich renderables (element buttons are Textual buttons); an
    `info` view (data_type `info`: title, description, image) as its texts."""
    parts: list[RenderableType] = []
    if widget.data_type == "info" and widget.info:
        info = widget.info
        for key, style in (("title", "bold"), ("description", ""), ("image", "dim underline")):
            if info.get(key):
                parts.append(Text(str(info[key]), style=style))
    elif widget.data_type not in ("sections", "info"):
        parts.append(Text(f"(a {widget.data_type} view: cliqsim draws sections and info views)",
                          style="dim"))
    for number, section in enumerate(widget.sections):
        if number:
            parts.append(Text(""))
        parts.extend(element(e) for e in section.elements if e.type != "buttons")
    return Group(*parts)


def element(item: WidgetElement) -> RenderableType:
    spec = item.spec
    kind = item.type
    if kind == "title":
        return Text(str(spec.get("text", "")), style="bold")
    if kind == "text":  # "All markdowns supported" (Widget Section Element: Text)
        return cliq_markup(str(spec.get("text", "")))
    if kind == "subtext":  # likewise (Widget Section Element: Subtext)
        subtext = cliq_markup(str(spec.get("text", "")))
        subtext.stylize("dim")
        return subtext
    if kind == "divider":
        return Rule(style="dim")
    if kind in ("activity", "user_activity"):
        user = spec.get("user")
        who = user.get("name") if isinstance(user, dict) else None
        line = Text("• ")
        if who:
            line.append(f"{who}: ", style="bold")
        line.append(str(spec.get("title", "")), style="bold" if not who else "")
        for key in ("description", "text"):  # user_activity: `text` (≤ 500)
            if spec.get(key):
                line.append(f"  {spec[key]}", style="dim")
        return line
    if kind == "fields":
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        from cliqsim.platform.widgets import field_pairs

        for key, value in field_pairs(_items(spec)):
            grid.add_row(Text(key), Text(value))
        return grid
    if kind == "table":
        data = spec.get("data")
        source: dict[str, Any] = data if isinstance(data, dict) else spec
        headers = [str(h) for h in source.get("headers") or []]
        table = Table(show_edge=False, header_style="bold", expand=False)
        for name in headers:
            table.add_column(Text(name))
        for row in source.get("rows") or []:
            if isinstance(row, dict):
                table.add_row(*(Text(str(row.get(h, ""))) for h in headers))
        return table
    if kind == "percentage_chart":
        grid = Table.grid(padding=(0, 1))
        for entry in _items(spec):
            if isinstance(entry, dict):
                share = _number(entry.get("value"))
                grid.add_row(Text(str(entry.get("label", ""))),
                             Text("█" * max(0, min(20, round(share / 5))), style="cyan"),
                             Text(f"{share:g}%"))
        return grid
    if kind == "graph":  # Zoho's "Graphs" element: the chat's graph drawing
        from cliqsim.frontend.render import graph

        return graph(spec.get("data"))
    if kind in ("cards", "images"):
        lines = Text()
        for entry in _items(spec):
            label = entry.get("title") or entry.get("label") or entry.get("url") \
                if isinstance(entry, dict) else entry
            lines.append(f"▪ {label}\n")
        lines.rstrip()
        return lines
    return Text(f"({kind})", style="dim")


def _items(spec: dict[str, Any]) -> list[Any]:
    data = spec.get("data")
    return data if isinstance(data, list) else []


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
