"""What a chat shows: messages and their parts, as plain immutable data.

A handler's returned map is normalized into these (see `responses.py`); the workspace stores them
(`to_dict` / `from_dict`); the TUI and the headless renderer draw them. Nothing here knows how to
draw: `Card.theme` is the Cliq theme name, `Slide.data` is the slide's data as Cliq defines it.

Every part is a frozen `msgspec.Struct`: creating them as dataclasses cost a cold `cliqsim run`
several milliseconds of compiling generated methods (issue #18). They construct, compare, hash
and convert (`msgspec.to_builtins`) as the dataclasses did; `cliqsim.structs.replace` copies
them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec

SenderKind = Literal["user", "bot", "component", "system"]
"""`user`: a person; `bot`: a bot's reply; `component`: a command / action / function reply shown
as coming from the component; `system`: cliqsim's own notices (consent denied, script errors)."""


class Sender(msgspec.Struct, frozen=True):
    id: str  # user id, bot unique name, component id, or "cliqsim"
    name: str  # display name: "Priya Sharma", "PollBot", "/nearby", "cliqsim"
    kind: SenderKind


SYSTEM = Sender("cliqsim", "cliqsim", "system")
DELETED = "This message was deleted"
"""The text a deleted message keeps (the record stays so a listening chat window redraws it)."""
"""cliqsim itself: notices, failures and install reports in a chat."""


class Card(msgspec.Struct, frozen=True):
    """A message's card. A `poll` card has its `options` (2–10 texts) and the `votes` cast so
    far (user id → the option they chose; one vote each, a new vote replaces the old)."""

    title: str | None = None
    theme: str | None = None  # "modern-inline" | "poll" | "prompt" | "basic"
    thumbnail: str | None = None
    icon: str | None = None
    options: tuple[str, ...] = ()
    votes: dict[str, str] = msgspec.field(default_factory=dict)

    def tally(self) -> list[tuple[str, int, int]]:
        """Each option with its vote count and its whole-number percentage of the votes (0 when
        nobody voted yet), in the options' order."""
        total = len(self.votes)
        counts = [sum(1 for v in self.votes.values() if v == option) for option in self.options]
        return [(option, count, round(100 * count / total) if total else 0)
                for option, count in zip(self.options, counts, strict=True)]


def card_from_dict(data: dict[str, Any]) -> Card:
    return Card(title=data.get("title"), theme=data.get("theme"),
                thumbnail=data.get("thumbnail"), icon=data.get("icon"),
                options=tuple(data.get("options") or ()), votes=dict(data.get("votes") or {}))


class Confirm(msgspec.Struct, frozen=True):
    """The popup a button may ask before its function runs."""

    title: str | None = None
    description: str | None = None
    input: str | None = None  # placeholder of a text box; its text reaches the function
    input_type: str | None = None  # a map input's type, e.g. "user_webhook_token"
    button_label: str = "Confirm"
    cancel_label: str = "Cancel"
    mandatory: bool = False  # the input must not be empty


class Button(msgspec.Struct, frozen=True):
    """A card or slide button. `action_type` is `invoke.function`, `open.url`, `preview.url`,
    `system.api` or `copy`; `action_data` is its `data` map (`{"name": "vote"}` for functions)."""

    label: str
    action_type: str
    action_data: dict[str, Any] = msgspec.field(default_factory=dict)
    type: str | None = None  # "+" (positive) | "-" (negative)
    hint: str | None = None
    key: str | None = None
    arguments: dict[str, Any] = msgspec.field(default_factory=dict)
    confirm: Confirm | None = None

    @property
    def function(self) -> str | None:
        """The function an `invoke.function` button calls, else None."""
        if self.action_type != "invoke.function":
            return None
        name = self.action_data.get("name")
        return str(name) if name is not None else None


NAVIGATION_BACK = "navigation.back"
POLL_VOTE = "poll.vote"
BACK = Button("Back", NAVIGATION_BACK, hint="Back to the earlier response")
"""The way back a navigation reply offers (drawn after the message's own buttons; clicking it
runs nothing, it restores the earlier content)."""
CONTENT_FIELDS = ("text", "card", "slides", "buttons", "references")


class Slide(msgspec.Struct, frozen=True):
    """`type` is `table`, `list`, `label`, `images`, `text`, `percentage_chart` or `graph`.

    `data` as Cliq defines it: table `{"headers": [...], "rows": [{header: value}]}`, list
    `[str]`, label `[{key: value}]`, images `[url]`, text `str`."""

    type: str
    data: Any
    title: str | None = None
    buttons: tuple[Button, ...] = ()
    styles: dict[str, Any] = msgspec.field(default_factory=dict)


class Banner(msgspec.Struct, frozen=True):
    status: str  # "success" | "failure"
    text: str


