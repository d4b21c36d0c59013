"""The one family of errors the Deluge layer raises.

No Lark or Python built-in exception escapes a public function of `cliqsim.deluge`: each is
wrapped into one of these at the boundary. Messages follow Deluge's own wording where one exists
(see docs/deluge.md): save-time errors read "(Line no: N) ...", run-time errors carry the line.
"""

from __future__ import annotations

import msgspec

from cliqsim.deluge.source import Source, Span, render_pinpoint


class DelugeError(Exception):
    """A problem in a Deluge script, at `span` when it is known."""

    def __init__(
        self,
        message: str,
        span: Span | None = None,
        source: Source | None = None,
        notes: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.source = source
        self.notes = notes

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None

    def with_source(self, source: Source) -> DelugeError:
        if self.source is None:
            self.source = source
        return self

    def __str__(self) -> str:
        return self.message

    def render(self) -> str:
        """`name:line:col: message`, then the pinpointed source line and any notes."""
        where = self.source.name if self.source else "<input>"
        if self.span is None:
            head = f"{where}: {self.message}"
        else:
            head = f"{where}:{self.span.line}:{self.span.column}: {self.message}"
        parts = [head]
        if self.span is not None and self.source is not None:
            parts.append(render_pinpoint(self.source, self.span))
        parts.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(parts)


class DelugeSyntaxError(DelugeError):
    """The script does not parse (Deluge's save-time errors)."""


class DelugeRuntimeError(DelugeError):
    """An error while a script runs; `try/catch` in Deluge catches these."""


class DelugeLimitError(DelugeRuntimeError):
    """A run went past a configured limit (statements, nesting, time, sizes).

    `try/catch` does not catch limit errors: the run stops.
    """


class EffectBlocked(DelugeRuntimeError):
    """The host refused an effect (the consent guard).

    The run stops; `try/catch` does not catch it.
    """


class Diagnostic(msgspec.Struct, frozen=True):
    """One finding of a static check. `code` names its kind: `syntax`, `undefined-variable`, ..."""

    severity: str  # "error" | "warning"
    code: str
    message: str
    span: Span
