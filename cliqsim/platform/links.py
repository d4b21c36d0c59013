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
from cliqsim.platform.messages import Button, Card, Confirm, Slide
from cliqsim.platform.responses import ResponseError, ignored_keys

MAX_ACTIONS = 5
MAX_FIELDS = 10
MAX_PARAMS = 10
MAX_PARAM_VALUE = 100
MAX_HINT = 250
# Zoho, "Menu Handler" (.../extension-unfurling/menu-handler.html): a button's label ≤ 100, hint
# ≤ 250, at most 10 params of at most 100 characters each.
PREVIEW_TYPES = {"link", "photo", "video", "rich"}
# Zoho, "Preview handler" (zoho.com/cliq/help/platform/build-cliq-extensions/extension-unfurling/
# preview-handler.html): the unfurled card's attributes and their lengths.
PREVIEW_LIMITS = {"title": 500, "provider_url": 1000, "description": 3000, "provider_name": 100,
                  "favicon_url": 1000, "thumbnail_url": 1000}
PREVIEW_KEYS = set(PREVIEW_LIMITS) | {"type", "actions", "dynamic_actions", "fields",
                                      "dominant_color", "image_url"}


def domain_matches(pattern: str, host: str) -> bool:
    """A link handler's domain: `github.com` covers github.com and its subdomains,
    `*.atlassian.net` only subdomains (the one wildcard matcher, `host_matches`)."""
    return host_matches(pattern, host, subdomains=True)


def read_preview(value: Any, component: str, url: str) -> tuple[
        Card, tuple[Slide, ...], tuple[Button, ...]]:
    """The card, slides and buttons a preview map becomes; keys Cliq does not know are ignored
    (`preview_notes` says which). Raises `ResponseError`."""
    if not isinstance(value, dict):
        raise ResponseError("", "a link preview handler returns a map with title, description, "
                            "thumbnail_url, fields and actions")
    for key, limit in PREVIEW_LIMITS.items():
        text = value.get(key)
        if text is not None and len(str(text)) > limit:
            raise ResponseError(key, f"is {len(str(text))} characters; Cliq allows {limit}")
    title = value.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ResponseError("title", "a link preview needs a title")
    kind = value.get("type")
    if kind not in PREVIEW_TYPES:
        raise ResponseError("type", f"is required: one of {', '.join(sorted(PREVIEW_TYPES))}")
    if not str(value.get("provider_url") or "").strip():
        raise ResponseError("provider_url", "is required: the resource provider's URL")
    card = Card(title=title, theme="modern-inline",
                thumbnail=_optional(value.get("thumbnail_url") or value.get("image_url")),
                icon=_optional(value.get("favicon_url")))
    slides: list[Slide] = []
    provider = value.get("provider_name") or value.get("provider_url")
    if provider:
        slides.append(Slide("text", str(provider)))
    if value.get("description"):
        slides.append(Slide("text", str(value["description"])))
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
    buttons = preview_buttons(actions, "actions", component, url)
    if value.get("dynamic_actions") is True:
        buttons = (*buttons, Button(label="⋯", action_type="invoke.function",
                                    action_data={"unfurl": component, "url": url, "menu": True},
                                    hint="More actions", key="unfurl_menu"))
    return card, tuple(slides), buttons


def preview_buttons(actions: list[Any], path: str, component: str, url: str
                    ) -> tuple[Button, ...]:
    """Preview actions (and the menu handler's dynamic buttons): `{type: "button", label,
    hint, style: "+"|"-", confirm, params}` (Zoho, "Menu Handler"). A `type` of "+" or "-" is
    read as the style, as older scripts wrote it."""
    if len(actions) > MAX_ACTIONS:
        raise ResponseError(path, f"has {len(actions)} actions; at most {MAX_ACTIONS}")
    buttons = []
    for i, action in enumerate(actions):
        where = f"{path}[{i}]"
        if not isinstance(action, dict) or not str(action.get("label") or "").strip():
            raise ResponseError(where, "needs a label")
        kind = action.get("type", "button")
        style = action.get("style")
        if kind in ("+", "-"):
            kind, style = "button", kind
        if kind != "button":
            raise ResponseError(f"{where}.type", "is \"button\"")
        if style is not None and style not in ("+", "-"):
            raise ResponseError(f"{where}.style", "is \"+\" or \"-\"")
        label = str(action["label"])
        if len(label) > 100:
            raise ResponseError(f"{where}.label", "is at most 100 characters")
        hint = action.get("hint")
        if hint is not None and len(str(hint)) > MAX_HINT:
            raise ResponseError(f"{where}.hint", f"is {len(str(hint))} characters; Cliq allows "
                                f"{MAX_HINT}")
        params = action.get("params") or {}
        if not isinstance(params, dict) or len(params) > MAX_PARAMS:
            raise ResponseError(f"{where}.params", f"is a map of at most {MAX_PARAMS} keys")
        long = next((k for k, v in params.items() if len(_param_text(v)) > MAX_PARAM_VALUE),
                    None)
        if long is not None:
            raise ResponseError(f"{where}.params.{long}", f"is longer than {MAX_PARAM_VALUE} "
                                "characters (Cliq allows 10 keys of at most 100 characters)")
        confirm = action.get("confirm")
        buttons.append(Button(
            label=label, action_type="invoke.function",
            action_data={"unfurl": component, "url": url, "params": params,
                         "input": action.get("input")},
            type=style, hint=_optional(action.get("hint")), key=f"unfurl_{i}",
            confirm=_confirm(confirm, f"{where}.confirm") if confirm is not None else None))
    return tuple(buttons)


def _confirm(value: Any, path: str) -> Confirm:
    if not isinstance(value, dict):
        raise ResponseError(path, "is a map: title, description, input, button_label")
    return Confirm(title=_optional(value.get("title")),
                   description=_optional(value.get("description")),
                   input=_optional(value.get("input")) if not isinstance(
                       value.get("input"), dict) else None,
                   button_label=str(value.get("button_label") or "Confirm"))


def _param_text(value: Any) -> str:
    """A param value as Cliq counts its characters (maps and lists as their JSON)."""
    import json

    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"),
                                                           default=str)


def _optional(value: Any) -> str | None:
    return str(value) if value else None


def is_preview_button(button: Button) -> bool:
    """A button `read_preview` made (an action of a link preview)."""
    return button.action_type == "invoke.function" and "unfurl" in button.action_data


def preview_notes(value: Any) -> tuple[str, ...]:
    """Inspector notes on the keys of a preview map that Cliq ignores (`faviconlink`)."""
    return ignored_keys(value, PREVIEW_KEYS, "a link preview") if isinstance(value, dict) else ()
