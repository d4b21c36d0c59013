"""Whose account a Cliq post uses is the one the dialog named (docs/consents.md, threat model
row 30).

Two ways the account that posted differed from the one the person was shown:
- `...AsAdmin` tasks ("with the admin's account") took the sender from any connection's
  `owner`, also from a connection each person signs in to themselves (`auth = "user"`), whose
  owner nobody checks: a member's component posted as another member ("I quit. -- Meera");
- `postToChannel`, `postToChat` and `postToUser` with an `auth = "admin"` connection were
  shown as "... with the connection owner's account" (and the inspector said so), but posted
  in the name of the person running them.
Now one function maps a connection to its account (`authorization.connection_owner`: an
`owner` counts only on an admin connection, which only an org admin may own) and one decides a
post's sender from the task's connection (`services.cliq._default_sender`)."""

from __future__ import annotations

from pathlib import Path

from platform_helpers import START, allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.paths import bundled_components
from cliqsim.platform.runtime import Runtime


def _runtime(tmp_path: Path, connection: str, script: str) -> Runtime:
    root = tmp_path / "c"
    root.mkdir()
    (root / "workspace.toml").write_text(
        (bundled_components() / "workspace.toml").read_text(encoding="utf-8"), encoding="utf-8")
    write_package(root, "say", 'type = "command"\nname = "say"\n[handlers]\n'
                  f'execution = "execution.dg"\n[connections.cliq]\nservice = "Cliq"\n'
                  f'{connection}\n', {"execution.dg": script + 'return {"text": "done"};\n'})
    return Runtime(root, tmp_path / "d", SimulatedClock(START))


def _senders(runtime: Runtime, chat: str) -> dict[str, str]:
    return {m.text or "": m.sender.name for m in runtime.messages(chat)}


def test_as_admin_never_speaks_as_the_owner_a_user_connection_names(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, 'auth = "user"\nowner = "u_meera"',
                       'zoho.cliq.postToChannelAsAdmin("general", "I quit", "cliq");\n')
    asked = runtime.submit("u_arjun", "general", "/say")
    assert asked.consent is not None
    assert "with the admin's account" in asked.consent.items[0].purpose
    assert allow(runtime, asked).status == "ok"
    assert _senders(runtime, "general")["I quit"] == "Priya Sharma"  # the org admin


def test_an_admin_connection_posts_as_its_owner_as_the_dialog_says(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, 'auth = "admin"', (
        'zoho.cliq.postToChannel("general", "to the channel", "cliq");\n'
        'zoho.cliq.postToChat("general", "to the chat", "cliq");\n'
        'zoho.cliq.postToUser("meera@zylker.com", "to Meera", "cliq");\n'))
    asked = runtime.submit("u_arjun", "general", "/say")
    assert asked.consent is not None
    assert all("with the connection owner's account" in item.purpose
               for item in asked.consent.items)
    done = allow(runtime, asked)
    assert done.status == "ok"
    senders = _senders(runtime, "general")
    assert senders["to the channel"] == senders["to the chat"] == "Priya Sharma"
    dm = [m for m in done.messages if m.text == "to Meera"]
    assert [m.sender.name for m in dm] == ["Priya Sharma"]
    assert done.run is not None
    assert all("Priya Sharma's Cliq account" in e.target for e in done.run.effects)


def test_without_a_connection_a_post_is_the_persons_own(tmp_path: Path) -> None:
    runtime = _runtime(tmp_path, 'auth = "admin"',
                       'zoho.cliq.postToChannel("general", "mine");\n')
    asked = runtime.submit("u_arjun", "general", "/say")
    assert asked.consent is not None and "as you" in asked.consent.items[0].purpose
    assert allow(runtime, asked).status == "ok"
    assert _senders(runtime, "general")["mine"] == "Arjun Rao"
