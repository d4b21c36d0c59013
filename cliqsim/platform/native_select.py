"""Cliq's native drop-down: its items come from the person's own Cliq account, not the script.

Zoho, "Drop-down Menu: Cliq Native" (https://zoho.com/cliq/help/platform/cliq-forms/
drop-down-cliq-native.html): `data_source` (required) is `channels`, `conversations`, `teams`
or `contacts`; `filter` narrows it ("channels - organization | team | private | external",
"conversations - dm | channels | adhoc | bots", "contacts - colleagues | contacts"); `value`
is a channel_id, chat_id, team_id or zuid ("For multi select, the input values should be comma
separated"); `max_selections` at most 10, 1 for a single select.

cliqsim's choices, where the page is silent (docs/components.md): channels and conversations are
the chats the person is a member of, contacts are the organization's other users, and there are
no teams (the workspace has none). Each item is `{label, value}`: the chat's title or the
person's full name, and the chat id or user id, which is what the form function gets, as for
any drop-down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from cliqsim.platform.messages import Form, FormInput, FormOption
from cliqsim.platform.response_checks import ResponseError, text_field

if TYPE_CHECKING:
    from cliqsim.platform.workspace import Chat, Workspace

DATA_SOURCES: dict[str, frozenset[str]] = {
    "channels": frozenset({"organization", "team", "private", "external"}),
    "conversations": frozenset({"dm", "channels", "adhoc", "bots"}),
    "teams": frozenset(),
    "contacts": frozenset({"colleagues", "contacts"}),
}
MAX_SELECTIONS = 10
_CONVERSATION_TYPES = {"dm": "dm", "channels": "channel", "bots": "bot", "adhoc": "group"}


def check_spec(spec: dict[str, Any], path: str) -> None:
    """A native select as the page defines it; raises `ResponseError` naming the key."""
    source = text_field(spec.get("data_source"), f"{path}.data_source", required=True)
    if source not in DATA_SOURCES:
        raise ResponseError(f"{path}.data_source", f"{source!r} is not a Cliq data source "
                            f"(use {', '.join(DATA_SOURCES)})")
    filters = spec.get("filter")
    if filters not in (None, "", []):
        items = filters if isinstance(filters, list) else [filters]
        wrong = [f for f in items if str(f) not in DATA_SOURCES[source]]
        if wrong:
            allowed = ", ".join(sorted(DATA_SOURCES[source])) or "none"
            raise ResponseError(f"{path}.filter", f"{wrong[0]!r} does not filter {source} "
                                f"(allowed: {allowed})")
    most = spec.get("max_selections")
    if most not in (None, ""):
        text = str(most).strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_SELECTIONS:
            raise ResponseError(f"{path}.max_selections", f"{most!r}: a native select allows 1 "
                                f"to {MAX_SELECTIONS} selections")


def choices(workspace: Workspace, user_id: str, field_: FormInput) -> tuple[FormOption, ...]:
    """The items `user_id` sees in this drop-down, in the workspace's order."""
    source = str(field_.extra.get("data_source") or "")
    raw = field_.extra.get("filter")
    wanted = {str(f) for f in (raw if isinstance(raw, list) else [raw]) if f}
    if source == "contacts":
        return tuple(FormOption(f"{u['first_name']} {u['last_name']}".strip(), u["id"])
                     for u in workspace.users() if u["id"] != user_id)
    if source not in ("channels", "conversations"):
        return ()
    mine = [c for c in workspace.chats() if user_id in c.members and c.type != "thread"]
    if source == "channels":
        return tuple(_option(c) for c in mine if c.type == "channel")
    types = {_CONVERSATION_TYPES[f] for f in wanted if f in _CONVERSATION_TYPES}
    return tuple(_option(c) for c in mine if not types or c.type in types)


def _option(chat: Chat) -> FormOption:
    return FormOption(f"#{chat.title}" if chat.type == "channel" else chat.title, chat.id)


def shown_form(form: Form, origin: str, workspace: Workspace, user_id: str,
               message_id: str | None = None) -> Form:
    """The form as the Cliq client shows it to `user_id`: owned by the component `origin`,
    opened from the message `message_id` (if any), its native drop-downs filled from the
    person's account."""
    message_id = message_id or form.message_id
    if not any(i.type == "native_select" for i in form.inputs):
        if form.origin == origin and form.message_id == message_id:
            return form
        return msgspec.structs.replace(form, origin=origin, message_id=message_id)
    inputs = tuple(msgspec.structs.replace(i, options=choices(workspace, user_id, i))
                   if i.type == "native_select" else i for i in form.inputs)
    return msgspec.structs.replace(form, origin=origin, inputs=inputs, message_id=message_id)
