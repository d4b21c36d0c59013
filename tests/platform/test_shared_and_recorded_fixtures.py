"""Fixtures and connections at the components folder's top level (`shared.toml`), and
`--online --record-fixtures` writing real responses as fixtures without secrets (#16 item 7).
Real HTTP goes to a server on 127.0.0.1 (the one of test_online.py)."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from platform_helpers import allow, write_package
from test_online import server  # noqa: F401  (the 127.0.0.1 server fixture)

from cliqsim.cli import main
from cliqsim.clock import SimulatedClock
from cliqsim.platform.packages import load_packages
from cliqsim.platform.runtime import Runtime

CLOCK = SimulatedClock(datetime(2026, 12, 1, tzinfo=UTC))
SCRIPT = """
r = invokeurl
[
    url :"{base}/rates"
    type :GET
    parameters:{{"to":"USD","api_key":"s3cret"}}
    connection:"ratesapi"
];
return "1 INR = " + r.get("usd") + " USD";
"""


def _components(tmp_path: Path, base: str, shared: str) -> Path:
    root = tmp_path / "components"
    write_package(root, "rates", 'type = "command"\nname = "rates"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": SCRIPT.format(base=base)})
    (root / "shared.toml").write_text(shared)
    return root


SHARED = """
[connections.ratesapi]
service = "Rates"
auth = "admin"
hosts = ["127.0.0.1"]
"""


def test_shared_connections_and_fixtures_serve_every_package(tmp_path: Path) -> None:
    root = _components(tmp_path, "http://127.0.0.1:9", SHARED + """
[[fixtures]]
url = "http://127.0.0.1:9/rates"
body = '{"usd": 0.5}'
""")
    catalog = load_packages(root)
    assert catalog.errors == []
    rates = catalog.packages["rates"]
    assert rates.connections["ratesapi"].hosts == ("127.0.0.1",)
    assert rates.fixtures[-1].source == "shared.toml fixtures[0]"
    runtime = Runtime(root, tmp_path / "data", CLOCK)
    outcome = allow(runtime, runtime.submit("u_admin", "general", "/rates"))
    assert outcome.messages[-1].text == "1 INR = 0.5 USD"


def test_a_bad_shared_file_is_named(tmp_path: Path) -> None:
    root = _components(tmp_path, "http://127.0.0.1:9", "[connections.x]\nauth = 'anyone'\n")
    errors = load_packages(root).errors
    assert any(str(e.path).endswith("shared.toml") for e in errors)


def test_online_responses_are_recorded_without_secrets(
        tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    root = _components(tmp_path, server, SHARED)
    args = ["run", "/rates", "--components", str(root), "--data", str(tmp_path / "d"),
            "--consent", "allow"]
    assert main([*args, "--record-fixtures"]) == 2
    assert "use it with --online" in capsys.readouterr().err
    assert main([*args, "--online", "--record-fixtures"]) == 0
    assert main([*args, "--online", "--record-fixtures"]) == 0  # recorded once, not twice
    text = (root / "shared.toml").read_text()
    assert "s3cret" not in text
    [fixture] = tomllib.loads(text)["fixtures"]
    assert fixture["url"] == f"{server}/rates" and fixture["query"] == {"to": "USD"}
    assert fixture["headers"] == {"Content-Type": "application/json"}
    capsys.readouterr()
    assert main([*args, "--json"]) == 0  # offline now: the recorded fixture answers
    assert "1 INR = 0.012 USD" in capsys.readouterr().out


CHANGING = """
r = invokeurl
[
    url :"http://127.0.0.1:9/rates"
    type :GET
    connection:"ratesapi"
];
before = r.get("usd") + " " + r.get("list").size();
r.put("usd", 9);
r.get("list").add(4);
return before;
"""


@pytest.mark.parametrize("body", ["""body = '{"usd": 0.5, "list": [1, 2, 3]}'""",
                                  """body = {usd = 0.5, list = [1, 2, 3]}"""])
def test_a_script_that_changes_a_fixture_response_changes_only_its_copy(
        tmp_path: Path, body: str) -> None:
    # a fixture's response is converted once and handed to each call as a fresh copy
    # (cliqsim.deluge.value_copies): what one run changes, the next does not see
    root = tmp_path / "components"
    write_package(root, "rates", 'type = "command"\nname = "rates"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": CHANGING})
    (root / "shared.toml").write_text(SHARED + f'[[fixtures]]\nurl = "http://127.0.0.1:9/rates"\n'
                                      f"{body}\n")
    runtime = Runtime(root, tmp_path / "data", CLOCK)
    outcome = allow(runtime, runtime.submit("u_admin", "general", "/rates"))
    assert outcome.messages[-1].text == "0.5 3"
    again = runtime.submit("u_admin", "general", "/rates")
    assert again.messages[-1].text == "0.5 3"
