"""Buttons with arguments and a confirm input, message edits, connections and the guard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.errors import UsageError
from cliqsim.platform.runtime import Runtime

TICKET = """\
type = "command"
name = "ticket"
[handlers]
execution = "run.dg"
"""

CLOSE = """\
type = "function"
name = "close"
function_type = "button"
[handlers]
button = "close.dg"
"""


@pytest.fixture
def tickets(tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> Runtime:
    root = tmp_path / "c"
    write_package(root, "ticket", TICKET, {"run.dg": """\
        confirm = {"title":"Close the ticket?","input":"Why?","mandatory":true};
        action = {"type":"invoke.function","data":{"name":"close"},"confirm":confirm};
        button = {"label":"Close","type":"-","action":action,"arguments":{"id":"T-42"}};
        zoho.cliq.postToChat(chat.get("id"),{"text":"Ticket T-42 is open","buttons":{button}});
        return {"type":"banner","status":"success","text":"Posted"};
        """})
    write_package(root, "close", CLOSE, {"close.dg": """\
        who = user.get("first_name");
        why = arguments.get("input");
        text = "Ticket " + arguments.get("id") + " closed by " + who + ": " + why;
        return {"type":"message_edit","text":text};
        """})
    return make_runtime(root)


def test_button_arguments_confirm_input_and_message_edit(tickets: Runtime) -> None:
    posted = allow(tickets, tickets.submit("u_arjun", "general", "/ticket"))
    card = next(m for m in posted.messages if m.buttons)
    button = card.buttons[0]
    assert button.confirm is not None and button.confirm.input == "Why?"
    assert button.arguments == {"id": "T-42"}
    with pytest.raises(UsageError, match="asks \"Why\\?\"; give an answer"):
        tickets.click("u_meera", card.id, "Close")
    closed = allow(tickets, tickets.click("u_meera", card.id, "Close", confirm_input="fixed"))
    assert closed.status == "ok", closed.error
    edited = tickets.message(card.id)
    assert edited.text == "Ticket T-42 closed by Meera: fixed"
    assert edited.edited_at is not None and edited.buttons == ()
    assert closed.run is not None
    assert closed.run.inputs["arguments"] == {"id": "T-42", "input": "fixed"}


def test_an_unknown_button_lists_the_buttons(tickets: Runtime) -> None:
    posted = allow(tickets, tickets.submit("u_arjun", "general", "/ticket"))
    card = next(m for m in posted.messages if m.buttons)
    with pytest.raises(UsageError, match="has no button 'Open' \\(buttons: 0: Close\\)"):
        tickets.click("u_arjun", card.id, "Open")


FETCH = """\
type = "command"
name = "fetch"
[handlers]
execution = "run.dg"
[connections.weather]
service = "OpenWeather"
auth = "user"
hosts = ["api.openweathermap.org"]
[[fixtures]]
url = "https://api.openweathermap.org/data/2.5/weather"
body = '{"weather":[{"description":"light rain"}]}'
"""


def _fetch(tmp_path: Path, make_runtime: Callable[[Path], Runtime], script: str) -> Runtime:
    write_package(tmp_path / "c", "fetch", FETCH, {"run.dg": script})
    return make_runtime(tmp_path / "c")


def test_invokeurl_through_a_declared_connection(tmp_path: Path, make_runtime) -> None:
    runtime = _fetch(tmp_path, make_runtime, """\
        r = invokeurl
        [
        \turl :"https://api.openweathermap.org/data/2.5/weather"
        \ttype :GET
        \tconnection:"weather"
        ];
        return r.get("weather").get(0).get("description");
        """)
    done = allow(runtime, runtime.submit("u_arjun", "general", "/fetch"))
    assert done.messages[-1].text == "light rain"


def test_an_undeclared_connection_is_a_clear_error(tmp_path: Path, make_runtime) -> None:
    runtime = _fetch(tmp_path, make_runtime, """\
        r = invokeurl
        [
        \turl :"https://api.openweathermap.org/data/2.5/weather"
        \ttype :GET
        \tconnection:"openweather"
        ];
        return "x";
        """)
    done = allow(runtime, runtime.submit("u_arjun", "general", "/fetch"))
    assert done.status == "error"
    assert "connection 'openweather' is not declared in fetch/component.toml" in (
        done.error.message)


def test_a_url_built_at_run_time_to_another_host_is_blocked(tmp_path: Path,
                                                           make_runtime) -> None:
    runtime = _fetch(tmp_path, make_runtime, """\
        host = arguments.trim();
        r = invokeurl
        [
        \turl :"https://" + host + "/collect"
        \ttype :GET
        ];
        return "sent";
        """)
    done = allow(runtime, runtime.submit("u_arjun", "general", "/fetch evil.example"))
    assert done.status == "error"
    assert done.error is not None and done.error.kind == "blocked"
    assert done.error.line == 2
    ledger = [r.event for r in runtime.ledger("u_arjun")]
    assert "blocked" in ledger


def test_post_as_admin_posts_as_the_connection_owner(tmp_path: Path, make_runtime) -> None:
    write_package(tmp_path / "c", "notice", TICKET.replace("ticket", "notice"), {"run.dg": """\
        zoho.cliq.postToChannelAsAdmin("announcements","Server maintenance at 22:00");
        return {"type":"banner","status":"success","text":"Announced"};
        """})
    runtime = make_runtime(tmp_path / "c")
    done = allow(runtime, runtime.submit("u_meera", "general", "/notice"))
    posted = next(m for m in done.messages if m.chat_id == "announcements")
    assert posted.sender.id == "u_admin" and posted.sender.name == "Priya Sharma"
