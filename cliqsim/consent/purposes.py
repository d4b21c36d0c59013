"""Plain-language purpose lines for consent items ("Reads your email address")."""

from __future__ import annotations

import json

from cliqsim.consent.items import RUNTIME_ADDRESS
from cliqsim.consent.target_text import shown_label, shown_name

_OBJECT_FIELDS: dict[str, dict[str, str]] = {
    "user": {
        "email": "Reads your email address",
        "first_name": "Reads your first name",
        "last_name": "Reads your last name",
        "name": "Reads your name",
        "id": "Reads your user ID",
        "zoho_user_id": "Reads your user ID",
        "admin": "Reads whether you are an admin",
        "organization_id": "Reads your organization's ID",
        "timezone": "Reads your time zone",
        "country": "Reads your country",
        "language": "Reads your language",
    },
    "chat": {
        "id": "Reads this chat's ID",
        "title": "Reads this chat's title",
        "type": "Reads what kind of chat this is",
        "chat_type": "Reads what kind of chat this is",
        "members": "Reads this chat's members: their names, user IDs and email addresses",
        "owner": "Reads who started this chat",
        "recent_messages": "Reads this chat's recent messages",
        "channel_unique_name": "Reads this channel's name",
        "parent_resource": "Reads the channel this thread belongs to",
    },
    "location": {
        "latitude": "Reads your location (latitude)",
        "longitude": "Reads your location (longitude)",
        "accuracy": "Reads how precise your location is",
        "status": "Reads whether you shared your location",
    },
    "message": {
        "text": "Reads the message's text",
        "sender": "Reads who sent the message: their profile (name, email address, user ID, "
                  "time zone, ...)",
        "time": "Reads when the message was sent",
        "id": "Reads the message's ID",
        "type": "Reads what kind of message it is",
        "mentions": "Reads who the message mentions",
    },
    "form": {
        "values": "Reads the values you entered in the form",
        "name": "Reads which form was submitted",
        "action": "Reads what you did with the form",
    },
    "app_info": {
        "current_version": "Reads the extension's version",
        "existing_version": "Reads the version you upgrade from",
        "type": "Reads whether this is an install or an upgrade",
    },
}

# Objects whose fields are named by the component itself: one phrase with the field's name.
_NAMED_FIELDS: dict[str, str] = {
    "arguments": "Reads the {field} you chose (button argument)",
    "answers": "Reads your answer to {field}",
    "headers": "Reads the request header {field}",
    "params": "Reads the request parameter {field}",
    "options": "Reads the command option {field}",
    "target": "Reads which button or field you used ({field})",
    "access": "Reads your {field} (account details)",
    "environment": "Reads which Zoho data center you use ({field})",
}

_WHOLE_OBJECTS: dict[str, str] = {
    "user": "Reads your profile (name, email address, user ID, time zone, ...)",
    "chat": "Reads this chat's details (ID, type, title, and its members' names, user IDs and "
            "email addresses)",
    "location": "Reads your location",
    "message": "Reads the message (for a message action or button, with its sender's profile: "
               "name, email address, user ID, ...)",
    "messages": "Reads the selected messages, with their senders' profiles (name, email "
                "address, user ID, ...)",
    "message_details": "Reads the message and its details (time, mentions, the message it "
                       "replies to)",
    "raw_message": "Reads the message as sent",
    "attachments": "Reads the files you attached",
    "mentions": "Reads who was mentioned",
    "links": "Reads the links in the message",
    "arguments": "Reads what you typed",
    "options": "Reads the command options you chose",
    "selections": "Reads the suggestions you picked",
    "form": "Reads the form's values",
    "target": "Reads which button or field you used",
    "answers": "Reads your answers",
    "access": "Reads your user and organization IDs",
    "environment": "Reads which Zoho data center you use",
    "body": "Reads the request body",
    "params": "Reads the request parameters",
    "parameters": "Reads the request parameters",
    "headers": "Reads the request headers",
    "http_method": "Reads the request method",
    "operation": "Reads what happened (the event)",
    "event": "Reads what you did (the event)",
    "data": "Reads the event's details",
    "newuser": "Reads whether you subscribed for the first time",
    "url": "Reads the link",
    "domain": "Reads the link's domain",
    "app_info": "Reads the extension's version information",
    "context_id": "Reads which conversation this is",
    "handler": "Reads which menu action you chose",
    "sub_action": "Reads which sub action of the menu you chose",
}

