"""Turn what a handler returned into what Cliq shows, checking Cliq's limits on the way.

`normalize(value, returns, replies)` reads the returned map (or text, or list) and gives a
`Response`: a message (text with Cliq markdown, card, slides, buttons, suggestions, bot
override), a banner, a form, a bot context, a message edit, form validation errors, form
modifications, dynamic-select options, command suggestions or an installation reply. A response
that breaks a rule raises `ResponseError` naming the key path and the limit ("buttons[5]: a
card has at most 5 buttons").
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import msgspec

from cliqsim.platform.form_responses import (  # noqa: F401  (public names of this module)
    FORM_ACTION_TYPES,
    INPUT_TYPES,
    MAX_FORM_ACTIONS,
    MAX_FORM_INPUTS,
    dynamic_options,
    form_errors,
    form_from_map,
    form_input,
    modifications,
)
from cliqsim.platform.instant_buttons import instant_buttons
from cliqsim.platform.messages import (
    Banner,
    BotContext,
    Button,
    Card,
    Confirm,
    ContextQuestion,
    Form,
    FormAction,
    FormOption,
    Slide,
    SuggestionChip,
)
from cliqsim.platform.response_checks import (  # noqa: F401  (ResponseError is public here)
    ResponseError,
    kind_of,
    list_field,
    map_field,
    text_field,
)

if TYPE_CHECKING:
    from cliqsim.platform.trigger_kind import Returns

TEXT_LIMIT = 10_000
MAX_BUTTONS = 5
BUTTON_LABEL = 20
MAX_SELECTIONS = 10
CARD_THEMES = {"modern-inline", "poll", "prompt", "basic"}
ACTION_TYPES = {"invoke.function", "open.url", "preview.url", "system.api", "copy"}
SLIDE_TYPES = {"table", "list", "label", "images", "image", "text", "percentage_chart", "graph"}
MESSAGE_KEYS = {"text", "card", "slides", "buttons", "bot", "suggestions", "context", "styles",
                "references", "mentions", "view", "type", "notify_edit", "sync", "navigation"}



class Response(msgspec.Struct):
    """One normalized response. `kind` is `none`, `message`, `banner`, `form`, `message_edit`,
    `form_error`, `form_modification`, `options`, `suggestions` or `install`."""

    kind: str
    text: str = ""
    card: Card | None = None
    slides: tuple[Slide, ...] = ()
    buttons: tuple[Button, ...] = ()
    references: dict[str, Button] = msgspec.field(default_factory=dict)
    bot: dict[str, Any] | None = None
    chips: tuple[SuggestionChip, ...] = ()
    context: BotContext | None = None
    banner: Banner | None = None
    form: Form | None = None
    form_errors: dict[str, str] = msgspec.field(default_factory=dict)
    form_error: str | None = None
    form_actions: tuple[FormAction, ...] = ()
    options: tuple[FormOption, ...] = ()
    suggestions: tuple[dict[str, Any], ...] = ()
    install: dict[str, Any] = msgspec.field(default_factory=dict)
    raw: Any = None  # returns "raw": the value as returned
    navigation: bool = False  # a button reply's {"navigation": true}: replace, offer Back
    notes: tuple[str, ...] = ()  # inspector notes: keys Cliq ignores, rules relaxed for real code

    def returned_json(self) -> str:
        """What the handler returned that is not a message, as JSON text (`cliqsim trigger`
        and `call` print it): the raw value, or the normalized suggestions, options, ..."""
        value = self.raw if self.kind == "raw" else {
            "suggestions": self.suggestions, "options": self.options,
            "form_actions": self.form_actions, "install": self.install,
        }.get(self.kind, self.kind)
        return json.dumps(value, default=str, ensure_ascii=False)


def normalize(value: Any, returns: Returns = "message", replies: Collection[str] = (),
              handler: str = "handler") -> Response:
    """What `handler` returned, read as its trigger kind declares (`TriggerKind.returns`; the
    replies Cliq allows that handler, reference §1.11; empty: any). A `raw` value is handed over
    as it is, for the trigger module to read (a widget's applet map, a link preview)."""
    if value is None:
        return Response("none")
    if returns == "raw":
        return Response("raw", raw=value)
    if returns == "suggestions":
        return _suggestions(value)
    if returns == "options":
        return Response("options", options=dynamic_options(value))
    if returns == "form_modification":
        return Response("form_modification", form_actions=modifications(value))
    if returns == "install":
        return _install(value)
    if isinstance(value, dict) and not value:
        # `return Map();` ends many of Zoho's own handler samples: nothing is posted.
        return Response("none")
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, dict):
        raise ResponseError("", f"the handler returned {kind_of(value)}; return a map "
                            "(a message, banner, form, ...) or text")
    kind = _classify(value)
    if replies and kind not in replies and kind != "none":
        raise ResponseError("", f"a {handler} cannot return a {kind.replace('_', ' ')} "
                            f"(it may return: {', '.join(sorted(replies))})")
    if kind == "banner":
        return Response("banner", banner=_banner(value))
    if kind == "form":
        return Response("form", form=form_from_map(value, "form" if "form" in value else ""))
    if kind == "form_error":
        text, errors = form_errors(value)
        return Response("form_error", form_error=text, form_errors=errors)
    response = _message(value)
    if kind == "message_edit":
        response.kind = "message_edit"
    return response


