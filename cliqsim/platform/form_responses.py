"""Forms as Cliq documents them: the form object a handler returns, its inputs, and what the
form's own handlers return (field errors, dynamic-select options, form modifications).

Zoho: "Forms in Cliq" (https://www.zoho.com/cliq/help/platform/cliq-forms.html) and the page of
each input type under https://www.zoho.com/cliq/help/platform/cliq-forms/. A form that breaks a
rule raises `ResponseError` naming the key path and the limit.
"""

from __future__ import annotations

import re
from typing import Any

from cliqsim.platform import native_select
from cliqsim.platform.messages import Form, FormAction, FormInput, FormOption
from cliqsim.platform.response_checks import ResponseError, list_field, map_field, text_field

MAX_FORM_INPUTS = 25
MAX_FORM_ACTIONS = 25
INPUT_TYPES = {"text", "textarea", "select", "native_select", "dynamic_select", "radio",
               "checkbox", "toggle", "date", "datetime", "location", "number", "phone_number",
               "file", "hidden", "catalogue", "dynamic_catalogue"}
CATALOGUES = {"catalogue", "dynamic_catalogue"}
MAX_CATALOGUE_ITEMS = 25
INPUT_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
MANDATORY_BY_DEFAULT = {"text", "textarea", "date", "file", "native_select", "dynamic_select"}
"""The input types whose pages say of `mandatory`: "Default value considered is true" (Zoho,
"Single-line Input Fields", "Multi-line Input Field", "Single-line Input Type: Date", "File
Upload", "Drop-down
Menu: Cliq Native" and "Dynamic Select"); the Checkbox, Radio, Date and time, Location and
Catalogue pages say false, and the others do not say (false here)."""
MAX_CHECKBOX_SELECTIONS = 5
MAX_SELECT_OPTIONS = 100
"""A drop-down's options: "Maximum number of elements - 100" (Zoho, "Drop-down Menu: Developer
Defined"; "Max no of elements - 100", "Drop-down Menu: Dynamic Select"), each value up to 100
characters there (50 on the Checkbox and Radio pages); a multiple drop-down allows at most 10
selections ("Maximum selections: 10")."""
MAX_SELECT_SELECTIONS = 10
DROP_DOWNS = {"select", "dynamic_select"}
MAX_FILE_KB = 51200
MAX_HIDDEN_VALUE = 2000
FORM_ACTION_TYPES = {"remove", "clear", "update", "add_before", "add_after", "enable", "disable"}


def form_from_map(value: dict[str, Any], path: str = "") -> Form:
    spec = value.get("form") if isinstance(value.get("form"), dict) else value
    assert isinstance(spec, dict)
    pre = f"{path}." if path else ""
    action, cancel = _form_actions(spec, pre)
    inputs = list_field(spec.get("inputs"), f"{pre}inputs")
    if not inputs:
        raise ResponseError(f"{pre}inputs", "a form needs at least one input")
    if len(inputs) > MAX_FORM_INPUTS:
        raise ResponseError(f"{pre}inputs", f"has {len(inputs)} inputs; a form has at most "
                            f"{MAX_FORM_INPUTS}")
    fields = tuple(form_input(item, f"{pre}inputs[{i}]") for i, item in enumerate(inputs))
    if sum(1 for f in fields if f.type in CATALOGUES) > 1:
        raise ResponseError(f"{pre}inputs", "a form has at most one catalogue or dynamic "
                            "catalogue input (Zoho, \"Catalogue Component\")")
    names = [f.name for f in fields]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ResponseError(f"{pre}inputs", f"two inputs are named {duplicate!r}")
    return Form(
        name=text_field(spec.get("name"), f"{pre}name", 50, required=True),
        title=text_field(spec.get("title"), f"{pre}title", 100, required=True),
        action=action,
        inputs=fields,
        hint=text_field(spec.get("hint"), f"{pre}hint", 100) or None,
        button_label=text_field(spec.get("button_label"), f"{pre}button_label", 50) or "Submit",
        trigger_on_cancel=bool(spec.get("trigger_on_cancel", False)) or cancel is not None,
        cancel_action=cancel,
    )