_OWNERS: dict[str, str] = {
    "user": "your",
    "chat": "this chat's",
    "location": "your location's",
    "message": "the message's",
    "messages": "the selected messages'",
    "message_details": "the message's",
    "form": "the form's",
    "app_info": "the extension's",
    "data": "the event's",
    "selections": "the picked suggestions'",
    "attachments": "the attachments'",
    "mentions": "the mentions'",
}

_IDENTITY: dict[str, str] = {
    "zoho.loginuserid": "Reads your email address (zoho.loginuserid)",
    "zoho.loginuser": "Reads your name",
    "zoho.adminuserid": "Reads the admin's email address",
    "zoho.adminuser": "Reads the admin's name",
    "zoho.ipaddress": "Reads your IP address",
}

_SERVICES: dict[str, str] = {
    "cliq": "Cliq",
    "crm": "Zoho CRM",
    "desk": "Zoho Desk",
    "books": "Zoho Books",
    "projects": "Zoho Projects",
    "recruit": "Zoho Recruit",
    "inventory": "Zoho Inventory",
    "creator": "Zoho Creator",
    "sheet": "Zoho Sheet",
    "workdrive": "Zoho WorkDrive",
    "mail": "Zoho Mail",
    "people": "Zoho People",
    "invoice": "Zoho Invoice",
}

_HTTP_VERBS: dict[str, str] = {
    "GET": "Fetches data from",
    "POST": "Sends data to",
    "PUT": "Changes data at",
    "PATCH": "Changes data at",
    "DELETE": "Deletes data at",
}


def object_purpose(obj: str, field: str | None) -> str:
    if field is None:
        return _WHOLE_OBJECTS.get(obj, f"Reads {obj}")
    known = _OBJECT_FIELDS.get(obj, {}).get(field)
    if known is not None:
        return known
    if obj in _NAMED_FIELDS:
        return _NAMED_FIELDS[obj].format(field=json.dumps(field))  # quoted, escaped
    # a key from the code that is not a plain name (a line break, an invisible or look-alike
    # character, a clause break) is quoted, so it reads as a key, never as more of the dialog
    plain = shown_name(field, _CLAUSE_MARKS)
    owner = _OWNERS.get(obj)
    if owner is not None:
        return f"Reads {owner} {plain.replace('_', ' ') if plain == field else plain}"
    return f"Reads {obj}: {plain}"


_CLAUSE_MARKS = '",;:.!?'


def known_fields(obj: str) -> tuple[str, ...]:
    """The fields of `obj` this module has words for (`user`: `email`, `first_name`, ...)."""
    return tuple(_OBJECT_FIELDS.get(obj, {}))


def identity_purpose(name: str) -> str:
    return _IDENTITY.get(name, f"Reads {name}")


def service_title(service: str) -> str:
    return _SERVICES.get(service.lower(), f"Zoho {service.capitalize()}" if service else "")


def _whose(credentials: str) -> str:
    return "as you" if credentials == "user" else "with the admin's account"


_CLIQ_POSTS: dict[str, str] = {
    "posttochannel": "Posts messages to Cliq channels",
    "posttochannelasadmin": "Posts messages to Cliq channels",
    "posttochat": "Posts messages to Cliq chats",
    "posttochatasadmin": "Posts messages to Cliq chats",
    # Zoho's "Post To Bot": an org admin's post reaches every subscriber, or the people its
    # message names (`userids`, subscribed or not): the line says so
    "posttobot": ("Posts messages to a bot's subscribers (run by an org admin: to every "
                  "subscriber, or to anyone its message names)"),
    "posttobotasadmin": ("Posts messages to every subscriber of a bot, or to anyone its "
                         "message names"),
    "posttouser": "Sends direct messages to people",
    "editmessage": "Edits messages in Cliq chats",
}


