"""Link handler triggers: the preview of a posted link, and the preview's action buttons.

When a person posts a message whose first link belongs to a domain a link handler registers, the
preview handler runs as that person with `url`, `domain`, `user`, `chat`, `access`,
`environment`; its preview map (`links.read_preview`) is attached to the message, and then the
after-send handler (if any) runs with the same inputs and may answer with a message, a form or
a banner. Clicking an action runs the action handler with `target = {input, hint, label,
params}`; the `⋯` of a `dynamic_actions` preview runs the menu handler.

Zoho: "Preview handler" (https://zoho.com/cliq/help/platform/build-cliq-extensions/
extension-unfurling/preview-handler.html), "Action handler" (.../action-handler.html), "Menu
Handler" (.../menu-handler.html), "After-send Action Handler" (.../post-send-action-handler.html).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.links import (
    domain_matches,
    preview_buttons,
    preview_notes,
    read_preview,
)
from cliqsim.platform.messages import Button, Message
from cliqsim.platform.package_model import Package
from cliqsim.platform.records import Outcome
from cliqsim.platform.responses import Response, ResponseError
from cliqsim.platform.trigger_kind import TriggerKind
from cliqsim.platform.triggers.common import IN_CHAT, gather_runs
from cliqsim.structs import replace

if TYPE_CHECKING:
    from cliqsim.platform.pipeline import Pipeline, RunContext
    from cliqsim.platform.workspace import Chat

PREVIEW = TriggerKind(
    "link_preview", "unfurl_handler", IN_CHAT | {"url", "domain"},
    "a preview map {title, description, thumbnail_url, fields, actions}",
    "https://zoho.com/cliq/help/platform/build-cliq-extensions/extension-unfurling/"
    "preview-handler.html",
    component="link_handler", key="preview", returns="raw")
ACTION = TriggerKind(
    "link_action", "unfurl_button_action_handler",
    IN_CHAT | {"url", "domain", "message", "target"}, "a message, a form or a banner",
    "https://zoho.com/cliq/help/platform/build-cliq-extensions/extension-unfurling/"
    "action-handler.html",
    component="link_handler", key="action",
    replies=frozenset({"message", "banner", "form"}))

MENU = TriggerKind(
    "link_menu", "unfurl_menu_handler", IN_CHAT | {"url", "domain"},
    "a list of at most 5 buttons {type: \"button\", label, hint, style, confirm, params}",
    "https://zoho.com/cliq/help/platform/build-cliq-extensions/extension-unfurling/"
    "menu-handler.html",
    component="link_handler", key="menu", returns="raw")

AFTER_SEND = TriggerKind(
    "link_after_send", "unfurl_after_send_handler", IN_CHAT | {"url", "domain"},
    "a message, a form or a banner",
    "https://www.zoho.com/cliq/help/platform/build-cliq-extensions/extension-unfurling/"
    "post-send-action-handler.html",
    component="link_handler", key="after_send",
    replies=frozenset({"message", "banner", "form"}))

KINDS = (PREVIEW, ACTION, MENU, AFTER_SEND)


class Links:
    """The link handlers of one runtime."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def handler_for(self, url: str) -> Package | None:
        """The link handler that registers the URL's host (the first by id), or None."""
        host = (urlsplit(url).hostname or "").lower()
        if not host:
            return None
        for package in sorted(self.pipeline.catalog.of_type("link_handler"), key=lambda p: p.id):
            if any(domain_matches(d, host) for d in package.domains):
                return package
        return None

    def unfurl(self, user_id: str, chat: Chat, posted: Message) -> Outcome:
        """After `posted` reached the chat: preview its first link that a link handler
        registers. Returns the outcome of the post (plus the edited message and anything the
        handler did)."""
        plain = Outcome("ok", (posted,), chat_id=chat.id)
        for url in cliq.LINK.findall(posted.text or ""):
            url = url.rstrip(").,;!?\"'")
            package = self.handler_for(url)
            if package is None:
                continue
            if self.pipeline.available(package) is not None:
                return plain
            outcome = self._preview(user_id, chat, posted, package, url)
            if any(m.id == posted.id for m in outcome.messages):  # the post, preview attached
                return outcome
            return replace(outcome, messages=(posted, *outcome.messages))
        return plain

    def _preview(self, user_id: str, chat: Chat, posted: Message, package: Package,
                 url: str) -> Outcome:
        pipeline = self.pipeline
        inputs = self._inputs(user_id, chat, url)

        def respond(response: Response, ctx: RunContext) -> Outcome:
            if response.kind == "none":
                return Outcome("ok", chat_id=chat.id, notice=f"{package.name} gave no preview")
            card, slides, buttons = read_preview(response.raw, package.id, url)
            ctx.info += preview_notes(response.raw)
            current = pipeline.workspace.message(posted.id)
            attached = replace(current, card=card, slides=slides, buttons=buttons,
                               component=current.component)
            message = pipeline.emit(attached, edited=True)
            shown = Outcome("ok", (message,), chat_id=chat.id)
            return self._after_send(user_id, chat, message, package, url, shown)

        return pipeline.start(pipeline.context(user_id, package,
                                               package.handlers["unfurl_handler"], PREVIEW,
                                               f"preview {url}", chat, inputs, respond=respond,
                                               source_message=posted))

    def _after_send(self, user_id: str, chat: Chat, message: Message, package: Package,
                    url: str, shown: Outcome) -> Outcome:
        """Once the unfurled card is in the chat: run the after-send handler (Zoho, "After-send
        Action Handler": `domain`, `url`, `chat`, `user`; answers with a message, a form or a
        banner). `shown` is the outcome of the preview; the handler's messages and form join
        it. Same road as every run (`Pipeline.start`: member check, consent, guard)."""
        script = package.handlers.get("unfurl_after_send_handler")
        if script is None:
            return shown
        pipeline = self.pipeline
        after = pipeline.start(pipeline.context(
            user_id, package, script, AFTER_SEND, f"after sending {url}", chat,
            self._inputs(user_id, chat, url), source_message=message))
        if after.status != "ok":  # its error (or a request to allow it) is what to show
            return replace(gather_runs(after, (shown, after)),
                           messages=shown.messages + after.messages)
        return replace(gather_runs(shown, (shown, after)),
                       messages=shown.messages + after.messages, form=after.form,
                       notice=after.notice or shown.notice)

    def _inputs(self, user_id: str, chat: Chat, url: str) -> dict[str, Any]:
        inputs = cliq.common(self.pipeline.workspace, user_id, chat)
        inputs["url"] = url
        inputs["domain"] = (urlsplit(url).hostname or "").lower()
        return inputs

    def click(self, user_id: str, message: Message, button: Button,
              confirm_input: str | None) -> Outcome:
        """A preview's action button: run the link handler's action handler (its menu button,
        shown for `dynamic_actions`, runs the menu handler)."""
        pipeline = self.pipeline
        component = str(button.action_data["unfurl"])
        package = pipeline.catalog.packages.get(component)
        if package is None or package.type != "link_handler":
            raise UsageError(f"the link handler {component!r} that made this preview is gone")
        if button.action_data.get("menu"):
            return self._menu(user_id, message, package, str(button.action_data.get("url")))
        script = package.handlers.get("unfurl_button_action_handler")
        if script is None:
            raise UsageError(f"{package.name} has no action handler; add [handlers] action = "
                             "\"file.dg\" to its component.toml")
        chat = pipeline.workspace.chat(message.chat_id)
        url = str(button.action_data.get("url") or "")
        inputs = self._inputs(user_id, chat, url)
        inputs["message"] = cliq.message_object(pipeline.workspace, message)
        inputs["target"] = {"input": confirm_input or button.action_data.get("input"),
                            "hint": button.hint, "label": button.label,
                            "params": button.action_data.get("params") or {}}
        return pipeline.start(pipeline.context(user_id, package, script, ACTION,
                                               f"{button.label!r} on the preview of {url}",
                                               chat, inputs, source_message=message))

    def _menu(self, user_id: str, message: Message, package: Package, url: str) -> Outcome:
        """The menu of a preview with `dynamic_actions`: the menu handler's buttons join the
        preview's own (Zoho, "Menu Handler")."""
        pipeline = self.pipeline
        script = package.handlers.get("unfurl_menu_handler")
        if script is None:
            raise UsageError(f"{package.name} has no menu handler; add [handlers] menu = "
                             "\"file.dg\" to its component.toml")
        chat = pipeline.workspace.chat(message.chat_id)

        def respond(response: Response, ctx: RunContext) -> Outcome:
            items = response.raw if isinstance(response.raw, list) else []
            if response.kind != "none" and not isinstance(response.raw, list):
                raise ResponseError("", "a menu handler returns a list of buttons")
            current = pipeline.workspace.message(message.id)
            own = tuple(b for b in current.buttons if not b.action_data.get("dynamic"))
            dynamic = tuple(replace(b, action_data={**b.action_data, "dynamic": True},
                                    key=f"unfurl_menu_{i}")
                            for i, b in enumerate(preview_buttons(items, "", package.id, url)))
            edited = pipeline.emit(replace(current, buttons=own + dynamic), edited=True)
            return Outcome("ok", (edited,), chat_id=chat.id)

        return pipeline.start(pipeline.context(
            user_id, package, script, MENU, f"the menu of the preview of {url}", chat,
            self._inputs(user_id, chat, url), respond=respond, source_message=message))
