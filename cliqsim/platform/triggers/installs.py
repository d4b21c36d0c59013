"""Installing and uninstalling extensions.

Only an org admin may. Installing asks the admin to consent to the extension's organization
items (an org grant), then runs the installation handler; the extension is active only if it
returns status 200. Uninstalling runs the uninstallation handler and removes every grant of the
extension and its components.

Zoho: "Installation handler" (https://www.zoho.com/cliq/help/platform/build-cliq-extensions/
installation-handler.html); the payload also has `form` and `authtoken` (zcatalyst-cli sample
`extension/installation_handler.json`, reference §1.10).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.messages import SYSTEM, Message
from cliqsim.platform.package_model import Package, Script
from cliqsim.platform.records import Failure, Outcome
from cliqsim.platform.responses import Response
from cliqsim.platform.trigger_kind import TriggerKind
from cliqsim.platform.triggers.common import EVERY, gather_runs
from cliqsim.structs import replace

if TYPE_CHECKING:
    from cliqsim.consent.gate import Allowed
    from cliqsim.consent.manifest import ConsentManifest
    from cliqsim.platform.pipeline import Pipeline, RunContext
    from cliqsim.platform.workspace import Chat

INSTALL = TriggerKind(
    "extension_install", "installation_handler", EVERY | {"app_info", "form", "authtoken"},
    "{status, title, message, note, footer}: active only with status 200",
    "https://www.zoho.com/cliq/help/platform/build-cliq-extensions/installation-handler.html",
    component="extension", key="installation", returns="install")
UNINSTALL = TriggerKind(
    "extension_uninstall", "uninstallation_handler", EVERY | {"app_info"}, "nothing",
    "https://www.zoho.com/cliq/help/platform/build-cliq-extensions/installation-handler.html",
    component="extension", key="uninstallation", returns="install")

VALIDATOR = TriggerKind(
    "extension_validator", "installation_validator_handler", EVERY | {"app_info"},
    "{status, title, message, note, footer}: the install goes ahead only with status 200",
    "https://www.zoho.com/cliq/help/platform/build-cliq-extensions/installation-validator.html",
    component="extension", key="installation_validator", returns="install")
"""Runs before the extension is installed or upgraded (after the admin's consent to its
organization items, so it runs under that consent); without one, anyone may install."""

KINDS = (INSTALL, UNINSTALL, VALIDATOR)


class Installs:
    """Extension installs of one runtime."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def _extension(self, name: str) -> Package:
        extensions = self.pipeline.catalog.of_type("extension")
        for package in extensions:
            if name.lower() in (package.id, package.name.lower()):
                return package
        known = ", ".join(p.id for p in extensions) or "none"
        raise UsageError(f"there is no extension {name!r} (extensions: {known})")

    def _admin_names(self) -> list[str]:
        return [f"{a['first_name']} {a['last_name']} ({a['id']})"
                for a in self.pipeline.workspace.admins()]

    def _refused(self, action: str, extension: Package) -> Outcome:
        """A person who is not an org admin tried to `action` (install or uninstall) it."""
        from cliqsim.consent.org import InstallRefused  # (this module loads no consent code)

        message = InstallRefused(action, extension.name, self._admin_names()).message
        return Outcome("denied", error=Failure("refused", message), notice=message)

    def _report_chat(self, user_id: str) -> Chat:
        """Install reports go to the admin's chat with cliqsim itself."""
        pipeline = self.pipeline
        return pipeline.workspace.ensure_bot_chat("cliqsim", "cliqsim", user_id,
                                                  pipeline.clock.now())[0]

    def _post(self, chat: Chat, text: str, extension: Package,
              run_id: str | None = None) -> Message:
        pipeline = self.pipeline
        return pipeline.emit(Message(pipeline.new_id(), chat.id, SYSTEM, pipeline.clock.now(),
                                     text=text, component=extension.id, run_id=run_id))

    def _activate(self, extension: Package, active: bool) -> None:
        """Record whether the installation handler activated the extension (and its version)
        on its install record, the one record of an installed extension."""
        store = self.pipeline.store
        record = store.install(extension.id)
        if record is not None:
            store.save(install=replace(record, version=extension.version, active=active))

    def install(self, user_id: str, name: str) -> Outcome:
        pipeline = self.pipeline
        user = pipeline.workspace.user(user_id)
        extension = self._extension(name)
        if not user["admin"]:
            return self._refused("install", extension)
        record = pipeline.store.install(extension.id)
        if record is not None:
            lapsed = pipeline.allowed(pipeline.ORG, pipeline.manifest(extension)) is None
            upgrade = bool(record.version) and record.version != extension.version
            if record.active and not lapsed and not upgrade:
                return Outcome("ok", notice=f"{extension.name} is already installed")
        chat = self._report_chat(user_id)
        script = extension.handlers.get("installation_handler") or Script(
            "installation_handler", extension.dir, "")
        # the inputs the installation handler will get, so that a dry run from the consent
        # dialog runs it as the install would (it read `user` as undefined before)
        inputs = cliq.common(pipeline.workspace, user_id, None)
        inputs["app_info"] = self._app_info(extension)
        ctx = pipeline.context(user_id, extension, script, INSTALL, f"install {extension.name}",
                               chat, inputs)

        def install(allowed: Allowed, how: str) -> Outcome:
            return self._install(user_id, extension, pipeline.manifest(extension), allowed,
                                 "allowed" if how == "allowed" else "granted", chat)

        return pipeline.proceed(ctx, pipeline.admit(extension, pipeline.ORG), install, org=True)

    def _install(self, user_id: str, extension: Package, manifest: ConsentManifest,
                 allowed: Allowed, how: str, chat: Chat) -> Outcome:
        pipeline = self.pipeline
        workspace = pipeline.workspace
        app_info = self._app_info(extension)
        refused = self._validate(user_id, extension, app_info, allowed, how, chat)
        if refused is not None:
            return refused
        if pipeline.store.install(extension.id) is None:
            pipeline.org.install(user_id, True, manifest, admins=self._admin_names())
        elif pipeline.allowed(pipeline.ORG, manifest) is None:
            # installed, but the organization's consent lapsed: the admin renewed it
            pipeline.gate.grant(pipeline.ORG, manifest, granted_by=user_id)
        allowed = pipeline.allowed(pipeline.ORG, manifest) or allowed
        script = extension.handlers.get("installation_handler")
        if script is None:
            self._activate(extension, True)
            return Outcome("ok", chat_id=chat.id, activated=True,
                           notice=f"{extension.name} {extension.version} is installed and "
                           "active (it has no installation handler)")
        inputs = cliq.common(workspace, user_id, None)
        inputs["app_info"] = app_info
        done = "upgraded" if app_info["type"] == "upgrade" else "installed"

        def respond(response: Response, ctx: RunContext) -> Outcome:
            reply = response.install if response.kind == "install" else {}
            status = reply.get("status")
            active = status == 200
            self._activate(extension, active)
            lines = _report_lines(reply, extension.name)
            lines.append(f"{extension.name} {extension.version} is {done} and active."
                         if active else
                         f"{extension.name} is {done} but NOT active: the installation "
                         f"handler returned status {status}, not 200.")
            message = self._post(chat, "\n".join(lines), extension, ctx.run_id)
            failure = None if active else Failure("install", lines[-1], extension.id)
            return Outcome("ok" if active else "error", (message,), chat_id=chat.id,
                           activated=active, notice=lines[-1], error=failure)

        ctx = pipeline.context(user_id, extension, script, INSTALL, f"install {extension.name}",
                               chat, inputs, respond=respond)
        outcome = pipeline.execute(ctx, allowed, how)
        if outcome.status == "error" and outcome.activated is None:  # the handler failed
            self._activate(extension, False)
            outcome = replace(outcome, activated=False)
        return outcome

    def _app_info(self, extension: Package) -> dict[str, str]:
        """`{current_version, type: "install"}`, or for an installed extension of another
        version `{current_version, existing_version, type: "upgrade"}` (Zoho's installation
        handler and validator pages)."""
        record = self.pipeline.store.install(extension.id)
        if record is not None and record.version and record.version != extension.version:
            return {"current_version": extension.version, "existing_version": record.version,
                    "type": "upgrade"}
        return {"current_version": extension.version, "type": "install"}

    def _validate(self, user_id: str, extension: Package, app_info: dict[str, str],
                  allowed: Allowed, how: str, chat: Chat) -> Outcome | None:
        """The installation validator, when the extension has one: None when it returns status
        200 (go ahead), else the refusal with its `title`, `message`, `note` and `footer`
        (nothing is installed or upgraded)."""
        pipeline = self.pipeline
        script = extension.handlers.get("installation_validator_handler")
        if script is None:
            return None
        inputs = cliq.common(pipeline.workspace, user_id, None)
        inputs["app_info"] = dict(app_info)
        passed: list[bool] = []

        def respond(response: Response, ctx: RunContext) -> Outcome:
            reply = response.install if response.kind == "install" else {}
            if reply.get("status") == 200:
                passed.append(True)
                return Outcome("ok", chat_id=chat.id)
            lines = _report_lines(reply, extension.name)
            done = "upgraded" if app_info["type"] == "upgrade" else "installed"
            lines.append(f"{extension.name} was not {done}: its installation validator "
                         f"returned status {reply.get('status')}, not 200.")
            message = self._post(chat, "\n".join(lines), extension, ctx.run_id)
            return Outcome("error", (message,), chat_id=chat.id, activated=False,
                           notice=lines[-1], error=Failure("install", lines[-1], extension.id))

        ctx = pipeline.context(user_id, extension, script, VALIDATOR,
                               f"validate {extension.name}", chat, inputs, respond=respond)
        outcome = pipeline.execute(ctx, allowed, how)
        return None if passed else replace(outcome, activated=False)

    def uninstall(self, user_id: str, name: str) -> Outcome:
        pipeline = self.pipeline
        user = pipeline.workspace.user(user_id)
        extension = self._extension(name)
        if not user["admin"]:
            return self._refused("uninstall", extension)
        if pipeline.store.install(extension.id) is None:
            raise UsageError(f"{extension.name} is not installed")
        ran: tuple[Outcome, ...] = ()  # the uninstallation handler's run, for the inspector
        script = extension.handlers.get("uninstallation_handler")
        chat = self._report_chat(user_id)
        if script is not None:
            decision = pipeline.allowed(pipeline.ORG, pipeline.manifest(extension))
            if decision is not None:
                inputs = cliq.common(pipeline.workspace, user_id, None)
                inputs["app_info"] = {"current_version": extension.version, "type": "uninstall"}
                ctx = pipeline.context(user_id, extension, script, UNINSTALL,
                                       f"uninstall {extension.name}", chat, inputs,
                                       respond=lambda r, c: Outcome("ok", chat_id=chat.id))
                ran = (pipeline.execute(ctx, decision, "granted"),)
                if pipeline.dry_mode:  # the handler rehearsed: nothing is removed either
                    return ran[0]
        if pipeline.dry_mode:
            return Outcome("ok", chat_id=chat.id, notice="Dry run: nothing was applied; "
                           f"{extension.name} would be uninstalled and its consents removed.")
        removed = pipeline.org.uninstall(user_id, True, extension.id,
                                         admins=self._admin_names(), name=extension.name)
        count = len(removed)
        text = (f"{extension.name} was uninstalled; {count} consent{'s' if count != 1 else ''} "
                f"of it and its components {'was' if count == 1 else 'were'} removed.")
        messages = tuple(m for outcome in ran for m in outcome.messages)
        return gather_runs(Outcome("ok", (*messages, self._post(chat, text, extension)),
                                   chat_id=chat.id, notice=text), ran)


def _report_lines(reply: dict[str, object], name: str) -> list[str]:
    """An installation handler's or validator's `{title, message, note, footer}` as lines."""
    lines = [f"*{reply.get('title') or name}*"]
    if reply.get("message"):
        lines.append(str(reply["message"]))
    notes = reply.get("note") or []
    lines.extend(f"• {note}" for note in (notes if isinstance(notes, list) else [notes]))
    if reply.get("footer"):
        lines.append(str(reply["footer"]))
    return lines
