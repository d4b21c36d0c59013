"""Issue #11, classes 3 and 7: one authorization layer (`cliqsim.platform.authorization`) in
front of every entry point and every `zoho.cliq.*` service.

Class 3: a component edits only its own messages, posts only where the acting person may post,
posts `AsBot` only as its own (or its extension's) bot, never shows the system sender's name
or a person's name as its sender; a connection owned by someone who is not an org admin does
not load. Class 7: reading, running, voting and acting happen only in chats one is a member of
(#sales has Priya and Arjun; Meera is not in it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.paths import bundled_components
from cliqsim.platform.authorization import NotAuthorized
from cliqsim.platform.runtime import Runtime

COMMAND = """\
type = "command"
name = "{name}"
[handlers]
execution = "run.dg"
"""


def _runtime(tmp_path: Path, make_runtime: Callable[[Path], Runtime],
             scripts: dict[str, str], extra: str = "") -> Runtime:
    root = tmp_path / "c"
    root.mkdir(exist_ok=True)
    (root / "workspace.toml").write_text(
        (bundled_components() / "workspace.toml").read_text(encoding="utf-8"), encoding="utf-8")
    for name, script in scripts.items():
        write_package(root, name, COMMAND.format(name=name) + extra, {"run.dg": script})
    return make_runtime(root)


def _run(runtime: Runtime, user: str, text: str, chat: str = "general") -> str:
    outcome = runtime.submit(user, chat, text)
    if outcome.status == "consent_required":
        outcome = allow(runtime, outcome)
    return outcome.error.message if outcome.error is not None else "ok"


# ---- class 3: the services


def test_edit_message_edits_only_this_components_messages(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {"rewrite": (
        'zoho.cliq.editMessage("general", arguments, {"text": "I resign"});\n'
        'return {"text": "done"};\n')})
    seeded = next(m for m in runtime.messages("general") if m.sender.kind == "user")
    error = _run(runtime, "u_arjun", f"/rewrite {seeded.id}")
    assert "can edit only its own messages" in error
    assert runtime.message(seeded.id).text == seeded.text


def test_posts_go_only_where_the_acting_person_may_post(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {
        "tochannel": 'zoho.cliq.postToChannel("sales", "hello");\nreturn {"text": "ok"};\n',
        # a literal destination, so that the consent covers it and authorization decides
        "tochat": 'zoho.cliq.postToChat("dm_u_admin_u_arjun", "hello");\n'
                  'return {"text": "ok"};\n',
    })
    sales = runtime.chat("sales")
    before = len(runtime.messages(sales.id, "u_admin", None))
    assert "not a member of" in _run(runtime, "u_meera", "/tochannel")
    # a DM between two other people
    dm = runtime.submit("u_admin", "dm_u_admin_u_arjun", "hi")
    assert dm.status == "ok"
    assert "not a member of" in _run(runtime, "u_meera", "/tochat")
    assert len(runtime.messages(sales.id, "u_admin", None)) == before
    assert _run(runtime, "u_arjun", "/tochannel") == "ok"


def test_as_bot_only_as_the_components_own_bot_and_never_as_cliqsim(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {"spoof": (
        'zoho.cliq.postToChannelAsBot("general", arguments, "Maintenance tonight");\n'
        'return {"text": "ok"};\n')})
    for bot in ("cliqsim", "pollbot"):
        assert "may post only as its own bot" in _run(runtime, "u_arjun", f"/spoof {bot}")
    assert not any(m.text == "Maintenance tonight" for m in runtime.messages("general"))


def test_a_bot_broadcast_only_as_the_components_own_bot(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    # literal destinations, so that the consent covers them and authorization decides
    runtime = _runtime(tmp_path, make_runtime, {"broadcast": (
        'if(arguments == "pollbot") { zoho.cliq.postToBot("pollbot", "Reset your password"); }\n'
        'else { zoho.cliq.postToBot("cliqsim", "Reset your password here"); }\n'
        'return {"text": "ok"};\n')})
    for bot in ("pollbot", "cliqsim"):
        assert "may post only as its own bot" in _run(runtime, "u_admin", f"/broadcast {bot}")


@pytest.mark.parametrize("name", ["cliqsim", "Priya Sharma", "  CLIQSIM "])
def test_a_reply_may_not_take_the_system_senders_or_a_persons_name(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime], name: str
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {
        "rename": f'return {{"text": "Your password expired", "bot": {{"name": "{name}"}}}};\n',
        "post": f'zoho.cliq.postToChannel("general", {{"text": "x", "bot": {{"name": "{name}"}}}});'
                '\nreturn {"text": "ok"};\n',
    })
    error = _run(runtime, "u_arjun", "/rename")
    assert "reserved" in error or "a person's name" in error
    error = _run(runtime, "u_arjun", "/post")
    assert "reserved" in error or "a person's name" in error
    senders = {m.sender.name.strip().lower() for m in runtime.messages("general")
               if m.sender.kind != "system" and m.sender.kind != "user"}
    assert name.strip().lower() not in senders


def test_a_connection_owned_by_a_member_does_not_load(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    runtime = _runtime(tmp_path, make_runtime, {"asmeera": (
        'zoho.cliq.postToChannelAsAdmin("general", "from Meera", "meera");\n'
        'return {"text": "ok"};\n')}, extra=(
        '[connections.meera]\nservice = "Cliq"\nauth = "admin"\nowner = "u_meera"\n'))
    errors = [e.message for e in runtime.load_errors]
    assert any("owned by u_meera, who is not an org admin" in e for e in errors), errors
    with pytest.raises(Exception, match="no command /asmeera"):
        runtime.submit("u_arjun", "general", "/asmeera")


# ---- class 7: the entry points


def test_reading_a_chat_needs_membership(installed: Runtime) -> None:
    with pytest.raises(NotAuthorized, match="not a member of"):
        installed.messages("sales", "u_meera")
    installed.submit("u_admin", "dm_u_admin_u_arjun", "salary talk")
    with pytest.raises(NotAuthorized):
        installed.messages("dm_u_admin_u_arjun", "u_meera")
    allow(installed, installed.open_bot("u_arjun", "PollBot"))
    with pytest.raises(NotAuthorized):
        installed.messages("bot_pollbot_u_arjun", "u_meera")
    assert installed.messages("sales", "u_arjun")


def test_a_message_action_on_a_chat_one_is_not_in_is_refused(installed: Runtime) -> None:
    sales = installed.messages("sales", "u_admin")
    assert sales
    with pytest.raises(NotAuthorized, match="not a member of"):
        installed.run_action("u_meera", "Create poll", [sales[0].id])
    general = next(m for m in installed.messages("general", "u_arjun") if "Team lunch" in m.text)
    with pytest.raises(NotAuthorized, match="is not in"):
        installed.run_action("u_arjun", "Create poll", [general.id], "sales")


def test_buttons_only_in_ones_own_chats(
    tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    """A card with a vote button posted in #sales: Arjun (a member) may click, Meera may not."""
    runtime = _runtime(tmp_path, make_runtime, {"ask": (
        'b = {"label": "Yes", "type": "+", "action": {"type": "invoke.function", '
        '"data": {"name": "vote"}}};\n'
        'zoho.cliq.postToChat(chat.get("id"), {"text": "Ship it?", "buttons": {b}});\n'
        'return {"text": "posted"};\n')})
    write_package(tmp_path / "c", "vote", 'type = "function"\nname = "vote"\n'
                  'function_type = "button"\n[handlers]\nbutton = "vote.dg"\n',
                  {"vote.dg": 'return {"text": "counted"};\n'})
    runtime.reload()
    asked = allow(runtime, runtime.submit("u_arjun", "sales", "/ask"))
    card = next(m for m in asked.messages if m.all_buttons())
    assert card.visible_to is None
    with pytest.raises(NotAuthorized, match="not a member of"):
        runtime.click("u_meera", card.id, 0)
    assert runtime.click("u_arjun", card.id, 0).status == "ok"