def task_purpose(name: str, service: str, operation: str, credentials: str,
                 where: str = "") -> str:
    """`Posts messages to Cliq channels as you`, `Creates records in Zoho CRM with the admin's
    account`. Two different tasks never read the same: a task without a phrase of its own
    names its operation (`Creates records in Zoho Books (addRecord)`). `where` names what a
    record task acts on (`Leads`: `Reads records from Zoho CRM (Leads) as you`)."""
    op = operation.lower()
    title = service_title(service)
    if where:
        title = f"{title} ({where})"
    if service.lower() in ("thisapp", "standalone"):
        return f"Runs the saved function {operation} {_whose(credentials)}"
    if service.lower() == "cliq":
        if op == "posttochannelasbot":
            return "Posts messages to Cliq channels as this component's bot"
        if op in _CLIQ_POSTS:
            what = _CLIQ_POSTS[op]
        elif op.startswith("extension."):
            what = _extension_purpose(op, operation)
        else:
            what = _record_purpose(op, f"Cliq databases ({where})" if where
                                   else "Cliq databases", operation)
        if op.endswith("asadmin"):
            return f"{what} {_whose('admin')}"
        if credentials == "admin" and op in _CLIQ_POSTS:
            # an `auth = "admin"` connection: its owner's account (not `...AsAdmin`)
            return f"{what} with the connection owner's account"
        return f"{what} {_whose(credentials)}"
    return f"{_record_purpose(op, title, operation)} {_whose(credentials)}"


_EXTENSION_OPERATIONS: dict[str, str] = {
    "extension.getproperties": "Reads this extension's stored properties",
    "extension.setproperties": "Changes this extension's stored properties",
    "extension.deleteproperty": "Deletes one of this extension's stored properties",
}

# Record operations with a phrase of their own (`{title}`: the service).
_RECORD_OPERATIONS: dict[str, str] = {
    "createrecord": "Creates records in {title}",
    "create": "Creates records in {title}",
    "getrecords": "Reads records from {title}",
    "getrecordbyid": "Reads a record, by its ID, from {title}",
    "searchrecords": "Searches records in {title}",
    "updaterecord": "Updates records in {title}",
    "deleterecord": "Deletes a record from {title}",
    "deleterecords": "Deletes the records matching a criteria from {title}",
    "uploadfile": "Uploads files to {title}",
    "createfolder": "Creates folders in {title}",
}


def _extension_purpose(op: str, operation: str) -> str:
    known = _EXTENSION_OPERATIONS.get(op)
    return known if known is not None else f"Uses this extension's properties ({operation})"


def _record_purpose(op: str, title: str, operation: str) -> str:
    known = _RECORD_OPERATIONS.get(op)
    if known is not None:
        return known.format(title=title)
    if op.startswith(("create", "add", "insert")):
        return f"Creates records in {title} ({operation})"
    if op.startswith(("get", "search", "fetch", "list")):
        return f"Reads records from {title} ({operation})"
    if op.startswith("update"):
        return f"Updates records in {title} ({operation})"
    if op.startswith("delete"):
        return f"Deletes records in {title} ({operation})"
    return f"Uses {title} ({operation})"


def api_purpose(
    method: str, host: str, credentials: str, connection_service: str | None
) -> str:
    """`Calls maps.googleapis.com with the admin's Google Maps connection`."""
    verb = _HTTP_VERBS.get(method, "Calls")
    where = "an address the code decides when it runs" if host == RUNTIME_ADDRESS else host
    if connection_service is None:
        return f"{verb} {where} without signing in"
    whose = "your" if credentials == "user" else "the admin's"
    return f"{verb} {where} with {whose} {shown_label(connection_service)} connection"
