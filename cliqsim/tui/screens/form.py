"""A form a handler returned: every Cliq input type, mandatory marks, the submit handler's
validation errors on their fields, change handlers and dynamic selects live."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape as escape_markup
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
    Switch,
    TextArea,
)
from textual.widgets.option_list import Option
from textual.widgets.select import NoSelection

from cliqsim.frontend.terminal import printable
from cliqsim.platform.form_state import apply_actions
from cliqsim.platform.messages import Form, FormAction, FormInput, FormOption
from cliqsim.platform.runtime import Outcome
from cliqsim.structs import replace
from cliqsim.tui.screens import OnCliqsimApp
from cliqsim.tui.screens.dialog import Dialog, notice_text
from cliqsim.tui.widgets.footer import FittingFooter

TEXT_TYPES = {"text", "number", "phone_number", "date", "datetime", "file", "location",
              "email"}
SELECT_TYPES = {"select", "native_select", "catalogue", "dynamic_catalogue"}
PLACEHOLDERS = {
    "date": "YYYY-MM-DD",
    "datetime": "YYYY-MM-DD HH:MM",
    "location": "latitude, longitude",
    "file": "path of a file to attach",
    "files": "paths of files to attach, separated by commas",
    "number": "a number",
    "phone_number": "+91 98400 12345",
}


MAX_FILE_KB = 51200
"""The largest file a file input takes (Zoho, "Single-line Input Type : File Upload":
`max_size` 1-51200 KB); an input's own `max_size` is checked by the platform."""


def _field_id(name: str) -> str:
    return f"field-{name}"


