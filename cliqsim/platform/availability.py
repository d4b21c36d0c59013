"""Whether a component may run at all: its extension installed, active, and under an
organization consent in force (the start of `Pipeline.admit`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from cliqsim.consent.gate import ConsentRequest
from cliqsim.deluge.errors import DelugeError
from cliqsim.platform.package_model import Package
from cliqsim.platform.records import Unavailable

if TYPE_CHECKING:
    from cliqsim.platform.pipeline import Pipeline


def unavailable(pipeline: Pipeline, package: Package) -> Unavailable | None:
    """Why `package` cannot run now (its extension is not installed, not active, or the
    organization's consent to it lapsed, with the request that renews it), or None."""
    if package.extension is None:
        return None
    extension = pipeline.catalog.packages.get(package.extension)
    name = extension.name if extension else package.extension
    record = pipeline.store.install(package.extension)
    if record is None:
        admins = ", ".join(f"{a['first_name']} ({a['id']})" for a in pipeline.workspace.admins())
        return Unavailable(
            f"{package.display_name} is part of the {name} extension, which is not "
            f"installed in {pipeline.workspace.org_name}. An org admin ({admins}) can "
            f"install it: cliqsim extensions install {package.extension}")
    if not record.active:
        return Unavailable(f"the {name} extension is installed but not active: its "
                           "installation handler did not return status 200")
    return org_lapse(pipeline, package)

def org_lapse(pipeline: Pipeline, package: Package,
              now: datetime | None = None) -> Unavailable | None:
    """When the organization's consent to `package`'s extension is no longer in force
    (expired, revoked, or the extension needs more than the admin allowed): why, and the
    request that renews it. Every component of the extension stops until an org admin
    renews it. None when in force (or the package belongs to no installed extension)."""
    if package.extension is None or pipeline.store.install(package.extension) is None:
        return None
    extension = pipeline.catalog.packages.get(package.extension)
    if extension is None:
        return None
    try:
        decision = pipeline.org.check(pipeline.manifest(extension), now)
    except DelugeError:
        return None  # the extension's own scripts fail to parse: reported when it runs
    if not isinstance(decision, ConsentRequest):
        return None
    what = {"expired": "expired", "revoked": "was revoked",
            "changed": "no longer covers what the extension needs"}.get(
                decision.reason, "is missing")
    when = ""
    previous = decision.previous
    if previous is not None and previous.not_yet(now or pipeline.clock.now()):
        what, when = "was given later than now (the clock was set back)", ""
    elif previous is not None and decision.reason == "expired":
        when = f" on {previous.expires_at:%Y-%m-%d}"
    elif previous is not None and previous.revoked_at is not None:
        when = f" on {previous.revoked_at:%Y-%m-%d}"
    admins = ", ".join(f"{a['first_name']} ({a['id']})" for a in pipeline.workspace.admins())
    reason = (f"{package.display_name} is stopped: the organization's consent to the "
              f"{extension.name} extension {what}{when}. An org admin ({admins}) must "
              f"renew it: cliqsim extensions install {extension.id}, or use one of its "
              "components")
    return Unavailable(reason, decision, extension)
