"""`zoho.cliq.editMessage` names the chat it edits in, and edits only where the person may post
(docs/consents.md, threat model row 46).

"Edits messages in Cliq chats as you" covered an edit in any chat, and the task asked only
whether the component had posted the message: a member outside #sales ran a component that
rewrote its message in #sales — still shown as sent by the admin who had run it there. Now the
item names the chat as `postToChat`'s does (`editMessage(<chat_id>, <message_id>, ...)`: its
first argument; one decided at run time covers only this chat), and an edit is a post: only
into a chat the acting person may post in."""

from __future__ import annotations

from pathlib import Path

from platform_helpers import allowing, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.platform.runtime import Runtime

POST = '''
if(arguments == "post")
{
	r = zoho.cliq.postToChannel("sales", "Original");
	return {"text": "posted"};
}
'''
COMPUTED = POST + '''parts = arguments.toList(" ");
e = zoho.cliq.editMessage(parts.get(0), parts.get(1), {"text": "EDITED"});
return {"text": "edited"};
'''
LITERAL = POST + '''e = zoho.cliq.editMessage("sales", arguments, {"text": "EDITED"});
return {"text": "edited"};
'''


def _runtime(tmp_path: Path, clock: SimulatedClock, script: str) -> Runtime:
    write_package(tmp_path / "c", "note", 'type = "command"\nname = "note"\n[handlers]\n'
                  'execution = "e.dg"\n', {"e.dg": script})
    return Runtime(tmp_path / "c", tmp_path / "d", clock)


def _original(runtime: Runtime) -> str:
    return next(m.id for m in runtime.messages("sales") if m.text in ("Original", "EDITED"))


def _text(runtime: Runtime, message_id: str) -> str | None:
    return next(m.text for m in runtime.messages("sales") if m.id == message_id)


def test_the_item_names_the_chat(tmp_path: Path, clock: SimulatedClock) -> None:
    runtime = _runtime(tmp_path, clock, LITERAL)
    asked = runtime.submit("u_admin", "general", "/note m_1")
    assert asked.consent is not None
    edits = [i for i in asked.consent.items if i.target.startswith("zoho.cliq.editMessage")]
    assert len(edits) == 1 and "sales" in edits[0].target and "sales" in edits[0].purpose


def test_an_edit_in_a_chat_decided_at_run_time_is_only_this_chat(
        tmp_path: Path, clock: SimulatedClock) -> None:
    runtime = _runtime(tmp_path, clock, COMPUTED)
    allowing(runtime, runtime.submit("u_admin", "sales", "/note post"))
    original = _original(runtime)
    done = allowing(runtime, runtime.submit("u_meera", "general", f"/note sales {original}"))
    assert done.error is not None and done.error.kind == "blocked"
    assert "editing a message in the chat sales" in done.error.message
    assert _text(runtime, original) == "Original"


def test_an_edit_only_where_the_person_may_post(tmp_path: Path, clock: SimulatedClock) -> None:
    runtime = _runtime(tmp_path, clock, LITERAL)
    allowing(runtime, runtime.submit("u_admin", "sales", "/note post"))
    original = _original(runtime)
    done = allowing(runtime, runtime.submit("u_meera", "general", f"/note {original}"))
    assert done.status == "error" and done.error is not None
    assert _text(runtime, original) == "Original"
    edited = runtime.submit("u_admin", "sales", f"/note {original}")
    assert edited.status == "ok"  # a member of #sales edits it
    assert _text(runtime, original) == "EDITED"