class FormOption(msgspec.Struct, frozen=True):
    label: str
    value: str
    group: str | None = None  # a select's grouped options: the group's label


class FormInput(msgspec.Struct, frozen=True):
    """One form field. `type` is one of Cliq's input types (`text`, `textarea`, `select`,
    `native_select`, `dynamic_select`, `radio`, `checkbox`, `toggle`, `date`, `datetime`,
    `location`, `number`, `phone_number`, `file`, `hidden`, `catalogue`). `extra` keeps the
    type-specific attributes (`format`, `min_length`, `max_length`, `max_selections`, `min`,
    `max`, `step_value`, `boundary`, `data_source`, `multiple`)."""

    type: str
    name: str
    label: str
    hint: str | None = None
    placeholder: str | None = None
    mandatory: bool = False
    value: Any = None
    options: tuple[FormOption, ...] = ()
    trigger_on_change: bool = False
    disabled: bool = False
    extra: dict[str, Any] = msgspec.field(default_factory=dict)


class Form(msgspec.Struct, frozen=True):
    """A form a handler returned. Submitting calls the form function `action` (its submit
    handler); fields with `trigger_on_change` call its change handler; `dynamic_select` fields
    ask its dynamic-select handler for options."""

    name: str
    title: str
    action: str  # the form function's name
    inputs: tuple[FormInput, ...]
    hint: str | None = None
    button_label: str = "Submit"
    trigger_on_cancel: bool = False
    cancel_action: str | None = None  # `actions.cancel`'s function (else `action` on cancel)
    origin: str | None = None
    """The component whose handler returned the form (set by the platform, never read from
    the response): submitting runs only a form function of its extension."""
    message_id: str | None = None
    """The message the form was opened from (a button on it, or a message action on it), set
    by the platform: the form function gets it as `message` (Zoho, "Form Function": "Details
    of the message for which the form is invoked")."""

    def input(self, name: str) -> FormInput | None:
        return next((item for item in self.inputs if item.name == name), None)


class FormAction(msgspec.Struct, frozen=True):
    """One step of a change handler's `form_modification`: `type` is `remove`, `clear`,
    `update`, `add_before`, `add_after`, `enable` or `disable`; `input` is the new field for
    `update` / `add_*`."""

    type: str
    name: str
    input: FormInput | None = None


class SuggestionChip(msgspec.Struct, frozen=True):
    """A bot's quick reply: clicking it sends `text` to the bot."""

    text: str
    icon: str | None = None


class ContextQuestion(msgspec.Struct, frozen=True):
    name: str
    question: str
    suggestions: tuple[SuggestionChip, ...] = ()
    value: Any = None


class BotContext(msgspec.Struct, frozen=True):
    """A question sequence a bot started; its context handler runs once every answer is in."""

    id: str
    timeout_seconds: int
    params: tuple[ContextQuestion, ...]


