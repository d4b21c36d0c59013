"""The JSON forms of runtime results for `--json` (a consent request, a message): plain data,
without Rich, so a command whose output is JSON never loads it (issue #18)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cliqsim.platform.messages import Message


def consent_json(request: Any) -> dict[str, Any]:
    def item(i: Any) -> dict[str, Any]:
        return {"kind": i.kind, "target": i.target, "credentials": i.credentials,
                "purpose": i.purpose, "connection": i.connection,
                "flagged": i.flagged, "note": i.note,
                "locations": [str(loc) for loc in i.locations]}

    diff = None
    if request.diff is not None:
        diff = {"added": [item(i) for i in request.diff.added],
                "removed": [item(i) for i in request.diff.removed]}
    return {"reason": request.reason, "reason_text": request.reason_text,
            "items": [item(i) for i in request.items], "diff": diff,
            "valid_until": request.valid_until.isoformat()}


def message_json(message: Message) -> dict[str, Any]:
    return message.to_dict()
