"""Input names every trigger shares, and small resolvers more than one trigger module uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cliqsim.errors import UsageError
from cliqsim.platform import inputs as cliq
from cliqsim.platform.messages import Message, Sender
from cliqsim.platform.package_model import Catalog, Package
from cliqsim.platform.records import Outcome
from cliqsim.structs import replace

if TYPE_CHECKING:
    from cliqsim.platform.pipeline import Pipeline
    from cliqsim.platform.records import Attachment
    from cliqsim.platform.workspace import Chat

EVERY = frozenset({"user", "access", "environment"})
"""Every handler gets these (reference §1.0: the zcatalyst-cli sample payloads)."""

IN_CHAT = EVERY | {"chat"}
"""A handler that runs in a chat also gets the chat."""


def bot(catalog: Catalog, name: str) -> Package:
    """The bot by name or unique name; raises `UsageError` naming the bots there are."""
    found = catalog.bot(name)
    if found is None:
        known = ", ".join(f"@{b.name}" for b in catalog.of_type("bot")) or "none"
        raise UsageError(f"there is no bot {name!r}; bots: {known}")
    return found


def bots_by_name(catalog: Catalog) -> dict[str, str]:
    """`@name` → bot name, by unique name and by lower-cased name (for `mentions`)."""
    names: dict[str, str] = {}
    for package in catalog.of_type("bot"):
        names[package.unique_name] = package.name
        names[package.name.lower()] = package.name
    return names


def post_user_message(pipeline: Pipeline, user_id: str, chat: Chat, text: str,
                      attachments: Sequence[Attachment] = ()) -> Message:
    """What the person sent, as a message in the chat (with its `@` mentions and the files
    attached to it, which message actions on attachment messages then see)."""
    user = pipeline.workspace.user(user_id)
    mentions = cliq.mentions_in(pipeline.workspace, text, bots_by_name(pipeline.catalog))
    return pipeline.emit(Message(
        pipeline.new_id(), chat.id,
        Sender(user_id, f"{user['first_name']} {user['last_name']}".strip(), "user"),
        pipeline.clock.now(), text=text, mentions=tuple(mentions),
        attachments=tuple(cliq.attachment_record(a) for a in attachments)))


def gather_runs(base: Outcome, outcomes: Sequence[Outcome]) -> Outcome:
    """`base` showing every handler run of `outcomes` (the outcomes of one event, in order,
    `base` itself among them or not): their `info` lines in order, and each run other than
    `base.run` in `caused`, so the inspector (`--trace`, `--json` runs) shows all the runs one
    event set off: the participation handlers hearing a message beside its mention, a link's
    after-send handler beside its preview, an uninstallation handler. Messages are the
    caller's."""
    seen = {base.run.id} if base.run is not None else set()
    caused = []
    for outcome in outcomes:
        for run in ((outcome.run,) if outcome.run is not None else ()) + outcome.caused:
            if run.id not in seen:
                seen.add(run.id)
                caused.append(run)
    return replace(base, caused=tuple(caused),
                   info=tuple(line for outcome in outcomes for line in outcome.info))
