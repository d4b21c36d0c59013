"""The workspace survives a restart and refuses a damaged file; the headless CLI's output,
JSON shape and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from platform_helpers import START, allow

from cliqsim.cli import main
from cliqsim.clock import SimulatedClock
from cliqsim.errors import CliqsimError
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime


def test_history_survives_a_restart(tmp_path: Path) -> None:
    first = Runtime(bundled_components(), tmp_path, SimulatedClock(START))
    first.submit("u_arjun", "general", "see you at 10")
    allow(first, first.submit("u_arjun", "general", "/nearby bank"))
    again = Runtime(bundled_components(), tmp_path, SimulatedClock(START))
    texts = [m.text for m in again.messages("general", "u_meera")]
    assert "see you at 10" in texts
    # the command's reply is only for Arjun: kept for him (its buttons still work, #13 item 7),
    # never shown to anyone else
    assert not any(t.startswith("Hi Arjun") for t in texts)
    assert any(m.text.startswith("Hi Arjun") for m in again.messages("general", "u_arjun"))
    assert again.submit("u_arjun", "general", "/nearby bank").status == "ok"  # grant kept


def test_a_damaged_workspace_file_is_named_and_left_alone(tmp_path: Path) -> None:
    Runtime(bundled_components(), tmp_path, SimulatedClock(START))
    path = tmp_path / "workspace.json"
    path.write_text('{"messages": {"1": ')
    with pytest.raises(CliqsimError) as caught:
        Runtime(bundled_components(), tmp_path, SimulatedClock(START))
    assert str(path) in caught.value.message
    assert "To recover" in caught.value.message
    assert path.read_text() == '{"messages": {"1": '


def test_seeded_users_and_channels(runtime: Runtime) -> None:
    roles = {u.id: u.role for u in runtime.users()}
    assert roles == {"u_admin": "org admin", "u_arjun": "member", "u_meera": "member"}
    arjun = {c.id for c in runtime.chats("u_arjun")}
    assert {"general", "sales", "announcements"} <= arjun
    assert "sales" not in {c.id for c in runtime.chats("u_meera")}


def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main([*argv, "--data", str(tmp_path / "data"), "--now", "2026-12-01T09:00"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_run_json_consent_required_then_ok(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(tmp_path, capsys, "run", "/nearby bank", "--user", "u_arjun", "--json")
    data = json.loads(out)
    assert code == 3 and data["status"] == "consent_required"
    assert data["consent"]["reason"] == "first_run"
    assert any(i["target"] == "GET maps.googleapis.com" and i["credentials"] == "admin"
               for i in data["consent"]["items"])
    assert set(data) >= {"status", "consent", "messages", "info", "error"}

    code, out = cli(tmp_path, capsys, "run", "/nearby bank", "--user", "u_arjun", "--json",
                    "--consent", "allow")
    data = json.loads(out)
    assert code == 0 and data["status"] == "ok"
    assert data["info"] == ["found 5 bank places"]
    assert data["messages"][-1]["slides"][0]["data"]["rows"][1]["Name"] == "HDFC Bank"


def test_run_text_output_renders_the_card(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(tmp_path, capsys, "run", "/nearby restaurant", "--consent", "allow")
    assert code == 0
    assert "Nearby restaurants" in out and "Murugan Idli Shop" in out and "Open in Maps" in out


def test_run_denied_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(tmp_path, capsys, "run", "/nearby bank", "--consent", "deny")
    assert code == 3 and "You did not allow /nearby; nothing ran." in out


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(tmp_path, capsys, "run", "/teleport now")
    assert code == 2
    assert "there is no command /teleport; commands:" in out
    code, _ = cli(tmp_path, capsys, "run", "hi", "--user", "u_nobody")
    assert code == 2


def test_script_error_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(tmp_path, capsys, "action", "translate", "--message", "Guten Morgen",
                    "--consent", "allow", "--json")
    data = json.loads(out)
    assert code == 1 and data["status"] == "error"
    assert data["error"]["kind"] == "script" and "no offline fixture" in data["error"]["message"]


def test_action_extensions_users_and_click(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(tmp_path, capsys, "users", "--json")
    assert code == 0 and [u["role"] for u in json.loads(out)][0] == "org admin"
    code, out = cli(tmp_path, capsys, "extensions", "install", "poll", "--user", "u_meera")
    assert code == 3 and "only an organization admin can install Poll" in out
    code, out = cli(tmp_path, capsys, "extensions", "install", "poll", "--consent", "allow")
    assert code == 0 and "Poll 1.2 is installed and active." in out
    code, out = cli(tmp_path, capsys, "extensions", "list", "--json")
    listed = json.loads(out)
    assert listed["extensions"][0]["active"] is True and listed["load_errors"] == []
    code, out = cli(tmp_path, capsys, "action", "Create poll", "--message", "Team lunch",
                    "--consent", "allow", "--json")
    poll = next(m for m in json.loads(out)["messages"] if m["card"])
    code, out = cli(tmp_path, capsys, "click", poll["id"], "Pizza", "--user", "u_meera",
                    "--consent", "allow")
    assert code == 0 and "You voted for Pizza." in out and "Pizza: 1 vote" in out


def test_bot_message_from_the_cli_opens_the_bot_chat(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    cli(tmp_path, capsys, "extensions", "install", "poll", "--consent", "allow")
    code, out = cli(tmp_path, capsys, "run", "@PollBot new poll", "--user", "u_arjun",
                    "--consent", "allow")
    assert code == 0
    assert "Welcome, Arjun!" in out and "What do you want to ask?" in out


def test_form_flow_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(tmp_path, capsys, "run", "/announce Office closed Monday", "--consent",
                    "allow", "--form", "details=For Pongal", "--form", "channel=general")
    assert code == 0 and "Posted in #general." in out
    code, out = cli(tmp_path, capsys, "run", "/announce", "--consent", "allow", "--form",
                    "colour=blue")
    assert code == 2


def test_messages_location_and_attachments(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(tmp_path, capsys, "run", "/nearby bank", "--location", "12.9716,77.5946",
                    "--consent", "allow", "--json")
    buttons = json.loads(out)["messages"][-1]["buttons"]
    assert code == 0 and "12.9716,77.5946" in buttons[0]["action_data"]["web"]
    code, out = cli(tmp_path, capsys, "run", "/nearby bank", "--location", "north")
    assert code == 2 and "write LATITUDE,LONGITUDE" in out
    code, out = cli(tmp_path, capsys, "run", "/nearby bank", "--attach", str(tmp_path / "no"))
    assert code == 2 and "cannot read it" in out
    cli(tmp_path, capsys, "run", "lunch at 1?", "--chat", "sales")
    code, out = cli(tmp_path, capsys, "messages", "--chat", "sales", "--json")
    assert code == 0 and json.loads(out)[-1]["text"] == "lunch at 1?"
    code, out = cli(tmp_path, capsys, "messages", "--chat", "#nowhere")
    assert code == 2 and "there is no chat '#nowhere'" in out


def test_on_a_terminal_the_request_is_shown_and_answered(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    keys = iter(["m", "a"])  # one key at a time (docs/cli.md): `m` is ignored, `a` allows
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("cliqsim.commands._runtime_options.read_one_key", lambda: next(keys))
    code, out = cli(tmp_path, capsys, "run", "/nearby bank", "--user", "u_arjun")
    assert code == 0
    assert "/nearby asks for your consent" in out
    assert "Fetches data from maps.googleapis.com" in out and "admin's account" in out
    assert "nearby/execution.dg:21" in out  # where the code uses it
    assert "Hi Arjun, here are the banks closest to you." in out


def test_writing_to_a_dm_or_bot_chat_creates_it(runtime: Runtime) -> None:
    outcome = runtime.submit("u_admin", "dm_u_admin_u_arjun", "hi Arjun")
    assert outcome.messages[0].chat_id == "dm_u_admin_u_arjun"
    assert "dm_u_admin_u_arjun" in {c.id for c in runtime.chats("u_arjun")}
    assert "dm_u_admin_u_arjun" not in {c.id for c in runtime.chats("u_meera")}
    from cliqsim.errors import UsageError

    with pytest.raises(UsageError, match="two ids in sorted order"):
        runtime.submit("u_admin", "dm_u_arjun_u_admin", "hi")
    with pytest.raises(UsageError, match="u_meera is not a member"):
        runtime.submit("u_meera", "dm_u_admin_u_arjun", "hi")


def test_the_headless_consent_panel_says_where_each_value_goes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the terminal shows is what the chat window's dialog shows: under a Cliq object,
    the places its code sends the value (the data-flow pass), not just where it reads it."""
    code, out = cli(tmp_path, capsys, "run", "/nearby bank")
    assert code != 0 and "/nearby asks for your consent" in out
    flat = " ".join(out.replace("│", " ").split())
    assert "Reads your location (latitude)" in flat
    assert "→ the parameters of GET maps.googleapis.com (nearby/execution.dg line 21)" in flat
    assert "→ the reply" not in flat