class Message(msgspec.Struct, frozen=True):
    """One message in a chat.

    `visible_to` is set for replies only their requester sees (a command's reply, a banner, a
    notice about consent). `component` names the component whose run produced it, `run_id` the
    inspector record of that run. `edited_at` is set once a message edit replaced its content.
    """

    id: str
    chat_id: str
    sender: Sender
    time: datetime
    text: str = ""
    card: Card | None = None
    slides: tuple[Slide, ...] = ()
    buttons: tuple[Button, ...] = ()
    banner: Banner | None = None
    form: Form | None = None
    suggestions: tuple[SuggestionChip, ...] = ()
    mentions: tuple[dict[str, Any], ...] = ()
    references: dict[str, Button] = msgspec.field(default_factory=dict)
    visible_to: str | None = None
    component: str | None = None
    run_id: str | None = None
    edited_at: datetime | None = None
    is_error: bool = False
    # files sent with the message: {"name", "content_type", "size", "content" (base64)}
    attachments: tuple[dict[str, Any], ...] = ()
    previous: tuple[dict[str, Any], ...] = ()
    """Earlier contents a button's `{"navigation": true}` reply replaced, oldest first (each
    `{text, card, slides, buttons, references}` as `to_dict` writes them); while any is kept the
    message offers a Back button (`BACK`) that brings the last one back."""

    def all_buttons(self) -> tuple[Button, ...]:
        """Card buttons, then slide buttons, then instant buttons, in display order; then Back
        when a navigation reply replaced the message's first content."""
        slide_buttons = tuple(b for slide in self.slides for b in slide.buttons)
        back = (BACK,) if self.previous else ()
        return (self.poll_buttons() + self.buttons + slide_buttons
                + tuple(self.references.values()) + back)

    def poll_buttons(self) -> tuple[Button, ...]:
        """A poll card's options as the buttons that vote for them (first: they are the card)."""
        if self.card is None or self.card.theme != "poll":
            return ()
        return tuple(Button(option, POLL_VOTE, {"option": option}, hint="Vote")
                     for option in self.card.options)

    def navigated(self, new: Message, now: datetime) -> Message:
        """This message showing `new`'s content, its current content kept for Back (Zoho,
        "Button Navigation Control": https://www.zoho.com/cliq/help/platform/
        functions_workflow.html)."""
        from cliqsim.structs import replace

        current = {k: v for k, v in self.to_dict().items() if k in CONTENT_FIELDS}
        return replace(self, text=new.text, card=new.card, slides=new.slides,
                       buttons=new.buttons, references=new.references, edited_at=now,
                       previous=self.previous + (current,))

    def navigated_back(self, now: datetime) -> Message:
        """The content before the last navigation (ValueError when there is none)."""
        from cliqsim.structs import replace

        if not self.previous:
            raise ValueError("the message has no earlier content to go back to")
        last = self.previous[-1]
        return replace(self, text=last.get("text", ""),
                       card=card_from_dict(last["card"]) if last.get("card") else None,
                       slides=tuple(_slide(s) for s in last.get("slides", ())),
                       buttons=tuple(_button(b) for b in last.get("buttons", ())),
                       references={k: _button(b) for k, b in
                                   (last.get("references") or {}).items()},
                       edited_at=now, previous=self.previous[:-1])

    def visible_for(self, user_id: str) -> bool:
        return self.visible_to is None or self.visible_to == user_id

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (times as ISO text); `from_dict` reads it back. (What
        `dataclasses.asdict` gives, thirty times faster: this is on every message's path.)"""
        data: dict[str, Any] = msgspec.to_builtins(self)
        data["time"] = self.time.isoformat()
        data["edited_at"] = self.edited_at.isoformat() if self.edited_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        return cls(
            id=data["id"],
            chat_id=data["chat_id"],
            sender=Sender(**data["sender"]),
            time=datetime.fromisoformat(data["time"]),
            text=data.get("text", ""),
            card=card_from_dict(data["card"]) if data.get("card") else None,
            slides=tuple(_slide(s) for s in data.get("slides", ())),
            buttons=tuple(_button(b) for b in data.get("buttons", ())),
            banner=Banner(**data["banner"]) if data.get("banner") else None,
            form=_form(data["form"]) if data.get("form") else None,
            suggestions=tuple(SuggestionChip(**s) for s in data.get("suggestions", ())),
            mentions=tuple(data.get("mentions", ())),
            references={k: _button(b) for k, b in (data.get("references") or {}).items()},
            visible_to=data.get("visible_to"),
            component=data.get("component"),
            run_id=data.get("run_id"),
            edited_at=datetime.fromisoformat(data["edited_at"]) if data.get("edited_at") else None,
            is_error=bool(data.get("is_error", False)),
            attachments=tuple(data.get("attachments", ())),
            previous=tuple(data.get("previous") or ()),
        )


def _button(data: dict[str, Any]) -> Button:
    confirm = data.get("confirm")
    return Button(
        label=data["label"],
        action_type=data["action_type"],
        action_data=dict(data.get("action_data") or {}),
        type=data.get("type"),
        hint=data.get("hint"),
        key=data.get("key"),
        arguments=dict(data.get("arguments") or {}),
        confirm=Confirm(**confirm) if confirm else None,
    )


def _slide(data: dict[str, Any]) -> Slide:
    return Slide(
        type=data["type"],
        data=data.get("data"),
        title=data.get("title"),
        buttons=tuple(_button(b) for b in data.get("buttons", ())),
        styles=dict(data.get("styles") or {}),
    )


def form_input_from_dict(data: dict[str, Any]) -> FormInput:
    return FormInput(
        type=data["type"],
        name=data["name"],
        label=data["label"],
        hint=data.get("hint"),
        placeholder=data.get("placeholder"),
        mandatory=bool(data.get("mandatory", False)),
        value=data.get("value"),
        options=tuple(FormOption(**o) for o in data.get("options", ())),
        trigger_on_change=bool(data.get("trigger_on_change", False)),
        disabled=bool(data.get("disabled", False)),
        extra=dict(data.get("extra") or {}),
    )


def _form(data: dict[str, Any]) -> Form:
    return Form(
        name=data["name"],
        title=data["title"],
        action=data["action"],
        inputs=tuple(form_input_from_dict(i) for i in data.get("inputs", ())),
        hint=data.get("hint"),
        button_label=data.get("button_label", "Submit"),
        trigger_on_cancel=bool(data.get("trigger_on_cancel", False)),
        cancel_action=data.get("cancel_action"),
    )
