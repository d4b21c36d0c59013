"""The chat screen and the modal screens over it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App

    from cliqsim.tui.app import CliqsimApp


class _OnAnApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


class OnCliqsimApp:
    """Mixin for a screen (or command provider) that only runs inside the cliqsim window:
    `cliqsim` is its app, typed."""

    @property
    def cliqsim(self: _OnAnApp) -> CliqsimApp:
        from cliqsim.tui.app import CliqsimApp

        assert isinstance(self.app, CliqsimApp)
        return self.app
