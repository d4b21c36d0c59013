"""Buttons and forms: the functions a message's buttons and a form's fields call.

A button of type `invoke.function` runs a `button` function's handler with the message holding
it, `target` and the button's `arguments`; a form runs its `form` function's submit, change
(`trigger_on_change` fields) or dynamic select handler. A link preview's button goes to the link
handler (`links.py`); other button types do their local action.

Zoho: "Button function handler" (https://www.zoho.com/cliq/help/platform/functions_workflow.html)
and the form handlers (https://zoho.com/cliq/help/platform/form_functions_workflow/
submit-handler.html, https://zohohelp.com/cliq/help/platform/form_functions_workflow/
change-handler.html).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cliqsim.errors import UsageError
from cliqsim.platform import forms
from cliqsim.platform import inputs as cliq
from cliqsim.platform.links import is_preview_button
from cliqsim.platform.messages import (
    NAVIGATION_BACK,
    POLL_VOTE,
    Button,
    Form,
    FormOption,
    Message,
)
from cliqsim.platform.native_select import shown_form
from cliqsim.platform.package_model import Package
from cliqsim.platform.records import Failure, Outcome
from cliqsim.platform.responses import Response
from cliqsim.platform.trigger_kind import TriggerKind
from cliqsim.platform.triggers.common import EVERY, IN_CHAT
from cliqsim.platform.triggers.links import Links
from cliqsim.structs import replace

if TYPE_CHECKING:
    from cliqsim.platform.pipeline import Pipeline, Responder, RunContext

BUTTON = TriggerKind(
    "button", "button_handler", IN_CHAT | {"message", "target", "arguments", "event"},
    "a message, a message edit, a form, a bot context or a banner",
    "https://www.zoho.com/cliq/help/platform/functions_workflow.html",
    component="function", key="button",
    replies=frozenset({"message", "context", "banner", "form", "message_edit", "suggestions"}))
FORM_SUBMIT = TriggerKind(
    "form_submit", "form_submit_handler", IN_CHAT | {"form", "message"},
    "a message, a bot context, a banner or a form_error map",
    "https://zoho.com/cliq/help/platform/form_functions_workflow/submit-handler.html",
    component="function", key="submit",
    replies=frozenset({"message", "context", "banner", "form", "message_edit", "suggestions",
                       "form_error"}))
FORM_CHANGE = TriggerKind(
    "form_change", "form_change_handler", IN_CHAT | {"form", "message", "target"},
    "a form_modification map {type, actions}",
    "https://zohohelp.com/cliq/help/platform/form_functions_workflow/change-handler.html",
    component="function", key="change", returns="form_modification")
FORM_DYNAMIC_SELECT = TriggerKind(
    "form_dynamic_select", "form_dynamic_select_handler", IN_CHAT | {"form", "message", "target"},
    "{options: [{label, value}]}",
    "https://zoho.com/cliq/help/platform/cliq-form.html",
    component="function", key="dynamic_select", returns="options")

FORM_VIEW = TriggerKind(
    "form_view", "form_view_handler", EVERY | {"params"}, "a form",
    "https://www.zoho.com/cliq/help/platform/form_functions_workflow/view-handler.html",
    component="function", key="view", replies=frozenset({"form"}))
"""Draws a form opened from its permalink (or QR code), with `params` (up to 10 custom
parameters, 10,000 characters: Zoho's "Form View Handler" page): `cliqsim form FUNCTION`."""

KINDS = (BUTTON, FORM_SUBMIT, FORM_CHANGE, FORM_DYNAMIC_SELECT, FORM_VIEW)

MAX_PERMALINK_PARAMS = 10
PERMALINK_PARAMS_CHARS = 10_000


def permalink_params(params: dict[str, str]) -> dict[str, str]:
    """A form permalink's custom parameters, checked as Zoho's "Form View Handler" page states
    (at most 10, at most 10,000 characters in all); raises `UsageError`."""
    if len(params) > MAX_PERMALINK_PARAMS:
        raise UsageError(f"a form permalink takes at most {MAX_PERMALINK_PARAMS} custom "
                         f"parameters, not {len(params)}")
    size = sum(len(k) + len(v) for k, v in params.items())
    if size > PERMALINK_PARAMS_CHARS:
        raise UsageError(f"the permalink's custom parameters are {size} characters; Cliq "
                         f"allows at most {PERMALINK_PARAMS_CHARS}")
    return params


class Functions:
    """Button clicks and form events of one runtime."""

    def __init__(self, pipeline: Pipeline, links: Links) -> None:
        self.pipeline = pipeline
        self.links = links

    def _function(self, name: str, kind: str) -> Package:
        catalog = self.pipeline.catalog
        package = catalog.function(name)
        if package is None:
            known = ", ".join(p.name for p in catalog.of_type("function")) or "none"
            raise UsageError(f"there is no function {name!r} (functions: {known})")
        if package.function_type != kind:
            raise UsageError(f"function {name!r} is a {package.function_type} function, not a "
                             f"{kind} function")
        return package

    # --- buttons -------------------------------------------------------------------------------

    def click(self, user_id: str, message_id: str, button: int | str,
              confirm_input: str | None) -> Outcome:
        """Click a button of a message, by index into `all_buttons()` or by label / key."""
        pipeline = self.pipeline
        workspace = pipeline.workspace
        workspace.user(user_id)
        message = workspace.message(message_id)
        if not message.visible_for(user_id):
            raise UsageError(f"message {message_id} is not visible to {user_id}")
        buttons = message.all_buttons()
        chosen = None
        if isinstance(button, int):
            chosen = buttons[button] if 0 <= button < len(buttons) else None
        else:
            chosen = next((b for b in buttons if button in (b.label, b.key)), None)
            if chosen is None and button.isdigit() and int(button) < len(buttons):
                chosen = buttons[int(button)]
        if chosen is None:
            labels = ", ".join(f"{i}: {b.label}" for i, b in enumerate(buttons)) or "none"
            raise UsageError(f"message {message_id} has no button {button!r} (buttons: {labels})")
        chat = workspace.chat(message.chat_id)
        pipeline.require_member(user_id, chat, "use the buttons of its messages")
        if is_preview_button(chosen):  # an action of a link preview
            return self.links.click(user_id, message, chosen, confirm_input)
        if chosen.action_type == POLL_VOTE and message.card is not None:
            option = str(chosen.action_data.get("option"))
            card = replace(message.card, votes={**message.card.votes, user_id: option})
            voted = pipeline.emit(replace(message, card=card), edited=True)
            return Outcome("ok", (voted,), chat_id=chat.id, notice=f"voted for {option!r}")
        if chosen.action_type == NAVIGATION_BACK:
            back = message.navigated_back(pipeline.clock.now())
            pipeline.emit(back, edited=True)
            return Outcome("ok", (back,), chat_id=chat.id)
        if chosen.action_type != "invoke.function":
            return Outcome("ok", chat_id=chat.id, notice=_local_action(chosen.action_type,
                                                                       chosen.action_data))
        if chosen.confirm and chosen.confirm.mandatory and chosen.confirm.input and not (
                confirm_input or "").strip():
            raise UsageError(f"the button {chosen.label!r} asks \"{chosen.confirm.input}\"; "
                             "give an answer")
        package = self._function(chosen.function or "", "button")
        from cliqsim.platform.authorization import NotAuthorized, may_invoke

        refused = may_invoke(pipeline.catalog, package, message)
        if refused is not None:
            raise NotAuthorized(refused)
        # Cliq's Button Function Handler page: arguments carry the button's key
        # ({"key": "button_key"}); the target names the button.
        arguments = dict(chosen.arguments)
        if chosen.key is not None:
            arguments.setdefault("key", chosen.key)
        if chosen.confirm and chosen.confirm.input_type == "user_webhook_token":
            arguments["input"] = confirm_input or self._webhook_token(user_id, chosen)
        elif confirm_input is not None:
            arguments["input"] = confirm_input
        inputs = cliq.common(workspace, user_id, chat)
        inputs.update({
            "message": cliq.message_object(workspace, message),
            "target": {"name": chosen.label, "hint": chosen.hint, "id": chosen.key,
                       "key": chosen.key},
            "arguments": arguments,
            "event": "button_click",
        })
        return pipeline.start(pipeline.context(user_id, package,
                                               package.handlers["button_handler"], BUTTON,
                                               f"button {chosen.label!r}", chat, inputs,
                                               public=chat.type == "bot",
                                               source_message=message,
                                               respond=self._navigating_reply))

    def _navigating_reply(self, response: Response, ctx: RunContext) -> Outcome:
        """A button reply with `"navigation": true` replaces the message holding the button
        and offers Back to it (Zoho, "Button Navigation Control",
        https://www.zoho.com/cliq/help/platform/functions_workflow.html); any other reply is
        the standard one."""
        pipeline = self.pipeline
        source = ctx.source_message
        if not (response.navigation and response.kind == "message" and source is not None):
            return pipeline.reply(response, ctx)
        current = pipeline.workspace.message(source.id)
        now = pipeline.clock.now()
        new = Message(source.id, source.chat_id, current.sender, now, text=response.text,
                      card=response.card, slides=response.slides, buttons=response.buttons,
                      references=response.references)
        shown = pipeline.emit(current.navigated(new, now), edited=True)
        return Outcome("ok", (shown,), chat_id=source.chat_id)

    def _webhook_token(self, user_id: str, button: Button) -> str:
        """The token a `user_webhook_token` confirm generates: stable per user and button, so a
        replay gets the same one; clearly a simulated token (it opens nothing)."""
        import hashlib

        digest = hashlib.sha256(f"{user_id}:{button.function}:{button.key}".encode())
        return f"cliqsim_webhook_token_{digest.hexdigest()[:24]}"

    # --- forms ---------------------------------------------------------------------------------

    def _form_run(self, user_id: str, chat_id: str, form: Form, kind: TriggerKind,
                  extra: dict[str, Any], values: dict[str, Any], respond: Responder, *,
                  cancel: bool = False) -> Outcome:
        pipeline = self.pipeline
        pipeline.workspace.user(user_id)
        chat = pipeline.workspace.chat(chat_id)
        package = self._function((form.cancel_action or form.action) if cancel else form.action,
                                 "form")
        from cliqsim.platform.authorization import NotAuthorized, may_run_function

        refused = may_run_function(pipeline.catalog, package, form.origin, "a person", "form")
        if refused is not None:
            raise NotAuthorized(refused)
        script = package.handlers.get(kind.handler)
        if script is None:
            raise UsageError(f"form function {form.action!r} has no {kind.handler}")
        inputs = cliq.common(pipeline.workspace, user_id, chat)
        action = "cancel" if cancel else "submit" if kind is FORM_SUBMIT else "change"
        inputs["form"] = {"name": form.name, "action": action,
                          "values": forms.shape_values(
                              form, values, inputs["user"].get("timezone"))}
        if form.message_id is not None:  # opened from a message: "the message for which
            try:  # the form is invoked" (Zoho, "Form Function")
                source = pipeline.workspace.message(form.message_id)
            except UsageError:  # deleted since: the form still submits
                source = None
            if source is not None:  # asked as a message action asks: in this chat, whose
                from cliqsim.platform.authorization import require_messages_in  # member runs

                pipeline.require_member(user_id, chat, "use its messages")
                require_messages_in((source,), chat)
                inputs["message"] = cliq.message_object(pipeline.workspace, source)
        inputs.update(extra)
        return pipeline.start(pipeline.context(user_id, package, script, kind,
                                               f"form {form.title!r}", chat, inputs,
                                               respond=respond, public=chat.type == "bot",
                                               form=form))

    def submit_form(self, user_id: str, chat_id: str, form: Form,
                    values: dict[str, Any]) -> Outcome:
        """Submit: mandatory fields first, then the submit handler (which may answer with
        errors by field, keeping the form open)."""
        if form.origin is not None:  # its native drop-downs hold what this person may pick
            form = shown_form(form, form.origin, self.pipeline.workspace, user_id)
        values = forms.with_defaults(form, values)
        errors = forms.missing_fields(form, values)
        if errors:
            return Outcome("error", chat_id=chat_id, form=form, form_errors=errors,
                           error=Failure("form", "; ".join(errors.values()), form.action),
                           notice="; ".join(errors.values()))

        def respond(response: Response, ctx: RunContext) -> Outcome:
            if response.kind == "form_error":
                return Outcome("error", chat_id=chat_id, form=form,
                               form_errors=response.form_errors, form_error=response.form_error,
                               error=Failure("form", response.form_error or "; ".join(
                                   f"{k}: {v}" for k, v in response.form_errors.items()),
                                   form.action),
                               notice=response.form_error)
            return self.pipeline.reply(response, ctx)

        return self._form_run(user_id, chat_id, form, FORM_SUBMIT, {}, values, respond)

    def cancel_form(self, user_id: str, chat_id: str, form: Form,
                    values: dict[str, Any]) -> Outcome:
        """The person closed the form: with `trigger_on_cancel` (or an `actions.cancel`), the
        cancel function's submit handler runs with `form.action` "cancel" and the values so far
        (no mandatory check); otherwise nothing runs."""
        if not form.trigger_on_cancel:
            return Outcome("ok", chat_id=chat_id, notice=f"closed the form {form.title!r}")
        return self._form_run(user_id, chat_id, form, FORM_SUBMIT, {},
                              forms.with_defaults(form, values), self.pipeline.reply,
                              cancel=True)

    def change_form(self, user_id: str, chat_id: str, form: Form, values: dict[str, Any],
                    field_name: str) -> Outcome:
        """A `trigger_on_change` field changed: the change handler's `form_actions`."""
        if form.input(field_name) is None:
            raise UsageError(f"form {form.name!r} has no field {field_name!r}")

        def respond(response: Response, ctx: RunContext) -> Outcome:
            return Outcome("ok", chat_id=chat_id, form=form, form_actions=response.form_actions)

        values = forms.with_defaults(form, values)  # the form's values as they stand
        zone = self.pipeline.workspace.user(user_id).get("timezone", "Asia/Kolkata")
        target = {"name": field_name,
                  "value": forms.shape_values(form, values, zone).get(field_name)}
        return self._form_run(user_id, chat_id, form, FORM_CHANGE, {"target": target}, values,
                              respond)

    def form_options(self, user_id: str, chat_id: str, form: Form, values: dict[str, Any],
                     field_name: str, query: str) -> Outcome:
        """A `dynamic_select` field wants options for `query`."""
        if form.input(field_name) is None:
            raise UsageError(f"form {form.name!r} has no field {field_name!r}")

        def respond(response: Response, ctx: RunContext) -> Outcome:
            return Outcome("ok", chat_id=chat_id, form=form,
                           options=searched(response.options, query))

        return self._form_run(user_id, chat_id, form, FORM_DYNAMIC_SELECT,
                              {"target": {"name": field_name, "query": query}}, values, respond)


def searched(options: tuple[FormOption, ...], query: str) -> tuple[FormOption, ...]:
    """A dynamic select's options in the order Cliq shows them for `query`: "Search results
    are populated based on the starts-with criteria followed by items that match with the
    contains criteria" (Zoho, "Dynamic Field Handler", https://zoho.com/cliq/help/platform/
    form_functions_workflow/dynamic-field-handler.html), by label, ignoring case. Options that
    match neither keep their place after those (the handler may match on what it does not
    show, such as an email address), so nothing the handler answered is hidden."""
    wanted = query.strip().casefold()
    if not wanted:
        return options

    def rank(option: FormOption) -> int:
        label = option.label.casefold()
        return 0 if label.startswith(wanted) else 1 if wanted in label else 2

    return tuple(sorted(options, key=rank))


def _local_action(action_type: str, data: dict[str, Any]) -> str:
    if action_type == "open.url":
        return f"Opens {data.get('web') or next(iter(data.values()), '')}"
    if action_type == "preview.url":
        return f"Previews {data.get('url', '')}"
    if action_type == "copy":
        return f"Copied: {data.get('text', '')}"
    if action_type == "system.api":
        return f"System action: {data.get('api', '')}"
    return action_type
