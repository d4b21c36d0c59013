"""Reading one `component.toml`: field access whose errors name the file, field and line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cliqsim.errors import CliqsimError


class LoadError(CliqsimError):
    """A package that cannot be loaded: which file, which field, which line, and why."""

    def __init__(self, path: Path, reason: str, field_name: str | None = None,
                 line: int | None = None) -> None:
        self.path = path
        self.field = field_name
        self.line = line
        self.reason = reason
        where = str(path) + (f":{line}" if line else "")
        what = f" [{field_name}]" if field_name else ""
        super().__init__(f"{where}:{what} {reason}", "Bad component package")

    def to_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "field": self.field, "line": self.line,
                "reason": self.reason}


class LoadErrors(LoadError):
    """Several load errors of one package, named at once (every broken handler, not only the
    first); reads as the first, and `errors` holds them all."""

    def __init__(self, errors: list[LoadError]) -> None:
        first = errors[0]
        super().__init__(first.path, first.reason, first.field, first.line)
        self.errors = list(errors)


class Reader:
    """Field access on one manifest with errors that name the file, field and line."""

    def __init__(self, path: Path, text: str, data: dict[str, Any]) -> None:
        self.path = path
        self.text = text
        self.data = data

    def line_of(self, key: str) -> int | None:
        last = key.split(".")[-1]
        patterns = [
            re.compile(rf"^[ \t]*\[+[ \t]*{re.escape(key)}[ \t]*\]+", re.M),
            re.compile(rf"^[ \t]*\"?{re.escape(last)}\"?[ \t]*=", re.M),
        ]
        for pattern in patterns:
            match = pattern.search(self.text)
            if match:
                return self.text.count("\n", 0, match.start()) + 1
        return None

    def fail(self, key: str | None, reason: str, path: Path | None = None) -> LoadError:
        return LoadError(path or self.path, reason, key, self.line_of(key) if key else None)

    def text_field(self, table: dict[str, Any], key: str, where: str, *, required: bool = False,
                   default: str = "", limit: int | None = None) -> str:
        name = f"{where}.{key}" if where else key
        if key not in table:
            if required:
                raise self.fail(name, f"the field '{name}' is required")
            return default
        value = table[key]
        if not isinstance(value, str):
            raise self.fail(name, f"'{name}' must be text, not {kind_of(value)}")
        if limit is not None and len(value) > limit:
            raise self.fail(name, f"'{name}' is {len(value)} characters; Cliq allows {limit}")
        return value

    def check_fields(self, table: dict[str, Any], allowed: Iterable[str], where: str) -> None:
        allowed = set(allowed)
        for key in table:
            if key not in allowed:
                name = f"{where}.{key}" if where else key
                raise self.fail(
                    name,
                    f"unknown field '{name}'; allowed here: {', '.join(sorted(allowed))}",
                )


def package_file(folder: Path, reader: Reader, key: str, file: Any, what: str = "file") -> Path:
    """The file `file` (as written in the manifest under `key`) of the package in `folder`: it
    must be a relative path that resolves inside that folder, symbolic links followed, so a
    package never reads (or posts) `/etc/passwd` or a neighbour's files."""
    if not isinstance(file, str) or not file:
        raise reader.fail(key, f"'{key}' must name a {what}, not {kind_of(file)}")
    home = folder.resolve()
    try:
        path = (folder / file).resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop
        raise reader.fail(key, f"'{key}' names {file}, which cannot be resolved: {error}") from None
    if not path.is_relative_to(home) or path == home:
        raise reader.fail(key, f"'{key}' names {file}, which is outside the package folder "
                          f"{folder}; a package may only use its own files")
    if not path.is_file():
        raise reader.fail(key, f"'{key}' names {file}, which does not exist in {folder}")
    return path


def read_package_text(path: Path, reader: Reader, key: str) -> str:
    """A package file as text: UTF-8 (a BOM is fine); any other bytes fail the package with
    the file named, never the program."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise reader.fail(key, f"cannot read {path.name}: it is not UTF-8 text ({error.reason} "
                          f"at byte {error.start})") from None
    except OSError as error:
        raise reader.fail(key, f"cannot read {path.name}: {error.strerror or error}") from None


def kind_of(value: Any) -> str:
    return {str: "text", bool: "a boolean", int: "a number", float: "a number",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """A package file's text and table. UTF-8 with or without a BOM; raises `LoadError` naming
    the file (and the line) when it cannot be read or is not TOML."""
    import tomllib  # only a run that reads packages (not one that finds the package index)

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(path, f"cannot be read: {error}") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        match = re.search(r"line (\d+)", str(error))
        if line is None and match:
            line = int(match.group(1))
        raise LoadError(path, f"is not valid TOML: {error}", None, line) from None
    except RecursionError:
        raise LoadError(path, "is nested too deeply to read (arrays or tables inside each "
                        "other hundreds of levels down)") from None
