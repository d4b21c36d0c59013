"""Form values: what the client checks before a submit, and how Cliq shapes the values a
form function's handlers receive."""

from __future__ import annotations

from typing import Any

from cliqsim.platform.form_pickers import picker_error
from cliqsim.platform.messages import Form, FormInput


def with_defaults(form: Form, values: dict[str, Any]) -> dict[str, Any]:
    """`values` over the form's default values (fields the person did not touch keep theirs;
    a toggle without one is off: "Default toggle state is considered to be false", Zoho,
    "Toggle Input in Forms")."""
    defaults = {i.name: i.value for i in form.inputs
                if i.value not in (None, "") and not _stray_choice(i)}
    defaults.update({i.name: False for i in form.inputs
                     if i.type == "toggle" and i.value in (None, "")})
    # a hidden input is "not added in the form, users cannot see or modify it's values" (Zoho,
    # "Hidden Input Field"): whatever a submit says, it keeps the form's value
    hidden = {i.name: i.value for i in form.inputs if i.type == "hidden"}
    return picked({**defaults, **values, **hidden}, form)


def _stray_choice(field_: FormInput) -> bool:
    """A select or radio default that none of its options has (`"value":"list"` beside options
    built from an API, as Zoho's own marketplace samples write their forms): nothing is chosen
    until the person picks, as the chat window shows it (blank), so a mandatory field asks
    for a pick instead of failing on a value the person never gave. The select pages say the
    default "should be same as the values defined in the options"."""
    if field_.type not in ("select", "radio") or not field_.options:
        return False
    value = field_.value
    return isinstance(value, str) and not any(value in (o.value, o.label)
                                              for o in field_.options)


def picked(values: dict[str, Any], form: Form) -> dict[str, Any]:
    """Date-times and places typed as text (`--form when="2020-02-03 12:15"`, the chat
    window's "latitude, longitude") as the objects Cliq's pickers give: a date-time as
    `{date_time: "yyyy-MM-ddTHH:mm"}` ("Describes the date, time and timezone value chosen by
    the user", Zoho, "Date and time"), a place as `{latitude, longitude}` in text, as the
    "Location" page writes them. Text that is neither is kept (`missing_fields` names it)."""
    out = dict(values)
    for field_ in form.inputs:
        value = out.get(field_.name)
        if not isinstance(value, str) or not value.strip():
            continue
        if field_.type == "datetime" and _date_time_text(value) is not None:
            out[field_.name] = {"date_time": _date_time_text(value)}
        elif field_.type == "location" and _place(value) is not None:
            out[field_.name] = _place(value)
    return out


def _date_time_text(text: str) -> str | None:
    """`2020-02-03T12:15`, `2020-02-03 12:15` or with seconds, as `yyyy-MM-ddTHH:mm[:ss]`."""
    from datetime import datetime

    text = text.strip().replace(" ", "T", 1)
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return None
    return text if "T" in text else None


def _place(text: str) -> dict[str, str] | None:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2:
        return None
    try:
        latitude, longitude = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return {"latitude": parts[0], "longitude": parts[1]}


def shape_values(form: Form, values: dict[str, Any],
                 time_zone: str | None = None) -> dict[str, Any]:
    """Values as the UI holds them, shaped as Cliq gives them to a handler: select, radio and
    dynamic select as `{label, value}`, checkboxes as a list of those, toggles as booleans,
    numbers as numbers, a date-time as `{date_time, time_zone_id}` (the person's time zone
    when the pick names none), a place as `{latitude, longitude}`."""
    values = picked(values, form)
    shaped: dict[str, Any] = {}
    for field_ in form.inputs:
        if field_.name not in values:
            continue
        value = values[field_.name]
        if field_.type == "native_select" and field_.extra.get("multiple") in (True, "true") \
                and isinstance(value, str):  # "the input values should be comma separated"
            value = [v.strip() for v in value.split(",") if v.strip()]
        if field_.type in ("select", "radio", "dynamic_select", "native_select") and \
                isinstance(value, str):
            shaped[field_.name] = _chosen(field_, value)
        elif field_.type in ("select", "dynamic_select", "native_select") and \
                isinstance(value, list):  # a multi select ("multiple": true): each pick
            shaped[field_.name] = [_chosen(field_, str(v)) for v in value]
        elif field_.type == "checkbox":
            chosen = value if isinstance(value, list) else [
                v.strip() for v in str(value).split(",") if v.strip()]
            shaped[field_.name] = [
                {"label": o.label, "value": o.value} for o in field_.options
                if o.value in chosen or o.label in chosen]
        elif field_.type == "toggle":
            shaped[field_.name] = value is True or value == 1 or (
                isinstance(value, str) and value.strip().lower() in ("true", "on", "yes", "1"))
        elif field_.type == "file":  # the files the person picked, as Deluge file objects
            shaped[field_.name] = _files(value)
        elif field_.type == "datetime" and isinstance(value, dict) and time_zone \
                and not value.get("time_zone_id"):
            shaped[field_.name] = {**value, "time_zone_id": time_zone}
        elif field_.type == "number":
            try:
                shaped[field_.name] = int(value) if str(value).lstrip("-").isdigit() else (
                    float(value))
            except (TypeError, ValueError):
                shaped[field_.name] = value
        else:
            shaped[field_.name] = value
    return shaped


