"""The read side of `Runtime`: what the chat window and the CLI show (users, chats, messages,
components, grants, records). Nothing here runs a trigger or changes the workspace.

`Runtime` (runtime.py) inherits these; each holds the runtime's lock for its whole call, so the
chat window may read on its UI thread while a worker thread runs a trigger (docs/architecture.md
§ Threads). Every method returns plain data and raises only `CliqsimError` (`UsageError` for an
unknown id, naming the known ones).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from cliqsim.consent.store import Grant, LedgerRecord
from cliqsim.platform.messages import Message
from cliqsim.platform.records import ConsentState, RunRecord, UserInfo

if TYPE_CHECKING:
    from cliqsim.consent.dataflow import DataFlow
    from cliqsim.platform.engine import Engine
    from cliqsim.platform.records_views import (
        ActionInfo,
        BotInfo,
        ChatInfo,
        CommandInfo,
        ExtensionInfo,
        Mail,
        SchedulerInfo,
    )


class RuntimeViews:
    """Reads of the simulated Cliq; `Runtime` sets `_engine` and `_lock`."""

    _engine: Engine
    _lock: threading.RLock

    def schedulers(self) -> list[SchedulerInfo]:
        """Every scheduler: schedule summary, next due, runs, skips, last status and the
        owner's consent state."""
        with self._lock:
            return self._engine.schedulers.infos()

    def org_name(self) -> str:
        with self._lock:
            return self._engine.workspace.org_name

    def users(self) -> list[UserInfo]:
        with self._lock:
            return self._engine.directory.users()

    def user(self, user_id: str) -> UserInfo:
        """Raises `UsageError` naming the known users when `user_id` is not one."""
        with self._lock:
            return self._engine.directory.user(user_id)

    def chats(self, user_id: str) -> list[ChatInfo]:
        """Channels the user is a member of, their DMs and bot chats."""
        with self._lock:
            return self._engine.directory.chats(user_id)

    def channels(self) -> list[ChatInfo]:
        """Every channel of the organization, whether the user is a member or not."""
        with self._lock:
            return self._engine.directory.channels()

    def chat(self, chat_id: str) -> ChatInfo:
        with self._lock:
            return self._engine.directory.chat(chat_id)

    def messages(
        self, chat_id: str, user_id: str | None = None, limit: int | None = None
    ) -> list[Message]:
        """A chat's messages, oldest first; with `user_id`, only those that user can see;
        with `limit`, the last `limit`."""
        with self._lock:
            return self._engine.directory.messages(chat_id, user_id, limit)

    def message(self, message_id: str) -> Message:
        with self._lock:
            return self._engine.directory.message(message_id)

    def commands(self, user_id: str) -> list[CommandInfo]:
        with self._lock:
            return self._engine.directory.commands(user_id)

    def bots(self, user_id: str) -> list[BotInfo]:
        with self._lock:
            return self._engine.directory.bots(user_id)

    def actions(self, user_id: str, message_id: str | None = None) -> list[ActionInfo]:
        """Message actions; with `message_id`, only those that apply to that message's type."""
        with self._lock:
            return self._engine.directory.actions(user_id, message_id)

    def extensions(self) -> list[ExtensionInfo]:
        with self._lock:
            return self._engine.directory.extensions()

    def consent_state(self, user_id: str, component_id: str) -> ConsentState:
        with self._lock:
            return self._engine.directory.consent_state(user_id, component_id)

    def script_source(self, component_id: str, file: str) -> str:
        """The text of one handler file, for showing the code behind a consent item."""
        with self._lock:
            return self._engine.directory.script_source(component_id, file)

    def data_flows(self, component_id: str) -> tuple[DataFlow, ...]:
        """Where each Cliq object field's value ends up, read from the code (nothing runs)."""
        with self._lock:
            return self._engine.pipeline.data_flows(component_id)

    def outbox(self, user_id: str | None = None) -> list[Mail]:
        """Mail sent by `sendmail`, newest last; with `user_id`, mail to or from that user."""
        with self._lock:
            return self._engine.directory.outbox(user_id)

    def crm_records(self, module: str) -> list[dict[str, Any]]:
        """The simulated CRM's records of `module` ("Leads"), as `zoho.crm.*` tasks left them."""
        with self._lock:
            return self._engine.directory.crm_records(module)

    def db_records(self, database: str) -> list[dict[str, Any]]:
        """The records of a Cliq database, as `zoho.cliq.*Record*` tasks left them."""
        with self._lock:
            return self._engine.directory.db_records(database)

    def properties(self, extension: str) -> dict[str, Any]:
        """An extension's properties (`zoho.cliq.extension.*Properties`)."""
        with self._lock:
            return self._engine.directory.properties(extension)

    def runs(self, limit: int = 50) -> list[RunRecord]:
        """The inspector's records of the latest handler runs in this session, newest last."""
        with self._lock:
            return self._engine.pipeline.runs(limit)

    def grants(self, user_id: str) -> list[Grant]:
        """The consent engine's grants of this user (active, expired and revoked)."""
        with self._lock:
            return self._engine.directory.grants(user_id)

    def ledger(self, user_id: str | None = None) -> list[LedgerRecord]:
        """The consent ledger (granted, denied, revoked, expired, blocked, used), oldest first."""
        with self._lock:
            return self._engine.directory.ledger(user_id)

    def widgets(self) -> list[tuple[str, str, str]]:
        """The widgets: (id, name, description)."""
        with self._lock:
            return self._engine.widgets.list()

    def handlers(self, component: str) -> list[str]:
        """The handler names `trigger` takes for a component."""
        from cliqsim.platform.triggers.manual import handler_names

        with self._lock:
            return sorted(handler_names(self._engine.pipeline.package(component)))

    def trigger_targets(self) -> list[tuple[str, str, list[str]]]:
        """Every component as (id, display name, the handler names `trigger` takes)."""
        with self._lock:
            return self._engine.manual.targets()