def _classify(value: dict[str, Any]) -> str:
    kind = value.get("type")
    if kind == "banner":
        return "banner"
    if kind == "form" or (isinstance(value.get("form"), dict) and len(value) == 1):
        return "form"
    if kind == "form_error":
        return "form_error"
    if kind == "message_edit":
        return "message_edit"
    if "context" in value and not value.get("text"):
        return "context"
    if "suggestions" in value and not (value.get("text") or value.get("card")):
        return "suggestions"
    return "message"


def ignored_keys(value: dict[str, Any], known: Collection[str], what: str) -> tuple[str, ...]:
    """Inspector notes on the keys of `value` that Cliq does not know and ignores (`faviconlink`
    in a link preview; docs/components.md § Responses)."""
    if all(key in known for key in value):  # the usual case: nothing to note
        return ()
    keys = ", ".join(sorted(set(known) - {"type"}))
    return tuple(f"cliqsim: ignored {key!r}, which is not a key of {what} (keys: {keys})"
                 for key in sorted(set(value) - set(known), key=str))


def _message(value: dict[str, Any]) -> Response:
    response = Response("message", text=text_field(value.get("text"), "text", TEXT_LIMIT),
                        notes=ignored_keys(value, MESSAGE_KEYS, "a Cliq message"))
    navigation = value.get("navigation")
    if navigation in ("true", "false"):  # a map built from text
        navigation = navigation == "true"
    if navigation is not None and not isinstance(navigation, bool):
        raise ResponseError("navigation", f"must be true or false, not {kind_of(navigation)}")
    response.navigation = bool(navigation)
    if value.get("card") is not None:
        card = map_field(value["card"], "card")
        theme = card.get("theme")
        if theme is not None and theme not in CARD_THEMES:
            raise ResponseError("card.theme", f"{theme!r} is not a card theme (use "
                                f"{', '.join(sorted(CARD_THEMES))})")
        response.card = Card(title=text_field(card.get("title"), "card.title", 200) or None,
                             theme=theme, thumbnail=text_field(card.get("thumbnail"),
                                                          "card.thumbnail") or None,
                             icon=text_field(card.get("icon"), "card.icon") or None,
                             options=_poll_options(card) if theme == "poll" else ())
    if value.get("buttons") is not None:
        response.buttons = _buttons(value["buttons"], "buttons")
    card_buttons = (value.get("card") or {}).get("buttons") if isinstance(
        value.get("card"), dict) else None
    if card_buttons is not None:  # the v3 Message Cards shape: buttons inside the card
        response.buttons = response.buttons + _buttons(card_buttons, "card.buttons")
        if len(response.buttons) > MAX_BUTTONS:
            raise ResponseError("card.buttons", f"the card and the message have "
                                f"{len(response.buttons)} buttons; at most {MAX_BUTTONS}")
    if response.card is not None and response.card.theme in ("poll", "prompt"):
        response.notes += _check_theme(response.card, response.buttons)
    if value.get("slides") is not None:
        response.slides = tuple(_slide(s, f"slides[{i}]")
                                for i, s in enumerate(list_field(value["slides"], "slides")))
    if value.get("references") is not None:
        refs = map_field(value["references"], "references")
        response.references = {str(k): _reference(b, f"references.{k}")
                               for k, b in refs.items()}
    inline = instant_buttons(response.text, response.slides)  # [Label](invoke.function|...)
    if inline:
        response.references = {**inline, **response.references}
    if value.get("bot") is not None:
        response.bot = dict(map_field(value["bot"], "bot"))
    if value.get("suggestions") is not None:
        items = list_field(value["suggestions"], "suggestions")
        chips = []
        for i, item in enumerate(items):
            item = {"text": item} if isinstance(item, str) else map_field(item, f"suggestions[{i}]")
            chips.append(SuggestionChip(
                text_field(item.get("text"), f"suggestions[{i}].text", required=True),
                text_field(item.get("icon"), f"suggestions[{i}].icon") or None))
        response.chips = tuple(chips)
    if value.get("context") is not None:
        response.context = _context(value["context"])
    if not (response.text or response.card or response.slides or response.buttons
            or response.chips or response.context):
        unknown = sorted(set(value) - MESSAGE_KEYS, key=str)
        if unknown:
            raise ResponseError(str(unknown[0]), "is not a key of a Cliq message, so the "
                                "message is empty (use "
                                f"{', '.join(sorted(MESSAGE_KEYS - {'type'}))})")
        raise ResponseError("", "the message is empty: give it text, a card, slides or buttons")
    return response


