"""Utility built-ins: URL and Base64 encoding, ifnull, and the deprecated getUrl/postUrl (effects,
run by the interpreter through the host)."""

from __future__ import annotations

import base64
import binascii
import re
from html.entities import codepoint2name, name2codepoint
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


_HTML4_NAMES = dict(codepoint2name)  # the 252 entities of HTML 4.01 (quot, amp, lt, gt, ...)
_HTML4_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,8}));")


@define("htmlEncode", CAT, TEXT, "",
        "Special HTML characters as HTML 4 entities: `<` as `&lt;`, `&`, `\"`, `>`, and the "
        "characters HTML 4 names (`é` as `&eacute;`); `'` is kept, as the page's example shows "
        "(https://www.zoho.com/deluge/help/string/html-encode.html).", function=True)
def html_encode(cx: Context, s: str) -> str:
    return check_text(cx, "".join(f"&{_HTML4_NAMES[ord(c)]};" if ord(c) in _HTML4_NAMES else c
                                  for c in s))


@define("htmlDecode", CAT, TEXT, "",
        "HTML 4 entities (named, `&#60;` and `&#x3C;`) as their characters; anything else, "
        "`&apos;` among it (not HTML 4), is kept "
        "(https://www.zoho.com/deluge/help/string/html-decode.html).", function=True)
def html_decode(cx: Context, s: str) -> str:
    def one(match: re.Match[str]) -> str:
        decimal, hexadecimal, name = match.groups()
        if name is not None:
            return chr(name2codepoint[name]) if name in name2codepoint else match.group(0)
        code = int(decimal) if decimal is not None else int(hexadecimal, 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else (
            match.group(0))

    return _HTML4_ENTITY.sub(one, s)


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