def _files(value: Any) -> Any:
    """A file input's value: `Attachment`s (one or a list) become Deluge file objects, a list
    when the input takes several; anything else (a path typed headless) is kept."""
    from cliqsim.deluge.values import File
    from cliqsim.platform.records import Attachment

    def one(item: Any) -> Any:
        return File(item.name, item.content, item.content_type) \
            if isinstance(item, Attachment) else item

    return [one(v) for v in value] if isinstance(value, list | tuple) else one(value)


def _chosen(field_: FormInput, value: str) -> dict[str, Any]:
    """An option picked, as Cliq gives it: `{label, value}` (a value no option has, as both)."""
    option = next((o for o in field_.options if value in (o.value, o.label)), None)
    return ({"label": option.label, "value": option.value} if option
            else {"label": value, "value": value})


def missing_fields(form: Form, values: dict[str, Any]) -> dict[str, str]:
    """What the Cliq client itself refuses before submitting: empty mandatory fields and
    select / radio values that are not options. Field name -> message."""
    errors: dict[str, str] = {}
    for field_ in form.inputs:
        value = values.get(field_.name)
        if field_.mandatory and (value is None or value == "" or value == []):
            errors[field_.name] = f"{field_.label} is required"
        too_long = _length_error(field_, value) or _malformed(field_, value) or \
            picker_error(field_, _picks(field_, value))
        if too_long:
            errors[field_.name] = too_long
        picked = _picks(field_, value)
        unknown = next((v for v in (picked if isinstance(picked, list) else [picked])
                        if isinstance(v, str) and v
                        and (field_.type in CHOSEN_FROM_OPTIONS or field_.type == "checkbox")
                        and not any(v in (o.value, o.label) for o in field_.options)), None)
        if unknown:
            allowed = ", ".join(o.value for o in field_.options)
            errors[field_.name] = f"{unknown!r} is not one of the options ({allowed})"
    return errors


def _malformed(field_: FormInput, value: Any) -> str | None:
    """Text no picker could give: a date that is not `yyyy-MM-dd`, a date-time or place that
    `picked` could not read (the Cliq client only lets a person pick one)."""
    if not isinstance(value, str) or not value.strip():
        return None
    if field_.type == "date":
        from datetime import date

        try:
            date.fromisoformat(value.strip())
            ok = len(value.strip()) == 10
        except ValueError:
            ok = False
        if not ok:
            return f"{field_.label}: {value!r} is not a date (yyyy-MM-dd)"
    if field_.type == "toggle" and value.strip().lower() not in TOGGLE_WORDS:
        return f"{field_.label}: {value!r} is not a toggle state; give true or false"
    if field_.type == "number" and not _is_number(value):
        return f"{field_.label}: {value!r} is not a number"
    if field_.type == "datetime":
        return f"{field_.label}: {value!r} is not a date-time (yyyy-MM-ddTHH:mm)"
    if field_.type == "location":
        return f"{field_.label}: {value!r} is not a place (latitude, longitude)"
    return None


TOGGLE_WORDS = {"true", "false", "on", "off", "yes", "no", "1", "0"}
"""What a toggle's value may be written as (`--form email=true`); `shape_values` reads the
first of each pair as on."""


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


CHOSEN_FROM_OPTIONS = {"select", "radio", "native_select"}
"""Inputs whose value the client only lets a person pick from the options shown (a native
select's are the person's own chats and colleagues)."""


def _picks(field_: FormInput, value: Any) -> Any:
    """A checkbox's ticks as a list (its default is text "a,b", as its page writes it), and a
    multiple native select's ("the input values should be comma separated")."""
    multiple = field_.type == "native_select" and field_.extra.get("multiple") in (True, "true")
    if (field_.type == "checkbox" or multiple) and isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def _length_error(field_: FormInput, value: Any) -> str | None:
    """A text or textarea value outside its `min_length` / `max_length` (Zoho's "Single-line
    Input Fields" and "Multi-line Input Field" pages; a textarea without `max_length` allows
    1000 characters). Lengths written as text ("100") are read as numbers."""
    if field_.type not in ("text", "textarea") or not isinstance(value, str) or not value:
        return None
    default = 1000 if field_.type == "textarea" else None
    longest = _number(field_.extra.get("max_length"), default)
    shortest = _number(field_.extra.get("min_length"), None)
    if longest is not None and len(value) > longest:
        return f"{field_.label} allows at most {longest} characters"
    if shortest is not None and len(value) < shortest:
        return f"{field_.label} needs at least {shortest} characters"
    return None


def _number(value: Any, default: int | None) -> int | None:
    try:
        return int(str(value).strip()) if value not in (None, "") else default
    except ValueError:
        return default