MAX_POLL_OPTIONS = 10
POLL_OPTION_TEXT = 100


def _poll_options(card: dict[str, Any]) -> tuple[str, ...]:
    """A poll card's options: 2 to 10, each `{"text": ...}` (or plain text) of at most 100
    characters, no two alike (Zoho, "Message Cards": https://www.zoho.com/cliq/help/restapi/
    v3/messagecards/)."""
    if card.get("options") is None:
        raise ResponseError("card.options", "a poll card needs options (2 to "
                            f"{MAX_POLL_OPTIONS}, each {{\"text\": ...}})")
    items = list_field(card["options"], "card.options")
    if not 2 <= len(items) <= MAX_POLL_OPTIONS:
        raise ResponseError("card.options", f"has {len(items)} options; a poll has 2 to "
                            f"{MAX_POLL_OPTIONS}")
    texts = []
    for i, item in enumerate(items):
        path = f"card.options[{i}]"
        text = item if isinstance(item, str) else map_field(item, path).get("text")
        texts.append(text_field(text, f"{path}.text", POLL_OPTION_TEXT, required=True))
    repeated = next((t for t in texts if texts.count(t) > 1), None)
    if repeated is not None:
        raise ResponseError("card.options", f"two options read {repeated!r}")
    return tuple(texts)


def _check_theme(card: Card, buttons: tuple[Button, ...]) -> tuple[str, ...]:
    """The rules of the poll and prompt themes: a title (the question), and for a prompt at
    least one button (in the card or the message) to answer with (Zoho, "Message Cards").
    A prompt without buttons is shown with an inspector note rather than refused: Zoho's own
    engineers' published code returns one (docs/components.md, "Real code written by others")."""
    if not card.title:
        raise ResponseError("card.title", f"a {card.theme} card needs a title (its question)")
    if card.theme == "prompt" and not buttons:
        return ("cliqsim: card.buttons: a prompt card has no button to answer with; Zoho's "
                "\"Message Cards\" page asks for 1 to 5 (shown as a card without answers)",)
    return ()


def _reference(value: Any, path: str) -> Button:
    """An instant button's reference: Cliq's REST API "Buttons" page (instant buttons) writes
    `{"type": "button", "object": {label, type, action}}`; a bare button map is read too."""
    spec = map_field(value, path)
    if "object" in spec and "label" not in spec:
        kind = spec.get("type", "button")
        if kind != "button":
            raise ResponseError(f"{path}.type", f"a reference's type is \"button\", not {kind!r}")
        return _button(spec["object"], f"{path}.object")
    return _button(spec, path)

def _buttons(value: Any, path: str) -> tuple[Button, ...]:
    items = list_field(value, path)
    if len(items) > MAX_BUTTONS:
        raise ResponseError(path, f"has {len(items)} buttons; a card has at most {MAX_BUTTONS}")
    return tuple(_button(b, f"{path}[{i}]") for i, b in enumerate(items))


