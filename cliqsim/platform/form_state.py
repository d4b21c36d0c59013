"""A change handler's `form_modification` applied to the form on screen, as Cliq's client does."""

from __future__ import annotations

from cliqsim.platform.messages import Form, FormAction, FormInput
from cliqsim.structs import replace


def apply_actions(form: Form, actions: tuple[FormAction, ...]) -> Form:
    inputs = list(form.inputs)

    def index(name: str) -> int | None:
        return next((i for i, item in enumerate(inputs) if item.name == name), None)

    for action in actions:
        at = index(action.name)
        if action.type in ("add_before", "add_after") and action.input is not None:
            where = len(inputs) if at is None else at + (action.type == "add_after")
            inputs.insert(where, action.input)
            continue
        if at is None:
            continue
        current = inputs[at]
        if action.type == "remove":
            del inputs[at]
        elif action.type == "clear":
            inputs[at] = replace(current, value=None)
        elif action.type == "update" and action.input is not None:
            inputs[at] = _merge(current, action.input)
        elif action.type in ("enable", "disable"):
            inputs[at] = replace(current, disabled=action.type == "disable")
    return replace(form, inputs=tuple(inputs))


def _merge(current: FormInput, new: FormInput) -> FormInput:
    return replace(new, name=new.name or current.name, label=new.label or current.label)
