"""SHA-256 for cliqsim's cache keys, stamps and consent fingerprints, without loading hashlib
on a cold start where Python has its own implementation (issue #18).

`import hashlib` loads OpenSSL's library (`_hashlib`), about 2 ms of a cold `cliqsim run`, for
a few short digests; CPython's built-in SHA-256 module (`_sha2` from 3.12, `_sha256` before)
gives the same digests and loads in a tenth of that. Where neither exists, hashlib's is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

sha256: Callable[..., Any]
try:
    from _sha2 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
except ImportError:
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
    except ImportError:
        from hashlib import sha256  # type: ignore[assignment,no-redef,unused-ignore]

__all__ = ["sha256"]
