"""A dry run: what a component *would* read, post, mail and send, with nothing applied.

Before deciding, the person can run the component once this way (the consent dialog's Dry run,
`d`ry run at the terminal prompt, `--dry-run` on the headless commands). The handler runs with
every input its manifest lists bound, against `DryRunHost`:

- tasks (`zoho.cliq.postToChannel`, `zoho.crm.createRecord`, ...) are recorded, not called; each
  answers an empty map, so a script that reads the result goes on;
- `invokeurl` / `getUrl` / `postUrl` are answered by the package's fixtures (never the
  network), and recorded; a call no fixture answers gets null;
- `sendmail` is recorded, not sent;
- `info` lines and identity reads are recorded; identity values come from the workspace.

The consent guard still wraps the host with every item of the manifest, so a call the consent
could not cover (an address decided at run time) shows as blocked. Nothing is written: no
message, no ledger record, no outbox, no database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from cliqsim.consent.guard import GuardedHost, bind_objects
from cliqsim.consent.manifest import ConsentManifest
from cliqsim.deluge.errors import DelugeError
from cliqsim.deluge.source import Span
from cliqsim.platform import fixtures
from cliqsim.platform.manifests import connection_specs
from cliqsim.platform.package_model import Package, Script
from cliqsim.platform.responses import ResponseError, normalize
from cliqsim.platform.scripts import run_handler
from cliqsim.platform.trigger_kind import TriggerKind

_DESTINATIONS = {
    "zoho.cliq.posttochannel": "#{0}",
    "zoho.cliq.posttochannelasadmin": "#{0} (as the admin)",
    "zoho.cliq.posttochannelasbot": "#{0} (as a bot)",
    "zoho.cliq.posttochat": "the chat {0}",
    "zoho.cliq.posttochatasadmin": "the chat {0} (as the admin)",
    "zoho.cliq.posttobot": "the bot {0}",
    "zoho.cliq.posttouser": "{0}",
}


class DryEffect(msgspec.Struct, frozen=True):
    """One thing the run would do: `kind` is `read` (a Cliq object field and its value),
    `post` (a message to a channel, chat, bot or person), `task`, `api`, `mail`, `info` or
    `blocked`; `text` says it in words; `line` is the line of code (0 for reads)."""

    kind: str
    text: str
    line: int = 0


class DryRun(msgspec.Struct, frozen=True):
    """What a dry run of one trigger showed: the effects in order, the reply the handler
    returned (as text; "" when none), and the error that stopped it, if any."""

    component: str
    effects: tuple[DryEffect, ...]
    reply: str = ""
    error: str | None = None

    def lines(self) -> list[str]:
        """The dry run as plain lines for a terminal or a dialog."""
        out = [f"Dry run of {self.component}: nothing was applied."]
        for effect in self.effects:
            where = f"  (line {effect.line})" if effect.line else ""
            out.append(f"  {effect.kind:<7} {effect.text}{where}")
        if self.reply:
            out.append(f"  reply   {self.reply}")
        if self.error:
            out.append(f"  stopped {self.error}")
        return out


def _text(value: Any, limit: int = 120) -> str:
    if isinstance(value, dict):
        value = value.get("text") or value.get("message") or value
    shown = value if isinstance(value, str) else repr(value)
    shown = " ".join(shown.split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class DryRunHost:
    """A `Host` that records every effect and applies none (see the module docstring).
    `identity(name, span)` reads an identity system variable (no effect)."""

    def __init__(self, package: Package, now: datetime, identity: Any) -> None:
        self._package = package
        self._now = now
        self._identity = identity
        self.effects: list[DryEffect] = []

    def now(self) -> datetime:
        return self._now

    def system_variable(self, name: str, span: Span) -> Any:
        value = self._identity(name, span)
        self.effects.append(DryEffect("read", f"{name.lower()} = {_text(value)}", span.line))
        return value

    def call_task(self, name: str, args: list[Any], span: Span) -> Any:
        template = _DESTINATIONS.get(name.lower())
        if template is not None and args:
            where = template.format(args[0])
            what = _text(args[1]) if len(args) > 1 else ""
            self.effects.append(DryEffect("post", f"would post to {where}: “{what}”",
                                          span.line))
        else:
            shown = ", ".join(_text(a, 40) for a in args)
            self.effects.append(DryEffect("task", f"would call {name}({shown})", span.line))
        return {}

    def invoke_url(self, request: dict[str, Any], span: Span) -> Any:
        method, base, params = fixtures.request_parts(request)
        sent = f" with {_text(params, 80)}" if params else ""
        try:
            response, fixture = fixtures.answer(self._package, request, span)
        except DelugeError:
            self.effects.append(DryEffect(
                "api", f"would send {method} {base}{sent} (no fixture answers it: null)",
                span.line))
            return None
        self.effects.append(DryEffect(
            "api", f"would send {method} {base}{sent} (answered by {fixture.source})",
            span.line))
        return response

    def send_mail(self, params: dict[str, Any], span: Span) -> None:
        from cliqsim.platform.services.mail import check_limits

        check_limits(params, span)  # a mail the platform would refuse is not "would mail"
        to = params.get("to")
        recipients = ", ".join(map(str, to)) if isinstance(to, list) else str(to)
        self.effects.append(DryEffect(
            "mail", f"would mail {recipients}: “{_text(params.get('subject', ''))}”",
            span.line))

    def info(self, text: str, span: Span) -> None:
        self.effects.append(DryEffect("info", _text(text), span.line))


def reads(items: Any, inputs: dict[str, Any]) -> list[DryEffect]:
    """The Cliq object fields the manifest lists, with the values this trigger would give."""
    found = []
    for item in items:
        if item.kind != "object" or item.target.startswith("zoho."):
            continue  # identity variables show when the code reads them
        name, _, field = item.target.partition(".")
        if name not in inputs:
            continue
        value = inputs[name]
        if field:
            value = value.get(field) if isinstance(value, dict) else None
        found.append(DryEffect("read", f"{item.purpose.removeprefix('Reads ')}: "
                                       f"{_text(value, 80)}"))
    return found


def rehearse(package: Package, script: Script, kind: TriggerKind, inputs: dict[str, Any],
             manifest: ConsentManifest, handler_inputs: frozenset[str], now: datetime,
             identity: Any, places: Any = None) -> DryRun:
    """Run `script` once as if every item of `manifest` were allowed, on a `DryRunHost` behind
    the consent guard; `identity(name, span)` reads identity variables. Writes nothing."""
    items = list(manifest.items)
    bound = bind_objects(items, inputs, handler_inputs)
    host = DryRunHost(package, now, identity)
    blocked: list[DryEffect] = []
    guarded = GuardedHost(
        host, items, connection_specs(package), component=package.display_name,
        on_blocked=lambda effect, span: blocked.append(
            DryEffect("blocked", f"would be blocked: {effect}", span.line)), places=places)
    error: str | None = None
    reply = ""
    try:
        response = normalize(run_handler(script, guarded, bound), kind.returns, kind.replies,
                             script.handler)
        title = response.card.get("title", "") if isinstance(response.card, dict) else ""
        reply = " ".join(part for part in (response.text or "", title) if part)
        if response.banner is not None:
            reply = reply or response.banner.text
    except DelugeError as failure:
        error = f"line {failure.line}: {failure.message}" if failure.line else failure.message
    except ResponseError as failure:
        error = f"the response breaks Cliq's rules: {failure.message}"
    effects = tuple(reads(items, bound)) + tuple(host.effects) + tuple(blocked)
    return DryRun(package.display_name, effects, reply, error)