class FormScreen(OnCliqsimApp, Dialog[Outcome | None]):
    """Dismisses with the submit outcome, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, form: Form, chat_id: str) -> None:
        super().__init__()
        self.form = form
        self.chat_id = chat_id
        self._dynamic: dict[str, str] = {}  # dynamic_select field -> chosen value
        self._known: dict[str, Any] = {}  # values the change handler last saw

    def compose(self) -> ComposeResult:
        with Vertical(id="form-dialog", classes="dialog"):
            yield Static(Text(printable(self.form.title), style="bold"), id="form-title")
            if self.form.hint:
                yield Static(Text(printable(self.form.hint), style="dim"))
            with VerticalScroll(id="form-fields"):
                for item in self.form.inputs:
                    if item.type != "hidden":
                        yield from self._field(item)
            yield Static("", id="form-error", classes="field-error")
            yield Static("", id="form-notice")
            with Horizontal(classes="buttons"):
                submit = Text(f"{printable(self.form.button_label)} (Ctrl+S)")
                yield Button(submit, variant="primary", id="form-submit", compact=True)
                yield Button("Cancel (Esc)", id="form-cancel", compact=True)
        yield FittingFooter()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """The fields scroll in whatever rows the title, hint, messages and buttons leave, so
        the buttons stay on screen at any size (80x24 too)."""
        if not self.is_attached or not self.query("#form-fields"):
            return  # closed meanwhile (this runs after a refresh)
        dialog = self.query_one("#form-dialog")
        fields = self.query_one("#form-fields")
        chrome = dialog.outer_size.height - dialog.content_region.height
        footer = self.query_one(FittingFooter).outer_size.height
        shown = [w for w in dialog.children if w.display]
        if not shown or not fields.outer_size.height:
            return
        used = shown[-1].region.bottom + shown[-1].styles.margin.bottom \
            - dialog.content_region.y  # rows the parts take, margins included
        fixed = used - fields.outer_size.height
        fields.styles.max_height = max(3, self.size.height - footer - chrome - fixed)

    def show_notice(self, message: str, title: str, severity: str) -> None:
        """What the app would toast while the form is open shows inside the form instead (a
        toast would cover its fields or buttons). Plain text, never markup."""
        notice = self.query_one("#form-notice", Static)
        notice.update(notice_text(message, title, severity))
        notice.set_class(bool(message), "-shown")
        self.call_after_refresh(self.fit)

    def on_mount(self) -> None:
        self._known = self.values()
        self.call_after_refresh(self.fit)
        focusable = self.query("#form-fields Input, #form-fields Select, #form-fields TextArea,"
                               " #form-fields RadioSet, #form-fields SelectionList,"
                               " #form-fields Switch")
        if focusable:
            focusable.first().focus()

    def _field(self, item: FormInput) -> ComposeResult:
        label = Text(printable(item.label), style="bold")
        if item.mandatory:
            label.append(" *", style="bold red")
        if item.hint:
            label.append(f"  {printable(item.hint)}", style="dim")
        yield Static(label, classes="field-label")
        widget = self._widget(item)
        widget.disabled = item.disabled
        yield widget
        if item.type == "dynamic_select":
            options = OptionList(id=f"dyn-{item.name}", classes="dynamic-options")
            options.display = False
            yield options
        yield Static("", id=f"error-{item.name}", classes="field-error")

    def _widget(self, item: FormInput) -> Widget:
        fid = _field_id(item.name)
        value = item.value
        if item.type == "textarea":
            return TextArea(str(value or ""), id=fid, compact=True)
        if item.type in SELECT_TYPES:
            return Select([(Text(printable(o.label)), o.value) for o in item.options], id=fid,
                          prompt=escape_markup(item.placeholder or "Choose"), allow_blank=True,
                          value=_option_value(item.options, value), compact=True)
        if item.type == "radio":
            return RadioSet(*(RadioButton(Text(printable(o.label)), value=_same(o, value),
                                          name=o.value) for o in item.options), id=fid)
        if item.type == "checkbox":
            chosen = _values(value)
            return SelectionList[str](*((Text(printable(o.label)), o.value, o.value in chosen)
                                        for o in item.options), id=fid)
        if item.type == "toggle":
            return Switch(value=bool(value), id=fid)
        kind = "files" if item.type == "file" and _multiple(item) else item.type
        placeholder = item.placeholder or PLACEHOLDERS.get(kind, "")
        if item.type == "dynamic_select":
            placeholder = item.placeholder or "type to search"
        text = _text_value(item.type, value)
        return Input(text, placeholder=placeholder, id=fid,
                     type="number" if item.type == "number" else "text", compact=True)

    # --- values ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for item in self.form.inputs:
            if item.type == "hidden":
                result[item.name] = item.value
                continue
            result[item.name] = self._value(item)
        return result

    def _value(self, item: FormInput) -> Any:
        widget = self.query_one(f"#{_field_id(item.name)}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return None if isinstance(widget.value, NoSelection) else widget.value
        if isinstance(widget, RadioSet):
            pressed = widget.pressed_button
            return pressed.name if pressed is not None else None
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        if isinstance(widget, Switch):
            return widget.value
        if isinstance(widget, Input):
            if item.type == "dynamic_select":
                return self._dynamic.get(item.name) or (widget.value or None)
            if item.type == "location":  # the platform reads "latitude, longitude"
                return widget.value or None
            if item.type == "file":
                files, _ = attach(widget.value, multiple=_multiple(item))
                return files
            return widget.value
        return None

    # --- live handlers ---------------------------------------------------------------------

    def _item_of(self, widget: Widget | None) -> FormInput | None:
        wid = widget.id if widget is not None else None
        if not wid or not wid.startswith("field-"):
            return None
        return self.form.input(wid[len("field-"):])

    @on(Select.Changed)
    @on(RadioSet.Changed)
    @on(Switch.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self, event: Any) -> None:
        widget = getattr(event, "control", None) or getattr(event, "selection_list", None)
        item = self._item_of(widget)
        if item is None or not item.trigger_on_change:
            return
        value = self._value(item)
        if value == self._known.get(item.name):
            return  # set while the form was being built, not changed by the person
        self._known[item.name] = value
        self.cliqsim.spawn(self._run_change(item.name), group="change", node=self,
                             exclusive=True)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        item = self._item_of(event.input)
        if item is None:
            return
        if item.type == "dynamic_select":
            self._dynamic.pop(item.name, None)
            self.cliqsim.spawn(self._run_options(item.name, event.value), group="options",
                               node=self, exclusive=True)

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        item = self._item_of(event.input)
        if item is not None and item.trigger_on_change:
            self.cliqsim.spawn(self._run_change(item.name), group="change", node=self,
                             exclusive=True)
        elif item is not None and item.type != "dynamic_select":
            self.focus_next()

    async def _run_change(self, name: str) -> None:
        app = self.cliqsim
        outcome = await app.call(app.runtime.change_form, app.user_id, self.chat_id, self.form,
                                 self.values(), name)
        outcome = await app.settle(outcome)
        if outcome.form_actions:
            await self._rebuild(apply_actions(self.form, outcome.form_actions),
                                _named(outcome.form_actions), focus=name)
        app.after(outcome, quiet=True)

    async def _run_options(self, name: str, query: str) -> None:
        app = self.cliqsim
        outcome = await app.call(app.runtime.form_options, app.user_id, self.chat_id, self.form,
                                 self.values(), name, query)
        outcome = await app.settle(outcome)
        box = self.query_one(f"#dyn-{name}", OptionList)
        box.clear_options()
        box.add_options([Option(Text(printable(o.label)), id=o.value) for o in outcome.options])
        box.display = bool(outcome.options)
        app.after(outcome, quiet=True)

    @on(OptionList.OptionSelected, ".dynamic-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = (event.option_list.id or "")[len("dyn-"):]
        field = self.query_one(f"#{_field_id(name)}", Input)
        with field.prevent(Input.Changed):
            field.value = str(event.option.prompt)
        self._dynamic[name] = event.option.id or ""
        event.option_list.display = False
        field.focus()

    async def _rebuild(self, form: Form, named: set[str], *, focus: str | None = None) -> None:
        """Show `form` (the modified one), keeping what the person entered in every field the
        modification does not name (Cliq changes only the fields an action names)."""
        values = self.values()
        self.form = replace(form, inputs=tuple(
            item if item.name in named or item.name not in values
            else replace(item, value=values[item.name])
            for item in form.inputs))
        await self.recompose()
        self._known = self.values()
        self.call_after_refresh(self.fit)
        if focus is not None and self.query(f"#{_field_id(focus)}"):
            self.query_one(f"#{_field_id(focus)}").focus()

    # --- submit ----------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "form-submit":
            event.stop()
            self.action_submit()
        elif event.button.id == "form-cancel":
            event.stop()
            self.action_cancel()

    def action_submit(self) -> None:
        self.cliqsim.spawn(self._submit(), group="submit", node=self, exclusive=True)

    async def _submit(self) -> None:
        app = self.cliqsim
        self._clear_errors()
        unreadable = {item.name: error for item in self.form.inputs if item.type == "file"
                      and (error := attach(self.query_one(f"#{_field_id(item.name)}", Input)
                                           .value, multiple=_multiple(item))[1])}
        if unreadable:  # said at the field, as a client refuses a file it cannot attach
            self.show_errors(unreadable, None)
            return
        outcome = await app.call(app.runtime.submit_form, app.user_id, self.chat_id, self.form,
                                 self.values())
        outcome = await app.settle(outcome)
        if outcome.form_errors or outcome.form_error:
            self.show_errors(outcome.form_errors, outcome.form_error)
            app.after(outcome, quiet=True)
            return
        self.dismiss(outcome)

    def _clear_errors(self) -> None:
        for error in self.query(".field-error"):
            if isinstance(error, Static):
                error.update("")
                error.remove_class("-shown")

    def show_errors(self, errors: dict[str, str], overall: str | None) -> None:
        for name, text in errors.items():
            found = self.query(f"#error-{name}")
            if found:
                found.first(Static).update(Text(f"⚠ {printable(text)}", style="bold red"))
                found.first(Static).add_class("-shown")
            else:
                overall = f"{overall or ''}\n{name}: {text}".strip()
        if overall:
            self.query_one("#form-error", Static).update(Text(printable(overall), style="bold red"))
            self.query_one("#form-error", Static).add_class("-shown")
        first = next(iter(errors), None)
        if first and self.query(f"#{_field_id(first)}"):
            self.query_one(f"#{_field_id(first)}").focus()

    def action_cancel(self) -> None:
        if not self.form.trigger_on_cancel:
            self.dismiss(None)
            return

        async def cancel() -> None:  # the form's cancel flow (trigger_on_cancel) runs
            app = self.cliqsim
            outcome = await app.call(app.runtime.cancel_form, app.user_id, self.chat_id,
                                     self.form, self.values())
            self.dismiss(await app.settle(outcome))

        self.cliqsim.spawn(cancel(), group="submit", node=self, exclusive=True)


def _multiple(item: FormInput) -> bool:
    return item.extra.get("multiple") in (True, "true")


def attach(typed: str, *, multiple: bool) -> tuple[Any, str | None]:
    """A file input's typed path (or comma-separated paths when it takes several) read into
    `Attachment`s, as Cliq uploads the picked files: one, or a list when `multiple`; None when
    blank. The submit handler then gets Deluge file objects (`platform/forms.py`). Returns
    `(value, error)`; on an unreadable path the value is the typed text and the error names
    it."""
    import mimetypes
    from pathlib import Path

    from cliqsim.platform.records import Attachment

    paths = [p.strip() for p in (typed.split(",") if multiple else [typed]) if p.strip()]
    if not paths:
        return None, None
    files = []
    for path in paths:
        where = Path(path).expanduser()
        try:
            if where.stat().st_size > MAX_FILE_KB * 1024:  # never read more than Cliq takes
                return typed, f"{where.name} is larger than {MAX_FILE_KB} KB"
            content = where.read_bytes()
        except OSError as error:
            return typed, f"cannot read {path}: {error.strerror or error}"
        files.append(Attachment(where.name, content,
                                mimetypes.guess_type(where.name)[0] or "application/octet-stream"))
    return (files if multiple else files[0]), None


def _same(option: FormOption, value: Any) -> bool:
    return value is not None and str(value) in (option.value, option.label)


def _option_value(options: tuple[FormOption, ...], value: Any) -> Any:
    if isinstance(value, dict):
        value = value.get("value")
    for option in options:
        if _same(option, value):
            return option.value
    return Select.NULL


def _values(value: Any) -> set[str]:
    if isinstance(value, list | tuple):
        return {str(v.get("value") if isinstance(v, dict) else v) for v in value}
    return {str(value)} if value not in (None, "") else set()


def _text_value(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and kind == "location":
        return f"{value.get('latitude', '')}, {value.get('longitude', '')}"
    if isinstance(value, dict) and kind == "datetime":  # {date_time, time_zone_id}
        return str(value.get("date_time") or "").replace("T", " ")
    if isinstance(value, dict):
        return str(value.get("label") or value.get("value") or "")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def _named(actions: tuple[FormAction, ...]) -> set[str]:
    """The fields whose value a form modification sets itself: added and cleared ones, and
    updated ones whose new input carries a `value`. Every other field keeps what the person
    entered (an `update` that only changes a hint or the options does not wipe the text; Zoho's
    form_modification page is silent on this, see docs/tui.md)."""
    return {a.name for a in actions
            if a.type in ("add_before", "add_after", "clear")
            or (a.type == "update" and a.input is not None and a.input.value is not None)}
