"""Cliq's own REST API, reached with `invokeurl`: the message endpoints post into the workspace.

Zoho, "Messages" (https://www.zoho.com/cliq/help/restapi/v2/messages/): "The messaging API lets
you post messages to a channel, a user, or a bot"; the same messages the `zoho.cliq.postTo*`
tasks post ("Deluge Tasks: ... zoho.cliq.postToChat, zoho.cliq.postToChannel,
zoho.cliq.postToBot"). cliqsim answers these addresses itself, through those tasks, so the same
authorization and limits hold:

    POST /api/v2/channelsbyname/{channel_unique_name}/message   zoho.cliq.postToChannel
    POST /api/v2/chats/{chat_id}/message                        zoho.cliq.postToChat
    POST /api/v2/bots/{bot_unique_name}/message                 zoho.cliq.postToBot
    POST /api/v2/buddies/{email}/message                        zoho.cliq.postToUser

The request body (`parameters`: a map, or its JSON text) is the message. A call needs a way to
sign in, as the API does: a connection (the message is posted with its account, as the tasks
do) or an `Authorization` header (the person running the code). The answer is what the API
gives for a post, "204 No Content": empty text, or with `detailed: true` the
`{responseCode, responseHeader, responseText}` map. A package fixture for the same address
still wins (`fixtures.py`), and any other Cliq address needs one. The consent item of such a
call names the host and is flagged, and the post also needs the task's own item, which names
where it posts (`deluge/cliq_messages.py`; docs/consents.md, row 24).
"""

from __future__ import annotations

import json
from typing import Any

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.source import Span
from cliqsim.platform import services
from cliqsim.platform.services.context import ServiceContext


def post(ctx: ServiceContext, request: dict[str, Any], route: tuple[str, str],
         span: Span) -> Any:
    """Post the request's message through its task; `route` is the `(task name, destination)`
    `deluge.cliq_messages.message_route` found for the request's address."""
    task, destination = route
    connection = request.get("connection")
    given = request.get("headers")
    headers: dict[str, Any] = given if isinstance(given, dict) else {}
    signed = connection is not None or any(
        str(k).lower() == "authorization" for k in headers)
    if not signed:
        raise DelugeRuntimeError(
            f"invokeurl POST {request.get('url')}: Cliq's API needs a connection or an "
            "Authorization header (it answers 401 without one)", span)
    args: list[Any] = [destination, _message(request.get("parameters"), request, span)]
    if connection is not None:
        args.append(str(connection))
    services.call(ctx, task, args, span)
    if request.get("detailed") in (True, "true"):
        return {"responseCode": 204, "responseHeader": {}, "responseText": ""}
    return ""


def _message(value: Any, request: dict[str, Any], span: Span) -> Any:
    """The body as the message: a map, or JSON text of one (text that is not JSON is the
    message text)."""
    if value is None:
        value = request.get("body")
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("{"):
            try:
                return json.loads(stripped)
            except json.JSONDecodeError:
                pass
        return {"text": value}
    if isinstance(value, dict):
        return value
    raise DelugeRuntimeError(
        f"invokeurl POST {request.get('url')}: the message is the request's parameters, a map "
        "such as {\"text\": \"Hello\"}", span)
