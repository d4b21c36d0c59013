"""The variables each handler finds bound when it runs, shaped like real Cliq's payloads
(reference §1–§2: the zcatalyst-cli sample payloads and the Cliq object pages).

Every builder returns a plain dict of name → value; the runtime then drops the Cliq objects the
person's grant does not cover before the script sees them.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cliqsim.deluge.values import File
from cliqsim.platform.messages import Message

if TYPE_CHECKING:
    from cliqsim.platform.records import Attachment
    from cliqsim.platform.workspace import Chat, Workspace

def environment_object(workspace: Workspace) -> dict[str, Any]:
    """Zoho, "Access and Environment objects" (https://zoho.com/cliq/help/platform/cliq-objects/
    access-object.html): `{base_url: "https://cliq.zoho.com/company/{ORG_ID}", data_center: "US",
    tld: ".com"}` (the TLD with its dot, as the page's table and sample write it)."""
    return {"base_url": f"https://cliq.zoho.com/company/{workspace.org_id}",
            "data_center": "US", "tld": ".com"}
MENTION = re.compile(r"@([A-Za-z][\w.]*)")
LINK = re.compile(r"https?://\S+")


def epoch_ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def user_object(workspace: Workspace, user_id: str) -> dict[str, Any]:
    user = workspace.user(user_id)
    return {
        "id": user["id"],
        "zoho_user_id": user.get("zoho_user_id", ""),
        "first_name": user["first_name"],
        "last_name": user["last_name"],
        "email": user["email"],
        "admin": bool(user["admin"]),
        "organization_id": workspace.org_id,
        "timezone": user.get("timezone", "Asia/Kolkata"),
        "country": user.get("country", "in"),
        "language": user.get("language", "en"),
    }


def chat_object(workspace: Workspace, chat: Chat, recent: int = 0) -> dict[str, Any]:
    members = []
    for member in chat.members:
        user = workspace.user(member)
        members.append({"id": user["id"], "first_name": user["first_name"],
                         "last_name": user["last_name"], "email": user["email"],
                         "status": "active"})
    data: dict[str, Any] = {
        "id": chat.id,
        "type": chat.type,
        "chat_type": chat.type,
        "title": chat.title,
        "owner": chat.owner,
        "members": members,
    }
    if chat.type == "channel":
        data["channel_unique_name"] = chat.unique_name
    if chat.type == "thread" and chat.channel:
        # Zoho, "Chat Object": a thread's chat carries `parent_resource`, its channel.
        channel = workspace.find_chat(chat.channel)
        if channel is not None:
            data["parent_resource"] = {"channel_unique_name": channel.unique_name,
                                       "channel_id": channel.id, "id": channel.id,
                                       "type": channel.type, "title": channel.title}
    if recent:
        data["recent_messages"] = [message_object(workspace, m)
                                   for m in workspace.messages(chat.id)[-recent:]]
    return data


def access_object(workspace: Workspace, user_id: str, chat_id: str | None) -> dict[str, Any]:
    user = workspace.user(user_id)
    return {
        "user_id": user["id"],
        "zoho_user_id": user.get("zoho_user_id", ""),
        "organization": {"type": "company", "id": workspace.org_id},
        "user_agent": "cliqsim",
        "chat_id": chat_id,
    }


def location_object(location: Any, workspace: Workspace, user_id: str) -> dict[str, Any]:
    """The caller's location, else the user's seeded location, else `status: prompt`."""
    if location is not None:
        return {"status": location.status, "latitude": location.latitude,
                "longitude": location.longitude, "accuracy": location.accuracy}
    seeded = workspace.user(user_id).get("location")
    if isinstance(seeded, dict) and "latitude" in seeded:
        return {"status": "granted", "latitude": seeded["latitude"],
                "longitude": seeded["longitude"], "accuracy": seeded.get("accuracy", 20)}
    return {"status": "prompt"}


def mentions_in(workspace: Workspace, text: str, bots: dict[str, str]) -> list[dict[str, Any]]:
    """`@name` mentions of users (by id, first name or email local part) and bots. Zoho,
    "Mentions Object" (https://zoho.com/cliq/help/platform/cliq-objects/mentions-object.html): a
    user mention carries the user object's properties with `type: "user"`; a bot mention is
    `{name, id, type: "bot"}`. cliqsim adds `name` and `dname` (the display name) to both."""
    found: list[dict[str, Any]] = []
    for name in MENTION.findall(text):
        key = name.lower()
        if key in bots:
            found.append({"name": bots[key], "dname": bots[key], "id": key, "type": "bot"})
            continue
        for user in workspace.users():
            if key in (user["id"].lower(), user["first_name"].lower(),
                       user["email"].split("@")[0].lower()):
                full = f"{user['first_name']} {user['last_name']}".strip()
                found.append({**user_object(workspace, user["id"]), "name": full,
                              "dname": user["first_name"], "type": "user"})
                break
    return found


def message_object(workspace: Workspace, message: Message) -> dict[str, Any]:
    """A message as message actions and buttons see it: `{sender, time, text, type, id}`."""
    sender: dict[str, Any] = {"id": message.sender.id, "name": message.sender.name}
    if message.sender.kind == "user":
        try:
            sender = {**user_object(workspace, message.sender.id), "name": message.sender.name}
        except Exception:  # a sender removed from the seed: keep id and name
            pass
    kind = "text"
    if message.attachments:
        kind = "attachment"
    elif message.card or message.slides or message.buttons:
        kind = "card"
    elif LINK.search(message.text or ""):
        kind = "link"
    return {
        "id": message.id,
        "sender": sender,
        "time": epoch_ms(message.time),
        "text": message.text,
        "type": kind,
        "mentions": list(message.mentions),
    }


def message_type(message: Message) -> str:
    """The message-action type of a message: `text`, `link` or `attachment`."""
    if message.attachments:
        return "attachment"
    if LINK.search(message.text or ""):
        return "link"
    return "text"


def attachment_record(attachment: Attachment) -> dict[str, Any]:
    """A file as a stored message keeps it (content as base64 text)."""
    import base64

    return {"name": attachment.name, "content_type": attachment.content_type,
            "size": len(attachment.content),
            "content": base64.b64encode(attachment.content).decode("ascii")}


def attachment_files(message: Message) -> list[File]:
    """The files of a stored message, as Deluge file objects (a handler's `attachments`)."""
    import base64

    return [File(str(a.get("name", "file")), base64.b64decode(a.get("content", "")),
                 str(a.get("content_type", "application/octet-stream")))
            for a in message.attachments]


def common(workspace: Workspace, user_id: str, chat: Chat | None) -> dict[str, Any]:
    inputs: dict[str, Any] = {
        "user": user_object(workspace, user_id),
        "access": access_object(workspace, user_id, chat.id if chat else None),
        "environment": environment_object(workspace),
    }
    if chat is not None:
        inputs["chat"] = chat_object(workspace, chat)
    return inputs
