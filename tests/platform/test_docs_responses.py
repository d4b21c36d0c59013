"""Zoho's "Cliq Responses" pages (https://www.zoho.com/cliq/help/platform/cliq-responses.html):
the banner and the message edit, with the samples their pages print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from platform_helpers import allowing, write_package

from cliqsim.platform.chat_ids import bot_chat_id
from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]

# Zoho, "Banner Message" (https://www.zoho.com/cliq/help/platform/cliq-banner.html), "Sample
# command execution handler code".
BANNER = """\
banner = {"text":"Execution successful!","status":"success","type":"banner"};
return banner;
"""


def test_the_banner_sample_shows_a_success_banner_to_the_person(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    root = tmp_path / "components"
    write_package(root, "done", 'type = "command"\nname = "done"\n[handlers]\n'
                  'execution = "run.dg"\n', {"run.dg": BANNER})
    runtime = make_runtime(root)
    outcome = allowing(runtime, runtime.submit("u_admin", "general", "/done"))
    assert outcome.status == "ok", outcome.error
    shown = outcome.messages[-1]
    assert shown.banner is not None and shown.banner.status == "success"
    assert shown.banner.text == "Execution successful!"
    assert shown.visible_to == "u_admin"
    assert all(m.banner is None for m in runtime.messages("general", "u_arjun"))


# Zoho, "Message Edit" (https://www.zoho.com/cliq/help/platform/cliq-message-edit.html): a
# Tickets bot's menu action posts an unassigned ticket with a Claim Ticket button; clicking it
# edits that message to say who claimed it (`{"type":"message_edit","text":text}`). The page's
# menu handler sample, up to the button's action, which names the claim function.
MENU = """\
response = Map();
response.put("text","#137  Payments processing server down");
card = Map();
card.put("title","Unassigned tickets");
card.put("theme","modern-inline");
response.put("card",card);
buttonsList = list();
buttonsList0 = Map();
buttonsList0.put("label","Claim Ticket");
buttonsList0.put("type","+");
action = Map();
action.put("type","invoke.function");
data = Map();
data.put("name","claimticket");
action.put("data",data);
buttonsList0.put("action",action);
buttonsList.add(buttonsList0);
response.put("buttons",buttonsList);
return response;
"""
CLAIM = """\
return {"type":"message_edit","text":user.get("first_name") + " has claimed the ticket #137  Payments processing server down"};
"""


def test_the_message_edit_sample_edits_the_ticket_in_place(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    root = tmp_path / "components"
    write_package(root, "tickets", 'type = "bot"\nname = "Tickets"\n[[menu]]\n'
                  'name = "Unassigned"\nhandler = "menu.dg"\n', {"menu.dg": MENU})
    write_package(root, "claimticket", 'type = "function"\nname = "claimticket"\n'
                  'function_type = "button"\n[handlers]\nbutton = "claim.dg"\n',
                  {"claim.dg": CLAIM})
    runtime = make_runtime(root)
    posted = allowing(runtime, runtime.menu_action("u_admin", "Tickets", "Unassigned"))
    ticket = posted.messages[-1]
    assert ticket.card is not None and ticket.card.title == "Unassigned tickets"
    assert ticket.chat_id == bot_chat_id("tickets", "u_admin")
    claimed = allowing(runtime, runtime.click("u_admin", ticket.id, "Claim Ticket"))
    assert claimed.status == "ok", claimed.error
    edited = runtime.message(ticket.id)
    assert edited.text == "Priya has claimed the ticket #137  Payments processing server down"
    assert edited.edited_at is not None


# Zoho, "Message Action Handler" (https://www.zoho.com/cliq/help/platform/
# messageaction-handlers.html): `messages` holds "all selected messages ... (The limit is upto 25
# messages including upto 10 files)".
def test_a_multi_message_action_takes_at_most_25_messages(
        tmp_path: Path, make_runtime: MakeRuntime) -> None:
    import pytest

    from cliqsim.errors import UsageError

    root = tmp_path / "components"
    write_package(root, "count", 'type = "message_action"\nname = "Count"\n'
                  'multi_selectable = true\n[handlers]\nexecution = "c.dg"\n',
                  {"c.dg": 'return {"text":"selected " + messages.get("count")};\n'})
    runtime = make_runtime(root)
    ids = [runtime.submit("u_admin", "general", f"note {i}").messages[0].id for i in range(26)]
    outcome = allowing(runtime, runtime.run_action("u_admin", "Count", ids[:25]))
    assert outcome.messages[-1].text == "selected 25"
    with pytest.raises(UsageError, match="at most 25 messages with at most 10 files; 26"):
        runtime.run_action("u_admin", "Count", ids)
