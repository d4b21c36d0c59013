"""Bot triggers on small packages written by the tests, response limits, script errors,
services that are not simulated, and extension activation only on status 200."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.clock import SimulatedClock
from cliqsim.platform.runtime import Runtime

BOT = """\
type = "bot"
name = "EchoBot"
description = "Echoes"

[handlers]
message = "message.dg"
incoming_webhook = "webhook.dg"
context = "context.dg"
"""


@pytest.fixture
def bot_runtime(tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> Runtime:
    root = tmp_path / "components"
    write_package(root, "echo", BOT, {
        "message.dg": """\
            if(message == "ask")
            {
            \tq = {"name":"colour","question":"Which colour?"};
            \treturn {"context":{"id":"ask","timeout":"60","params":{q}}};
            }
            if(message == "boom")
            {
            \tx = {1,2};
            \treturn x.get(5);
            }
            return {"text":"echo: " + message};
            """,
        "webhook.dg": """\
            data = body.toMap();
            return {"text":"Payment of " + data.get("amount") + " from " + headers.get("X-Source")};
            """,
        "context.dg": 'return {"text":"You chose " + answers.get("colour").get("text")};\n',
    })
    return make_runtime(root)


def test_bot_message_handler_gets_the_text(bot_runtime: Runtime) -> None:
    chat = bot_runtime.open_bot("u_arjun", "echobot").chat_id
    assert chat == "bot_echobot_u_arjun"
    reply = allow(bot_runtime, bot_runtime.submit("u_arjun", chat, "hello"))
    assert [m.text for m in reply.messages] == ["echo: hello"]
    assert reply.messages[-1].sender.kind == "bot"
    # the bot chat is history: both messages are stored for everyone who can see the chat
    assert [m.text for m in bot_runtime.messages(chat)] == ["hello", "echo: hello"]


def test_context_answers_reach_the_context_handler_and_time_out(
        bot_runtime: Runtime, clock: SimulatedClock) -> None:
    chat = "bot_echobot_u_arjun"
    bot_runtime.open_bot("u_arjun", "echobot")
    asked = allow(bot_runtime, bot_runtime.submit("u_arjun", chat, "ask"))
    assert asked.messages[-1].text == "Which colour?"
    answered = bot_runtime.submit("u_arjun", chat, "green")
    assert answered.messages[-1].text == "You chose green"
    bot_runtime.submit("u_arjun", chat, "ask")
    clock.advance(timedelta(seconds=61))
    late = bot_runtime.submit("u_arjun", chat, "green")  # the context lapsed: a plain message
    assert late.messages[-1].text == "echo: green"


def test_a_script_error_is_a_readable_chat_message_and_nothing_breaks(
        bot_runtime: Runtime) -> None:
    chat = "bot_echobot_u_arjun"
    bot_runtime.open_bot("u_arjun", "echobot")
    allow(bot_runtime, bot_runtime.submit("u_arjun", chat, "hi"))
    failed = bot_runtime.submit("u_arjun", chat, "boom")
    assert failed.status == "error"
    assert failed.error is not None
    assert failed.error.line == 9 and failed.error.file == "echo/message.dg"
    assert "Given index 5 is greater than the list size" in failed.error.message
    shown = failed.messages[-1]
    assert shown.is_error and shown.chat_id == chat
    assert shown.text.startswith("EchoBot failed (message_handler in echo/message.dg, line 9)")
    assert bot_runtime.submit("u_arjun", chat, "still here").messages[-1].text == (
        "echo: still here")


def test_incoming_webhook(bot_runtime: Runtime) -> None:
    asked = bot_runtime.deliver_webhook("echobot", '{"amount": "₹4,500"}',
                                        headers={"X-Source": "Razorpay"})
    done = allow(bot_runtime, asked)
    assert done.messages[-1].text == "Payment of ₹4,500 from Razorpay"
    assert done.messages[-1].chat_id == "bot_echobot_u_admin"


def test_a_bot_without_mention_handler_says_so(bot_runtime: Runtime) -> None:
    outcome = bot_runtime.submit("u_arjun", "general", "@EchoBot are you there?")
    assert outcome.messages[0].text == "@EchoBot are you there?"
    assert "has no mention handler" in outcome.messages[-1].text


COMMAND = """\
type = "command"
name = "{name}"
[handlers]
execution = "run.dg"
"""

BAD_RESPONSES = {
    "six": ('b = {"label":"x","action":{"type":"open.url","data":{"web":"https://a.b"}}};\n'
            'return {"text":"t","buttons":{b,b,b,b,b,b}};', "a card has at most 5"),
    "long": ('t = "x".leftpad(10001).replaceAll(" ","x");\nreturn {"text":t};',
             "10001 characters; Cliq allows at most 10000"),
    "theme": ('return {"text":"t","card":{"theme":"neon"}};', "'neon' is not a card theme"),
    "label": ('return {"text":"t","buttons":{{"label":"This label is far too long",'
              '"action":{"type":"open.url","data":{"web":"https://a.b"}}}}};',
              "buttons[0].label: is 26 characters"),
    "banner": ('return {"type":"banner","status":"meh","text":"t"};', "\"success\" or \"failure\""),
    "key": ('return {"txt":"t"};', "txt: is not a key of a Cliq message"),
    "action": ('return {"text":"t","buttons":{{"label":"go","action":{"type":"teleport"}}}};',
               "'teleport' is not a button action"),
}


@pytest.mark.parametrize("case", sorted(BAD_RESPONSES))
def test_a_response_breaking_cliqs_limits_is_a_clear_error(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime], case: str) -> None:
    script, reason = BAD_RESPONSES[case]
    write_package(tmp_path / "c", "bad", COMMAND.format(name="bad"), {"run.dg": script})
    runtime = make_runtime(tmp_path / "c")
    outcome = runtime.submit("u_arjun", "general", "/bad")
    if outcome.status == "consent_required":
        outcome = allow(runtime, outcome)
    assert outcome.status == "error"
    assert outcome.error is not None and outcome.error.kind == "response"
    assert reason in outcome.error.message
    assert outcome.messages[-1].is_error


def test_a_form_with_26_inputs_is_refused(tmp_path: Path,
                                          make_runtime: Callable[[Path], Runtime]) -> None:
    script = """\
        inputs = List();
        for each  i in {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26}
        {
        \tinputs.add({"type":"text","name":"f" + i,"label":"Field " + i});
        }
        action = {"type":"invoke.function","name":"x"};
        return {"type":"form","title":"Big","name":"big","action":action,"inputs":inputs};
        """
    write_package(tmp_path / "c", "big", COMMAND.format(name="big"), {"run.dg": script})
    runtime = make_runtime(tmp_path / "c")
    outcome = runtime.submit("u_arjun", "general", "/big")
    assert outcome.status == "error"
    assert "has 26 inputs; a form has at most 25" in outcome.error.message


def test_a_task_cliqsim_does_not_simulate_fails_clearly(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    write_package(tmp_path / "c", "sheet", COMMAND.format(name="sheet"),
                  {"run.dg": 'r = zoho.sheet.getRecords("abc","Sheet1");\nreturn "done";'})
    runtime = make_runtime(tmp_path / "c")
    outcome = allow(runtime, runtime.submit("u_arjun", "general", "/sheet"))
    assert outcome.status == "error"
    assert "zoho.sheet.getRecords is not simulated by cliqsim, so it did not run" in (
        outcome.error.message)
    assert "zoho.cliq.*" in outcome.error.message


EXTENSION = """\
type = "extension"
name = "Broken"
components = []
[handlers]
installation = "install.dg"
"""


def test_an_extension_is_active_only_when_its_installation_handler_says_200(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    write_package(tmp_path / "c", "broken", EXTENSION, {
        "install.dg": 'return {"status":500,"title":"Setup failed","message":"No licence"};'})
    runtime = make_runtime(tmp_path / "c")
    outcome = runtime.install_extension("u_admin", "broken")
    # no org items and no effects: nothing to consent to, the handler runs at once
    assert outcome.status == "error"
    assert outcome.activated is False
    assert "NOT active" in outcome.messages[-1].text
    info = runtime.extensions()[0]
    assert info.installed and not info.active


def test_a_message_key_cliq_does_not_know_is_ignored_and_noted(
        tmp_path: Path, make_runtime: Callable[[Path], Runtime]) -> None:
    """Cliq ignores keys it does not know in a message; cliqsim posts the message and says in
    the run's inspector (`--trace`, F4) which key it ignored. A message left empty by the
    ignored key is still an error that names it (BAD_RESPONSES["key"])."""
    script = 'return {"text":"saved","colour":"green"};'
    write_package(tmp_path / "c", "odd", COMMAND.format(name="odd"), {"run.dg": script})
    runtime = make_runtime(tmp_path / "c")
    outcome = runtime.submit("u_arjun", "general", "/odd")
    if outcome.status == "consent_required":
        outcome = allow(runtime, outcome)
    assert outcome.status == "ok" and outcome.messages[-1].text == "saved"
    assert outcome.run is not None
    assert any("ignored 'colour', which is not a key of a Cliq message" in line
               for line in outcome.run.info)
