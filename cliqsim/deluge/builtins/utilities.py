"""Utility built-ins: URL and Base64 encoding, ifnull, and the deprecated getUrl/postUrl (effects,
run by the interpreter through the host)."""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import quote, quote_plus, unquote_plus

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import ANY, TEXT, Family, check_text
from cliqsim.deluge.values import fail, to_text

define = Family(__name__).define

CAT = "utilities"


@define("encodeUrl", CAT, TEXT, "", "The text URL-encoded, spaces as `+`.", function=True)
def encode_url(cx: Context, s: str) -> str:
    return check_text(cx, quote_plus(s, safe="*", errors="replace"))


@define("urlEncode", CAT, TEXT, "", "The text URL-encoded, spaces as `%20`.", function=True)
def url_encode(cx: Context, s: str) -> str:
    return check_text(cx, quote(s, safe="", errors="replace"))


@define(
    "urlDecode",
    CAT,
    TEXT,
    "",
    "URL-encoded text decoded (`+` and `%20` are spaces).",
    function=True,
)
def url_decode(cx: Context, s: str) -> str:
    return unquote_plus(s)


@define("base64Encode", CAT, TEXT, "", "The text's UTF-8 bytes in Base64.", function=True)
def base64_encode(cx: Context, s: str) -> str:
    return check_text(cx, base64.b64encode(s.encode("utf-8", "replace")).decode("ascii"))


@define("base64Decode", CAT, TEXT, "", "Base64 text decoded to text (UTF-8).", function=True)
def base64_decode(cx: Context, s: str) -> str:
    try:
        return base64.b64decode(s.encode("ascii"), validate=False).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise fail(f"'{s[:40]}' is not valid Base64 text for the function base64Decode") from None


@define(
    "throw",
    CAT,
    ANY,
    "",
    "The statement `throw message;`: stops the script with a run-time error whose message is "
    "`message`'s text; try/catch catches it (`e.message`).",
    function=True,
    method=False,
)
def throw(cx: Context, message: Any) -> Any:
    """A field report (a Zoho Flow function saved with `throw "...";`) shows Deluge accepts the
    statement; Zoho's pages do not describe it, so cliqsim gives it the plain meaning."""
    raise fail(to_text(message))


@define(
    "ifnull",
    CAT,
    ANY,
    "fallback",
    "The value, or `fallback` when the value is null.",
    function=True,
    method=False,
)
def ifnull(cx: Context, value: Any, fallback: Any) -> Any:
    return fallback if value is None else value


@define(
    "getUrl",
    "web",
    TEXT,
    "headers?, simple?",
    "Deprecated GET request through the host (as invokeurl with type GET); with the simple "
    'flag false, the map `{"responseCode", "responseText", "responseHeader"}`.',
    function=True,
    method=True,
    effect=True,
)
def get_url(cx: Context, *args: Any) -> Any:
    raise fail("getUrl runs through the host")  # the compiler routes it to Host.invoke_url


@define(
    "postUrl",
    "web",
    TEXT,
    "body, headers?, simple?",
    "Deprecated POST request through the host (as invokeurl with type POST); with the simple "
    'flag false, the map `{"responseCode", "responseText", "responseHeader"}`.',
    function=True,
    method=True,
    effect=True,
)
def post_url(cx: Context, *args: Any) -> Any:
    raise fail("postUrl runs through the host")
