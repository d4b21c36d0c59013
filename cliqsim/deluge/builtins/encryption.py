"""The zoho.encryption tasks: digests, HMACs, Base64 and URL encoding, and AES.

They are pure computations (no effect on the host), so they run here. Pages: Zoho's Deluge help,
encryption/sha1, encryption/sha256, encryption/hmac-sha1, encryption/hmac-sha256 (the HMAC
tasks take the key first, then the data, and give Base64 unless "hex" is asked),
functions/encryption/aesencode, aesdecode, aesencode128, aesdecode128.

AES as Zoho does it (checked against the pages' own examples): the key's UTF-8 bytes padded with
zero bytes to 32 bytes (16 for the *128 forms), CBC mode, PKCS#5 padding, Base64 output. Without
an IV, a random 16-byte IV is drawn and written before the cipher text (so
`aesDecode("passkey", "yf/u6N0H...")` of the aesDecode page gives "This is a secret"); with an IV
(16 characters) the output is the bare cipher text. The `cryptography` package does the AES; it
is imported on first use.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from typing import Any

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.builtins.define import ANY, TEXT, Family, as_int, as_text, check_text
from cliqsim.deluge.builtins.utilities import base64_decode, base64_encode, url_decode, url_encode
from cliqsim.deluge.values import fail, to_text

define = Family(__name__).define

CAT = "encryption"


def _task(name: str, args: str, summary: str, on: tuple[type, ...] = ANY) -> Any:
    return define(f"zoho.encryption.{name}", CAT, on, args, summary, function=True, method=False)


_task("base64Encode", "", "Same as base64Encode.", TEXT)(base64_encode)
_task("base64Decode", "", "Same as base64Decode.", TEXT)(base64_decode)
@_task("urlEncode", "", "Same as urlEncode; any value but TEXT gives null (its page).")
def task_url_encode(cx: Context, value: Any) -> str | None:
    return url_encode(cx, value) if type(value) is str else None


@_task("urlDecode", "", "Same as urlDecode; any value but TEXT gives null (its page).")
def task_url_decode(cx: Context, value: Any) -> str | None:
    return url_decode(cx, value) if type(value) is str else None


def _bytes(value: Any) -> bytes:
    return to_text(value).encode("utf-8", "replace")


def _hmac(name: str, algorithm: str) -> None:
    @_task(
        name,
        "data, output_type?",
        f"The HMAC-{algorithm.upper()} of `data` with the secret key (the first argument), "
        'Base64 by default or "hex"; cliqsim refuses "binary", whose text form the pages do not '
        "show.",
    )
    def digest(cx: Context, key: Any, data: Any, output: Any = "base64") -> str:
        kind = as_text(output, name).strip().lower()
        if kind not in ("base64", "hex"):
            raise fail(
                f"zoho.encryption.{name} with the output type '{to_text(output)}' is not "
                'available in cliqsim: use "base64" (the default) or "hex"'
            )
        mac = hmac.new(_bytes(key), _bytes(data), algorithm).digest()
        return mac.hex() if kind == "hex" else base64.b64encode(mac).decode("ascii")


_hmac("hmacsha1", "sha1")
_hmac("hmacsha256", "sha256")
_hmac("hmacsha512", "sha512")


@_task("md5", "", "The MD5 digest of the text, hex.")
def md5(cx: Context, text: Any) -> str:
    return hashlib.md5(_bytes(text), usedforsecurity=False).hexdigest()


@_task("sha1", "", 'The SHA1 digest of the text, hex (sha1("hello") is aaf4c61d..., its page).')
def sha1(cx: Context, text: Any) -> str:
    return hashlib.sha1(_bytes(text), usedforsecurity=False).hexdigest()


@_task(
    "sha256",
    "output_type?",
    'The SHA256 digest of the text, hex (the default, "hex"); cliqsim refuses "binary", whose '
    "text form the page does not show.",
)
def sha256(cx: Context, text: Any, output: Any = "hex") -> str:
    kind = as_text(output, "sha256").strip().lower()
    if kind != "hex":
        raise fail(
            f"zoho.encryption.sha256 with the output type '{to_text(output)}' is not available "
            'in cliqsim: use "hex" (the default)'
        )
    return hashlib.sha256(_bytes(text)).hexdigest()


# --------------------------------------------------------------------------- AES


def _aes_key(key: Any, size: int, fn: str) -> bytes:
    raw = _bytes(as_text(key, fn))
    if not raw or len(raw) > size:
        raise fail(f"The encryption key for {fn} must have 1 to {size} characters")
    return raw.ljust(size, b"\0")


def _aes_iv(iv: Any, fn: str) -> bytes | None:
    if iv is None or to_text(iv) == "":
        return None
    raw = _bytes(iv)
    if len(raw) != 16:
        raise fail(f"The encryption IV for {fn} must have 16 characters")
    return raw


def _iterations(count: Any, fn: str) -> None:
    if count is None or to_text(count) == "":
        return
    n = as_int(count, fn)
    if n > 200:
        raise fail(f"The iteration count of {fn} can not exceed 200")
    if n != 0:  # how Zoho derives the key from the count is not documented
        raise fail(
            f"{fn} with an iteration count other than 0 is not available in cliqsim: "
            "Zoho's pages do not say how the count derives the key"
        )


def _encrypt(key: bytes, data: bytes, iv: bytes | None) -> str:
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    padder = padding.PKCS7(128).padder()
    block = padder.update(data) + padder.finalize()
    prefix = b"" if iv is not None else secrets.token_bytes(16)
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv or prefix)).encryptor()
    out = prefix + encryptor.update(block) + encryptor.finalize()
    return base64.b64encode(out).decode("ascii")


def _decrypt(key: bytes, text: Any, iv: bytes | None, fn: str) -> str:
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    try:
        raw = base64.b64decode(to_text(text).encode("ascii"), validate=False)
    except (binascii.Error, UnicodeError, ValueError):
        raise fail(f"The encrypted value for {fn} is not Base64 text") from None
    if iv is None:
        iv, raw = raw[:16], raw[16:]
    if len(iv) != 16 or not raw or len(raw) % 16:
        raise fail(f"The encrypted value for {fn} is not AES cipher text")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    block = decryptor.update(raw) + decryptor.finalize()
    try:
        unpadder = padding.PKCS7(128).unpadder()
        return (unpadder.update(block) + unpadder.finalize()).decode("utf-8")
    except (ValueError, UnicodeError):
        raise fail(f"{fn} failed: the key or the IV does not match the encrypted value") from None


def _aes(name: str, size: int, decode: bool) -> None:
    bits = size * 8
    extra = ", iteration_count?" if size == 16 else ""
    if decode:
        summary = (
            f"The text that aesEncode{'128' if size == 16 else ''} encrypted with `key` "
            f"(AES-{bits} CBC; without `iv` the value starts with its IV)."
        )
    else:
        summary = (
            f"`value` encrypted with `key` (AES-{bits} CBC, the key zero-padded to {size} bytes), "
            "Base64; without `iv` a random IV is written before the cipher text."
        )

    def run(cx: Context, key: Any, value: Any, iv: Any = None, count: Any = None) -> str:
        _iterations(count, name)
        secret = _aes_key(key, size, name)
        vector = _aes_iv(iv, name)
        if decode:
            return check_text(cx, _decrypt(secret, value, vector, name))
        return check_text(cx, _encrypt(secret, _bytes(value), vector))

    args = "value, iv?" + extra
    _task(name, args, summary)(run)
    if size == 32:  # the plain spellings real scripts write
        define(name, CAT, ANY, args, summary, function=True, method=False)(run)


_aes("aesEncode", 32, decode=False)
_aes("aesDecode", 32, decode=True)
_aes("aesEncode128", 16, decode=False)
_aes("aesDecode128", 16, decode=True)
