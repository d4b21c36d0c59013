"""What a form's pickers let a person choose, checked before a submit as the Cliq client does:
a date or date-time inside the input's `filter`, a place inside its `boundary`, at most
`max_selections` picks.

Zoho: "Date and time" (https://www.zoho.com/cliq/help/platform/cliq-forms/
input-type-date-time.html): `filter {from, to, allowed_days}`, "The earliest selectable
date-time", "The latest selectable date-time", "Days of the week that are allowed for
selection"; "Location" (https://www.zoho.com/cliq/help/platform/cliq-form/input-type-location.html):
`boundary {latitude, longitude, radius}`, "You cannot pick locations falling outside the
specified radius" (kilometres, as Zoho's SalesIQ form page says of the same input); "Checkbox
Fields in Forms" and "Drop-down Menu: Developer Defined": `max_selections`. Each check gives
the message shown under the field, or None.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from cliqsim.platform.messages import FormInput

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EARTH_RADIUS_KM = 6371.0088


def picker_error(field_: FormInput, value: Any) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if field_.type in ("date", "datetime"):
        return _date_error(field_, value)
    if field_.type == "location":
        return _boundary_error(field_, value)
    if field_.type == "file":
        return _file_error(field_, value if isinstance(value, list | tuple) else [value])
    if isinstance(value, list | tuple):
        return _selections_error(field_, value)
    return None


def _file_error(field_: FormInput, files: list[Any] | tuple[Any, ...]) -> str | None:
    """Zoho, "Single-line Input Type : File Upload" (https://zoho.com/cliq/help/platform/
    cliq-forms/inputtype-upload-file.html): "attach upto a maximum of 10 files",
    `max_selections` ("defaults to 1" without `multiple`), `max_size` in KB (1-51200)."""
    multiple = field_.extra.get("multiple") in (True, "true")
    most = _number(field_.extra.get("max_selections")) or (10 if multiple else 1)
    if len(files) > most:
        return f"{field_.label} takes at most {int(most)} file{'s' if most != 1 else ''}"
    limit_kb = _number(field_.extra.get("max_size")) or 51200
    for item in files:
        content = getattr(item, "content", None)
        if isinstance(content, bytes) and len(content) > limit_kb * 1024:
            return f"{getattr(item, 'name', 'a file')} is larger than {int(limit_kb)} KB"
    return None


def _when(value: Any) -> datetime | None:
    """A picked or bounding date (`2020-02-03`) or date-time (`2020-02-03T12:15`, or a
    datetime input's `{date_time, time_zone_id}`); None when it is neither."""
    if isinstance(value, dict):
        value = value.get("date_time")
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace(" ", "T"))
    except ValueError:
        try:
            day = date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
        return datetime(day.year, day.month, day.day)


def _date_error(field_: FormInput, value: Any) -> str | None:
    spec = field_.extra.get("filter")
    picked = _when(value)
    if not isinstance(spec, dict) or picked is None:
        return None
    days_only = field_.type == "date"
    earliest, latest = _when(spec.get("from")), _when(spec.get("to"))
    if days_only:
        picked = picked.replace(hour=0, minute=0, second=0)
        earliest = earliest.replace(hour=0, minute=0, second=0) if earliest else None
    if earliest and picked < earliest:
        return f"{field_.label} must be on or after {spec['from']}"
    if latest and picked > latest and not (days_only and picked.date() == latest.date()):
        return f"{field_.label} must be on or before {spec['to']}"
    allowed = spec.get("allowed_days")
    if isinstance(allowed, list | tuple) and allowed:
        names = [str(d).strip().lower() for d in allowed]
        if DAYS[picked.weekday()] not in names:
            return f"{field_.label} must fall on {', '.join(names)}"
    return None


def _number(value: Any) -> float | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _boundary_error(field_: FormInput, value: Any) -> str | None:
    spec = field_.extra.get("boundary")
    if not isinstance(spec, dict) or not isinstance(value, dict):
        return None
    centre = (_number(spec.get("latitude")), _number(spec.get("longitude")))
    radius = _number(spec.get("radius"))
    picked = (_number(value.get("latitude")), _number(value.get("longitude")))
    if None in centre or None in picked or radius is None:
        return None
    distance = _kilometres(centre, picked)  # type: ignore[arg-type]
    if distance > radius:
        return (f"{field_.label} must be within {spec['radius']} km of "
                f"{spec['latitude']}, {spec['longitude']} ({distance:.1f} km away)")
    return None


def _kilometres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two latitude/longitude points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _selections_error(field_: FormInput, value: list[Any] | tuple[Any, ...]) -> str | None:
    most = _number(field_.extra.get("max_selections"))
    if most is not None and len(value) > most:
        return f"{field_.label.strip()} allows at most {int(most)} selections"
    return None
