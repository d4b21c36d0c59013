"""The simulated organization: users, chats, messages, Cliq databases, extension properties,
open bot contexts, the outbox and the simulated Zoho CRM data. (Installed extensions have one
record, in the consent store's `installs`: who installed it, the version, whether it is active.)

Persisted in `<data>/workspace.json` through `cliqsim.storage.JsonStore` (atomic writes, a
cross-process lock; a damaged file raises `DamagedDataFile` and is left alone). On first open the
organization is seeded from `workspace.toml` in the components folder, else the bundled one.

Replies only their requester sees (`Message.visible_to`, such as a command's answer) are stored
like every message, and shown only to that person: their buttons can be clicked later, headless
as in the chat window (Cliq keeps such a reply in the requester's view of the chat).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from cliqsim.errors import CliqsimError, UsageError
from cliqsim.platform.chat_ids import bot_chat_id, dm_id
from cliqsim.platform.messages import Message
from cliqsim.storage import JsonStore

SCHEMA_VERSION = 1
# Tables that grow with use: written one document per line, and a write encodes only the
# documents that changed (JsonStore's immutable_tables; its Table.update replaces a document
# by a changed copy at the same id and position, so edits are safe too).
RECORD_ID_BASE = 1775000000000000  # Cliq database record ids are numbers of this size
GROWING_TABLES = ("messages", "databases", "crm", "outbox", "chats", "contexts")



class Chat(msgspec.Struct, frozen=True):
    id: str
    type: str  # "channel" | "dm" | "bot" | "thread"
    title: str
    members: tuple[str, ...]
    unique_name: str | None = None
    owner: str | None = None
    bot: str | None = None  # bot chats: the bot's unique name
    created_at: str = ""
    parent: str | None = None  # threads: the channel message the thread replies to
    channel: str | None = None  # threads: the channel's chat id
    closed: bool = False  # threads: closed (no replies until reopened)
    bots_added: tuple[str, ...] = ()  # threads: bots added to this thread by hand
    bots_removed: tuple[str, ...] = ()  # threads: channel bots removed from this thread

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id, "type": self.type, "title": self.title,
            "members": list(self.members), "unique_name": self.unique_name,
            "owner": self.owner, "bot": self.bot, "created_at": self.created_at}
        if self.type == "thread":
            data.update(parent=self.parent, channel=self.channel, closed=self.closed,
                        bots_added=list(self.bots_added), bots_removed=list(self.bots_removed))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chat:
        return cls(data["id"], data["type"], data["title"], tuple(data.get("members", ())),
                   data.get("unique_name"), data.get("owner"), data.get("bot"),
                   data.get("created_at", ""), data.get("parent"), data.get("channel"),
                   bool(data.get("closed", False)), tuple(data.get("bots_added", ())),
                   tuple(data.get("bots_removed", ())))


class Workspace:
    def __init__(self, data_dir: Path, components_dir: Path | None, now: datetime) -> None:
        self.path = data_dir / "workspace.json"
        self.store = JsonStore(self.path, kind="workspace", schema_version=SCHEMA_VERSION,
                               immutable_tables=GROWING_TABLES)
        self._messages: dict[str, list[Message]] | None = None
        self._by_id: dict[str, Message] = {}
        # users and the organization by id and email, and the chats by id (and channels by
        # unique name), read from their tables once: a run looks them up several times. Each
        # is kept with the stamps of the tables it was read from (`JsonStore.version`), so a
        # change to those tables (here, by another process, a reload) drops it.
        self._people: tuple[dict[str, Any], dict[str, dict[str, Any]],
                            list[dict[str, Any]]] | None = None
        self._people_stamp: object = None
        self._chats: tuple[list[Chat], dict[str, Chat]] | None = None
        self._chats_stamp: object = None
        self.store.on_reload(self._forget)
        if not self._table("org").all():
            from cliqsim.platform.seed import read_seed  # a new workspace only

            self._seed(read_seed(components_dir), now)

    # --- plumbing ----------------------------------------------------------------------------

    def _table(self, name: str) -> Any:
        return self.store.table(name)

    def write(self) -> AbstractContextManager[Any]:
        """A transaction of the workspace's store (`JsonStore.transaction`)."""
        return self.store.transaction()

    def refresh(self) -> None:
        """Pick up changes another cliqsim process made."""
        self.store.refresh()

    def _forget(self) -> None:
        self._messages = None
        self._by_id = {}
        self._people = None
        self._chats = None

    def _directory(
        self,
    ) -> tuple[dict[str, Any], dict[str, dict[str, Any]], list[dict[str, Any]]]:
        """(the organization, users by id and by email, users in order), as stored; never
        changed in place."""
        stamp = (self.store.version("org"), self.store.version("users"))
        if self._people is None or stamp != self._people_stamp:
            orgs = self._table("org").all()
            users = self._table("users").all()
            by_key: dict[str, dict[str, Any]] = {}
            for user in reversed(users):  # the first one wins, as before
                by_key[user["email"]] = user
                by_key[user["id"]] = user
            self._people = (dict(orgs[0]) if orgs else {}, by_key, users)
            self._people_stamp = stamp
        return self._people

    def _chat_index(self) -> tuple[list[Chat], dict[str, Chat]]:
        """(the chats in order, the chats by id and channels by unique name), as stored."""
        stamp = self.store.version("chats")
        if self._chats is None or stamp != self._chats_stamp:
            chats = [Chat.from_dict(c) for c in self._table("chats").all()]
            by_key: dict[str, Chat] = {}
            for chat in reversed(chats):  # the first chat that matches a key wins
                if chat.type == "channel" and chat.unique_name is not None:
                    by_key[chat.unique_name] = chat
                by_key[chat.id] = chat
            self._chats = (chats, by_key)
            self._chats_stamp = stamp
        return self._chats

    def _next_id(self, db: Any, prefix: str) -> str:
        meta = db.table("counters")
        docs = meta.all()
        counters: dict[str, int] = dict(docs[0]) if docs else {}
        value = counters.get(prefix, 0) + 1
        counters[prefix] = value
        meta.truncate()
        meta.insert(counters)
        return f"{prefix}{value}"

    def next_id(self, prefix: str) -> str:
        with self.write() as db:
            return self._next_id(db, prefix)

    def _seed(self, seed: dict[str, Any], now: datetime) -> None:
        from cliqsim.platform.seed import DEFAULT_SEED, SEED_FILE, seed_tables

        org = seed.get("organization") or DEFAULT_SEED["organization"]
        users = seed.get("users") or DEFAULT_SEED["users"]
        if not any(u.get("admin") for u in users):
            raise CliqsimError(f"{SEED_FILE}: the organization needs at least one admin user "
                               "(admin = true)", "Bad workspace seed")
        user_ids = [u["id"] for u in users]
        with self.write() as db:
            db.table("org").insert({"id": org["id"], "name": org["name"]})
            for user in users:
                db.table("users").insert({
                    "id": user["id"], "first_name": user.get("first_name", user["id"]),
                    "last_name": user.get("last_name", ""),
                    "email": user.get("email", f"{user['id']}@example.com"),
                    "admin": bool(user.get("admin", False)),
                    "timezone": user.get("timezone", "Asia/Kolkata"),
                    "country": user.get("country", "in"), "language": user.get("language", "en"),
                    "location": user.get("location"),
                    "zoho_user_id": user.get("zoho_user_id", str(60000000 + len(user_ids)
                                                               + user_ids.index(user["id"]))),
                })
            for channel in seed.get("channels") or DEFAULT_SEED["channels"]:
                members = channel.get("members", ["*"])
                if members == ["*"]:
                    members = user_ids
                db.table("chats").insert(Chat(
                    id=channel["unique_name"], type="channel", title=channel.get(
                        "title", channel["unique_name"]), members=tuple(members),
                    unique_name=channel["unique_name"], owner=user_ids[0],
                    created_at=now.isoformat()).to_dict())
            for module, records in (seed.get("crm") or {}).items():
                for record in records:
                    db.table("crm").insert({"module": module, "record": dict(record)})
        self._seed_databases(seed.get("databases") or {}, now)
        for extension, values in seed_tables(seed.get("properties") or {}, "properties"):
            self.set_properties(extension, dict(values))
        for message in seed.get("messages") or ():
            sender = self.user(message["sender"])
            from cliqsim.platform.messages import Sender

            self.append(Message(
                id=self.next_id("m"), chat_id=message["chat"],
                sender=Sender(sender["id"], f"{sender['first_name']} {sender['last_name']}",
                              "user"),
                time=now, text=message["text"]))

    def _seed_databases(self, databases: Any, now: datetime) -> None:
        """`[[databases.NAME]]` tables in workspace.toml: the records a Cliq database starts
        with (each gets an id, as `zoho.cliq.createRecord` gives one)."""
        from cliqsim.platform.seed import SEED_FILE, seed_tables

        for name, records in seed_tables(databases, "databases", of_arrays=True):
            for record in records:
                if not isinstance(record, dict):
                    raise CliqsimError(f"{SEED_FILE}: [[databases.{name}]] entries must be tables "
                                       "of field = value", "Bad workspace seed")
                self.db_create(name, dict(record), now)

    # --- organization and users --------------------------------------------------------------

    @property
    def org(self) -> dict[str, Any]:
        org = self._directory()[0]
        if not org:
            raise IndexError("the workspace has no organization")
        return dict(org)

    @property
    def org_name(self) -> str:
        return str(self.org["name"])

    @property
    def org_id(self) -> str:
        """The organization's id (without copying the organization, as `org` does)."""
        org = self._directory()[0]
        if not org:
            raise IndexError("the workspace has no organization")
        return str(org["id"])

    def users(self) -> list[dict[str, Any]]:
        """Every user, in the order they were added (copies)."""
        return [dict(u) for u in self._directory()[2]]

    def user(self, user_id: str) -> dict[str, Any]:
        """The user with this id (or email), a copy; `UsageError` naming the known users."""
        found = self._directory()[1].get(user_id)
        if found is not None:
            return dict(found)
        known = ", ".join(u["id"] for u in self._table("users").all())
        raise UsageError(f"there is no user {user_id!r} in {self.org_name}; known users: {known}")

    def admins(self) -> list[dict[str, Any]]:
        """The org admins, in the order they were added (copies)."""
        return [dict(u) for u in self._directory()[2] if u["admin"]]

    # --- chats -------------------------------------------------------------------------------

    def chats(self) -> list[Chat]:
        return list(self._chat_index()[0])

    def find_chat(self, chat_id: str) -> Chat | None:
        """The chat with this id, or the channel with this unique name (`#` before it is
        allowed); the first one stored wins."""
        return self._chat_index()[1].get(chat_id.lstrip("#"))

    def chat(self, chat_id: str) -> Chat:
        chat = self.find_chat(chat_id)
        if chat is None:
            channels = ", ".join(f"#{c.unique_name}" for c in self.chats() if c.type == "channel")
            raise UsageError(f"there is no chat {chat_id!r}; channels: {channels} (a DM is "
                             "dm_<user>_<user> with the two ids in sorted order, e.g. "
                             "dm_u_admin_u_arjun; a bot chat is bot_<bot>_<user>)")
        return chat

    def update_channel(self, unique_name: str, *, members: tuple[str, ...] | None = None,
                       title: str | None = None) -> Chat:
        """Change a channel's members or title (a user joins or leaves, a rename)."""
        from tinydb import Query

        from cliqsim.structs import replace

        channel = self.channel(unique_name)
        if channel is None:
            raise UsageError(f"there is no channel {unique_name!r}")
        changed = replace(channel, members=channel.members if members is None else members,
                          title=channel.title if title is None else title)
        with self.write() as db:
            db.table("chats").update(changed.to_dict(), Query().id == channel.id)
            if members is not None:  # its threads' members are the channel's, at once
                db.table("chats").update({"members": list(changed.members)},
                                         Query().channel == channel.id)
        return changed

    def ensure_thread(self, parent: Message, channel: Chat, owner: str,
                      now: datetime) -> tuple[Chat, bool]:
        """The thread replying to channel message `parent` (`thread_<message id>`, titled by
        its first line, its members the channel's), and whether it was just started. Each
        call brings its members up to date with the channel's."""
        from tinydb import Query

        from cliqsim.structs import replace

        chat_id = f"thread_{parent.id}"
        chat = self.find_chat(chat_id)
        if chat is not None:
            if chat.members != channel.members:
                chat = replace(chat, members=channel.members)
                with self.write() as db:
                    db.table("chats").update(chat.to_dict(), Query().id == chat.id)
            return chat, False
        first = (parent.text or (parent.card.title if parent.card else "") or "thread")
        line = first.strip().splitlines()[0] if first.strip() else "thread"
        title = line if len(line) <= 24 else line[:23].rstrip() + "…"
        chat = Chat(chat_id, "thread", title, channel.members, owner=owner,
                    created_at=now.isoformat(), parent=parent.id, channel=channel.id)
        with self.write() as db:
            db.table("chats").insert(chat.to_dict())
        return chat, True

    def update_thread(self, thread: Chat, **changes: Any) -> Chat:
        """Store `thread` with `changes` (closed, bots_added, bots_removed)."""
        from tinydb import Query

        from cliqsim.structs import replace

        changed = replace(thread, **changes)
        with self.write() as db:
            db.table("chats").update(changed.to_dict(), Query().id == thread.id)
        return changed

    def channel(self, unique_name: str) -> Chat | None:
        chat = self.find_chat(unique_name)
        return chat if chat and chat.type == "channel" else None

    def ensure_dm(self, a: str, b: str, now: datetime) -> Chat:
        first, second = sorted((a, b))
        chat_id = dm_id(a, b)
        chat = self.find_chat(chat_id)
        if chat:
            return chat
        names = [self.user(u)["first_name"] for u in (first, second)]
        chat = Chat(chat_id, "dm", " & ".join(names), (first, second), owner=a,
                    created_at=now.isoformat())
        with self.write() as db:
            db.table("chats").insert(chat.to_dict())
        return chat

    def ensure_bot_chat(self, bot: str, bot_name: str, user_id: str, now: datetime) -> tuple[
            Chat, bool]:
        """The user's chat with the bot, and whether it was just created (first contact)."""
        chat_id = bot_chat_id(bot, user_id)
        chat = self.find_chat(chat_id)
        if chat:
            return chat, False
        chat = Chat(chat_id, "bot", bot_name, (user_id,), unique_name=bot, owner=user_id,
                    bot=bot, created_at=now.isoformat())
        with self.write() as db:
            db.table("chats").insert(chat.to_dict())
        return chat, True

    def bot_subscribers(self, bot: str) -> list[str]:
        return [c.owner for c in self.chats() if c.type == "bot" and c.bot == bot and c.owner]

    def bot_channels(self, bot: str) -> list[str]:
        return [b["channel"] for b in self._table("bot_channels").all() if b["bot"] == bot]

    def user_status(self, user_id: str) -> dict[str, str]:
        """The user's custom status `{text, state}` (default `{"text": "", "state":
        "Available"}`)."""
        for row in self._table("user_status").all():
            if row["user"] == user_id:
                return {"text": row["text"], "state": row["state"]}
        return {"text": "", "state": "Available"}

    def set_user_status(self, user_id: str, status: dict[str, str]) -> None:
        from tinydb import Query

        with self.write() as db:
            table = db.table("user_status")
            table.remove(Query().user == user_id)
            table.insert({"user": user_id, "text": status["text"], "state": status["state"]})

    def set_bot_in_channel(self, bot: str, channel: str, present: bool) -> None:
        from tinydb import Query

        q = Query()
        with self.write() as db:
            table = db.table("bot_channels")
            table.remove((q.bot == bot) & (q.channel == channel))
            if present:
                table.insert({"bot": bot, "channel": channel})

    # --- messages ----------------------------------------------------------------------------

    def _index(self) -> dict[str, list[Message]]:
        if self._messages is None:
            index: dict[str, list[Message]] = {}
            by_id: dict[str, Message] = {}
            for doc in self._table("messages").all():
                message = Message.from_dict(dict(doc))
                index.setdefault(message.chat_id, []).append(message)
                by_id[message.id] = message
            self._messages = index
            self._by_id = by_id
        return self._messages

    def messages(self, chat_id: str, user_id: str | None = None) -> list[Message]:
        stored = list(self._index().get(chat_id, ()))
        if user_id is None:
            return stored
        return [m for m in stored if m.visible_for(user_id)]

    def message(self, message_id: str) -> Message:
        self._index()
        message = self._by_id.get(message_id)
        if message is None:
            raise UsageError(f"there is no message {message_id!r}")
        return message

    def append(self, message: Message) -> Message:
        index = self._index()
        with self.write() as db:
            db.table("messages").insert(message.to_dict())
        index.setdefault(message.chat_id, []).append(message)
        self._by_id[message.id] = message
        return message

    def seed_messages(self, messages: Iterable[Message]) -> int:
        """Store many (public) messages in one transaction, as test or benchmark data; returns
        how many. The message index is read again on next use."""
        docs = [m.to_dict() for m in messages]
        with self.write() as db:
            db.table("messages").insert_multiple(docs)
        self._forget()
        return len(docs)

    def replace(self, message: Message) -> Message:
        """Store an edited message in place of the one with its id."""
        from tinydb import Query

        index = self._index()
        with self.write() as db:
            db.table("messages").update(message.to_dict(), Query().id == message.id)
        bucket = index.get(message.chat_id, [])
        for position, old in enumerate(bucket):
            if old.id == message.id:
                bucket[position] = message
        self._by_id[message.id] = message
        return message

    # --- Cliq databases ----------------------------------------------------------------------

    def db_create(self, database: str, values: dict[str, Any], now: datetime) -> dict[str, Any]:
        """A new record with a numeric id, as Cliq's databases give (Zoho's own samples
        compare `record_id > 0`)."""
        with self.write() as db:
            record_id = RECORD_ID_BASE + int(self._next_id(db, "rec").removeprefix("rec"))
            record = {"id": record_id, **values}
            db.table("databases").insert({"db": database, "record": record,
                                          "created_at": now.isoformat()})
        return record

    def db_records(self, database: str) -> list[dict[str, Any]]:
        return [dict(d["record"]) for d in self._table("databases").all() if d["db"] == database]

    def db_update(self, database: str, record_id: Any, values: dict[str, Any]) -> dict[str, Any]:
        """Raises `KeyError` when no record has `record_id` (a number or its text)."""
        from tinydb import Query

        current = next((r for r in self.db_records(database)
                        if str(r["id"]) == str(record_id)), None)
        if current is None:
            raise KeyError(record_id)
        record = {**current, **values, "id": current["id"]}
        q = Query()
        with self.write() as db:
            db.table("databases").update({"record": record},
                                         (q.db == database) & (q.record.id == current["id"]))
        return record

    def db_delete(self, database: str, record_ids: list[Any]) -> int:
        """Delete the records whose ids (numbers or their text) are given; returns how many."""
        from tinydb import Query

        wanted = {str(record_id) for record_id in record_ids}
        stored = [r["id"] for r in self.db_records(database) if str(r["id"]) in wanted]
        q = Query()
        with self.write() as db:
            removed = db.table("databases").remove(
                (q.db == database) & (q.record.id.one_of(stored)))
        return len(removed)

    # --- extension properties ----------------------------------------------------------------

    def properties(self, extension: str) -> dict[str, Any]:
        for doc in self._table("properties").all():
            if doc["extension"] == extension:
                return dict(doc["values"])
        return {}

    def set_properties(self, extension: str, values: dict[str, Any]) -> None:
        from tinydb import Query

        with self.write() as db:
            table = db.table("properties")
            table.upsert({"extension": extension, "values": values},
                         Query().extension == extension)

    # --- bot contexts ------------------------------------------------------------------------

    def context(self, chat_id: str) -> dict[str, Any] | None:
        for doc in self._table("contexts").all():
            if doc["chat_id"] == chat_id:
                return dict(doc)
        return None

    def set_context(self, chat_id: str, context: dict[str, Any] | None) -> None:
        from tinydb import Query

        with self.write() as db:
            table = db.table("contexts")
            table.remove(Query().chat_id == chat_id)
            if context is not None:
                table.insert({**context, "chat_id": chat_id})

    # --- outbox and CRM ----------------------------------------------------------------------

    def send_mail(self, mail: dict[str, Any]) -> None:
        with self.write() as db:
            db.table("outbox").insert(mail)

    def mails(self) -> list[dict[str, Any]]:
        return [dict(m) for m in self._table("outbox").all()]

    def crm_records(self, module: str) -> list[dict[str, Any]]:
        return [dict(d["record"]) for d in self._table("crm").all() if d["module"] == module]

    def crm_create(self, module: str, record: dict[str, Any]) -> dict[str, Any]:
        with self.write() as db:
            number = int(self._next_id(db, "crm").removeprefix("crm"))
            record = {**record, "id": str(5725767000000000000 + number)}
            db.table("crm").insert({"module": module, "record": record})
        return record

    def crm_update(self, module: str, record_id: str, values: dict[str, Any]) -> dict[str, Any]:
        from tinydb import Query

        current = next((r for r in self.crm_records(module) if str(r.get("id")) == record_id),
                       None)
        if current is None:
            raise KeyError(record_id)
        record = {**current, **values}
        q = Query()
        with self.write() as db:
            db.table("crm").update({"record": record},
                                   (q.module == module) & (q.record.id == current["id"]))
        return record
