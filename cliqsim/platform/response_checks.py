"""The checks every response reader shares: the error that names a key path and a limit, and
the readers of text, maps and lists (`responses`, `form_responses`)."""

from __future__ import annotations

from typing import Any


class ResponseError(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = str(self)


def kind_of(value: Any) -> str:
    return {str: "text", bool: "a boolean", int: "a number", float: "a decimal",
            list: "a list", dict: "a map"}.get(type(value), type(value).__name__)


def text_field(value: Any, path: str, limit: int | None = None, *, required: bool = False) -> str:
    if value is None:
        if required:
            raise ResponseError(path, "is required")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ResponseError(path, f"must be text, not {kind_of(value)}")
    text = str(value)
    if limit is not None and len(text) > limit:
        raise ResponseError(path, f"is {len(text)} characters; Cliq allows at most {limit}")
    return text


def map_field(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ResponseError(path, f"must be a map, not {kind_of(value)}")
    return value


def list_field(value: Any, path: str) -> list[Any]:
    if isinstance(value, dict) and "list" in value:
        value = value["list"]
    if not isinstance(value, list):
        raise ResponseError(path, f"must be a list, not {kind_of(value)}")
    return value
