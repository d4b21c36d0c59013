"""Who hears about messages, and when.

Every message a run adds or edits goes through `Pipeline.emit`, which tells its listeners twice:

- `coming(message)`, just before the message is written durably: for work that shows nothing
  yet, such as the chat window laying the message out while the disk syncs;
- `stored(message)`, once the write has returned: only now may it be shown, because a shown
  message is an acknowledged one, and cliqsim acknowledges only what a crash cannot take back.

A message told `coming` may never be told `stored` (the write failed): whatever a listener
prepared for it must stay unseen. A `coming` listener that raises is ignored (preparing is
optional; the write goes on); a `stored` listener's exception reaches the caller as before.
"""

from __future__ import annotations

from collections.abc import Callable

from cliqsim.platform.messages import Message

Listener = Callable[[Message], None]


class MessageListeners:
    def __init__(self) -> None:
        self._stored: list[Listener] = []
        self._coming: list[Listener] = []

    def subscribe(self, stored: Listener, coming: Listener | None = None) -> Callable[[], None]:
        """Tell `stored` of every stored message (and `coming` of every message about to be
        written); returns the unsubscribe."""
        self._stored.append(stored)
        if coming is not None:
            self._coming.append(coming)

        def unsubscribe() -> None:
            for listeners, listener in ((self._stored, stored), (self._coming, coming)):
                if listener in listeners:
                    listeners.remove(listener)

        return unsubscribe

    def coming(self, message: Message) -> None:
        for listener in list(self._coming):
            try:
                listener(message)
            except Exception:  # noqa: S112 - preparing is optional; the durable write goes on
                continue

    def stored(self, message: Message) -> None:
        for listener in list(self._stored):
            listener(message)
