"""What callers look up: users, chats, messages, components, consents, mail.

Read-only views over the workspace, the catalog and the consent store, as the plain records of
`records.py` (plus `revoke`, the one consent change a person makes outside a trigger).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from cliqsim.consent.store import Grant, LedgerRecord
from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.authorization import require_member
from cliqsim.platform.messages import Message
from cliqsim.platform.pipeline import Pipeline
from cliqsim.platform.records import ConsentState, UserInfo
from cliqsim.platform.workspace import Chat

if TYPE_CHECKING:  # the listing views are imported where they are built (a run builds none)
    from cliqsim.platform.records_views import (
        ActionInfo,
        BotInfo,
        ChatInfo,
        CommandInfo,
        ExtensionInfo,
        Mail,
    )


class Directory:
    """The lookups of one runtime."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def users(self) -> list[UserInfo]:
        workspace = self.pipeline.workspace
        return [_user_info(u, workspace.user_status(u["id"])) for u in workspace.users()]

    def user(self, user_id: str) -> UserInfo:
        workspace = self.pipeline.workspace
        return _user_info(workspace.user(user_id), workspace.user_status(user_id))

    def chats(self, user_id: str) -> list[ChatInfo]:
        workspace = self.pipeline.workspace
        workspace.user(user_id)
        return [self._chat_info(c) for c in workspace.chats() if user_id in c.members]

    def channels(self) -> list[ChatInfo]:
        """Every channel of the organization, members or not (joining needs to see them)."""
        return [self._chat_info(c) for c in self.pipeline.workspace.chats()
                if c.type == "channel"]

    def chat(self, chat_id: str) -> ChatInfo:
        return self._chat_info(self.pipeline.workspace.chat(chat_id))

    def _chat_info(self, chat: Chat) -> ChatInfo:
        from cliqsim.platform.records_views import ChatInfo

        messages = self.pipeline.workspace.messages(chat.id)
        return ChatInfo(chat.id, chat.type, chat.title, chat.members, chat.unique_name,
                        len(messages), messages[-1].time if messages else None)

    def messages(self, chat_id: str, user_id: str | None, limit: int | None) -> list[Message]:
        workspace = self.pipeline.workspace
        chat = workspace.chat(chat_id)
        if user_id is not None:
            require_member(user_id, chat, "read its messages")
        found = workspace.messages(chat.id, user_id)
        return found[-limit:] if limit else found

    def message(self, message_id: str) -> Message:
        return self.pipeline.workspace.message(message_id)

    def consent_state(self, user_id: str, component_id: str) -> ConsentState:
        return self.pipeline.consent_state(user_id, component_id)

    def commands(self, user_id: str) -> list[CommandInfo]:
        from cliqsim.platform.records_views import CommandInfo

        pipeline = self.pipeline
        return [CommandInfo(p.id, p.name, p.hint, p.description,
                            pipeline.consent_state(user_id, p.id),
                            "suggestion_handler" in p.handlers, p.extension,
                            pipeline.available(p) is None)
                for p in pipeline.catalog.of_type("command")]

    def bots(self, user_id: str) -> list[BotInfo]:
        from cliqsim.platform.records_views import BotInfo

        pipeline = self.pipeline
        return [BotInfo(p.id, p.name, p.unique_name, p.description,
                        pipeline.consent_state(user_id, p.id), tuple(a.name for a in p.menu),
                        p.extension, pipeline.available(p) is None,
                        tuple(a.sub_actions for a in p.menu))
                for p in pipeline.catalog.of_type("bot")]

    def actions(self, user_id: str, message_id: str | None) -> list[ActionInfo]:
        from cliqsim.platform.records_views import ActionInfo

        pipeline = self.pipeline
        kind = cliq.message_type(pipeline.workspace.message(message_id)) if message_id else None
        return [ActionInfo(p.id, p.name, p.hint, p.description, p.message_types,
                           pipeline.consent_state(user_id, p.id), p.extension,
                           pipeline.available(p) is None)
                for p in pipeline.catalog.of_type("message_action")
                if kind is None or kind in p.message_types]

    def extensions(self) -> list[ExtensionInfo]:
        from cliqsim.platform.records_views import ExtensionInfo

        pipeline = self.pipeline
        found = []
        for p in pipeline.catalog.of_type("extension"):
            record = pipeline.store.install(p.id)
            found.append(ExtensionInfo(
                p.id, p.name, p.version, p.description, tuple(p.components),
                record is not None, record is not None and record.active,
                record.installed_by if record else None,
                record.installed_at if record else None,
                pipeline.manifest(p).items))
        return found

    def script_source(self, component_id: str, file: str) -> str:
        package = self.pipeline.package(component_id)
        for script in package.scripts():
            if file in (script.display_name, script.path.name, str(script.path)):
                return script.text
        raise UsageError(f"{package.id} has no handler file {file!r}")

    def outbox(self, user_id: str | None) -> list[Mail]:
        from cliqsim.platform.records_views import Mail

        workspace = self.pipeline.workspace
        email = workspace.user(user_id)["email"] if user_id else None
        mails = []
        for m in workspace.mails():
            if email and email != m["sender"] and email not in m["to"] + m["cc"] + m["bcc"]:
                continue
            mails.append(Mail(m["id"], datetime.fromisoformat(m["time"]), m["sender"],
                              tuple(m["to"]), m["subject"], m["body"], tuple(m["cc"]),
                              tuple(m["bcc"]), m.get("component")))
        return mails

    def grants(self, user_id: str) -> list[Grant]:
        store = self.pipeline.store
        store.refresh()
        return store.grants(user_id)

    def revoke(self, user_id: str, *, grant_id: str | None, component: str | None,
               everything: bool) -> int:
        if grant_id is None and component is None and not everything:
            raise UsageError("say what to revoke: a grant id, a component, or everything")
        return len(self.pipeline.gate.revoke(grant_id, component_id=component, user_id=user_id,
                                             everything=everything))

    def ledger(self, user_id: str | None) -> list[LedgerRecord]:
        store = self.pipeline.store
        store.refresh()
        return store.ledger(user_id)

    # --- the simulated services' data (for tests, benchmarks and inspection) ---------------

    def crm_records(self, module: str) -> list[dict[str, Any]]:
        return self.pipeline.workspace.crm_records(module)

    def db_records(self, database: str) -> list[dict[str, Any]]:
        return self.pipeline.workspace.db_records(database)

    def properties(self, extension: str) -> dict[str, Any]:
        return self.pipeline.workspace.properties(extension)


def _user_info(u: dict[str, Any], status: dict[str, str]) -> UserInfo:
    return UserInfo(u["id"], u["first_name"], u["last_name"], u["email"], bool(u["admin"]),
                    u.get("timezone", "Asia/Kolkata"), u.get("country", "in"),
                    u.get("language", "en"), status.get("text", ""),
                    status.get("state", "Available"))
