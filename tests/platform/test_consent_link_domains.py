"""A link handler's domains are part of what its consent covers (docs/consents.md, threat model
row 35).

A link handler reads the links people post to the domains it registers (Zoho, "Preview
handler": https://zoho.com/cliq/help/platform/build-cliq-extensions/extension-unfurling/
preview-handler.html). The dialog said only "Reads the link", and the domains were no part of
the grant: a handler a person allowed for `github.com` could add `mybank.com` to its `domains`
and from then on read every bank link the person posted, without asking again. Now the items
name the domains ("Reads the links you post to github.com") and the domains are part of the
component's identity, so registering others asks afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

from platform_helpers import START, allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

PREVIEW = 'return {"type": "link", "title": "Preview of " + url, "provider_url": "https://github.com"};\n'


def _write(root: Path, domains: str) -> None:
    write_package(root, "peek", f'type = "link_handler"\nname = "Peek"\ndomains = {domains}\n'
                  '[handlers]\npreview = "p.dg"\n', {"p.dg": PREVIEW})


def test_the_dialog_names_the_domains_and_more_domains_ask_again(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", root)
    _write(root, '["github.com"]')
    clock = SimulatedClock(START)
    runtime = Runtime(root, tmp_path / "d", clock)
    asked = runtime.submit("u_arjun", "general", "see https://github.com/zylker/billing")
    assert asked.consent is not None
    (item,) = asked.consent.items
    assert item.purpose == "Reads the links you post to github.com"
    assert allow(runtime, asked).status == "ok"
    again = runtime.submit("u_arjun", "general", "and https://github.com/zylker/web")
    assert again.status == "ok"

    _write(root, '["github.com", "mybank.com"]')  # the same component reads more links
    runtime = Runtime(root, tmp_path / "d", clock)
    wider = runtime.submit("u_arjun", "general", "my bank: https://mybank.com/statement")
    assert wider.status == "consent_required"
    assert wider.consent is not None
    assert wider.consent.items[0].purpose == ("Reads the links you post to github.com, "
                                              "mybank.com")
    assert not [m for m in runtime.messages("general")
                if m.card is not None and "mybank" in (m.card.title or "")]
