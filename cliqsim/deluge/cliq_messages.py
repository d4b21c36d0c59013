"""Cliq's own REST API message addresses, and the posting task each one is.

Zoho, "Messages" (https://www.zoho.com/cliq/help/restapi/v2/messages/): "The messaging API lets
you post messages to a channel, a user, or a bot", the messages the `zoho.cliq.postTo*` tasks
post. One table for the three that read it: the platform answers these addresses through the
task (`platform/services/cliq_api.py`), the inventory lists such a post as that task's item with
its destination (`effects`), and the guard holds the post to it (`consent/guard.py`).

    POST /api/v2/channelsbyname/{channel_unique_name}/message   zoho.cliq.postToChannel
    POST /api/v2/chats/{chat_id}/message                        zoho.cliq.postToChat
    POST /api/v2/bots/{bot_unique_name}/message                 zoho.cliq.postToBot
    POST /api/v2/buddies/{email}/message                        zoho.cliq.postToUser
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# Cliq's REST API in each data center (https://www.zoho.com/cliq/help/restapi/v2/).
CLIQ_API_HOSTS = frozenset({
    "cliq.zoho.com", "cliq.zoho.eu", "cliq.zoho.in", "cliq.zoho.com.au", "cliq.zoho.jp",
    "cliq.zoho.com.cn", "cliq.zohocloud.ca", "cliq.zoho.sa",
})

ROUTES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^/(?:company/\d+/)?api/v2/channelsbyname/([^/]+)/message/?$"),
     "zoho.cliq.postToChannel"),
    (re.compile(r"^/(?:company/\d+/)?api/v2/chats/([^/]+)/message/?$"), "zoho.cliq.postToChat"),
    (re.compile(r"^/(?:company/\d+/)?api/v2/bots/([^/]+)/message/?$"), "zoho.cliq.postToBot"),
    (re.compile(r"^/(?:company/\d+/)?api/v2/buddies/([^/]+)/message/?$"),
     "zoho.cliq.postToUser"),
)


def message_route(method: object, url: object) -> tuple[str, str] | None:
    """`(task name, destination)` when `method url` posts a message through Cliq's API
    (`POST https://cliq.zoho.com/api/v2/channelsbyname/sales/message` ->
    `("zoho.cliq.postToChannel", "sales")`, the destination percent-decoded); else None."""
    if str(method or "GET").upper() != "POST" or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if host not in CLIQ_API_HOSTS:
        return None
    for pattern, task in ROUTES:
        found = pattern.match(parts.path)
        if found:
            return task, unquote(found.group(1))
    return None
