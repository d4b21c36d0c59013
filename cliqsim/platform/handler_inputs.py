"""Every name Cliq binds for some handler, written out: what `cliqsim check` predeclares for a
bare `.dg` file, without importing the trigger modules (that import costs a cold `check` about
130 ms). Generated from `cliqsim.platform.triggers.HANDLER_INPUTS`, the trigger kinds'
declarations; `tests/platform/test_trigger_kinds.py` fails when the two differ. Regenerate with
`python -m cliqsim.platform.handler_inputs`.
"""

from __future__ import annotations

HANDLER_INPUTS: frozenset[str] = frozenset({
    "access",
    "answers",
    "app_info",
    "arguments",
    "attachments",
    "authtoken",
    "body",
    "chat",
    "context_id",
    "current_status",
    "data",
    "domain",
    "environment",
    "event",
    "existing_status",
    "form",
    "handler",
    "headers",
    "http_method",
    "links",
    "location",
    "mentions",
    "message",
    "message_details",
    "messages",
    "newuser",
    "operation",
    "options",
    "parameters",
    "params",
    "raw_message",
    "selections",
    "sub_action",
    "target",
    "url",
    "user",
})


def _regenerate() -> None:
    from pathlib import Path

    from cliqsim.platform.triggers import HANDLER_INPUTS as declared

    path = Path(__file__)
    text = path.read_text(encoding="utf-8")
    start = text.index("HANDLER_INPUTS: frozenset[str] = frozenset({")
    end = text.index("})", start) + 2
    names = ",\n".join(f'    "{n}"' for n in sorted(declared))
    block = "HANDLER_INPUTS: frozenset[str] = frozenset({\n" + names + ",\n})"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


if __name__ == "__main__":
    _regenerate()
