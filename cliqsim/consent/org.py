"""Extension installs: only an org admin may install, and installing is the admin's consent to
the extension's organization items (an org grant, valid like any other). Uninstalling removes
the install record and every grant of the extension, the org's and each person's."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import msgspec

from cliqsim.consent.gate import Allowed, ConsentRequest, Gate
from cliqsim.consent.manifest import ConsentManifest
from cliqsim.consent.store import ORG, Grant, InstallRecord, LedgerRecord
from cliqsim.errors import CliqsimError


class InstallRefused(CliqsimError):
    """Someone who is not an org admin tried to install or uninstall an extension."""

    def __init__(self, action: str, extension: str, admins: Sequence[str]) -> None:
        who = ", ".join(admins) if admins else "an organization admin"
        super().__init__(
            f"only an organization admin can {action} {extension}. Ask {who} to {action} it.",
            "Admin only",
        )


class NotInstalled(CliqsimError):
    def __init__(self, extension: str) -> None:
        super().__init__(f"{extension} is not installed.", "Not installed")


class Installed(msgspec.Struct, frozen=True):
    record: InstallRecord
    grant: Grant


class OrgConsent:
    """Install and uninstall extensions through the gate's store and clock."""

    def __init__(self, gate: Gate) -> None:
        self.gate = gate

    def check(
        self, org_manifest: ConsentManifest, now: datetime | None = None
    ) -> Allowed | ConsentRequest:
        """Is the org admin's consent to the extension's organization items in force? (An
        install's consent lapses like any other; the admin is then asked again.)"""
        return self.gate.check(ORG, org_manifest, now)

    def install(
        self,
        user_id: str,
        is_admin: bool,
        org_manifest: ConsentManifest,
        *,
        admins: Sequence[str] = (),
        now: datetime | None = None,
    ) -> Installed:
        """The admin `user_id` agreed to `org_manifest` (its `component_id` is the extension's
        id): store the org grant and the install record. A non-admin raises `InstallRefused`
        naming `admins`."""
        name = org_manifest.display_name
        if not is_admin:
            raise InstallRefused("install", name, admins)
        now = self.gate.resolve_now(now)
        grant = self.gate.grant(ORG, org_manifest, now, granted_by=user_id)
        record = InstallRecord(
            org_manifest.component_id, user_id, now, grant.grant_id, org_manifest.name
        )
        self.gate.store.save(
            install=record,
            ledger=[
                LedgerRecord(
                    now, "installed", user_id, org_manifest.component_id, grant.grant_id,
                    tuple(sorted(grant.keys)), f"installed by {user_id}", grant.fingerprint,
                )
            ],
        )
        return Installed(record, grant)

    def uninstall(
        self,
        user_id: str,
        is_admin: bool,
        extension_id: str,
        *,
        admins: Sequence[str] = (),
        name: str = "",
        now: datetime | None = None,
    ) -> list[Grant]:
        """Remove the extension's install record and every grant of it or its components.
        Returns the grants removed."""
        shown = name or extension_id
        if not is_admin:
            raise InstallRefused("uninstall", shown, admins)
        store = self.gate.store
        store.refresh()
        if store.install(extension_id) is None:
            raise NotInstalled(shown)
        now = self.gate.resolve_now(now)

        def of_extension(grant: Grant) -> bool:
            return grant.extension_id == extension_id or (
                grant.user_id == ORG and grant.component_id == extension_id
            )

        return store.save(
            remove_where=of_extension,
            remove_install=extension_id,
            ledger=[
                LedgerRecord(
                    now, "uninstalled", user_id, extension_id, None, (),
                    f"uninstalled by {user_id}; its consents were removed",
                )
            ],
        )
