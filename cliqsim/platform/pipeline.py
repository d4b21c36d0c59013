"""The road every trigger takes, written once.

A trigger module (`cliqsim/platform/triggers/`) resolves what the person did to a component, a
handler script and the handler's inputs, wraps them in a `RunContext` and calls
`Pipeline.start`. From there the road is the same for every trigger:

    start(ctx) ─► admit: the component is available (its extension installed and active)
                  ─► its consent manifest (a script that does not parse fails here)
                  ─► gate.check(user, manifest)
       ├─ ConsentRequest ─► park(ctx) ─► Outcome(consent_required, pending) ─► decide(pending)
       └─ Allowed ─► execute(ctx): bind the Cliq objects the grant covers, run the script
                     against the guarded platform host, normalize the response, hand it to the
                     trigger's responder (default `reply`: messages), record the run.

Errors are handled here and only here: an unavailable component, a script that does not parse,
a Deluge error or limit, an effect the guard blocked and a response that breaks Cliq's rules
each become an `Outcome` with a `Failure` and (in a chat) a system message. Nothing on the road
raises except `CliqsimError` for a caller's mistake.

Trigger modules use only the public names here (`tests/test_layers.py` checks it).
"""


from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import msgspec

from cliqsim.clock import Clock
from cliqsim.consent.choice import refused_keys
from cliqsim.consent.dataflow import DataFlow, data_flows
from cliqsim.consent.gate import Allowed, ConsentRequest, Gate
from cliqsim.consent.guard import GuardedHost, bind_objects
from cliqsim.consent.manifest import ConsentManifest, too_many_items
from cliqsim.consent.org import OrgConsent
from cliqsim.consent.store import ORG, ConsentStore
from cliqsim.deluge.errors import DelugeError, DelugeLimitError, EffectBlocked
from cliqsim.deluge.source import Source
from cliqsim.errors import CliqsimError, UsageError
from cliqsim.platform import availability
from cliqsim.platform.authorization import (
    admit_catalog,
    connection_owner,
    post_places,
    require_admin,
    require_member,
    require_messages_in,
    reserved_sender_name,
)
from cliqsim.platform.bot_contexts import start_context
from cliqsim.platform.dry_run import DryRun, rehearse
from cliqsim.platform.host import OnlineFetch, PlatformHost
from cliqsim.platform.listeners import MessageListeners
from cliqsim.platform.manifests import Manifests, connection_specs, consent_scripts
from cliqsim.platform.messages import SYSTEM, Form, Message, Sender
from cliqsim.platform.native_select import shown_form
from cliqsim.platform.package_model import Catalog, Package, Script
from cliqsim.platform.parked import ParkedRequests
from cliqsim.platform.records import (
    ConsentState,
    Failure,
    Outcome,
    PendingRun,
    RunRecord,
    Unavailable,
)
from cliqsim.platform.responses import Response, ResponseError, normalize
from cliqsim.platform.scripts import run_handler
from cliqsim.platform.services.context import ServiceContext
from cliqsim.platform.trigger_kind import TriggerKind
from cliqsim.platform.workspace import Chat, Workspace
from cliqsim.structs import replace

__all__ = ["Admission", "Pipeline", "Responder", "RunContext", "TriggerKind", "Unavailable"]

MAX_RUNS = 200


Responder = Callable[[Response, "RunContext"], Outcome]
Resume = Callable[[Allowed, str], Outcome]


class RunContext(msgspec.Struct):
    """One trigger on its way through the pipeline (made by `Pipeline.context`)."""

    user_id: str
    package: Package
    script: Script
    kind: TriggerKind
    description: str
    chat: Chat | None
    inputs: dict[str, Any]
    respond: Responder
    reply_sender: Sender
    public_reply: bool = False  # the reply is part of the chat (bot chats, mentions)
    source_message: Message | None = None  # the message a button / action ran on
    form: Form | None = None
    run_id: str = ""
    posted: list[Message] = msgspec.field(default_factory=list)
    info: tuple[str, ...] = ()

    @property
    def trigger(self) -> str:
        return self.kind.name

    @property
    def chat_id(self) -> str | None:
        return self.chat.id if self.chat else None


Admission = Allowed | ConsentRequest | Unavailable | Failure
"""The start of the road: run (`Allowed`), ask (`ConsentRequest`), or not at all."""


class _Parked(msgspec.Struct):
    pending: PendingRun
    request: ConsentRequest
    resume: Resume
    chat_id: str | None
    ctx: RunContext | None = None