def _form_actions(spec: dict[str, Any], pre: str) -> tuple[str, str | None]:
    """The form function a submit calls and the one a cancel calls (None: the submit's, and
    only with `trigger_on_cancel`). Zoho's forms page (https://zoho.com/cliq/help/platform/
    cliq-forms.html) gives `action` as an object "(cancel: Optional)" that defines the flow for
    submit and cancel: `{"type": "invoke.function", "name": F}`, or `{"submit": {...},
    "cancel": {...}}`; extensions also write it as `actions` (cliqsim reads both)."""
    key = "action" if spec.get("action") is not None else "actions"
    action = map_field(spec.get(key) or {}, f"{pre}{key}")
    submit, cancel = action, None
    if "submit" in action or "cancel" in action:
        submit = map_field(action.get("submit") or {}, f"{pre}{key}.submit")
        cancel = map_field(action["cancel"], f"{pre}{key}.cancel") if action.get("cancel") else None

    def function(call: dict[str, Any], path: str) -> str:
        if call.get("type", "invoke.function") != "invoke.function" or not call.get("name"):
            raise ResponseError(path, "a form needs action {\"type\":\"invoke.function\", "
                                "\"name\": <form function>}")
        return text_field(call["name"], f"{path}.name", required=True)

    submit_path = f"{pre}{key}.submit" if submit is not action else f"{pre}{key}"
    return (function(submit, submit_path),
            function(cancel, f"{pre}{key}.cancel") if cancel is not None else None)


_INPUT_KEYS = {"type", "name", "label", "hint", "placeholder", "mandatory", "value", "options",
               "trigger_on_change", "disabled"}


def form_input(value: Any, path: str) -> FormInput:
    spec = map_field(value, path)
    kind = spec.get("type")
    if kind not in INPUT_TYPES:
        raise ResponseError(f"{path}.type", f"{kind!r} is not a form input type (use "
                            f"{', '.join(sorted(INPUT_TYPES))})")
    options: list[FormOption] = []
    if spec.get("options") is not None:
        options = _options(spec["options"], f"{path}.options", kind)
    if kind == "catalogue" and len(options) > MAX_CATALOGUE_ITEMS:
        raise ResponseError(f"{path}.options", f"has {len(options)} items; a catalogue has at "
                            f"most {MAX_CATALOGUE_ITEMS}")
    if kind == "radio" and not 2 <= len(options) <= 5:
        raise ResponseError(f"{path}.options", f"a radio input needs 2 to 5 options, not "
                            f"{len(options)}")
    if kind == "checkbox" and not 1 <= len(options) <= 5:
        raise ResponseError(f"{path}.options", f"a checkbox input needs 1 to 5 options, not "
                            f"{len(options)}")
    if kind in DROP_DOWNS and len(options) > MAX_SELECT_OPTIONS:
        raise ResponseError(f"{path}.options", f"has {len(options)} options; a drop-down has "
                            f"at most {MAX_SELECT_OPTIONS}")
    most_allowed = {"checkbox": MAX_CHECKBOX_SELECTIONS}.get(kind, MAX_SELECT_SELECTIONS)
    if kind == "file" and spec.get("max_size") not in (None, ""):
        size = str(spec["max_size"]).strip()
        if not size.isdigit() or not 1 <= int(size) <= MAX_FILE_KB:
            raise ResponseError(f"{path}.max_size", f"{spec['max_size']!r}: a file input's "
                                f"max_size is 1 to {MAX_FILE_KB} KB (Zoho, \"File Upload\")")
    if kind in DROP_DOWNS | {"checkbox", "file"} and spec.get("max_selections") not in (None, ""):
        most = str(spec["max_selections"]).strip()
        if not most.isdigit() or not 1 <= int(most) <= most_allowed:
            raise ResponseError(f"{path}.max_selections", f"{spec['max_selections']!r}: a "
                                f"{kind} allows 1 to {most_allowed} selections (Zoho's "
                                "form input pages)")
    if kind == "native_select":
        native_select.check_spec(spec, path)
    if kind == "hidden":  # Zoho, "Hidden Input Field": `value*` (2000)
        if spec.get("value") is None or isinstance(spec.get("value"), dict | list):
            raise ResponseError(f"{path}.value", "a hidden input needs a value (text, at most "
                                f"{MAX_HIDDEN_VALUE} characters)")
        text_field(spec["value"], f"{path}.value", MAX_HIDDEN_VALUE)
    if kind == "select" and not options:
        raise ResponseError(f"{path}.options", "a select input needs options")
    name = text_field(spec.get("name"), f"{path}.name", 50, required=True)
    if not INPUT_NAME.match(name):
        raise ResponseError(f"{path}.name", f"{name!r} may use only a-z, A-Z, 0-9, _ and - "
                            "(Zoho's form input pages)")
    return FormInput(
        type=kind,
        name=name,
        label=text_field(spec.get("label"), f"{path}.label", 50, required=kind != "hidden"),
        hint=text_field(spec.get("hint"), f"{path}.hint", 100) or None,
        placeholder=text_field(spec.get("placeholder"), f"{path}.placeholder", 100) or None,
        mandatory=_flag(spec.get("mandatory"), kind in MANDATORY_BY_DEFAULT),
        value=spec.get("value"),
        options=tuple(options),
        trigger_on_change=_flag(spec.get("trigger_on_change"), False),
        disabled=_flag(spec.get("disabled"), False),
        extra={k: v for k, v in spec.items() if k not in _INPUT_KEYS},
    )


