"""Utility built-ins: URL and Base64 encoding, ifnull, and the deprecated getUrl/postUrl (effects,
run by the interpreter through the host)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Any
from urllib.parse import quote, quote_plus, unquote_plus

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import ANY, TEXT, as_text, check_text, define
from cliqsim.deluge.values import fail, to_text

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


def _unsupported(name: str) -> None:
    @define(
        name,
        CAT,
        ANY,
        "text",
        "AES encryption with the key as first argument: not available in cliqsim (it raises).",
        function=True,
        method=False,
    )
    def refuse(cx: Context, *args: Any) -> Any:
        raise fail(f"{name} is not available in cliqsim: it has no AES implementation")


_unsupported("aesEncode")
_unsupported("aesDecode")


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


# zoho.encryption.* tasks are pure computations: they run here, not on the host.
define(
    "zoho.encryption.base64Encode",
    CAT,
    TEXT,
    "",
    "Same as base64Encode.",
    function=True,
    method=False,
)(base64_encode)
define(
    "zoho.encryption.base64Decode",
    CAT,
    TEXT,
    "",
    "Same as base64Decode.",
    function=True,
    method=False,
)(base64_decode)
define(
    "zoho.encryption.urlEncode", CAT, TEXT, "", "Same as urlEncode.", function=True, method=False
)(url_encode)
define(
    "zoho.encryption.urlDecode", CAT, TEXT, "", "Same as urlDecode.", function=True, method=False
)(url_decode)


def _hmac(name: str, algorithm: str) -> None:
    @define(
        f"zoho.encryption.{name}",
        CAT,
        ANY,
        "key, output_format?",
        f'The {algorithm.upper()} HMAC of the text with `key`, hex (default) or "base64".',
        function=True,
        method=False,
    )
    def digest(cx: Context, text: Any, key: Any, output: Any = "hex") -> str:
        secret = as_text(key, name).encode("utf-8", "replace")
        mac = hmac.new(secret, to_text(text).encode("utf-8", "replace"), algorithm).digest()
        if as_text(output, name).lower() == "base64":
            return base64.b64encode(mac).decode("ascii")
        return mac.hex()


_hmac("hmacsha1", "sha1")
_hmac("hmacsha256", "sha256")
_hmac("hmacsha512", "sha512")


@define(
    "zoho.encryption.md5",
    CAT,
    ANY,
    "",
    "The MD5 digest of the text, hex.",
    function=True,
    method=False,
)
def md5(cx: Context, text: Any) -> str:
    return hashlib.md5(to_text(text).encode("utf-8", "replace"), usedforsecurity=False).hexdigest()
