"""`zoho.cliq.extension.getProperties` with several keys (#13 item 8).

Zoho, "Extension Properties Tasks" (https://www.zoho.com/deluge/help/cliq/extension-tasks.html):
the key is TEXT or a LIST; success `{"username": "test"}`, failure `{"code", "message"}`. Zoho's
v3 REST "Get extension properties" (https://www.zoho.com/cliq/help/restapi/v3/extensions/):
several keys (at most 10) answer with the properties that exist; its only error is that no
valid key was given.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import write_package

from cliqsim.platform.runtime import Runtime

INSTALL = """\
zoho.cliq.extension.setProperties({"region":"eu","plan":"pro"});
some = zoho.cliq.extension.getProperties({"region","plan","nothing"});
none = zoho.cliq.extension.getProperties({"nothing","else"});
one = zoho.cliq.extension.getProperties("nothing");
many = zoho.cliq.extension.getProperties({"a","b","c","d","e","f","g","h","i","j","k"});
return {"status":200,"message":some.toString() + " | " + none.get("code") + " | "
        + one.get("code") + " | " + many.get("code")};
"""


def test_several_keys_give_the_ones_that_exist(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    write_package(tmp_path / "c", "props", 'type = "extension"\nname = "Props"\n'
                  'components = []\n[handlers]\ninstallation = "install.dg"\n',
                  {"install.dg": INSTALL})
    runtime = make_runtime(tmp_path / "c")
    outcome = runtime.install_extension("u_admin", "props")
    while outcome.status == "consent_required":
        outcome = runtime.decide(outcome.pending, True)  # type: ignore[arg-type]
    assert outcome.activated is True, outcome
    assert ('{"region":"eu","plan":"pro"} | extension_property_does_not_exist | '
            'extension_property_does_not_exist | invalid_inputs') in outcome.messages[-1].text
