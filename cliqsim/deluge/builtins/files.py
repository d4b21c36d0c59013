"""FILE built-ins: names, sizes, types and content of attachments and downloaded files."""

from __future__ import annotations

from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import ANY, FILE, Family, as_text
from cliqsim.deluge.values import File, fail

define = Family(__name__).define

CSV_LIMIT = 2 * 1024 * 1024  # "The size of the input CSV file cannot be more than 2MB"

CAT = "file"


@define("getFileName", CAT, FILE, "", "The file's name.")
def get_file_name(cx: Context, f: File) -> str:
    return f.name


@define("setFileName", CAT, FILE, "name", "Renames the file.")
def set_file_name(cx: Context, f: File, name: Any) -> None:
    f.name = as_text(name, "setFileName")


@define("getFileSize", CAT, FILE, "", "The file's size in bytes.")
def get_file_size(cx: Context, f: File) -> int:
    return len(f.content)


@define(
    "getFileType",
    CAT,
    FILE,
    "",
    'The type setFileType gave the file, else its extension in lower case ("png"), or "".',
)
def get_file_type(cx: Context, f: File) -> str:
    kind = f.extra.get("file_type")
    if isinstance(kind, str):
        return kind
    return f.name.rsplit(".", 1)[1].lower() if "." in f.name else ""


@define(
    "setFileType",
    CAT,
    FILE,
    "type",
    'The type the file is sent as by invokeurl ("pdf"); the content is not converted '
    "(file/set-file-type).",
)
def set_file_type(cx: Context, f: File, kind: Any) -> None:
    import mimetypes

    name = as_text(kind, "setFileType").strip().lstrip(".").lower()
    if not name:
        raise fail('setFileType needs a file type such as "pdf"')
    f.extra["file_type"] = name
    f.content_type = mimetypes.guess_type(f"file.{name}")[0] or f.content_type


@define(
    "setCharset",
    CAT,
    FILE,
    "charset",
    'The charset the file is encoded in when invokeurl sends it ("UTF-16", file/set-charset); '
    "a charset Java would not know is a run-time error.",
)
def set_charset(cx: Context, f: File, charset: Any) -> None:
    import codecs

    name = as_text(charset, "setCharset").strip()
    try:
        codecs.lookup(name)
    except (LookupError, ValueError):  # an unknown name, or one with no text form (a surrogate)
        raise fail(f"'{name}' is not a supported charset for the function setCharset") from None
    f.extra["charset"] = name


@define(
    "isFile",
    CAT,
    ANY,
    "",
    "Whether the value is a FILE (the file functions page; a type check like isText).",
    function=True,
    method=True,
)
def is_file(cx: Context, value: Any) -> bool:
    return type(value) is File


@define("getFileContent", CAT, FILE, "", "The file's content as text (UTF-8).")
def get_file_content(cx: Context, f: File) -> str:
    return f.content.decode("utf-8", errors="replace")


@define("setParamName", CAT, FILE, "name", "Sets the form field name the file is sent under.")
def set_param_name(cx: Context, f: File, name: Any) -> None:
    f.param_name = as_text(name, "setParamName")


@define("getParamName", CAT, FILE, "", "The form field name the file is sent under.")
def get_param_name(cx: Context, f: File) -> str:
    return f.param_name


def csv_rows(f: File) -> list[str]:
    """The rows `for each` walks in a CSV file (Zoho's for-each-element page: "a list,
    comma-separated text, or a CSV file"; at most 2 MB). Each row is its line as TEXT, the
    header line included and line breaks dropped; a row's cells are then `row.toList(",")` (or
    a `for each` over the row, which splits it at commas). The page shows no example, so the
    row's shape is cliqsim's assumption (docs/deluge.md). A file that is not CSV (by its name
    or type) is refused as any other non-list."""
    name = f.name.lower()
    kind = str(f.extra.get("file_type") or "").lower()
    if not (name.endswith(".csv") or "csv" in f.content_type.lower() or kind == "csv"):
        raise fail("'FILE' can not be cast to '[LIST]' for the for each statement")
    if len(f.content) > CSV_LIMIT:
        raise fail("The size of the input CSV file cannot be more than 2MB")
    text = f.content.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.splitlines()