def _flag(value: Any, default: bool) -> bool:
    """A boolean attribute as scripts write it: true/false, or the text "true"/"false" (which
    `bool()` would read as true both)."""
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def _options(value: Any, path: str, kind: str) -> list[FormOption]:
    """An input's options, `{label, value}` each (label at most 100 characters, value 50). A
    select's options may be grouped: "The first level of options can have another set of
    options" (Zoho, "Drop-down Menu: Developer Defined" and "Dynamic Select"), written
    `{"label": "Group", "options": [{label, value}, ...]}`; its options keep the group's label."""
    options: list[FormOption] = []
    for i, option in enumerate(list_field(value, path)):
        where = f"{path}[{i}]"
        option = map_field(option, where)
        if kind in ("select", "dynamic_select") and option.get("options") is not None \
                and option.get("value") is None:
            group = text_field(option.get("label"), f"{where}.label", 100, required=True)
            options.extend(FormOption(o.label, o.value, group)
                           for o in _options(option["options"], f"{where}.options", "group"))
            continue
        options.append(FormOption(
            label=text_field(option.get("label"), f"{where}.label", 100, required=True),
            value=text_field(option.get("value"), f"{where}.value",
                             100 if kind in DROP_DOWNS | {"group"} else 50, required=True)))
    return options


def form_errors(value: dict[str, Any]) -> tuple[str | None, dict[str, str]]:
    """A submit handler's `{"type": "form_error", "text", "inputs": {field: message}}`."""
    inputs = map_field(value.get("inputs") or {}, "inputs")
    return (text_field(value.get("text"), "text", 500) or None,
            {str(k): str(v) for k, v in inputs.items()})


def dynamic_options(value: Any) -> tuple[FormOption, ...]:
    """A dynamic select handler's `{"options": [{label, value}]}`."""
    spec = map_field(value, "")
    options = []
    items = list_field(spec.get("options"), "options")
    if len(items) > MAX_SELECT_OPTIONS:
        raise ResponseError("options", f"has {len(items)} options; a drop-down has at most "
                            f"{MAX_SELECT_OPTIONS}")
    for i, option in enumerate(items):
        option = map_field(option, f"options[{i}]")
        options.append(FormOption(text_field(option.get("label"), f"options[{i}].label", 100,
                                        required=True),
                                  text_field(option.get("value"), f"options[{i}].value", 100,
                                        required=True)))
    return tuple(options)


def modifications(value: Any) -> tuple[FormAction, ...]:
    """A change handler's `{"type": "form_modification", "actions": [...]}`."""
    spec = map_field(value, "")
    if spec.get("type") != "form_modification":
        raise ResponseError("type", "a change handler returns {\"type\":\"form_modification\", "
                            "\"actions\":[...]}")
    actions = list_field(spec.get("actions"), "actions")
    if len(actions) > MAX_FORM_ACTIONS:
        raise ResponseError("actions", f"has {len(actions)} actions; at most {MAX_FORM_ACTIONS}")
    out = []
    for i, action in enumerate(actions):
        action = map_field(action, f"actions[{i}]")
        kind = action.get("type")
        if kind not in FORM_ACTION_TYPES:
            raise ResponseError(f"actions[{i}].type", f"{kind!r} is not a form modification "
                                f"(use {', '.join(sorted(FORM_ACTION_TYPES))})")
        new_input = (form_input(action["input"], f"actions[{i}].input")
                     if action.get("input") is not None else None)
        out.append(FormAction(kind, text_field(action.get("name"), f"actions[{i}].name",
                                          required=True), new_input))
    return tuple(out)
