"""Link previews (unfurling, reference §1.9): the preview map and the domains a handler registers.

Running the handlers is `triggers/links.py`.

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

from typing import Any

from cliqsim.consent.manifest import host_matches
from cliqsim.platform.messages import Button, Card, Slide
from cliqsim.platform.responses import ResponseError

MAX_ACTIONS = 5
MAX_FIELDS = 10
PREVIEW_KEYS = {"title", "description", "thumbnail_url", "favicon_url", "fields", "actions",
                "dominant_color", "image_url"}


def domain_matches(pattern: str, host: str) -> bool:
    """A link handler's domain: `github.com` covers github.com and its subdomains,
    `*.atlassian.net` only subdomains (the one wildcard matcher, `host_matches`)."""
    return host_matches(pattern, host, subdomains=True)


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
    """A button `read_preview` made (an action of a link preview)."""
    return button.action_type == "invoke.function" and "unfurl" in button.action_data