def _button(value: Any, path: str) -> Button:
    spec = map_field(value, path)
    label = text_field(spec.get("label"), f"{path}.label", BUTTON_LABEL, required=True)
    kind = spec.get("type")
    if kind is not None and kind not in ("+", "-"):
        raise ResponseError(f"{path}.type", f"{kind!r} must be \"+\" or \"-\"")
    action = map_field(spec.get("action") or {}, f"{path}.action")
    action_type = action.get("type")
    if action_type is None:
        raise ResponseError(f"{path}.action.type", "is required (invoke.function, open.url, "
                            "preview.url, system.api or copy)")
    if action_type not in ACTION_TYPES:
        raise ResponseError(f"{path}.action.type", f"{action_type!r} is not a button action "
                            f"(use {', '.join(sorted(ACTION_TYPES))})")
    data = dict(map_field(action.get("data") or {}, f"{path}.action.data"))
    if action_type == "invoke.function" and not data.get("name"):
        raise ResponseError(f"{path}.action.data.name", "names the function to invoke; it is "
                            "required")
    if action_type == "open.url":
        for key in ("web", "windows", "iOS", "android"):
            if key in data:
                text_field(data[key], f"{path}.action.data.{key}", 256)
    confirm = None
    if action.get("confirm") is not None:
        c = map_field(action["confirm"], f"{path}.action.confirm")
        confirm = Confirm(
            title=text_field(c.get("title"), f"{path}.action.confirm.title", 100) or None,
            description=text_field(c.get("description"), f"{path}.action.confirm.description",
                              100) or None,
            input=_confirm_input(c.get("input"), f"{path}.action.confirm.input"),
            input_type=_confirm_input_type(c.get("input"), f"{path}.action.confirm.input"),
            button_label=text_field(c.get("button_label") or c.get("buttontext"),
                               f"{path}.action.confirm.button_label", 100) or "Confirm",
            cancel_label=text_field(c.get("cancel_button_label"),
                               f"{path}.action.confirm.cancel_button_label", 100) or "Cancel",
            mandatory=bool(c.get("mandatory", False)),
        )
    arguments = spec.get("arguments") or {}
    if not isinstance(arguments, dict):
        arguments = {"value": arguments}
    return Button(label=label, action_type=action_type, action_data=data, type=kind,
                  hint=text_field(spec.get("hint"), f"{path}.hint", 100) or None,
                  key=text_field(spec.get("key"), f"{path}.key", 100) or None,
                  arguments=dict(arguments), confirm=confirm)


CONFIRM_INPUT_TYPES = {"text", "user_webhook_token"}


def _confirm_input(value: Any, path: str) -> str | None:
    """A confirm's `input`: the placeholder text of a text box, or (as a map) its `placeholder`
    (Button Object page: the confirm dialog may ask for input)."""
    if isinstance(value, dict):
        return text_field(value.get("placeholder") or value.get("hint"), f"{path}.placeholder",
                     300) or None
    return text_field(value, path, 300) or None


def _confirm_input_type(value: Any, path: str) -> str | None:
    if not isinstance(value, dict):
        return None
    kind = text_field(value.get("type"), f"{path}.type") or "text"
    if kind not in CONFIRM_INPUT_TYPES:
        raise ResponseError(f"{path}.type", f"{kind!r} is not a confirm input type (use "
                            f"{', '.join(sorted(CONFIRM_INPUT_TYPES))})")
    return kind


def _slide(value: Any, path: str) -> Slide:
    spec = map_field(value, path)
    kind = spec.get("type")
    if kind not in SLIDE_TYPES:
        raise ResponseError(f"{path}.type", f"{kind!r} is not a slide type (use table, list, "
                            "label, images, text, percentage_chart or graph)")
    data = spec.get("data")
    if kind == "table":
        table = map_field(data, f"{path}.data")
        headers = list_field(table.get("headers", []), f"{path}.data.headers")
        rows = list_field(table.get("rows", []), f"{path}.data.rows")
        for i, row in enumerate(rows):
            if not isinstance(row, dict):  # (the path is made only for the error)
                map_field(row, f"{path}.data.rows[{i}]")
        data = {"headers": [str(h) for h in headers], "rows": rows}
    elif kind in ("list", "images", "image"):
        data = list_field(data, f"{path}.data")
        kind = "images" if kind == "image" else kind
    elif kind == "label":
        data = [map_field(item, f"{path}.data[{i}]") for i, item in enumerate(list_field(data,
                                                                                f"{path}.data"))]
    elif kind == "percentage_chart":
        items = list_field(data, f"{path}.data")
        if len(items) > 5:
            raise ResponseError(f"{path}.data", "a percentage chart has at most 5 items")
    elif kind == "graph":
        graph_limits(data, f"{path}.data")
    elif kind == "text":
        data = text_field(data, f"{path}.data", TEXT_LIMIT)
    buttons = _buttons(spec["buttons"], f"{path}.buttons") if spec.get("buttons") else ()
    return Slide(type=kind, data=data, title=text_field(spec.get("title"), f"{path}.title") or None,
                 buttons=buttons, styles=dict(spec.get("styles") or {}))


GRAPH_CATEGORIES = 5
GRAPH_VALUES = 20


