"""The component types of part 2 as packages: scheduler, widget and link handler.

Their handler keys come from their trigger kinds (`triggers/`); `packages.py` calls these
loaders (`EXTRA_TYPES`) after the common fields are read, so a bad schedule or a missing domain
fails the package with the file, field and line like any other mistake.

    type = "scheduler"                 type = "widget"              type = "link_handler"
    [handlers]                         [handlers]                   domains = ["github.com"]
    execution = "run.dg"               view = "view.dg"             [handlers]
    [schedule]                         button = "button.dg"         preview = "preview.dg"
    frequency = "daily"                                             action = "action.dg"
    time = "09:00"
    timezone = "Asia/Kolkata"
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from cliqsim.platform.package_reader import Reader
from cliqsim.platform.packages import EXTRA_TYPES, Package
from cliqsim.platform.recurrence import RecurrenceError, parse_schedule

DOMAIN = re.compile(r"^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}$")
MAX_DOMAINS = 10
_PLACEHOLDER_START = date(1970, 1, 1)


def _load_scheduler(package: Package, data: dict[str, Any], reader: Reader) -> None:
    if "scheduler_handler" not in package.handlers:
        raise reader.fail("handlers", "a scheduler needs [handlers] execution = \"file.dg\"")
    if not package.schedule:
        raise reader.fail("schedule", "a scheduler needs a [schedule] table: frequency = "
                          "\"daily\" (or weekly, monthly, yearly), time = \"09:00\", timezone")
    try:
        parse_schedule(package.schedule, _PLACEHOLDER_START)
    except RecurrenceError as error:
        raise reader.fail(error.field, error.message) from None
    owner = package.schedule.get("owner")
    if owner is not None and not isinstance(owner, str):
        raise reader.fail("schedule.owner", "'schedule.owner' is the user id the scheduler "
                          "runs as, such as \"u_admin\"")


def _load_widget(package: Package, data: dict[str, Any], reader: Reader) -> None:
    if "widget_execution_handler" not in package.handlers:
        raise reader.fail("handlers", "a widget needs [handlers] view = \"file.dg\" (it draws "
                          "the widget's tabs and sections)")


def _load_link_handler(package: Package, data: dict[str, Any], reader: Reader) -> None:
    if "unfurl_handler" not in package.handlers:
        raise reader.fail("handlers", "a link handler needs [handlers] preview = \"file.dg\"")
    domains = data.get("domains")
    if not isinstance(domains, list) or not domains or not all(
            isinstance(d, str) for d in domains):
        raise reader.fail("domains", "a link handler lists the domains whose links it "
                          "previews: domains = [\"github.com\"]")
    if len(domains) > MAX_DOMAINS:
        raise reader.fail("domains", f"a link handler registers at most {MAX_DOMAINS} domains")
    cleaned = []
    for domain in domains:
        name = domain.strip().lower()
        if not DOMAIN.match(name):
            raise reader.fail("domains", f"{domain!r} is not a domain name; write it like "
                              "\"github.com\" or \"*.atlassian.net\" (no scheme, no path)")
        cleaned.append(name)
    package.domains = tuple(cleaned)


def register() -> None:
    EXTRA_TYPES.setdefault("scheduler", _load_scheduler)
    EXTRA_TYPES.setdefault("widget", _load_widget)
    EXTRA_TYPES.setdefault("link_handler", _load_link_handler)
