"""Zoho, "Bot Context Handler" (https://www.zoho.com/cliq/help/platform/bot-contexthandler.html):
the context map's `id` (string(100)), `timeout` (seconds; "Default timeout value is taken as 1
day") and `params` ("A context can have a maximum of 10 questions"), each param's `name`
(string(100)); the page's example is a service-desk bot that collects a software request with a
series of questions before raising it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from platform_helpers import allowing, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.platform.chat_ids import bot_chat_id
from cliqsim.platform.responses import ResponseError, normalize
from cliqsim.platform.runtime import Runtime

MakeRuntime = Callable[[Path], Runtime]

MESSAGE = """\
if(message.containsIgnoreCase("install"))
{
\tsoftware = {"name":"software_name_requested_by_the_person","question":"Which software should we install?",
\t\t"suggestions":{"list":[{"text":"Zoho Cliq desktop"},{"text":"VS Code"}]}};
\treason = {"name":"reason","question":"Why do you need it?"};
\treturn {"context":{"id":"software_request_raised_from_the_service_desk_bot","params":{software, reason}}};
}
return {"text":"Say install to request software"};
"""

CONTEXT = """\
if(context_id == "software_request_raised_from_the_service_desk_bot")
{
\tasked = answers.get("software_name_requested_by_the_person").get("text");
\treturn {"text":"Request raised: " + asked + " (" + answers.get("reason").get("text") + ")"};
}
return {"text":"Unknown context"};
"""


def _desk(tmp_path: Path, make_runtime: MakeRuntime) -> tuple[Runtime, str]:
    write_package(tmp_path / "components", "deskbot",
                  'type = "bot"\nname = "Service Desk"\nunique_name = "deskbot"\n[handlers]\n'
                  'message = "message.dg"\ncontext = "context.dg"\n',
                  {"message.dg": MESSAGE, "context.dg": CONTEXT})
    runtime = make_runtime(tmp_path / "components")
    assert runtime.load_errors == ()
    allowing(runtime, runtime.open_bot("u_admin", "Service Desk"))
    return runtime, bot_chat_id("deskbot", "u_admin")


def test_the_service_desk_context_collects_its_answers_for_a_day(
        tmp_path: Path, make_runtime: MakeRuntime, clock: SimulatedClock) -> None:
    runtime, chat = _desk(tmp_path, make_runtime)
    asked = allowing(runtime, runtime.submit("u_admin", chat, "Please install something"))
    assert asked.messages[-1].text == "Which software should we install?"
    clock.advance(timedelta(hours=23))  # no timeout given: the context stays open a day
    assert runtime.submit("u_admin", chat, "VS Code").messages[-1].text == "Why do you need it?"
    done = runtime.submit("u_admin", chat, "Deluge scripts")
    assert done.messages[-1].text == "Request raised: VS Code (Deluge scripts)"
    runtime.submit("u_admin", chat, "install")
    clock.advance(timedelta(hours=24, seconds=1))
    late = runtime.submit("u_admin", chat, "VS Code")
    assert late.messages[-1].text == "Say install to request software"


def _context(params: int, name: str = "q", context_id: str = "ask") -> dict[str, object]:
    return {"context": {"id": context_id, "params": [
        {"name": f"{name}{i}", "question": f"Question {i}?"} for i in range(params)]}}


def test_the_context_limits_of_the_page() -> None:
    assert len(normalize(_context(10), "bot").context.params) == 10  # type: ignore[union-attr]
    assert normalize(_context(1, name="n" * 99, context_id="c" * 100), "bot").context is not None
    with pytest.raises(ResponseError, match="has 11 questions; a context has at most 10"):
        normalize(_context(11), "bot")
    with pytest.raises(ResponseError, match=r"context.id: is 101 characters"):
        normalize(_context(1, context_id="c" * 101), "bot")
