"""Where each Cliq object field ends up, said in plain words for the dialog, manifest and lint.

`data_flows(scripts, objects)` runs the Deluge data-flow pass (`deluge/flow.py`) over each handler
script with the Cliq objects and identity variables as its sources, and says each flow the way a
person reads it:

    your email address → the parameters of POST api.example.com (execution.dg line 14)
    this chat's title → posted to #sales (submit.dg line 16)
    your first name → the reply (execution.dg line 49)

The "what" comes from the same purpose lines the consent items use ("Reads your email address"),
the "where" from the sink and, for URL calls, from the effect inventory's method and host.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import msgspec

from cliqsim.consent import purposes
from cliqsim.consent.items import RUNTIME_ADDRESS, CodeLocation
from cliqsim.consent.manifest import locate
from cliqsim.deluge import ast as dast
from cliqsim.deluge.effects import IDENTITY_VARIABLES, UrlUse, inventory
from cliqsim.deluge.source import Source

if TYPE_CHECKING:  # the pass itself loads on the first data flow asked for, not at every start
    from cliqsim.deluge.flow import Flow, Sink

# Cliq tasks whose first argument says where a message or record goes.
_DESTINATIONS: dict[str, str] = {
    "zoho.cliq.posttochannel": "posted to #{0}",
    "zoho.cliq.posttochannelasadmin": "posted to #{0} as the admin",
    "zoho.cliq.posttochannelasbot": "posted to #{0} as a bot",
    "zoho.cliq.posttochat": "posted to the chat {0}",
    "zoho.cliq.posttochatasadmin": "posted to the chat {0} as the admin",
    "zoho.cliq.posttobot": "posted to the bot {0}",
    "zoho.cliq.posttobotasadmin": "posted to the bot {0} as the admin",
    "zoho.cliq.posttouser": "sent to {0}",
    "zoho.cliq.createrecord": "stored in the Cliq database {0}",
    "zoho.cliq.updaterecord": "stored in the Cliq database {0}",
}


class DataFlow(msgspec.Struct, frozen=True):
    """One flow: `source` is the item target it starts from (`user.email`, `chat`,
    `zoho.loginuserid`), `what` its plain name ("your email address"), `to` where it ends up
    ("the parameters of POST api.example.com"), `location` the code that sends it there;
    `sink` is the Deluge sink kind (`invokeurl`, `sendmail`, `task`, `info`, `return`, ...)."""

    source: str
    what: str
    to: str
    sink: str
    location: CodeLocation

    def __str__(self) -> str:
        return f"{self.what} → {self.to} ({self.location.file} line {self.location.line})"

    @property
    def leaves_cliq(self) -> bool:
        """True when the value goes outside Cliq: an external API or a mail."""
        return self.sink in ("invokeurl", "getUrl", "postUrl", "sendmail")


def data_flows(
    scripts: Mapping[str, tuple[Source, dast.Script]],
    objects: Iterable[str],
) -> tuple[DataFlow, ...]:
    """The flows of every handler script (`handler -> (source, script)`), script by script, from
    the handler inputs `objects` (the platform's declared names) and the identity variables."""
    from cliqsim.deluge.flow import flows

    names = tuple(objects)
    found: list[DataFlow] = []
    for handler, (source, script) in scripts.items():
        urls = inventory(script, source.name or handler, names).urls
        for flow in flows(script, names, IDENTITY_VARIABLES):
            found.append(_say(flow, source, urls))
    return tuple(found)


def _say(flow: Flow, source: Source, urls: tuple[UrlUse, ...]) -> DataFlow:
    if flow.source in IDENTITY_VARIABLES:
        target, purpose = flow.source, purposes.identity_purpose(flow.source)
    else:
        target = flow.source if flow.field is None else f"{flow.source}.{flow.field}"
        purpose = purposes.object_purpose(flow.source, flow.field)
    what = purpose.removeprefix("Reads ")
    (location,) = locate(source, [flow.sink.span])
    return DataFlow(target, what, destination(flow.sink, urls), flow.sink.kind, location)


def destination(sink: Sink, urls: Iterable[UrlUse] = ()) -> str:
    """Where a sink sends a value, in words."""
    if sink.kind == "info":
        return "the log (info)"
    if sink.kind == "return":
        return "the reply"
    if sink.kind == "sendmail":
        part = {"to": "the recipients", "cc": "the copy recipients", "bcc": "the hidden copy "
                "recipients", "from": "the sender", "subject": "the subject",
                "message": "the text"}.get(sink.part, f"the {sink.part}")
        return f"{part} of a mail"
    if sink.kind == "task":
        template = _DESTINATIONS.get(sink.name.lower())
        first = sink.literals[0] if sink.literals else None
        if template is not None and first is not None and sink.part != "argument 1":
            return template.format(first)
        if template is not None:
            return (f"where {sink.name} goes (its {sink.part})" if sink.part == "argument 1"
                    else f"the content of {sink.name} ({sink.part})")
        return f"{sink.part} of {sink.name}"
    use = next((u for u in urls if sink.span in u.spans), None)
    call = _call_name(sink, use)
    part = {"url": "the address", "parameters": "the parameters", "body": "the body",
            "headers": "the headers", "type": "the method"}.get(sink.part, f"the {sink.part}")
    return f"{part} of {call}"


def _call_name(sink: Sink, use: UrlUse | None) -> str:
    if use is None or use.host is None:
        method = use.method if use is not None and use.method else "a request to"
        return f"{method} {RUNTIME_ADDRESS}"
    return f"{use.method or 'a request to'} {use.host}"


def flows_of(found: Iterable[DataFlow], target: str) -> tuple[DataFlow, ...]:
    """The flows that start at `target` (an item's target; `user` covers `user.email` too)."""
    return tuple(f for f in found if f.source == target)

