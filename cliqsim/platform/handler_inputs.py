"""The names Cliq binds for handlers, written out, for who must not import every trigger module
(that import costs a cold `check` about 130 ms, a cold `run` about 3 ms):

- `HANDLER_INPUTS`: every name Cliq binds for some handler, what `cliqsim check` predeclares for
  a bare `.dg` file and what the effect inventory counts as Cliq objects;
- `BY_HANDLER`: the names bound for each handler of each component type (what a consent
  manifest counts as Cliq objects for that handler's script, `manifests.handler_inputs`).

Generated from the trigger kinds' declarations (`cliqsim.platform.triggers.KINDS`);
`tests/platform/test_trigger_kinds.py` fails when they differ. Regenerate with
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


BY_HANDLER: dict[tuple[str, str], frozenset[str]] = {
    ("bot", "call_handler"): frozenset({
        "access", "data", "environment", "operation", "user",
    }),
    ("bot", "context_handler"): frozenset({
        "access", "answers", "arguments", "attachments", "chat", "context_id", "environment",
        "mentions", "options", "selections", "user",
    }),
    ("bot", "incoming_webhook_handler"): frozenset({
        "access", "body", "environment", "headers", "http_method", "parameters", "params", "user",
    }),
    ("bot", "mention_handler"): frozenset({
        "access", "chat", "environment", "location", "mentions", "message", "message_details",
        "user",
    }),
    ("bot", "menu_handler"): frozenset({
        "access", "chat", "context_id", "environment", "handler", "location", "sub_action", "user",
    }),
    ("bot", "message_handler"): frozenset({
        "access", "arguments", "attachments", "chat", "environment", "links", "location",
        "mentions", "message", "message_details", "options", "raw_message", "selections", "user",
    }),
    ("bot", "participation_handler"): frozenset({
        "access", "chat", "data", "environment", "operation", "user",
    }),
    ("bot", "status_change_handler"): frozenset({
        "access", "current_status", "environment", "existing_status", "user",
    }),
    ("bot", "welcome_handler"): frozenset({
        "access", "environment", "newuser", "user",
    }),
    ("command", "execution_handler"): frozenset({
        "access", "arguments", "attachments", "chat", "environment", "location", "mentions",
        "options", "selections", "user",
    }),
    ("command", "suggestion_handler"): frozenset({
        "access", "arguments", "attachments", "chat", "environment", "location", "mentions",
        "options", "selections", "user",
    }),
    ("extension", "installation_handler"): frozenset({
        "access", "app_info", "authtoken", "environment", "form", "user",
    }),
    ("extension", "installation_validator_handler"): frozenset({
        "access", "app_info", "environment", "user",
    }),
    ("extension", "uninstallation_handler"): frozenset({
        "access", "app_info", "environment", "user",
    }),
    ("function", "button_handler"): frozenset({
        "access", "arguments", "chat", "environment", "event", "message", "target", "user",
    }),
    ("function", "form_change_handler"): frozenset({
        "access", "chat", "environment", "form", "message", "target", "user",
    }),
    ("function", "form_dynamic_select_handler"): frozenset({
        "access", "chat", "environment", "form", "message", "target", "user",
    }),
    ("function", "form_submit_handler"): frozenset({
        "access", "chat", "environment", "form", "message", "user",
    }),
    ("function", "form_view_handler"): frozenset({
        "access", "environment", "params", "user",
    }),
    ("function", "saved_function_handler"): frozenset({
        "access", "environment", "user",
    }),
    ("function", "widget_button_handler"): frozenset({
        "access", "environment", "target", "user",
    }),
    ("link_handler", "unfurl_after_send_handler"): frozenset({
        "access", "chat", "domain", "environment", "url", "user",
    }),
    ("link_handler", "unfurl_button_action_handler"): frozenset({
        "access", "chat", "domain", "environment", "message", "target", "url", "user",
    }),
    ("link_handler", "unfurl_handler"): frozenset({
        "access", "chat", "domain", "environment", "url", "user",
    }),
    ("link_handler", "unfurl_menu_handler"): frozenset({
        "access", "chat", "domain", "environment", "url", "user",
    }),
    ("message_action", "execution_handler"): frozenset({
        "access", "attachments", "chat", "environment", "location", "mentions", "message",
        "messages", "user",
    }),
    ("scheduler", "scheduler_handler"): frozenset({
        "access", "environment", "user",
    }),
    ("widget", "widget_button_handler"): frozenset({
        "access", "environment", "target", "user",
    }),
    ("widget", "widget_execution_handler"): frozenset({
        "access", "environment", "event", "target", "user",
    }),
}


def declared_by_handler() -> dict[tuple[str, str], frozenset[str]]:
    """`BY_HANDLER` as the trigger kinds declare it (imports every trigger module)."""
    from cliqsim.platform.triggers import KINDS

    found: dict[tuple[str, str], frozenset[str]] = {}
    for kind in KINDS:
        key = (kind.component, kind.handler)
        found[key] = found.get(key, frozenset()) | kind.inputs
    return found


def _regenerate() -> None:
    import textwrap
    from pathlib import Path

    from cliqsim.platform.triggers import HANDLER_INPUTS as declared

    path = Path(__file__)
    text = path.read_text(encoding="utf-8")
    start = text.index("HANDLER_INPUTS: frozenset[str] = frozenset({")
    end = text.index("})", start) + 2
    names = ",\n".join(f'    "{n}"' for n in sorted(declared))
    block = "HANDLER_INPUTS: frozenset[str] = frozenset({\n" + names + ",\n})"
    text = text[:start] + block + text[end:]
    start = text.index("BY_HANDLER: dict[tuple[str, str], frozenset[str]] = {")
    end = text.index("\n}\n", start) + 3
    rows = []
    for (component, handler), inputs in sorted(declared_by_handler().items()):
        listed = textwrap.fill(", ".join(f'"{n}"' for n in sorted(inputs)) + ",", width=99,
                               initial_indent=" " * 8, subsequent_indent=" " * 8)
        rows.append(f'    ("{component}", "{handler}"): frozenset({{\n{listed}\n    }}),')
    block = "BY_HANDLER: dict[tuple[str, str], frozenset[str]] = {\n" + "\n".join(rows) + "\n}\n"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


if __name__ == "__main__":
    _regenerate()