def graph_limits(data: Any, path: str) -> None:
    """A graph in Zoho's shape, `[{category, values: [{label, value}]}]`: "Maximum items: 5"
    categories, "Maximum items: 20" values in each (the graph slide of
    https://www.zoho.com/cliq/help/restapi/v2/messageformat/, and "Graphs",
    https://zoho.com/cliq/help/platform/widget-section-elements/graphs.html: `data` "Array
    (5)"). Other shapes cliqsim draws are left as they are."""
    if not isinstance(data, list) or not any(isinstance(e, dict) and "category" in e
                                             for e in data):
        return
    if len(data) > GRAPH_CATEGORIES:
        raise ResponseError(path, f"a graph has at most {GRAPH_CATEGORIES} categories, "
                            f"not {len(data)}")
    for i, entry in enumerate(data):
        values = entry.get("values") if isinstance(entry, dict) else None
        if isinstance(values, list) and len(values) > GRAPH_VALUES:
            raise ResponseError(f"{path}[{i}].values", f"a graph category has at most "
                                f"{GRAPH_VALUES} values, not {len(values)}")


def _banner(value: dict[str, Any]) -> Banner:
    status = value.get("status", "success")
    if status not in ("success", "failure"):
        raise ResponseError("status", f"a banner's status is \"success\" or \"failure\", not "
                            f"{status!r}")
    return Banner(status=status, text=text_field(value.get("text"), "text", 500, required=True))


CONTEXT_TIMEOUT = 86400
"""A context's `timeout` when not given: "Default timeout value is taken as 1 day" (Zoho, "Bot
Context Handler", https://www.zoho.com/cliq/help/platform/bot-contexthandler.html)."""
MAX_CONTEXT_PARAMS = 10


def _context(value: Any) -> BotContext:
    """The page's context map: `id` string(100), `timeout` integer (seconds), `params` "A
    context can have a maximum of 10 questions", each `name` string(100)."""
    spec = map_field(value, "context")
    params = list_field(spec.get("params"), "context.params")
    if not params:
        raise ResponseError("context.params", "needs at least one question")
    if len(params) > MAX_CONTEXT_PARAMS:
        raise ResponseError("context.params", f"has {len(params)} questions; a context has at "
                            f"most {MAX_CONTEXT_PARAMS}")
    questions = []
    for i, p in enumerate(params):
        path = f"context.params[{i}]"
        p = map_field(p, path)
        chips: tuple[SuggestionChip, ...] = ()
        if p.get("suggestions") is not None:
            chips = tuple(SuggestionChip(text_field(map_field(c, f"{path}.suggestions").get("text"),
                                               f"{path}.suggestions.text", required=True),
                                         c.get("icon"))
                          for c in list_field(p["suggestions"], f"{path}.suggestions"))
        questions.append(ContextQuestion(
            name=text_field(p.get("name"), f"{path}.name", 100, required=True),
            question=text_field(p.get("question"), f"{path}.question", 1000, required=True),
            suggestions=chips, value=p.get("value")))
    timeout = spec.get("timeout", CONTEXT_TIMEOUT)
    try:
        seconds = int(timeout)
    except (TypeError, ValueError):
        raise ResponseError("context.timeout", f"{timeout!r} is not a number of seconds") from None
    return BotContext(id=text_field(spec.get("id"), "context.id", 100, required=True),
                      timeout_seconds=seconds, params=tuple(questions))


def _suggestions(value: Any) -> Response:
    items = list_field(value, "suggestions")
    out = []
    for i, item in enumerate(items):
        spec = {"title": item} if isinstance(item, str) else map_field(item, f"[{i}]")
        # Zoho, "Command Suggestion Handler": "Customise your suggestions by giving a title,
        # description, image or ... different combinations from them" (its Tenor GIF sample
        # offers images alone): one of the three is needed
        shown = any(spec.get(key) not in (None, "") for key in ("description", "imageurl"))
        out.append({"title": text_field(spec.get("title"), f"[{i}].title", 100,
                                        required=not shown),
                    "description": text_field(spec.get("description"), f"[{i}].description", 200),
                    "imageurl": spec.get("imageurl"), "id": spec.get("id")})
    return Response("suggestions", suggestions=tuple(out))


def _install(value: Any) -> Response:
    spec = map_field(value, "")
    status = spec.get("status")
    try:
        code = int(status) if status is not None else None
    except (TypeError, ValueError):
        raise ResponseError("status", f"{status!r} is not an HTTP-style status number") from None
    return Response("install", install={
        "status": code, "title": spec.get("title"), "message": spec.get("message"),
        "note": spec.get("note"), "footer": spec.get("footer")})