class Pipeline:
    """Availability, manifest, gate, run, response, record: for every trigger of one runtime.

    `catalog` is the loaded component packages (`use_catalog` swaps it on reload);
    `handler_inputs` the names that are Cliq objects (bound only as the grant covers them);
    `online` the network fetch `invokeurl` uses when set (else the package's fixtures).
    """

    ORG = ORG
    """The user id an extension's install consent is granted to (the organization)."""

    def __init__(self, *, workspace: Workspace, store: ConsentStore, gate: Gate,
                 org: OrgConsent, clock: Clock, catalog: Catalog, manifests: Manifests,
                 handler_inputs: frozenset[str]) -> None:
        self.workspace = workspace
        self.store = store
        self.gate = gate
        self.org = org
        self.clock = clock
        self.catalog = admit_catalog(catalog, workspace)
        self.manifests = manifests
        self.handler_inputs = handler_inputs
        self.online: OnlineFetch | None = None
        self.dry_mode = False  # rehearse every trigger (`--dry-run`): nothing is applied
        self._parked: ParkedRequests[_Parked] = ParkedRequests()
        self._runs: deque[RunRecord] = deque(maxlen=MAX_RUNS)
        self.listeners = MessageListeners()

    # --- components --------------------------------------------------------------------------

    def use_catalog(self, catalog: Catalog) -> None:
        """Take a freshly loaded catalog (the manifests are built again when needed)."""
        self.catalog = admit_catalog(catalog, self.workspace)
        self.manifests.clear()

    def package(self, component_id: str) -> Package:
        """The component by id; raises `UsageError` naming the known ones."""
        package = self.catalog.packages.get(component_id)
        if package is None:
            known = ", ".join(sorted(self.catalog.packages)) or "none"
            raise UsageError(f"there is no component {component_id!r} (components: {known})")
        return package

    def manifest(self, package: Package) -> ConsentManifest:
        """Raises `DelugeError` when a handler does not parse."""
        return self.manifests.of(package)

    def available(self, package: Package) -> str | None:
        """Why the component cannot run now (its extension is not installed, not active, or
        the organization's consent to it lapsed), or None."""
        unavailable = self.unavailable(package)
        return unavailable.reason if unavailable is not None else None

    def unavailable(self, package: Package) -> Unavailable | None:
        """`available`, with the renewal request when the org consent lapsed."""
        return availability.unavailable(self, package)

    def org_lapse(self, package: Package, now: datetime | None = None) -> Unavailable | None:
        """`availability.org_lapse`: why the org consent to the package's extension is no
        longer in force, with the request that renews it; None when in force."""
        return availability.org_lapse(self, package, now)

    def consent_state(self, user_id: str, component_id: str) -> ConsentState:
        """Where `user_id` stands with the component (allowed until, ask, expired, ...)."""
        package = self.package(component_id)
        state = self.gate.state(user_id, self.manifest(package))
        grant = self.store.current(user_id, package.id)
        expires = grant.expires_at if grant is not None and state == "allowed" else None
        return ConsentState(state, expires)

    def bot_sender(self, package: Package) -> Sender | None:
        """The bot a component speaks as: itself, or the bot of its extension."""
        if package.type == "bot":
            return Sender(package.unique_name, package.name, "bot")
        if package.extension:
            for other in self.catalog.of_type("bot"):
                if other.extension == package.extension:
                    return Sender(other.unique_name, other.name, "bot")
        return None

    # --- messages ----------------------------------------------------------------------------

    def new_id(self, prefix: str = "m") -> str:
        return f"{prefix}_{os.urandom(6).hex()}"  # secrets.token_hex(6), without loading it

    def emit(self, message: Message, *, edited: bool = False) -> Message:
        """Store a new (or edited) message durably; listeners hear of it before the write
        (`coming`) and after it (`stored`: only then may it be shown; listeners.py)."""
        self.listeners.coming(message)
        (self.workspace.replace if edited else self.workspace.append)(message)
        self.listeners.stored(message)
        return message

    def notice(self, user_id: str, chat_id: str | None, text: str, *, error: bool = False,
               run_id: str | None = None, component: str | None = None) -> Message | None:
        """A system message only `user_id` sees (None when there is no chat)."""
        if chat_id is None:
            return None
        return self.emit(Message(self.new_id(), chat_id, SYSTEM, self.clock.now(), text=text,
                                 visible_to=user_id, is_error=error, run_id=run_id,
                                 component=component))

    def runs(self, limit: int) -> list[RunRecord]:
        return list(self._runs)[-limit:]

    # --- the road ----------------------------------------------------------------------------

    def context(self, user_id: str, package: Package, script: Script, kind: TriggerKind,
                description: str, chat: Chat | None, inputs: dict[str, Any], *,
                public: bool = False, respond: Responder | None = None,
                source_message: Message | None = None, form: Form | None = None) -> RunContext:
        """A trigger ready for `start` / `execute`. `respond` turns the normalized response into
        the outcome (default `reply`: messages in the chat). Raises `CliqsimError` when `inputs`
        has a name `kind` does not declare (a mistake in the trigger module)."""
        undeclared = set(inputs) - kind.inputs
        if undeclared:
            raise CliqsimError(f"the {kind.name} trigger binds {', '.join(sorted(undeclared))}, "
                               "which its declaration does not list", "Internal error")
        sender = self.bot_sender(package) if package.type == "bot" else None
        return RunContext(
            user_id=user_id, package=package, script=script, kind=kind,
            description=description, chat=chat, inputs=inputs, respond=respond or self.reply,
            reply_sender=sender or Sender(package.id, package.display_name, "component"),
            public_reply=public, source_message=source_message, form=form)

    def admit(self, package: Package, user_id: str) -> Admission:
        """The start of the road: available, manifest, gate (for `user_id`, or `ORG` for an
        extension's install consent). The gate is asked at the clock's now, the moment the
        run's effects happen, never at another time: a scheduler's missed run that is made up
        late runs only if the consent is in force when it runs."""
        why_not = self.unavailable(package)
        if why_not is not None:
            return why_not
        try:
            manifest = self.manifest(package)
        except DelugeError as error:
            return Failure("package", error.message, package.id,
                           file=error.source.name if error.source else None, line=error.line)
        too_many = too_many_items(manifest)
        if too_many is not None:
            return Failure("package", too_many, package.id)
        return self.gate.check(user_id, manifest)

    def require_member(self, user_id: str, chat: Chat, doing: str) -> None:
        """`authorization.require_member`, for the trigger modules' entry points that do not
        start a run (a button that opens a link, ...). Raises `NotAuthorized`."""
        require_member(user_id, chat, doing)

    def authorize(self, ctx: RunContext) -> None:
        """The one authorization check in front of every run (`authorization`): the acting
        person is a member of the trigger's chat and the message it acts on is in that chat.
        Raises `NotAuthorized`."""
        if ctx.package.type == "extension":  # its own handlers act for the organization
            require_admin(self.workspace, ctx.user_id,
                          f"run the {ctx.package.name} extension's {ctx.script.handler}")
        if ctx.chat is not None:  # as the chat is now (a request may have waited)
            chat = self.workspace.find_chat(ctx.chat.id) or ctx.chat
            require_member(ctx.user_id, chat, f"use {ctx.package.display_name} there")
            if ctx.source_message is not None:
                require_messages_in((ctx.source_message,), chat)

    def allowed(self, user_id: str, manifest: ConsentManifest) -> Allowed | None:
        """The gate's `Allowed` when `user_id` (or `ORG`) may run `manifest` now, else None."""
        decision = self.gate.check(user_id, manifest)
        return decision if isinstance(decision, Allowed) else None

    def start(self, ctx: RunContext, *, caught_up: bool = False) -> Outcome:
        """Run the trigger, or park it for a consent decision. `caught_up`: the caller read
        the workspace afresh (`Workspace.refresh`) on its way here, with nothing run or
        written since (a command typed in a chat), so it is not read again."""
        if not caught_up:
            self.workspace.refresh()
        self.authorize(ctx)
        if ctx.package.type == "extension":
            return self._start_for_org(ctx)
        admission = self.admit(ctx.package, ctx.user_id)
        if isinstance(admission, Unavailable) and admission.renewal is not None:
            if self.workspace.user(ctx.user_id).get("admin"):
                return self.ask_renewal(ctx, admission)
            self.gate.record_blocked(None, ctx.user_id, ctx.package.id,
                                     f"stopped: {admission.reason}")
        return self.proceed(ctx, admission,
                            lambda allowed, how: self.execute(ctx, allowed, how))

    def _start_for_org(self, ctx: RunContext) -> Outcome:
        """An extension's own handler (installation, validator, uninstallation) started by an
        org admin (`authorize` checked it), e.g. from `cliqsim trigger`: it acts for the
        organization, so it runs only while the extension is installed and under the
        organization's consent, never a person's own (which could not cover org items)."""
        package = ctx.package
        admission: Admission
        if self.store.install(package.id) is None:
            admission = Unavailable(
                f"the {package.name} extension is not installed; its {ctx.script.handler} "
                f"runs when an org admin installs it: cliqsim extensions install {package.id}")
        else:
            admission = self.admit(package, ORG)

        def run(allowed: Allowed, how: str) -> Outcome:
            if allowed.grant is None and how == "allowed":  # the admin renewed the org consent
                self.gate.grant(ORG, allowed.manifest, granted_by=ctx.user_id)
                allowed = self.allowed(ORG, allowed.manifest) or allowed
            return self.execute(ctx, allowed, how)

        return self.proceed(ctx, admission, run, org=True)

    def proceed(self, ctx: RunContext, admission: Admission, run: Resume, *,
                org: bool = False) -> Outcome:
        """Act on `admission`: refuse (unavailable), fail (a handler does not parse), park
        until the person decides (`org`: the org admin's install consent), or `run` now."""
        if isinstance(admission, Unavailable):
            notice = self.notice(ctx.user_id, ctx.chat_id, admission.reason, error=True)
            return Outcome("denied", (notice,) if notice else (), chat_id=ctx.chat_id,
                           error=Failure("refused", admission.reason, ctx.package.id),
                           notice=admission.reason)
        if isinstance(admission, Failure):
            return self.failed(ctx, admission)
        if self.dry_mode:  # allowed or not: rehearse, ask nothing, apply nothing
            return Outcome("ok", chat_id=ctx.chat_id, consent=admission if isinstance(
                admission, ConsentRequest) else None, notice="Dry run: nothing was applied.",
                dry_run=self.rehearse(ctx, admission.manifest))
        if isinstance(admission, ConsentRequest):
            return self.park(ctx, admission, run, org=org)
        return run(admission, "granted" if admission.grant else "not needed")

    def ask_renewal(self, ctx: RunContext, lapse: Unavailable) -> Outcome:
        """An org admin used a component of an extension whose org consent lapsed: ask them to
        renew it (for the extension); on Allow the org grant is renewed and the trigger runs."""
        assert lapse.renewal is not None and lapse.extension is not None
        request, extension = lapse.renewal, lapse.extension

        def renew(allowed: Allowed, how: str) -> Outcome:
            self.gate.grant(ORG, request.manifest, granted_by=ctx.user_id)
            return self.start(ctx)

        return self.park(replace(ctx, package=extension), request, renew, org=True)

    def park(self, ctx: RunContext, request: ConsentRequest, resume: Resume, *,
             org: bool = False) -> Outcome:
        """Keep the trigger until the person answers `request`; `resume` runs it after."""
        pending = PendingRun(
            id=self.new_id("p"), user_id=ctx.user_id, component=ctx.package.id,
            component_name=ctx.package.display_name, trigger=ctx.trigger,
            description=ctx.description, created_at=self.clock.now(), org=org)
        self._parked.add(pending.id, pending.user_id, pending.component,  # bounded: parked.py
                         _Parked(pending, request, resume, ctx.chat_id, ctx))
        return Outcome("consent_required", chat_id=ctx.chat_id, consent=request,
                       pending=pending, notice=request.reason_text)

    def decide(self, pending: PendingRun, allow: bool, *, refused: Iterable[str] = (),
               once: bool = False) -> Outcome:
        """The person's answer: deny records it and runs nothing; allow grants and resumes.
        `refused`: keys (or targets) of items the person unticked; `once`: allow this single
        run without storing a consent (not for an extension's install)."""
        parked = self._parked.get(pending.id)
        if parked is None:
            raise UsageError(f"the consent request {pending.id} was already answered or is "
                             "unknown; run the trigger again")
        pending = parked.pending  # whose request and what kind: as parked, never as told
        if once and pending.org:
            raise UsageError("an extension's install consent cannot be given for one run")
        manifest = parked.request.manifest
        unticked = refused_keys(manifest, refused)  # a wrong name keeps the request parked
        self._parked.pop(pending.id)
        if allow and parked.ctx is not None:
            # judged again when the answer comes: the extension may have been uninstalled or
            # its org consent lapsed, the person left the chat, or the admin lost the role
            self.workspace.refresh()
            why_not = None if pending.org else self.unavailable(parked.ctx.package)
            if why_not is not None:
                return self.proceed(parked.ctx, Unavailable(why_not.reason), parked.resume)
            self.authorize(parked.ctx)  # an extension's: an org admin (`authorize`)
        if not allow:
            who = ORG if pending.org else pending.user_id
            self.gate.deny(who, manifest)
            text = (f"You did not allow {pending.component_name}; nothing ran."
                    if not pending.org else
                    f"You did not allow {pending.component_name} to access the organization's "
                    "information; it was not installed.")
            notice = self.notice(pending.user_id, parked.chat_id, text)
            return Outcome("denied", (notice,) if notice else (), chat_id=parked.chat_id,
                           notice=text)
        if pending.org:
            return parked.resume(Allowed(None, manifest, manifest.keys), "allowed")
        if once:
            return parked.resume(
                self.gate.allow_once(pending.user_id, manifest, refused=unticked), "allowed once")
        self.gate.grant(pending.user_id, manifest, refused=unticked)
        decision = self.gate.check(pending.user_id, manifest)
        if isinstance(decision, ConsentRequest):  # cannot happen right after a grant
            raise CliqsimError(f"consent for {pending.component_name} did not take effect",
                               "Consent error")
        return parked.resume(decision, "allowed")

    def data_flows(self, component_id: str) -> tuple[DataFlow, ...]:
        """Where the value of each Cliq object field the component reads ends up ("your email
        address → the body of POST api.example.com"), read from its code (nothing runs)."""
        return data_flows(consent_scripts(self.package(component_id)), self.manifests.objects)

    def dry_run(self, pending: PendingRun) -> DryRun:
        """Run the parked trigger once with every effect recorded and none applied (see
        `dry_run.py`); the request stays parked for the person's decision. Writes nothing."""
        parked = self._parked.get(pending.id)
        if parked is None or parked.ctx is None:
            raise UsageError(f"the consent request {pending.id} was already answered or is "
                             "unknown; run the trigger again")
        return self.rehearse(parked.ctx, parked.request.manifest)

    def rehearse(self, ctx: RunContext, manifest: ConsentManifest) -> DryRun:
        """A dry run of `ctx` as if every item of `manifest` were allowed."""
        identity = PlatformHost(self._service_context(ctx)).system_variable
        return rehearse(ctx.package, ctx.script, ctx.kind, ctx.inputs, manifest,
                        self.handler_inputs, self.clock.now(), identity, self.places(ctx))

    def places(self, ctx: RunContext) -> Callable[[str], tuple[str, ...]]:
        """What the post destination symbols stand for in this run (`post_places`)."""
        return post_places(self.workspace, self.catalog, ctx.package, ctx.user_id, ctx.chat_id)

    def execute(self, ctx: RunContext, allowed: Allowed, how: str) -> Outcome:
        """Run the handler under `allowed` (`how`: granted, allowed, not needed) and record it.
        In a dry run every road that ends here (installs, schedulers, a bot's first welcome)
        rehearses instead: no effect, no network."""
        if self.dry_mode:
            return Outcome("ok", chat_id=ctx.chat_id, notice="Dry run: nothing was applied.",
                           dry_run=self.rehearse(ctx, allowed.manifest))
        manifest = allowed.manifest
        items = [item for key in allowed.covered if (item := manifest.item(key)) is not None]
        refused = [item for key in allowed.refused if (item := manifest.item(key)) is not None]
        bound = bind_objects(items, ctx.inputs, self.handler_inputs, refused)
        ctx.run_id = self.new_id("run")
        service = self._service_context(ctx)
        host = PlatformHost(service, self.online)
        grant = allowed.grant
        guarded = GuardedHost(
            host, items, connection_specs(ctx.package), component=ctx.package.display_name,
            on_blocked=lambda effect, span: self.gate.record_blocked(
                grant, ctx.user_id, ctx.package.id, effect), refused=refused,
            places=self.places(ctx))
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
            used_at = guarded.used_at()
            self.gate.record_use(
                grant, guarded.used_keys,
                detail=f"{ctx.script.handler} in {ctx.script.display_name}"
                       + (f": {used_at}" if used_at else ": nothing that needs consent"))
        ctx.posted.extend(service.posted)
        ctx.info = tuple(host.info_lines)
        outcome: Outcome
        if failure is None:
            try:
                kind = ctx.kind
                response = normalize(value, kind.returns, kind.replies, ctx.script.handler)
                ctx.info += response.notes
                outcome = ctx.respond(response, ctx)
            except ResponseError as error:
                failure = Failure("response", f"the response breaks Cliq's rules: "
                                  f"{error.message}", ctx.package.id, ctx.script.handler,
                                  ctx.script.display_name)
        if failure is not None:
            outcome = self.failed(ctx, failure)
        record = RunRecord(
            id=ctx.run_id, time=self.clock.now(), user_id=ctx.user_id,
            chat_id=ctx.chat_id, component=ctx.package.id,
            handler=ctx.script.handler, file=ctx.script.display_name, trigger=ctx.trigger,
            inputs=bound, consent=how, status=outcome.status, info=ctx.info,
            effects=tuple(host.effects), response=value, error=failure,
            duration_ms=elapsed)
        self._runs.append(record)
        # a response that ran another handler (a preview's after-send handler) brings its lines
        info = (*ctx.info, *outcome.info) if outcome.info else ctx.info
        return replace(outcome, run=record, info=info,
                       messages=tuple(ctx.posted) + outcome.messages)

    def failed(self, ctx: RunContext, failure: Failure) -> Outcome:
        """The error outcome, with a system message in the trigger's chat saying what failed."""
        where = ""
        if failure.file:
            where = f" ({failure.handler or 'handler'} in {failure.file}"
            where += f", line {failure.line})" if failure.line else ")"
        text = f"{ctx.package.display_name} failed{where}: {failure.message}"
        notice = self.notice(ctx.user_id, ctx.chat_id, text, error=True,
                             run_id=ctx.run_id or None, component=ctx.package.id)
        return Outcome("error", (notice,) if notice else (),
                       chat_id=ctx.chat_id, error=failure, notice=text)

    def _service_context(self, ctx: RunContext) -> ServiceContext:
        package = ctx.package

        def owner(link: str | None) -> str:
            record = self.store.install(package.extension or package.id)
            return connection_owner(package, link, record.installed_by if record else None,
                                    self.workspace)

        return ServiceContext(
            workspace=self.workspace, package=package, user_id=ctx.user_id,
            chat_id=ctx.chat_id, now=self.clock.now,
            post=self.emit, edit=lambda m: self.emit(m, edited=True), new_id=self.new_id,
            bot_sender=self.bot_sender(package),
            extension=package.id if package.type == "extension" else package.extension,
            connection_owner=owner, catalog=self.catalog)

    # --- the standard responder --------------------------------------------------------------

    def reply(self, response: Response, ctx: RunContext) -> Outcome:
        """Messages from a response: message / banner / form / context / edit."""
        chat_id = ctx.chat_id
        visible_to = None if ctx.public_reply else ctx.user_id
        messages: list[Message] = []
        now = self.clock.now()
        source = ctx.source_message.id if ctx.source_message is not None else None
        form = (shown_form(response.form, ctx.package.id, self.workspace, ctx.user_id, source)
                if response.form else None)
        if response.kind == "none" or chat_id is None:
            return Outcome("ok", chat_id=chat_id, form=form)
        if response.kind == "banner" and response.banner is not None:
            messages.append(self.emit(Message(
                self.new_id(), chat_id, ctx.reply_sender, now, banner=response.banner,
                visible_to=ctx.user_id, component=ctx.package.id, run_id=ctx.run_id)))
            return Outcome("ok", tuple(messages), chat_id=chat_id, notice=response.banner.text)
        if response.kind == "form":
            return Outcome("ok", chat_id=chat_id, form=form)
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
            messages.append(self.emit(edited, edited=True))
            return Outcome("ok", tuple(messages), chat_id=chat_id)
        sender = ctx.reply_sender
        if response.bot:
            name = str(response.bot.get("name") or sender.name)
            reserved = reserved_sender_name(self.workspace, name)
            if reserved is not None:
                raise ResponseError("bot.name", reserved)
            sender = Sender(sender.id, name, sender.kind)
        if response.text or response.card or response.slides or response.buttons or (
                response.chips and not response.context):
            messages.append(self.emit(Message(
                self.new_id(), chat_id, sender, now, text=response.text, card=response.card,
                slides=response.slides, buttons=response.buttons, references=response.references,
                suggestions=response.chips, visible_to=visible_to, component=ctx.package.id,
                run_id=ctx.run_id)))
        if response.context is not None:
            messages.extend(start_context(self, ctx, response))
        return Outcome("ok", tuple(messages), chat_id=chat_id)


def _failure(kind: str, error: DelugeError, ctx: RunContext) -> Failure:
    return Failure(kind, error.message, ctx.package.id, ctx.script.handler,
                   ctx.script.display_name, error.line,
                   error.with_source(Source(ctx.script.text, ctx.script.display_name)).render())
