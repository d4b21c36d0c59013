"""SHA-256 for cliqsim's cache keys, stamps and consent fingerprints, and BLAKE2b for hashing
many bytes (a components folder's whole tree), without loading hashlib on a cold start where
Python has its own implementations (issue #18).

`import hashlib` loads OpenSSL's library (`_hashlib`), about 2 ms of a cold `cliqsim run`, for
a few short digests; CPython's built-in SHA-256 module (`_sha2` from 3.12, `_sha256` before)
gives the same digests and loads in a tenth of that. Where neither exists, hashlib's is used.

CPython's own SHA-256 takes about 50 instructions a byte; its BLAKE2b (`_blake2`, always built
in), as strong a hash, about 14: 5 M instructions less for the 140 KB of the bundled samples.
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

blake2b: Callable[..., Any]
try:
    from _blake2 import blake2b  # type: ignore[import-not-found,no-redef,unused-ignore]
except ImportError:
    from hashlib import blake2b  # type: ignore[assignment,no-redef,unused-ignore]

__all__ = ["blake2b", "sha256"]
