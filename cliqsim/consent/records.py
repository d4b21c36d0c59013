"""What a record task acts on: the module, database, form or report its consent item names.

`zoho.crm.getRecords("Leads", ...)` becomes the item `zoho.crm.getRecords {"in": [["Leads"]]}`
("Reads records from Zoho CRM (Leads) as you"): the module is part of the item, as a post's
destination is (`consent.destination`) and a mail's recipients are (`consent.mail`). Which
arguments name the target, and in what order the consent shows them, comes from
`cliqsim.deluge.effects.record_target` (Zoho's Deluge integration task pages): the CRM, Bigin
and Recruit module; the Books, Inventory and Invoice module and organization; the Desk module
and organization; the Creator form or report, application and owner; the Cliq database.

A target only known at run time (`zoho.crm.getRecords(arguments, ...)`) is shown as such,
flagged, and never silently allowed: it may be only one of the targets the same script names
literally for the same service (which the dialog lists), and when the script names none, the
call is blocked.

Targets are compared exactly (after trimming spaces), as the item shows them: `Leads` does not
cover `leads` (the simulated CRM's module names are case-sensitive too).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import msgspec

from cliqsim.consent.target_text import shown_name, target_data
from cliqsim.deluge.effects import RECORD_TARGET_SYMBOLS, record_target

Resolve = Callable[[str], Any]
"""The value of a system variable a target names (`zoho.adminuser`), asked when it runs."""

Part = tuple[int, str]
"""(argument position, what it names: `module`, `organization`, `form or report`, ...)."""


def _noun(parts: Sequence[Part]) -> str:
    return parts[0][1] if parts else "target"


def _say(text: str) -> str:
    if text in RECORD_TARGET_SYMBOLS:
        return "the admin"
    return shown_name(text, '",;()') if text else '""'


def _called(parts: Sequence[Part], values: Sequence[str]) -> str:
    """`Leads`; `Invoices, organization 6612`; `All_Tasks, application tasks, owner zylker`."""
    shown = [_say(values[0])] if values else []
    shown += [f"{label} {_say(value)}" for (_, label), value in zip(parts[1:], values[1:],
                                                                      strict=False)]
    return ", ".join(shown)


def _argument(value: Any) -> str | None:
    """A run-time argument as it is compared: a text or a whole number, trimmed; None for
    anything else (a map, a list, null: no module is named by those)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        return str(value).strip()
    return None


class RecordTarget(msgspec.Struct, frozen=True):
    """The targets a record task's item allows: `task` as the code spells it, `named` each
    allowed target (one text per part, `record_target`'s order), `at_run_time` true when the
    code decides it at run time (then `named` are the targets the script names literally for
    the same service, the only ones it may be)."""

    task: str
    named: tuple[tuple[str, ...], ...]
    at_run_time: bool = False

    @property
    def parts(self) -> tuple[Part, ...]:
        return record_target(self.task) or ()

    # ---- the item's target

    def target(self) -> str:
        data: dict[str, Any] = {"in": [list(t) for t in sorted(set(self.named))]}
        if self.at_run_time:
            data["at_run_time"] = True
        return f"{self.task} " + json.dumps(data, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_target(cls, target: str) -> RecordTarget | None:
        """The targets a record task's item target holds; None for any other item, and for a
        record task's item that names none (stored before targets were part of the item: it
        covers nothing, so the person is asked again)."""
        read = target_data(target)
        parts = None if read is None else record_target(read[0])
        if read is None or parts is None or not isinstance(read[1].get("in"), list):
            return None
        name, data = read
        named = []
        for entry in data["in"]:
            if not (isinstance(entry, list) and len(entry) == len(parts)
                    and all(isinstance(t, str) for t in entry)):
                return None
            named.append(tuple(entry))
        return cls(name, tuple(named), data.get("at_run_time") is True)

    # ---- what people read

    def shown(self) -> str:
        """`Leads`, `Contacts or Leads`, `a module decided when the code runs`."""
        if self.at_run_time:
            return f"a {_noun(self.parts)} decided when the code runs"
        return " or ".join(_called(self.parts, t) for t in sorted(set(self.named))) or "none"

    def note(self) -> str:
        if not self.at_run_time:
            return ""
        noun = _noun(self.parts)
        if not self.named:
            return (f"which {noun} it uses is decided when the code runs: cliqsim blocks it "
                    f"(no {noun} is named in this code)")
        allowed = " or ".join(_called(self.parts, t) for t in sorted(set(self.named)))
        return (f"which {noun} it uses is decided when the code runs: cliqsim lets it be only "
                f"{allowed} (named elsewhere in this code)")

    # ---- the guard

    def allows(self, args: Sequence[Any], resolve: Resolve) -> bool:
        """Whether a call with these arguments acts on a target this item names; a part the
        item names by a system variable (`zoho.adminuser`) is compared with its value now."""
        called = called_target(self.task, args)
        if called is None:
            return False
        for named in set(self.named):
            wanted = tuple(_argument(resolve(part)) if part in RECORD_TARGET_SYMBOLS else part
                           for part in named)
            if wanted == called:
                return True
        return False


def called_target(task: str, args: Sequence[Any]) -> tuple[str, ...] | None:
    """What a record task call acts on (one text per part), None when an argument that names
    it is missing or no text/number."""
    parts = record_target(task) or ()
    values = []
    for position, _ in parts:
        value = _argument(args[position]) if position < len(args) else None
        if value is None:
            return None
        values.append(value)
    return tuple(values)


def describe_call(task: str, args: Sequence[Any]) -> str:
    """`the module Contacts`, for a blocked call's message."""
    parts = record_target(task) or ()
    called = called_target(task, args)
    if called is None:
        shown = [repr(args[p]) if p < len(args) else "nothing" for p, _ in parts]
        return f"the {_noun(parts)} {', '.join(shown)}"
    return f"the {_noun(parts)} {_called(parts, called)}"


def literal_targets(uses: Iterable[tuple[str, tuple[tuple[str, ...], ...] | None]],
                    task: str) -> tuple[tuple[str, ...], ...]:
    """The targets a script names literally (from its tasks' `(name, target)`) for the service
    of `task`, in tasks whose target has the same parts: what a target `task` decides at run
    time may be."""
    parts = record_target(task)
    service = task.split(".")[1].lower()
    found: set[tuple[str, ...]] = set()
    for name, target in uses:
        if target is None or parts is None or record_target(name) != parts:
            continue
        if name.split(".")[1].lower() == service:
            found |= set(target)
    return tuple(sorted(found))
