"""The only door between a running script and the world.

The interpreter is hermetic: every effect a script has goes through the `Host` its caller gives it,
with the span of the code that asked for it. The platform's host routes effects to the simulated
Cliq (through the consent guard); `cliqsim script` uses a recording host.

Values crossing this boundary are plain Python data: `str`, `int`, `float`, `bool`, `None`,
`dict` (insertion-ordered, str keys), `list`, and timezone-aware `datetime.datetime` /
`datetime.date`.
A host raises `cliqsim.deluge.errors.DelugeRuntimeError` for a failure the script may catch, and
`EffectBlocked` for an effect the consent guard refuses.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from cliqsim.deluge.source import Span


class Host(Protocol):
    def now(self) -> datetime:
        """The current (possibly simulated) time, timezone-aware."""
        ...

    def system_variable(self, name: str, span: Span) -> Any:
        """`zoho.loginuserid`, `zoho.adminuser`, ... (not `now`/`today`/`zoho.currentdate`/
        `zoho.currenttime`, which the interpreter derives from `now()`). Raise
        `DelugeRuntimeError` for a name the host does not know."""
        ...

    def call_task(self, name: str, args: list[Any], span: Span) -> Any:
        """An integration task or saved function, `name` as written: `zoho.cliq.postToChat`."""
        ...

    def invoke_url(self, request: dict[str, Any], span: Span) -> Any:
        """An `invokeurl` block (keys as in `BlockParam.key`, values evaluated), or a
        `getUrl`/`postUrl` call translated to the same shape (`{"url", "type", "headers",
        "parameters", ...}`). Returns the response: parsed JSON (map/list) or text; with
        `detailed: true` a map `{"responseCode", "responseHeader", "responseText"}`. A host
        may return it as a `values.Converted` (Deluge values made for this call alone)."""
        ...

    def send_mail(self, params: dict[str, Any], span: Span) -> None:
        """A `sendmail` block, keys as in `BlockParam.key`, values evaluated."""
        ...

    def info(self, text: str, span: Span) -> None:
        """One `info` line, already converted to text the way Deluge shows it."""
        ...
