"""Link handlers (unfurling, reference §1.9): a pasted URL of a registered domain gets a preview.

When a person posts a message whose first link belongs to a domain a link handler registers
(`domains = ["github.com"]` matches github.com and its subdomains; `*.atlassian.net` only
subdomains), the handler's preview script runs as that person, through the consent gate, with
`url`, `domain`, `user`, `chat`, `access` and `environment`. It returns a preview map:

    {"title":"Fix the date parser #42", "description":"...", "thumbnail_url":"...",
     "fields":[{"label":"State","value":"open"}],
     "actions":[{"label":"Approve","type":"+","hint":"...","params":{"pr":42}}]}

and the preview is attached to the message (a card with the title and thumbnail, the description
and fields as slides, the actions as buttons). Clicking an action runs the action handler with
`target = {input, hint, label, params}`; it may answer with a message, a form or a banner.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.messages import Button, Card, Message, Slide
from cliqsim.platform.responses import ResponseError
from cliqsim.platform.runtime import Outcome

if TYPE_CHECKING:
    from cliqsim.platform.engine import Engine, RunContext
    from cliqsim.platform.packages import Package
    from cliqsim.platform.responses import Response
    from cliqsim.platform.workspace import Chat

MAX_ACTIONS = 5
MAX_FIELDS = 10
PREVIEW_KEYS = {"title", "description", "thumbnail_url", "favicon_url", "fields", "actions",
                "dominant_color", "image_url"}


def domain_matches(pattern: str, host: str) -> bool:
    if pattern.startswith("*."):
        return host.endswith(pattern[1:])
    return host == pattern or host.endswith("." + pattern)


def handler_for(engine: Engine, url: str) -> Package | None:
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    for package in sorted(engine.catalog.of_type("link_handler"), key=lambda p: p.id):
        if any(domain_matches(d, host) for d in package.domains):
            return package
    return None


def unfurl(engine: Engine, user_id: str, chat: Chat, posted: Message) -> Outcome:
    """After `posted` reached the chat: preview its first link that a link handler registers.
    Returns the outcome of the post (plus the edited message and anything the handler did)."""
    plain = Outcome("ok", (posted,), chat_id=chat.id)
    for url in cliq.LINK.findall(posted.text or ""):
        url = url.rstrip(").,;!?\"'")
        package = handler_for(engine, url)
        if package is None:
            continue
        if engine._available(package) is not None:
            return plain
        outcome = preview(engine, user_id, chat, posted, package, url)
        if any(m.id == posted.id for m in outcome.messages):  # the post, preview attached
            return outcome
        return replace(outcome, messages=(posted, *outcome.messages))
    return plain


def preview(engine: Engine, user_id: str, chat: Chat, posted: Message, package: Package,
            url: str) -> Outcome:
    inputs = _inputs(engine, user_id, chat, url)

    def respond(response: Response, ctx: RunContext) -> Outcome:
        if response.kind == "none":
            return Outcome("ok", chat_id=chat.id, notice=f"{package.name} gave no preview")
        card, slides, buttons = read_preview(response.raw, package.id, url)
        current = engine.workspace.message(posted.id)
        attached = replace(current, card=card, slides=slides, buttons=buttons,
                           component=current.component)
        message = engine._emit(attached, edited=True)
        return Outcome("ok", (message,), chat_id=chat.id)

    return engine._start(engine._ctx(user_id, package, package.handlers["unfurl_handler"],
                                     "link_preview", f"preview {url}", chat, inputs,
                                     respond=respond, source_message=posted))


def _inputs(engine: Engine, user_id: str, chat: Chat, url: str) -> dict[str, Any]:
    inputs = cliq.common(engine.workspace, user_id, chat)
    inputs["url"] = url
    inputs["domain"] = (urlsplit(url).hostname or "").lower()
    return inputs


def read_preview(value: Any, component: str, url: str) -> tuple[
        Card, tuple[Slide, ...], tuple[Button, ...]]:
    """The card, slides and buttons a preview map becomes. Raises `ResponseError`."""
    if not isinstance(value, dict):
        raise ResponseError("", "a link preview handler returns a map with title, description, "
                            "thumbnail_url, fields and actions")
    unknown = sorted(set(value) - PREVIEW_KEYS)
    if unknown:
        raise ResponseError(unknown[0], f"is not a key of a link preview (use "
                            f"{', '.join(sorted(PREVIEW_KEYS))})")
    title = value.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ResponseError("title", "a link preview needs a title")
    card = Card(title=title[:200], theme="modern-inline",
                thumbnail=_optional(value.get("thumbnail_url") or value.get("image_url")),
                icon=_optional(value.get("favicon_url")))
    slides: list[Slide] = []
    if value.get("description"):
        slides.append(Slide("text", str(value["description"])[:1000]))
    fields = value.get("fields")
    if isinstance(fields, dict):
        fields = fields.get("data")
    if fields is not None:
        if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
            raise ResponseError("fields", "is a list of {\"label\", \"value\"} maps")
        if len(fields) > MAX_FIELDS:
            raise ResponseError("fields", f"has {len(fields)} fields; at most {MAX_FIELDS}")
        slides.append(Slide("label", [{str(f.get("label", "")): f.get("value")}
                                      for f in fields]))
    actions = value.get("actions") or []
    if not isinstance(actions, list):
        raise ResponseError("actions", "is a list of action buttons")
    if len(actions) > MAX_ACTIONS:
        raise ResponseError("actions", f"has {len(actions)} actions; at most {MAX_ACTIONS}")
    buttons = []
    for i, action in enumerate(actions):
        if not isinstance(action, dict) or not str(action.get("label") or "").strip():
            raise ResponseError(f"actions[{i}]", "needs a label")
        kind = action.get("type")
        if kind is not None and kind not in ("+", "-"):
            raise ResponseError(f"actions[{i}].type", "is \"+\" or \"-\"")
        params = action.get("params") or {}
        buttons.append(Button(
            label=str(action["label"])[:20], action_type="invoke.function",
            action_data={"unfurl": component, "url": url, "params": params,
                         "input": action.get("input")},
            type=kind, hint=_optional(action.get("hint")), key=f"unfurl_{i}"))
    return card, tuple(slides), tuple(buttons)


def _optional(value: Any) -> str | None:
    return str(value) if value else None


def is_preview_button(button: Button) -> bool:
    return button.action_type == "invoke.function" and "unfurl" in button.action_data


def click_action(engine: Engine, user_id: str, message: Message, button: Button,
                 confirm_input: str | None) -> Outcome:
    """A preview's action button: run the link handler's action handler."""
    component = str(button.action_data["unfurl"])
    package = engine.catalog.packages.get(component)
    if package is None or package.type != "link_handler":
        raise UsageError(f"the link handler {component!r} that made this preview is gone")
    script = package.handlers.get("unfurl_button_action_handler")
    if script is None:
        raise UsageError(f"{package.name} has no action handler; add [handlers] action = "
                         "\"file.dg\" to its component.toml")
    chat = engine.workspace.chat(message.chat_id)
    url = str(button.action_data.get("url") or "")
    inputs = _inputs(engine, user_id, chat, url)
    inputs["message"] = cliq.message_object(engine.workspace, message)
    inputs["target"] = {"input": confirm_input or button.action_data.get("input"),
                        "hint": button.hint, "label": button.label,
                        "params": button.action_data.get("params") or {}}
    return engine._start(engine._ctx(user_id, package, script, "link_action",
                                     f"{button.label!r} on the preview of {url}", chat, inputs,
                                     source_message=message))
