"""The runtime's machinery: resolve a trigger, ask the gate, bind inputs, run, respond.

`Runtime` (runtime.py) is the stable surface; this module does the work. Every trigger goes
through `_start`: the component must be available (its extension installed and active), the
gate decides (allowed, or a consent request parked as a `PendingRun`), and `_execute` runs the
handler against the guarded platform host and turns its answer into messages through the
trigger's `Responder`.
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cliqsim.clock import Clock, SimulatedClock
from cliqsim.consent.gate import Allowed, ConsentRequest, Gate
from cliqsim.consent.guard import GuardedHost, bind_objects
from cliqsim.consent.manifest import ConsentManifest
from cliqsim.consent.org import OrgConsent
from cliqsim.consent.store import ORG, ConsentStore
from cliqsim.deluge.effects import CLIQ_OBJECTS
from cliqsim.deluge.errors import DelugeError, DelugeLimitError, EffectBlocked
from cliqsim.deluge.source import Source
from cliqsim.errors import CliqsimError, UsageError
from cliqsim.paths import bundled_components
from cliqsim.paths import data_dir as default_data_dir
from cliqsim.platform import forms
from cliqsim.platform import inputs as cliq
from cliqsim.platform.host import PlatformHost
from cliqsim.platform.installs import Installs
from cliqsim.platform.manifests import Manifests, connection_specs
from cliqsim.platform.messages import SYSTEM, Form, Message, Sender, SuggestionChip
from cliqsim.platform.packages import (
    Catalog,
    LoadError,
    Package,
    Script,
    load_packages,
)
from cliqsim.platform.responses import MAX_SELECTIONS, Response, ResponseError, normalize
from cliqsim.platform.runtime import (
    ActionInfo,
    Attachment,
    BotInfo,
    ChatInfo,
    CommandInfo,
    ConsentState,
    ExtensionInfo,
    Failure,
    Location,
    Mail,
    Outcome,
    PendingRun,
    RunRecord,
    Suggestion,
    UserInfo,
)
from cliqsim.platform.scripts import run_handler
from cliqsim.platform.services.context import ServiceContext
from cliqsim.platform.workspace import Chat, Workspace

MAX_RUNS = 200
MAX_PARKED = 100

Responder = Callable[[Response, "RunContext"], Outcome]


@dataclass
class RunContext:
    """One trigger on its way through the runtime."""

    user_id: str
    package: Package
    script: Script
    trigger: str
    description: str
    chat: Chat | None
    inputs: dict[str, Any]
    respond: Responder
    reply_sender: Sender
    public_reply: bool = False  # the reply is part of the chat (bot chats, mentions)
    source_message: Message | None = None  # the message a button / action ran on
    form: Form | None = None
    run_id: str = ""
    posted: list[Message] = field(default_factory=list)
    info: tuple[str, ...] = ()

    @property
    def chat_id(self) -> str | None:
        return self.chat.id if self.chat else None


@dataclass
class _Parked:
    pending: PendingRun
    request: ConsentRequest
    resume: Callable[[Allowed, str], Outcome]
    chat_id: str | None


class Engine:
    def __init__(
        self,
        components_dir: Path | None,
        data_dir: Path | None,
        clock: Clock | None,
        *,
        online: bool = False,
    ) -> None:
        self.components_dir = Path(components_dir) if components_dir else bundled_components()
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.clock: Clock = clock or SimulatedClock()
        self.online = online
        self.workspace = Workspace(self.data_dir, self.components_dir, self.clock.now())
        self.store = ConsentStore.in_dir(self.data_dir)
        self.gate = Gate(self.store, self.clock)
        self.org = OrgConsent(self.gate)
        self.catalog: Catalog = load_packages(self.components_dir)
        self.manifests = Manifests()
        self._parked: dict[str, _Parked] = {}
        self._runs: deque[RunRecord] = deque(maxlen=MAX_RUNS)
        self._listeners: list[Callable[[Message], None]] = []
        self.installs = Installs(self)

    # --- time, reload, queries -------------------------------------------------------------

    def advance(self, delta: timedelta) -> tuple[Outcome, ...]:
        if not isinstance(self.clock, SimulatedClock):
            raise UsageError("time can be moved only on a simulated clock")
        from cliqsim.platform.schedulers import book

        return book(self).advance_to(self.clock.now() + delta)

    @property
    def load_errors(self) -> list[LoadError]:
        return self.catalog.errors

    def reload(self) -> tuple[LoadError, ...]:
        self.catalog = load_packages(self.components_dir)
        self.manifests.clear()
        return tuple(self.catalog.errors)

    def users(self) -> list[UserInfo]:
        return [self._user_info(u) for u in self.workspace.users()]

    def user(self, user_id: str) -> UserInfo:
        return self._user_info(self.workspace.user(user_id))

    @staticmethod
    def _user_info(u: dict[str, Any]) -> UserInfo:
        return UserInfo(u["id"], u["first_name"], u["last_name"], u["email"], bool(u["admin"]),
                        u.get("timezone", "Asia/Kolkata"), u.get("country", "in"),
                        u.get("language", "en"))

    def chats(self, user_id: str) -> list[ChatInfo]:
        self.workspace.user(user_id)
        return [self._chat_info(c) for c in self.workspace.chats() if user_id in c.members]

    def chat(self, chat_id: str) -> ChatInfo:
        return self._chat_info(self.workspace.chat(chat_id))

    def _chat_info(self, chat: Chat) -> ChatInfo:
        messages = self.workspace.messages(chat.id)
        return ChatInfo(chat.id, chat.type, chat.title, chat.members, chat.unique_name,
                        len(messages), messages[-1].time if messages else None)

    def messages(self, chat_id: str, user_id: str | None, limit: int | None) -> list[Message]:
        chat = self.workspace.chat(chat_id)
        found = self.workspace.messages(chat.id, user_id)
        return found[-limit:] if limit else found

    def message(self, message_id: str) -> Message:
        return self.workspace.message(message_id)

    def commands(self, user_id: str) -> list[CommandInfo]:
        return [CommandInfo(p.id, p.name, p.hint, p.description,
                            self.consent_state(user_id, p.id),
                            "suggestion_handler" in p.handlers, p.extension,
                            self._available(p) is None)
                for p in self.catalog.of_type("command")]

    def bots(self, user_id: str) -> list[BotInfo]:
        return [BotInfo(p.id, p.name, p.unique_name, p.description,
                        self.consent_state(user_id, p.id), tuple(a.name for a in p.menu),
                        p.extension, self._available(p) is None)
                for p in self.catalog.of_type("bot")]

    def actions(self, user_id: str, message_id: str | None) -> list[ActionInfo]:
        kind = cliq.message_type(self.workspace.message(message_id)) if message_id else None
        return [ActionInfo(p.id, p.name, p.hint, p.description, p.message_types,
                           self.consent_state(user_id, p.id), p.extension,
                           self._available(p) is None)
                for p in self.catalog.of_type("message_action")
                if kind is None or kind in p.message_types]

    def extensions(self) -> list[ExtensionInfo]:
        found = []
        for p in self.catalog.of_type("extension"):
            record = self.store.install(p.id)
            state = self.workspace.install(p.id) or {}
            found.append(ExtensionInfo(
                p.id, p.name, p.version, p.description, tuple(p.components),
                record is not None, record is not None and bool(state.get("active", True)),
                record.installed_by if record else None,
                record.installed_at if record else None,
                self.manifest(p).items))
        return found

    def consent_state(self, user_id: str, component_id: str) -> ConsentState:
        package = self._package(component_id)
        manifest = self.manifest(package)
        state = self.gate.state(user_id, manifest)
        grant = self.store.current(user_id, package.id)
        expires = grant.expires_at if grant is not None and state == "allowed" else None
        return ConsentState(state, expires)

    def script_source(self, component_id: str, file: str) -> str:
        package = self._package(component_id)
        for script in package.scripts():
            if file in (script.display_name, script.path.name, str(script.path)):
                return script.text
        raise UsageError(f"{package.id} has no handler file {file!r}")

    def outbox(self, user_id: str | None) -> list[Mail]:
        email = self.workspace.user(user_id)["email"] if user_id else None
        mails = []
        for m in self.workspace.mails():
            if email and email != m["sender"] and email not in m["to"] + m["cc"] + m["bcc"]:
                continue
            mails.append(Mail(m["id"], datetime.fromisoformat(m["time"]), m["sender"],
                              tuple(m["to"]), m["subject"], m["body"], tuple(m["cc"]),
                              tuple(m["bcc"]), m.get("component")))
        return mails

    def runs(self, limit: int) -> list[RunRecord]:
        return list(self._runs)[-limit:]

    def subscribe(self, listener: Callable[[Message], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def grants(self, user_id: str) -> list[Any]:
        self.store.refresh()
        return self.store.grants(user_id)

    def revoke(self, user_id: str, *, grant_id: str | None, component: str | None,
               everything: bool) -> int:
        if grant_id is None and component is None and not everything:
            raise UsageError("say what to revoke: a grant id, a component, or everything")
        return len(self.gate.revoke(grant_id, component_id=component, user_id=user_id,
                                    everything=everything))

    def ledger(self, user_id: str | None) -> list[Any]:
        self.store.refresh()
        return self.store.ledger(user_id)

    # --- packages and manifests ------------------------------------------------------------

    def _package(self, component_id: str) -> Package:
        package = self.catalog.packages.get(component_id)
        if package is None:
            known = ", ".join(sorted(self.catalog.packages)) or "none"
            raise UsageError(f"there is no component {component_id!r} (components: {known})")
        return package

    def manifest(self, package: Package) -> ConsentManifest:
        return self.manifests.of(package)

    def _available(self, package: Package) -> str | None:
        """Why the component cannot run now (its extension is not installed), or None."""
        if package.extension is None:
            return None
        extension = self.catalog.packages.get(package.extension)
        name = extension.name if extension else package.extension
        if self.store.install(package.extension) is None:
            admins = ", ".join(f"{a['first_name']} ({a['id']})" for a in self.workspace.admins())
            return (f"{package.display_name} is part of the {name} extension, which is not "
                    f"installed in {self.workspace.org_name}. An org admin ({admins}) can "
                    f"install it: cliqsim extensions install {package.extension}")
        state = self.workspace.install(package.extension) or {}
        if not state.get("active", True):
            return (f"the {name} extension is installed but not active: its installation "
                    "handler did not return status 200")
        return None

    # --- the road every trigger takes ------------------------------------------------------

    def _new_id(self, prefix: str = "m") -> str:
        return f"{prefix}_{secrets.token_hex(6)}"

    def _emit(self, message: Message, edited: bool = False) -> Message:
        if edited:
            self.workspace.replace(message)
        else:
            self.workspace.append(message)
        for listener in list(self._listeners):
            listener(message)
        return message

    def _notice(self, user_id: str, chat_id: str | None, text: str, *, error: bool = False,
                run_id: str | None = None, component: str | None = None) -> Message | None:
        if chat_id is None:
            return None
        return self._emit(Message(self._new_id(), chat_id, SYSTEM, self.clock.now(), text=text,
                                  visible_to=user_id, is_error=error, run_id=run_id,
                                  component=component))

    def _start(self, ctx: RunContext) -> Outcome:
        self.workspace.refresh()
        why_not = self._available(ctx.package)
        if why_not:
            notice = self._notice(ctx.user_id, ctx.chat_id, why_not, error=True)
            return Outcome("denied", (notice,) if notice else (), chat_id=ctx.chat_id,
                           error=Failure("refused", why_not, ctx.package.id), notice=why_not)
        try:
            manifest = self.manifest(ctx.package)
        except DelugeError as error:
            return self._failed(ctx, Failure("package", error.message, ctx.package.id,
                                             file=error.source.name if error.source else None,
                                             line=error.line))
        decision = self.gate.check(ctx.user_id, manifest)
        if isinstance(decision, ConsentRequest):
            return self._park(ctx, decision, lambda allowed, how: self._execute(ctx, allowed,
                                                                                  how))
        return self._execute(ctx, decision, "granted" if decision.grant else "not needed")

    def _park(self, ctx: RunContext, request: ConsentRequest,
              resume: Callable[[Allowed, str], Outcome], *, org: bool = False) -> Outcome:
        pending = PendingRun(
            id=self._new_id("p"), user_id=ctx.user_id, component=ctx.package.id,
            component_name=ctx.package.display_name, trigger=ctx.trigger,
            description=ctx.description, created_at=self.clock.now(), org=org)
        chat_id = ctx.chat_id
        self._parked[pending.id] = _Parked(pending, request, resume, chat_id)
        while len(self._parked) > MAX_PARKED:  # requests nobody answered (live suggestions)
            del self._parked[next(iter(self._parked))]
        return Outcome("consent_required", chat_id=chat_id, consent=request, pending=pending,
                       notice=request.reason_text)

    def decide(self, pending: PendingRun, allow: bool) -> Outcome:
        parked = self._parked.pop(pending.id, None)
        if parked is None:
            raise UsageError(f"the consent request {pending.id} was already answered or is "
                             "unknown; run the trigger again")
        manifest = parked.request.manifest
        if not allow:
            who = ORG if pending.org else pending.user_id
            self.gate.deny(who, manifest)
            text = (f"You did not allow {pending.component_name}; nothing ran."
                    if not pending.org else
                    f"You did not allow {pending.component_name} to access the organization's "
                    "information; it was not installed.")
            notice = self._notice(pending.user_id, parked.chat_id, text)
            return Outcome("denied", (notice,) if notice else (), chat_id=parked.chat_id,
                           notice=text)
        if pending.org:
            return parked.resume(Allowed(None, manifest, manifest.keys), "allowed")
        self.gate.grant(pending.user_id, manifest)
        decision = self.gate.check(pending.user_id, manifest)
        if isinstance(decision, ConsentRequest):  # cannot happen right after a grant
            raise CliqsimError(f"consent for {pending.component_name} did not take effect",
                               "Consent error")
        return parked.resume(decision, "allowed")

    def _execute(self, ctx: RunContext, allowed: Allowed, how: str) -> Outcome:
        manifest = allowed.manifest
        items = [item for key in allowed.covered if (item := manifest.item(key)) is not None]
        bound = bind_objects(items, ctx.inputs, CLIQ_OBJECTS)
        ctx.run_id = self._new_id("run")
        service = self._service_context(ctx)
        host = PlatformHost(service)
        if self.online:  # --online: invokeurl goes to the network, after the guard
            from cliqsim.platform.online import shared

            host.online = shared(self)
        grant = allowed.grant
        guarded = GuardedHost(
            host, items, connection_specs(ctx.package), component=ctx.package.display_name,
            on_blocked=lambda effect, span: self.gate.record_blocked(
                grant, ctx.user_id, ctx.package.id, effect))
        started = time.perf_counter()
        failure: Failure | None = None
        value: Any = None
        try:
            value = run_handler(ctx.script, guarded, bound)
        except EffectBlocked as error:
            failure = _failure("blocked", error, ctx)
        except DelugeLimitError as error:
            failure = _failure("limit", error, ctx)
        except DelugeError as error:
            failure = _failure("script", error, ctx)
        elapsed = (time.perf_counter() - started) * 1000
        if grant is not None:
            self.gate.record_use(grant, guarded.used_keys)
        ctx.posted.extend(service.posted)
        ctx.info = tuple(host.info_lines)
        outcome: Outcome
        response_value = value
        if failure is None:
            try:
                response = normalize(value, ctx.script.handler)
                outcome = ctx.respond(response, ctx)
            except ResponseError as error:
                failure = Failure("response", f"the response breaks Cliq's rules: "
                                  f"{error.message}", ctx.package.id, ctx.script.handler,
                                  ctx.script.display_name)
        if failure is not None:
            outcome = self._failed(ctx, failure)
        record = RunRecord(
            id=ctx.run_id, time=self.clock.now(), user_id=ctx.user_id,
            chat_id=ctx.chat_id, component=ctx.package.id,
            handler=ctx.script.handler, file=ctx.script.display_name, trigger=ctx.trigger,
            inputs=bound, consent=how, status=outcome.status, info=ctx.info,
            effects=tuple(host.effects), response=response_value, error=failure,
            duration_ms=elapsed)
        self._runs.append(record)
        return replace(outcome, run=record, info=ctx.info,
                       messages=tuple(ctx.posted) + outcome.messages)

    def _failed(self, ctx: RunContext, failure: Failure) -> Outcome:
        where = ""
        if failure.file:
            where = f" ({failure.handler or 'handler'} in {failure.file}"
            where += f", line {failure.line})" if failure.line else ")"
        text = f"{ctx.package.display_name} failed{where}: {failure.message}"
        notice = self._notice(ctx.user_id, ctx.chat_id, text, error=True,
                              run_id=ctx.run_id or None, component=ctx.package.id)
        return Outcome("error", (notice,) if notice else (),
                       chat_id=ctx.chat_id, error=failure, notice=text)

    def _service_context(self, ctx: RunContext) -> ServiceContext:
        package = ctx.package

        def owner(link: str | None) -> str:
            connection = package.connections.get(link) if link else None
            if connection and connection.owner:
                return connection.owner
            return str(self.workspace.admins()[0]["id"])

        return ServiceContext(
            workspace=self.workspace, package=package, user_id=ctx.user_id,
            chat_id=ctx.chat_id, now=self.clock.now,
            post=self._emit, edit=lambda m: self._emit(m, edited=True), new_id=self._new_id,
            bot_sender=self._bot_sender(package),
            extension=package.id if package.type == "extension" else package.extension,
            connection_owner=owner)

    def _bot_sender(self, package: Package) -> Sender | None:
        if package.type == "bot":
            return Sender(package.unique_name, package.name, "bot")
        if package.extension:
            for other in self.catalog.of_type("bot"):
                if other.extension == package.extension:
                    return Sender(other.unique_name, other.name, "bot")
        return None

    # --- turning responses into messages ---------------------------------------------------

    def _reply(self, response: Response, ctx: RunContext) -> Outcome:
        """The standard responder: message / banner / form / context / edit."""
        chat_id = ctx.chat_id
        visible_to = None if ctx.public_reply else ctx.user_id
        messages: list[Message] = []
        now = self.clock.now()
        if response.kind == "none" or chat_id is None:
            return Outcome("ok", chat_id=chat_id, form=response.form)
        if response.kind == "banner" and response.banner is not None:
            messages.append(self._emit(Message(
                self._new_id(), chat_id, ctx.reply_sender, now, banner=response.banner,
                visible_to=ctx.user_id, component=ctx.package.id, run_id=ctx.run_id)))
            return Outcome("ok", tuple(messages), chat_id=chat_id, notice=response.banner.text)
        if response.kind == "form":
            return Outcome("ok", chat_id=chat_id, form=response.form)
        if response.kind == "message_edit":
            target = ctx.source_message
            # A button's function may edit the message holding the button (the component
            # that posted it put the button there); otherwise only the component's own messages.
            own = target is not None and (ctx.trigger == "button" or target.component in (
                ctx.package.id, ctx.package.extension))
            if target is None or not own:
                raise ResponseError("type", "a message edit can only replace the message "
                                    "holding the button, or a message this component posted")
            edited = replace(target, text=response.text or target.text,
                             card=response.card or target.card,
                             slides=response.slides or target.slides,
                             buttons=response.buttons, edited_at=now)
            messages.append(self._emit(edited, edited=True))
            return Outcome("ok", tuple(messages), chat_id=chat_id)
        sender = ctx.reply_sender
        if response.bot:
            sender = Sender(sender.id, str(response.bot.get("name") or sender.name), sender.kind)
        if response.text or response.card or response.slides or response.buttons or (
                response.chips and not response.context):
            messages.append(self._emit(Message(
                self._new_id(), chat_id, sender, now, text=response.text, card=response.card,
                slides=response.slides, buttons=response.buttons, references=response.references,
                suggestions=response.chips, visible_to=visible_to, component=ctx.package.id,
                run_id=ctx.run_id)))
        if response.context is not None:
            messages.extend(self._start_context(ctx, response, sender))
        return Outcome("ok", tuple(messages), chat_id=chat_id)

    def _start_context(self, ctx: RunContext, response: Response, sender: Sender) -> list[
            Message]:
        context = response.context
        assert context is not None and ctx.chat is not None
        bot = self._bot_sender(ctx.package)
        if bot is None:
            raise ResponseError("context", "only a bot (or an extension with a bot) can start a "
                                "context: the answers go to the bot's context handler")
        chat, _ = self.workspace.ensure_bot_chat(bot.id, bot.name, ctx.user_id, self.clock.now())
        expires = self.clock.now() + timedelta(seconds=context.timeout_seconds)
        self.workspace.set_context(chat.id, {
            "bot": bot.id, "user": ctx.user_id, "id": context.id,
            "params": [{"name": q.name, "question": q.question,
                        "suggestions": [{"text": c.text, "icon": c.icon}
                                        for c in q.suggestions]} for q in context.params],
            "answers": {}, "expires_at": expires.isoformat()})
        first = context.params[0]
        return [self._emit(Message(self._new_id(), chat.id, bot, self.clock.now(),
                                   text=first.question, suggestions=first.suggestions,
                                   component=ctx.package.id, run_id=ctx.run_id))]

    # --- triggers ----------------------------------------------------------------------------

    def _ctx(self, user_id: str, package: Package, script: Script, trigger: str,
             description: str, chat: Chat | None, inputs: dict[str, Any], *,
             public: bool = False, respond: Responder | None = None,
             source_message: Message | None = None, form: Form | None = None) -> RunContext:
        sender = self._bot_sender(package) if package.type == "bot" else None
        return RunContext(
            user_id=user_id, package=package, script=script, trigger=trigger,
            description=description, chat=chat, inputs=inputs, respond=respond or self._reply,
            reply_sender=sender or Sender(package.id, package.display_name, "component"),
            public_reply=public, source_message=source_message, form=form)

    def _bots_by_name(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for bot in self.catalog.of_type("bot"):
            names[bot.unique_name] = bot.name
            names[bot.name.lower()] = bot.name
        return names

    def submit(self, user_id: str, chat_id: str, text: str, attachments: Sequence[Attachment],
               location: Location | None, selections: Sequence[Suggestion]) -> Outcome:
        self.workspace.refresh()
        self.workspace.user(user_id)
        chat = self._chat_for(user_id, chat_id)
        if user_id not in chat.members:
            raise UsageError(f"{user_id} is not a member of {chat.title} ({chat.id})")
        stripped = text.strip()
        if not stripped:
            raise UsageError("there is nothing to send: the text is empty")
        if stripped.startswith("/"):
            return self._command(user_id, chat, stripped, attachments, location, selections)
        if chat.type == "bot" and chat.bot:
            return self._bot_message(user_id, chat, stripped, attachments, location)
        mentioned = _leading_mention(stripped)
        bot = self.catalog.bot(mentioned) if mentioned else None
        posted = self._post_user_message(user_id, chat, stripped)
        if bot is None:
            from cliqsim.platform.links import unfurl  # a link a link handler previews

            return unfurl(self, user_id, chat, posted)
        outcome = self._mention(user_id, chat, bot, stripped, location)
        return replace(outcome, messages=(posted, *outcome.messages))

    def _chat_for(self, user_id: str, chat_id: str) -> Chat:
        """The chat, creating the user's DM (`dm_<a>_<b>`) or bot chat (`bot_<bot>_<user>`) on
        first contact, as writing to someone in Cliq does."""
        chat = self.workspace.find_chat(chat_id)
        if chat is not None:
            return chat
        for other in self.workspace.users():
            if chat_id == "dm_{}_{}".format(*sorted((user_id, other["id"]))) and \
                    other["id"] != user_id:
                return self.workspace.ensure_dm(user_id, other["id"], self.clock.now())
        for bot in self.catalog.of_type("bot"):
            if chat_id == self.workspace.bot_chat_id(bot.unique_name, user_id):
                return self._bot_chat(user_id, bot)[0]
        return self.workspace.chat(chat_id)  # raises, naming the chats there are

    def _post_user_message(self, user_id: str, chat: Chat, text: str) -> Message:
        user = self.workspace.user(user_id)
        mentions = cliq.mentions_in(self.workspace, text, self._bots_by_name())
        return self._emit(Message(
            self._new_id(), chat.id,
            Sender(user_id, f"{user['first_name']} {user['last_name']}".strip(), "user"),
            self.clock.now(), text=text, mentions=tuple(mentions)))

    def _parse_command(self, text: str) -> tuple[Package, str, dict[str, str]]:
        head, _, rest = text[1:].partition(" ")
        package = self.catalog.command(head)
        if package is None:
            known = ", ".join(f"/{p.name}" for p in self.catalog.of_type("command")) or "none"
            broken = [e for e in self.catalog.errors if head in str(e.path)]
            extra = f" ({broken[0].message})" if broken else ""
            raise UsageError(f"there is no command /{head}{extra}; commands: {known}")
        options: dict[str, str] = {}
        for word in rest.split():
            if word.startswith("-") and len(word) > 1 and not word[1:].isdigit():
                key, _, value = word.lstrip("-").partition("=")
                options[key] = value or "true"
        return package, rest.strip(), options

    def _command_inputs(self, user_id: str, chat: Chat, arguments: str, options: dict[str, str],
                        attachments: Sequence[Attachment], location: Location | None,
                        selections: Sequence[Suggestion]) -> dict[str, Any]:
        from cliqsim.deluge.values import File

        inputs = cliq.common(self.workspace, user_id, chat)
        inputs.update({
            "arguments": arguments,
            "options": options,
            "mentions": cliq.mentions_in(self.workspace, arguments, self._bots_by_name()),
            "attachments": [File(a.name, a.content, a.content_type) for a in attachments],
            "selections": [s.to_dict() for s in selections],
            "location": cliq.location_object(location, self.workspace, user_id),
        })
        return inputs

    def _command(self, user_id: str, chat: Chat, text: str, attachments: Sequence[Attachment],
                 location: Location | None, selections: Sequence[Suggestion]) -> Outcome:
        package, arguments, options = self._parse_command(text)
        if len(selections) > MAX_SELECTIONS:
            raise UsageError(f"at most {MAX_SELECTIONS} suggestions can be selected before a "
                             "command runs")
        inputs = self._command_inputs(user_id, chat, arguments, options, attachments, location,
                                      selections)
        return self._start(self._ctx(user_id, package, package.handlers["execution_handler"],
                                     "command", text, chat, inputs))

    def suggest(self, user_id: str, chat_id: str, text: str) -> Outcome:
        chat = self.workspace.chat(chat_id)
        package, arguments, options = self._parse_command(text.lstrip())
        script = package.handlers.get("suggestion_handler")
        if script is None:
            return Outcome("ok", chat_id=chat.id)
        inputs = self._command_inputs(user_id, chat, arguments, options, (), None, ())
        inputs.pop("attachments")

        def respond(response: Response, ctx: RunContext) -> Outcome:
            return Outcome("ok", chat_id=chat.id, suggestions=tuple(
                Suggestion(s["title"], s.get("description") or "", s.get("imageurl"),
                           None if s.get("id") is None else str(s["id"]))
                for s in response.suggestions))

        return self._start(self._ctx(user_id, package, script, "command_suggestion",
                                     text, chat, inputs, respond=respond))

    def _bot(self, name: str) -> Package:
        bot = self.catalog.bot(name)
        if bot is None:
            known = ", ".join(f"@{b.name}" for b in self.catalog.of_type("bot")) or "none"
            raise UsageError(f"there is no bot {name!r}; bots: {known}")
        return bot

    def _bot_chat(self, user_id: str, bot: Package) -> tuple[Chat, bool]:
        return self.workspace.ensure_bot_chat(bot.unique_name, bot.name, user_id,
                                              self.clock.now())

    def open_bot(self, user_id: str, name: str) -> Outcome:
        self.workspace.user(user_id)
        bot = self._bot(name)
        chat, created = self._bot_chat(user_id, bot)
        script = bot.handlers.get("welcome_handler")
        if script is None:
            return Outcome("ok", chat_id=chat.id)
        inputs = cliq.common(self.workspace, user_id, None)
        inputs["newuser"] = created
        return self._start(self._ctx(user_id, bot, script, "bot_welcome", f"open @{bot.name}",
                                     chat, inputs, public=True))

    def _bot_message(self, user_id: str, chat: Chat, text: str,
                     attachments: Sequence[Attachment], location: Location | None) -> Outcome:
        from cliqsim.deluge.values import File

        bot = self._bot(chat.bot or "")
        posted = self._post_user_message(user_id, chat, text)
        context = self.workspace.context(chat.id)
        if context is not None:
            outcome = self._answer_context(user_id, chat, bot, context, text)
            if outcome is not None:
                return replace(outcome, messages=(posted, *outcome.messages))
        script = bot.handlers.get("message_handler")
        if script is None:
            note = self._notice(user_id, chat.id, f"{bot.name} has no message handler, so it "
                                "does not answer messages.")
            return Outcome("ok", (posted, *(m for m in (note,) if m)), chat_id=chat.id)
        inputs = cliq.common(self.workspace, user_id, chat)
        mentions = cliq.mentions_in(self.workspace, text, self._bots_by_name())
        inputs.update({
            "message": text,
            "raw_message": text,
            "message_details": {"time": cliq.epoch_ms(posted.time),
                                "message": {"type": cliq.message_type(posted), "text": text,
                                            "mentions": mentions}},
            "attachments": [File(a.name, a.content, a.content_type) for a in attachments],
            "mentions": mentions,
            "links": cliq.LINK.findall(text),
            "location": cliq.location_object(location, self.workspace, user_id),
            "options": {},
            "selections": [],
            "arguments": text,
        })
        outcome = self._start(self._ctx(user_id, bot, script, "bot_message",
                                        f"@{bot.name} {text}", chat, inputs, public=True))
        return replace(outcome, messages=(posted, *outcome.messages))

    def _answer_context(self, user_id: str, chat: Chat, bot: Package, context: dict[str, Any],
                        text: str) -> Outcome | None:
        if datetime.fromisoformat(context["expires_at"]) <= self.clock.now():
            self.workspace.set_context(chat.id, None)
            return None
        answers = dict(context["answers"])
        params = context["params"]
        current = params[len(answers)]
        answers[current["name"]] = {"text": text}
        if len(answers) < len(params):
            self.workspace.set_context(chat.id, {**context, "answers": answers})
            question = params[len(answers)]
            chips = tuple(SuggestionChip(c["text"], c.get("icon"))
                          for c in question.get("suggestions", ()))
            sender = Sender(bot.unique_name, bot.name, "bot")
            message = self._emit(Message(self._new_id(), chat.id, sender, self.clock.now(),
                                         text=question["question"], suggestions=chips,
                                         component=bot.id))
            return Outcome("ok", (message,), chat_id=chat.id)
        self.workspace.set_context(chat.id, None)
        script = bot.handlers.get("context_handler")
        if script is None:
            notice = self._notice(user_id, chat.id, f"{bot.name} asked questions but has no "
                                  "context handler to receive the answers.", error=True)
            return Outcome("error", tuple(m for m in (notice,) if m), chat_id=chat.id)
        inputs = cliq.common(self.workspace, user_id, chat)
        inputs.update({"context_id": context["id"], "answers": answers, "mentions": [],
                       "options": {}, "selections": [], "arguments": "", "attachments": []})
        return self._start(self._ctx(user_id, bot, script, "bot_context",
                                     f"answers to @{bot.name}", chat, inputs, public=True))

    def _mention(self, user_id: str, chat: Chat, bot: Package, text: str,
                 location: Location | None) -> Outcome:
        script = bot.handlers.get("mention_handler")
        if script is None:
            notice = self._notice(user_id, chat.id, f"{bot.name} has no mention handler; "
                                  f"message it in its own chat instead (bot_{bot.unique_name}_"
                                  f"{user_id}).")
            return Outcome("ok", tuple(m for m in (notice,) if m), chat_id=chat.id)
        user = self.workspace.user(user_id)
        inputs = cliq.common(self.workspace, user_id, chat)
        inputs.update({
            "message": {"sender": {"id": user_id, "name": user["first_name"]},
                        "text": text, "time": cliq.epoch_ms(self.clock.now()), "type": "text"},
            "mentions": cliq.mentions_in(self.workspace, text, self._bots_by_name()),
            "location": cliq.location_object(location, self.workspace, user_id),
        })
        return self._start(self._ctx(user_id, bot, script, "bot_mention", text, chat, inputs,
                                     public=True))

    def menu_action(self, user_id: str, name: str, action: str) -> Outcome:
        self.workspace.user(user_id)
        bot = self._bot(name)
        chosen = next((a for a in bot.menu if a.name.lower() == action.lower()), None)
        if chosen is None:
            known = ", ".join(a.name for a in bot.menu) or "none"
            raise UsageError(f"{bot.name} has no menu action {action!r}; menu: {known}")
        chat, _ = self._bot_chat(user_id, bot)
        inputs = cliq.common(self.workspace, user_id, chat)
        inputs.update({"handler": {"type": "action_handler", "name": chosen.name},
                       "location": cliq.location_object(None, self.workspace, user_id)})
        return self._start(self._ctx(user_id, bot, chosen.script, "bot_menu",
                                     f"{bot.name} menu: {chosen.name}", chat, inputs,
                                     public=True))

    def run_action(self, user_id: str, name: str, message_ids: Sequence[str],
                   chat_id: str | None) -> Outcome:
        self.workspace.user(user_id)
        package = self.catalog.action(name)
        if package is None:
            known = ", ".join(p.name for p in self.catalog.of_type("message_action")) or "none"
            raise UsageError(f"there is no message action {name!r}; actions: {known}")
        if not message_ids:
            raise UsageError("choose the message to run the action on")
        messages = [self.workspace.message(m) for m in message_ids]
        if len(messages) > 1 and not package.multi_selectable:
            raise UsageError(f"{package.name} works on one message at a time")
        chat = self.workspace.chat(chat_id or messages[0].chat_id)
        for message in messages:
            kind = cliq.message_type(message)
            if kind not in package.message_types:
                raise UsageError(f"{package.name} works on {', '.join(package.message_types)} "
                                 f"messages, not on a {kind} message")
        objects = [cliq.message_object(self.workspace, m) for m in messages]
        inputs = cliq.common(self.workspace, user_id, chat)
        inputs.update({
            "message": objects[0],
            "messages": {"count": len(objects), "list": objects},
            "attachments": [],
            "mentions": list(messages[0].mentions),
            "location": cliq.location_object(None, self.workspace, user_id),
        })
        return self._start(self._ctx(user_id, package, package.handlers["execution_handler"],
                                     "message_action", f"{package.name} on a message", chat,
                                     inputs, source_message=messages[0]))

    def _function(self, name: str, kind: str) -> Package:
        package = self.catalog.function(name)
        if package is None:
            known = ", ".join(p.name for p in self.catalog.of_type("function")) or "none"
            raise UsageError(f"there is no function {name!r} (functions: {known})")
        if package.function_type != kind:
            raise UsageError(f"function {name!r} is a {package.function_type} function, not a "
                             f"{kind} function")
        return package

    def click(self, user_id: str, message_id: str, button: int | str,
              confirm_input: str | None) -> Outcome:
        self.workspace.user(user_id)
        message = self.workspace.message(message_id)
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
        chat = self.workspace.chat(message.chat_id)
        from cliqsim.platform.links import click_action, is_preview_button

        if is_preview_button(chosen):  # an action of a link preview
            return click_action(self, user_id, message, chosen, confirm_input)
        if chosen.action_type != "invoke.function":
            return Outcome("ok", chat_id=chat.id, notice=_local_action(chosen.action_type,
                                                                       chosen.action_data))
        if chosen.confirm and chosen.confirm.mandatory and chosen.confirm.input and not (
                confirm_input or "").strip():
            raise UsageError(f"the button {chosen.label!r} asks \"{chosen.confirm.input}\"; "
                             "give an answer")
        package = self._function(chosen.function or "", "button")
        arguments = dict(chosen.arguments)
        if confirm_input is not None:
            arguments["input"] = confirm_input
        inputs = cliq.common(self.workspace, user_id, chat)
        inputs.update({
            "message": cliq.message_object(self.workspace, message),
            "target": {"name": chosen.label, "hint": chosen.hint, "id": chosen.key},
            "arguments": arguments,
            "event": "button_click",
        })
        return self._start(self._ctx(user_id, package, package.handlers["button_handler"],
                                     "button", f"button {chosen.label!r}", chat, inputs,
                                     public=chat.type == "bot", source_message=message))

    # --- forms -------------------------------------------------------------------------------

    def _form_run(self, user_id: str, chat_id: str, form: Form, handler: str, trigger: str,
                  extra: dict[str, Any], values: dict[str, Any],
                  respond: Responder | None = None) -> Outcome:
        self.workspace.user(user_id)
        chat = self.workspace.chat(chat_id)
        package = self._function(form.action, "form")
        script = package.handlers.get(handler)
        if script is None:
            raise UsageError(f"form function {form.action!r} has no {handler}")
        inputs = cliq.common(self.workspace, user_id, chat)
        inputs["form"] = {"name": form.name, "action": "submit" if trigger == "form_submit"
                          else "change", "values": forms.shape_values(form, values)}
        inputs.update(extra)
        return self._start(self._ctx(user_id, package, script, trigger,
                                     f"form {form.title!r}", chat, inputs, respond=respond,
                                     public=chat.type == "bot", form=form))

    def submit_form(self, user_id: str, chat_id: str, form: Form,
                    values: dict[str, Any]) -> Outcome:
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
            return self._reply(response, ctx)

        return self._form_run(user_id, chat_id, form, "form_submit_handler", "form_submit", {},
                              values, respond)

    def change_form(self, user_id: str, chat_id: str, form: Form, values: dict[str, Any],
                    field_name: str) -> Outcome:
        if form.input(field_name) is None:
            raise UsageError(f"form {form.name!r} has no field {field_name!r}")

        def respond(response: Response, ctx: RunContext) -> Outcome:
            return Outcome("ok", chat_id=chat_id, form=form, form_actions=response.form_actions)

        return self._form_run(user_id, chat_id, form, "form_change_handler", "form_change",
                              {"target": {"name": field_name, "value": forms.shape_values(
                                  form, values).get(field_name)}},
                              values, respond)

    def form_options(self, user_id: str, chat_id: str, form: Form, values: dict[str, Any],
                     field_name: str, query: str) -> Outcome:
        if form.input(field_name) is None:
            raise UsageError(f"form {form.name!r} has no field {field_name!r}")

        def respond(response: Response, ctx: RunContext) -> Outcome:
            return Outcome("ok", chat_id=chat_id, form=form, options=response.options)

        return self._form_run(user_id, chat_id, form, "form_dynamic_select_handler",
                              "form_dynamic_select", {"target": {"name": field_name,
                                                                 "query": query}},
                              values, respond)

    # --- webhooks and participation --------------------------------------------------------

    def deliver_webhook(self, name: str, body: str, headers: dict[str, str],
                        params: dict[str, str], method: str, user_id: str | None) -> Outcome:
        bot = self._bot(name)
        script = bot.handlers.get("incoming_webhook_handler")
        if script is None:
            raise UsageError(f"{bot.name} has no incoming webhook handler")
        owner = user_id or str(self.workspace.admins()[0]["id"])
        chat, _ = self._bot_chat(owner, bot)
        inputs = cliq.common(self.workspace, owner, None)
        inputs.update({"headers": headers, "params": params, "body": body,
                       "http_method": method.upper()})
        return self._start(self._ctx(owner, bot, script, "bot_incoming_webhook",
                                     f"webhook to {bot.name}", chat, inputs, public=True))

    def participation(self, user_id: str, name: str, channel: str, operation: str) -> Outcome:
        bot = self._bot(name)
        chat = self.workspace.channel(channel)
        if chat is None:
            raise UsageError(f"there is no channel {channel!r}")
        self.workspace.set_bot_in_channel(bot.unique_name, chat.id, operation == "added")
        script = bot.handlers.get("participation_handler")
        if script is None:
            return Outcome("ok", chat_id=chat.id, notice=f"{bot.name} {operation}")
        inputs = cliq.common(self.workspace, user_id, chat)
        inputs.update({"operation": operation,
                       "data": {"time": cliq.epoch_ms(self.clock.now())}})
        return self._start(self._ctx(user_id, bot, script, "bot_participation",
                                     f"{bot.name} {operation} to #{chat.unique_name}", chat,
                                     inputs, public=True))

    # --- extensions (installs.py) --------------------------------------------------------------

    def install_extension(self, user_id: str, name: str) -> Outcome:
        return self.installs.install(user_id, name)

    def uninstall_extension(self, user_id: str, name: str) -> Outcome:
        return self.installs.uninstall(user_id, name)


def _failure(kind: str, error: DelugeError, ctx: RunContext) -> Failure:
    return Failure(kind, error.message, ctx.package.id, ctx.script.handler,
                   ctx.script.display_name, error.line,
                   error.with_source(Source(ctx.script.text, ctx.script.display_name)).render())


def _leading_mention(text: str) -> str | None:
    if not text.startswith("@"):
        return None
    return text[1:].split(maxsplit=1)[0].rstrip(",:") if len(text) > 1 else None


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


