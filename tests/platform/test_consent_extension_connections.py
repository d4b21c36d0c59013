"""One connection link of an extension is one account (docs/consents.md, threat model row 33).

Installing an extension shows the org admin each connection once ("Uses Google Maps: each
person connects their own account", or "Connects Google Maps with your account (the
installer's); every person's runs use it"). Two bundled components could declare the same
link differently: the install dialog showed one declaration (`auth = "user"`), while the other
component ran every person's calls with the installer's own account (`auth = "admin"`), which
the admin was never shown. Now a bundled component whose connection differs from the
extension's or an earlier component's (service, auth, owner or hosts) does not load; the
load error names both."""

from __future__ import annotations

import shutil
from pathlib import Path

from platform_helpers import START, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime

USER = '[connections.gm]\nservice = "Google Maps"\nauth = "user"\nhosts = ["maps.googleapis.com"]\n'
ADMIN = USER.replace('auth = "user"', 'auth = "admin"')
CALL = ('r = invokeurl [ url: "https://maps.googleapis.com/x" type: GET connection: "gm" ];\n'
        'return {"text": "ok"};\n')


def _runtime(tmp_path: Path, extension: str, first: str, second: str) -> Runtime:
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", root)
    write_package(root, "ext", 'type = "extension"\nname = "Ext"\nversion = "1.0"\n'
                  'components = ["b", "a"]\n' + extension, {})
    for folder, name, connection in (("b", "bcmd", first), ("a", "acmd", second)):
        write_package(root / "ext", folder, f'type = "command"\nname = "{name}"\n[handlers]\n'
                      f'execution = "e.dg"\n{connection}', {"e.dg": CALL})
    return Runtime(root, tmp_path / "d", SimulatedClock(START))


def _commands(runtime: Runtime) -> set[str]:
    return {c.name for c in runtime.commands("u_admin")}


def test_a_component_declaring_a_link_as_another_account_does_not_load(
        tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, "", ADMIN, USER)
    (error,) = runtime.load_errors
    assert "declares the connection 'gm' differently from the component 'bcmd'" in str(error)
    assert "acmd" not in _commands(runtime) and "bcmd" in _commands(runtime)
    asked = runtime.install_extension("u_admin", "ext")
    assert asked.consent is not None
    (item,) = asked.consent.items
    assert item.purpose.startswith("Connects Google Maps with your account")


def test_a_component_cannot_redeclare_the_extensions_own_connection(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, USER, ADMIN, "")
    assert any("differently from the extension 'Ext'" in str(e) for e in runtime.load_errors)
    assert "bcmd" not in _commands(runtime)


def test_the_same_connection_declared_alike_loads_everywhere(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, "", USER, USER)
    assert runtime.load_errors == ()
    assert {"acmd", "bcmd"} <= _commands(runtime)
