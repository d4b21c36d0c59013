"""Widget triggers: the view handler draws the widget, the button handler answers its buttons.

The drawn widget (`widgets.Widget`) of each user is kept here, so a button click finds the view
it was clicked on.

Zoho: "Widget execution handler"
(https://www.zoho.com/cliq/help/platform/widget-execution-handler.html) and "Widget functions"
(https://www.zoho.com/cliq/help/platform/widget-functions.html).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.messages import Banner
from cliqsim.platform.native_select import shown_form
from cliqsim.platform.package_model import Package, Script
from cliqsim.platform.records import Outcome
from cliqsim.platform.responses import Response, ResponseError, form_from_map
from cliqsim.platform.trigger_kind import TriggerKind
from cliqsim.platform.triggers.common import EVERY
from cliqsim.platform.widgets import EVENTS, Widget, WidgetButton, read_widget

if TYPE_CHECKING:
    from cliqsim.platform.pipeline import Pipeline, RunContext

VIEW = TriggerKind(
    "widget_view", "widget_execution_handler", EVERY | {"event", "target"},
    "an applet map {type: applet, tabs, active_tab, data_type, sections}",
    "https://www.zoho.com/cliq/help/platform/widget-execution-handler.html",
    component="widget", key="view", returns="raw")
BUTTON = TriggerKind(
    "widget_button", "widget_button_handler", EVERY | {"target"},
    "an applet map (the widget is redrawn), a banner, or nothing",
    "https://www.zoho.com/cliq/help/platform/widget-functions.html",
    component="widget", key="button", returns="raw")

WIDGET_FUNCTION = TriggerKind(
    "widget_function", "widget_button_handler", EVERY | {"target"},
    "an applet map (the widget is redrawn), a banner, a form, or nothing",
    "https://www.zoho.com/cliq/help/platform/widget-functions.html",
    component="function", key="widget_button", returns="raw")
"""A `widget_button` function (the v3 REST functions page's function type), named by a widget
button's `name`: the way real widgets give each button its own function."""

KINDS = (VIEW, BUTTON, WIDGET_FUNCTION)


class Widgets:
    """The widgets of one runtime and the view each user last saw."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self._views: dict[tuple[str, str], Widget] = {}

    def list(self) -> list[tuple[str, str, str]]:
        """(id, name, description) of each widget."""
        return [(p.id, p.name, p.description) for p in self.pipeline.catalog.of_type("widget")]

    def package(self, name: str) -> Package:
        """The widget by id or name; raises `UsageError` naming the widgets."""
        key = name.lower()
        widgets = self.pipeline.catalog.of_type("widget")
        for package in widgets:
            if key in (package.id, package.name.lower()):
                return package
        known = ", ".join(p.id for p in widgets) or "none"
        raise UsageError(f"there is no widget {name!r} (widgets: {known})")

    def open(self, user_id: str, name: str, event: str = "load",
             tab: str | None = None) -> Outcome:
        """Run the view handler (`event` load, refresh or tab_click) and return the drawn
        widget in `Outcome.widget`."""
        if event not in EVENTS:
            raise UsageError(f"a widget event is one of {', '.join(EVENTS)}, not {event!r}")
        pipeline = self.pipeline
        pipeline.workspace.user(user_id)
        package = self.package(name)
        inputs = cliq.common(pipeline.workspace, user_id, None)
        inputs["event"] = event
        # On load Cliq's target names no tab: Zoho's own Widget Execution Handler sample
        # starts from a default tab and reads `target.get("id")` only `if(target.containKey("id"))`.
        inputs["target"] = {"id": tab, "tab_id": tab} if tab else {}

        def respond(response: Response, ctx: RunContext) -> Outcome:
            if response.kind == "none":
                raise ResponseError("", "the widget's view handler returned nothing; return an "
                                    "applet map")
            widget = read_widget(response.raw, package, tab)
            self._views[(user_id, package.id)] = widget
            return Outcome("ok", widget=widget)

        return pipeline.start(pipeline.context(
            user_id, package, package.handlers["widget_execution_handler"], VIEW,
            f"open the {package.name} widget ({event})", None, inputs, respond=respond))

    def click(self, user_id: str, name: str, button: str) -> Outcome:
        """Click a button of the widget as last drawn for this user (drawn first if not)."""
        pipeline = self.pipeline
        package = self.package(name)
        widget = self._views.get((user_id, package.id))
        if widget is None:
            opened = self.open(user_id, name)
            if opened.status != "ok" or opened.widget is None:
                return opened
            widget = opened.widget
        chosen = widget.button(button)
        if chosen.disabled:
            raise UsageError(f"the button {chosen.label!r} is disabled")
        if chosen.type != "invoke.function":
            target = chosen.data.get("url") or chosen.data.get("api") or ""
            return Outcome("ok", widget=widget, notice=f"{chosen.type}: {target}".strip())
        owner, script, kind = self._handler(package, chosen)
        inputs = cliq.common(pipeline.workspace, user_id, None)
        inputs["target"] = {"id": chosen.id, "label": chosen.label, "tab_id": widget.active_tab,
                            "section_id": chosen.section_id}
        shown = widget

        def respond(response: Response, ctx: RunContext) -> Outcome:
            value = response.raw
            if response.kind == "none":
                return Outcome("ok", widget=shown)
            if isinstance(value, dict) and (value.get("type") == "form" or (
                    isinstance(value.get("form"), dict) and len(value) == 1)):
                form = shown_form(form_from_map(value, "form" if "form" in value else ""),
                                  package.id, self.pipeline.workspace, user_id)
                return Outcome("ok", widget=shown, form=form)
            if isinstance(value, dict) and value.get("type") == "banner":
                status = value.get("status", "success")
                if status not in ("success", "failure"):
                    raise ResponseError("status", "a banner's status is success or failure")
                banner = Banner(status=status, text=str(value.get("text") or ""))
                return Outcome("ok", widget=shown, notice=banner.text)
            redrawn = read_widget(value, package, shown.active_tab)
            self._views[(user_id, package.id)] = redrawn
            return Outcome("ok", widget=redrawn)

        return pipeline.start(pipeline.context(user_id, owner, script, kind,
                                               f"{package.name} widget: {chosen.label}", None,
                                               inputs, respond=respond))

    def _handler(self, widget: Package, button: WidgetButton) -> tuple[Package, Script,
                                                                       TriggerKind]:
        """Who answers an `invoke.function` widget button: the `widget_button` function its
        `name` names (Zoho, "Widget Function Handler"), else the widget's own button handler
        (cliqsim's shortcut, kept for widgets written that way)."""
        name = button.data.get("name")
        function = self.pipeline.catalog.function(str(name)) if name else None
        if function is not None:
            if function.function_type != "widget_button":
                raise UsageError(f"the button {button.label!r} names {function.name!r}, a "
                                 f"{function.function_type} function; a widget button calls a "
                                 "widget_button function")
            # the rule message buttons and forms follow: only a function of the widget's own
            # extension (or of none, for a widget of none), never another one's with a
            # target the widget picked
            from cliqsim.platform.authorization import NotAuthorized, may_run_function

            refused = may_run_function(self.pipeline.catalog, function, widget.id,
                                       widget.display_name, "widget button")
            if refused is not None:
                raise NotAuthorized(refused)
            return function, function.handlers["widget_button_handler"], WIDGET_FUNCTION
        script = widget.handlers.get("widget_button_handler")
        if script is None:
            named = f"no widget_button function {name!r} and " if name else ""
            raise UsageError(f"the button {button.label!r} has {named}the widget "
                             f"{widget.name} has no button handler; add a widget_button "
                             "function, or [handlers] button = \"file.dg\" to the widget")
        return widget, script, BUTTON
