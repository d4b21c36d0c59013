"""Extension installs as Cliq documents them (#13 item 9).

Zoho, "Extension Installation Validator" (https://www.zoho.com/cliq/help/platform/
build-cliq-extensions/installation-validator.html): runs before the install; only status 200
lets it go ahead; a failure shows `title`, `message`, `note` (a list) and `footer`. Zoho,
"Extension Installation Handler" (https://zoho.com/cliq/help/platform/build-cliq-extensions/
installation-handler.html): `app_info` is `{current_version, type: "install"}`, or for an
upgrade `{current_version, existing_version, type: "upgrade"}`; its reply has the same keys.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import write_package

from cliqsim.platform.runtime import Runtime

MANIFEST = """\
type = "extension"
name = "Licensed"
version = "{version}"
components = []
[organization]
permissions = [{permissions}]
[handlers]
installation_validator = "validate.dg"
installation = "install.dg"
"""
VALIDATE = """\
if(user.get("id") == "u_admin" && app_info.get("type") != "refuse")
{
\treturn {"status":200};
}
return {"status":403,"title":"No licence","message":"Buy a seat","note":{"one","two"},
        "footer":"help@example.org"};
"""
INSTALL = """\
text = app_info.get("type") + " " + app_info.get("current_version");
if(app_info.containKey("existing_version"))
{
\ttext = text + " from " + app_info.get("existing_version");
}
return {"status":200,"title":"Welcome","message":text,"note":{"Set up a channel"},
        "footer":"Thanks"};
"""


def _write(root: Path, version: str, permissions: str, validate: str = VALIDATE) -> None:
    write_package(root, "licensed", MANIFEST.format(version=version, permissions=permissions),
                  {"validate.dg": validate, "install.dg": INSTALL})


def _settle(runtime: Runtime, outcome):  # type: ignore[no-untyped-def]
    while outcome.status == "consent_required":
        outcome = runtime.decide(outcome.pending, True)
    return outcome


def test_validator_then_handler_then_an_upgrade_asks_for_the_added_items(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    root = tmp_path / "c"
    _write(root, "1.0", '"org.profile"')
    runtime = make_runtime(root)
    installed = _settle(runtime, runtime.install_extension("u_admin", "licensed"))
    assert installed.activated is True
    report = installed.messages[-1].text
    assert "install 1.0" in report and "• Set up a channel" in report and "Thanks" in report
    assert _settle(runtime, runtime.install_extension("u_admin", "licensed")).notice == (
        "Licensed is already installed")
    _write(root, "1.1", '"org.profile", "org.channels"')
    runtime.reload()
    asked = runtime.install_extension("u_admin", "licensed")
    assert asked.status == "consent_required"
    assert asked.consent.diff is not None
    assert [item.target for item in asked.consent.diff.added] == ["org.channels"]
    upgraded = _settle(runtime, asked)
    assert upgraded.activated is True
    assert "upgrade 1.1 from 1.0" in upgraded.messages[-1].text
    assert "Licensed 1.1 is upgraded and active." in upgraded.messages[-1].text
    assert runtime.extensions()[0].version == "1.1"


def test_a_failing_validator_installs_nothing_and_shows_its_reasons(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    root = tmp_path / "c"
    _write(root, "1.0", "", VALIDATE.replace('"u_admin"', '"u_nobody"'))
    runtime = make_runtime(root)
    refused = _settle(runtime, runtime.install_extension("u_admin", "licensed"))
    assert refused.status == "error" and refused.activated is False
    text = refused.messages[-1].text
    assert text.startswith("*No licence*\nBuy a seat\n• one\n• two\nhelp@example.org")
    assert "was not installed: its installation validator returned status 403" in text
    assert not runtime.extensions()[0].installed
