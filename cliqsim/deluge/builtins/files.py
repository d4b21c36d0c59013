"""FILE built-ins: names, sizes, types and content of attachments and downloaded files."""

from __future__ import annotations

from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import FILE, as_text, define
from cliqsim.deluge.values import File

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


@define("getFileType", CAT, FILE, "", 'The file\'s extension in lower case ("png"), or "".')
def get_file_type(cx: Context, f: File) -> str:
    return f.name.rsplit(".", 1)[1].lower() if "." in f.name else ""


@define("getFileContent", CAT, FILE, "", "The file's content as text (UTF-8).")
def get_file_content(cx: Context, f: File) -> str:
    return f.content.decode("utf-8", errors="replace")


@define("setParamName", CAT, FILE, "name", "Sets the form field name the file is sent under.")
def set_param_name(cx: Context, f: File, name: Any) -> None:
    f.param_name = as_text(name, "setParamName")


@define("getParamName", CAT, FILE, "", "The form field name the file is sent under.")
def get_param_name(cx: Context, f: File) -> str:
    return f.param_name
