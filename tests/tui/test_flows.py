"""Pilot tests of every flow of the chat window, each as a person would do it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import (
    allow_nearby,
    notifications,
    plain,
    screen_name,
    texts,
    type_and_send,
    wait_for,
)

from cliqsim.platform.runtime import Runtime
from cliqsim.tui.app import CliqsimApp
from cliqsim.tui.screens.consent import ConsentScreen
from cliqsim.tui.screens.form import FormScreen
from cliqsim.tui.widgets.message_list import MessageList
from cliqsim.tui.widgets.message_view import GUTTER


def _button_offset(messages: MessageList, message_id: str, label: str) -> tuple[int, int]:
    """Where a message's button is drawn, relative to the message list."""
    index = next(i for i, m in enumerate(messages.messages) if m.id == message_id)
    layout = messages._layout(index)
    for row_number, row in enumerate(layout.rows):
        for x0, _x1, number in row:
            if layout.actions[number].label == label:
                y = messages._starts[index] + len(layout.body) + row_number
                return GUTTER + x0 + 1, y - int(messages.scroll_y)
    raise AssertionError(f"no button {label!r}")


async def test_command_allowed_in_the_consent_dialog_runs_and_shows_the_card(
        app_for: Callable[..., CliqsimApp], runtime: Runtime) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
        dialog = app.screen
        assert isinstance(dialog, ConsentScreen)
        assert dialog.pending.component_name == "/nearby"
        assert dialog.request.reason == "first_run"
        await pilot.press("a")
        await wait_for(pilot, lambda: "Nearby banks" in texts(app), "the /nearby card")
        assert "State Bank of India" in str(app.chat_screen.message_list.messages[-1].slides)
    assert runtime.consent_state("u_arjun", "nearby").state == "allowed"


async def test_command_denied_runs_nothing_and_says_so(
        app_for: Callable[..., CliqsimApp], runtime: Runtime) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
        await pilot.press("d")
        await wait_for(pilot, lambda: screen_name(app) == "ChatScreen", "the chat again")
        await wait_for(pilot, lambda: "nothing ran" in (texts(app) + notifications(app)).lower()
                       or "did not allow" in (texts(app) + notifications(app)).lower(),
                       "a notice that nothing ran")
        assert "Nearby banks" not in texts(app)
    assert runtime.runs() == [] or all(r.component != "nearby" or r.status != "ok"
                                       for r in runtime.runs())
    assert runtime.consent_state("u_arjun", "nearby").state != "allowed"


async def test_escape_denies_too(app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ChatScreen", "the chat again")
        await pilot.pause(0.1)
        assert "Nearby banks" not in texts(app)


async def test_consent_dialog_shows_sections_whose_account_and_code_lines(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
        dialog = app.screen
        items = dialog.query_one("#consent-items")
        shown = "\n".join(str(o.prompt) for o in items.options)  # type: ignore[attr-defined]
        assert "Cliq objects" in shown and "External APIs" in shown
        assert "your account" in shown and "admin's account" in shown
        for _ in range(10):  # walk down to the API item: its code lines show
            await pilot.press("down")
        code = plain(dialog.query_one("#consent-code"))
        assert "execution.dg" in code and "│" in code
        validity = plain(dialog.query_one("#consent-validity"))
        assert "Valid for 60 days, until 2027-01-30" in validity


async def test_a_bots_first_message_asks_for_consent(
        installed: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for(rt=installed)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "@PollBot new poll")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
        dialog = app.screen
        assert isinstance(dialog, ConsentScreen)
        assert dialog.pending.component_name == "PollBot"
        await pilot.press("a")
        await wait_for(pilot, lambda: screen_name(app) == "ChatScreen", "the chat again")
        await wait_for(pilot, lambda: any(r.component == "pollbot" for r in installed.runs()),
                       "the bot's handler to run")


async def test_message_action_then_button_click(
        installed: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for(rt=installed)
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None
        chat.message_list.focus()
        lunch = next(m for m in chat.message_list.messages if "Team lunch" in m.text)
        while chat.message_list.selected_message != lunch:
            await pilot.press("up")
        await pilot.press("m")
        await wait_for(pilot, lambda: screen_name(app) == "ChoiceScreen", "the action menu")
        options = app.screen.query_one("#choices")
        index = next(i for i, o in enumerate(options.options)  # type: ignore[attr-defined]
                     if o.id == "createpoll")
        options.highlighted = index  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent dialog")
        await pilot.press("a")
        await wait_for(pilot, lambda: "Biryani" in texts(app) and any(
            m.all_buttons() for m in chat.message_list.messages), "the poll card")
        poll = next(m for m in chat.message_list.messages if m.all_buttons())
        await pilot.click(MessageList, offset=_button_offset(chat.message_list, poll.id,
                                                             "Biryani"))
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "vote consent")
        await pilot.press("a")
        await wait_for(pilot, lambda: "You voted for Biryani." in texts(app), "the vote banner")


async def test_form_submit_shows_the_validation_error_on_the_field(
        app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/announce Hi")
        await wait_for(pilot, lambda: isinstance(app.screen, (ConsentScreen, FormScreen)),
                       "consent or the form")
        while isinstance(app.screen, ConsentScreen):
            await pilot.press("a")
            await pilot.pause(0.1)
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-details").text = "Lunch is on us"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen) or
                       "5 characters" in plain(form.query_one("#error-headline")),
                       "the submit handler")
        while isinstance(app.screen, ConsentScreen):  # the form function asks on first submit
            await pilot.press("a")
            await pilot.pause(0.1)
        await wait_for(pilot, lambda: "5 characters" in plain(
            form.query_one("#error-headline")), "the headline error")
        assert app.screen is form  # the form stays open with the error on its field
        headline = form.query_one("#field-headline")
        headline.value = "Office closed on Monday"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_name(app) == "ChatScreen", "the form to close")
        await wait_for(pilot, lambda: "Posted in #announcements." in texts(app) or
                       "Posted in #announcements." in notifications(app), "the banner")


async def test_revoked_consent_asks_again(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await allow_nearby(pilot)
        await pilot.press("f2")
        await wait_for(pilot, lambda: screen_name(app) == "PermissionsScreen", "permissions")
        table = app.screen.query_one("#grants")
        assert "active" in str(table.get_row_at(0))  # type: ignore[attr-defined]
        await pilot.press("x")
        await wait_for(pilot, lambda: screen_name(app) == "ConfirmScreen", "are you sure")
        await pilot.press("enter")  # Revoke
        await wait_for(pilot, lambda: "revoked" in str(
            table.get_row_at(0)), "the grant to show revoked")  # type: ignore[attr-defined]
        await pilot.press("escape")
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent again")
        assert app.screen.request.reason == "revoked"  # type: ignore[attr-defined]
        await pilot.press("d")


async def test_expiry_after_moving_time_61_days(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await allow_nearby(pilot)
        await pilot.press("f7")
        await wait_for(pilot, lambda: screen_name(app) == "TimeScreen", "the time chooser")
        options = app.screen.query_one("#choices")
        options.highlighted = 2  # type: ignore[attr-defined]  # +61 days
        await pilot.press("enter")
        # Moving 61 days runs every scheduler that falls due on the way: allow it time.
        await wait_for(pilot, lambda: runtime.now().month == 1 and runtime.now().day == 31,
                       "time to move", limit=60.0)
        await type_and_send(pilot, "/nearby bank")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent again")
        dialog = app.screen
        assert isinstance(dialog, ConsentScreen)
        assert dialog.request.reason == "expired"
        assert "expired" in plain(dialog.query_one("#consent-reason"))


async def test_admin_installs_poll_with_org_consent(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for("u_admin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(app) == "ExtensionsScreen", "extensions")
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "org consent")
        dialog = app.screen
        assert isinstance(dialog, ConsentScreen)
        assert dialog.pending.org
        shown = "\n".join(str(o.prompt) for o in dialog.query_one(
            "#consent-items").options)  # type: ignore[attr-defined]
        assert "Organization information" in shown
        await pilot.press("a")
        await wait_for(pilot, lambda: screen_name(app) == "ExtensionsScreen", "extensions")
        await wait_for(pilot, lambda: next(e for e in runtime.extensions()
                                           if e.id == "poll").installed, "the install")
        table = app.screen.query_one("#extensions")
        await wait_for(pilot, lambda: "installed" in str(
            table.get_row_at(0)), "the table to say installed")  # type: ignore[attr-defined]


async def test_member_is_refused_installing(
        runtime: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    app = app_for("u_arjun")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen_name(app) == "ExtensionsScreen", "extensions")
        await pilot.press("i")
        await wait_for(pilot, lambda: "admin" in notifications(app).lower(), "the refusal")
        assert not isinstance(app.screen, ConsentScreen)
    assert not next(e for e in runtime.extensions() if e.id == "poll").installed


async def test_buttons_work_from_the_keyboard(
        installed: Runtime, app_for: Callable[..., CliqsimApp]) -> None:
    poll = installed.run_action("u_arjun", "createpoll", [
        next(m.id for m in installed.messages("general") if "Team lunch" in m.text)], "general")
    if poll.status == "consent_required" and poll.pending is not None:
        poll = installed.decide(poll.pending, True)
    card = next(m for m in poll.messages if m.all_buttons())
    app = app_for(rt=installed)
    async with app.run_test(size=(120, 40)) as pilot:
        chat = app.chat_screen
        assert chat is not None
        chat.message_list.focus()
        while chat.message_list.selected_message is None or \
                chat.message_list.selected_message.id != card.id:
            await pilot.press("up")
        await pilot.press("right")  # from the first button (Pizza) to Biryani
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "vote consent")
        await pilot.press("a")
        await wait_for(pilot, lambda: "You voted for Biryani." in texts(app), "the vote banner")


def _confirm_package(root: Path) -> Path:
    """A /approve command whose card has a button with a confirm popup asking for a reason,
    and the button function that echoes the reason."""
    import shutil

    from cliqsim.paths import bundled_components

    root.mkdir()
    shutil.copy(bundled_components() / "workspace.toml", root / "workspace.toml")
    command = root / "approve"
    command.mkdir()
    (command / "component.toml").write_text(
        'type = "command"\nname = "approve"\ndescription = "Ask for approval"\n'
        'hint = "what"\n\n[handlers]\nexecution = "run.dg"\n', encoding="utf-8")
    (command / "run.dg").write_text(
        'return {"text": "Approve the budget?", "buttons": {{"label": "Approve", "type": "+",'
        ' "action": {"type": "invoke.function", "data": {"name": "approveit"},'
        ' "confirm": {"title": "Approve it?", "description": "This tells finance.",'
        ' "input": "Why?", "mandatory": true}}}}};\n', encoding="utf-8")
    function = root / "approveit"
    function.mkdir()
    (function / "component.toml").write_text(
        'type = "function"\nname = "approveit"\ndescription = "Records an approval"\n'
        'function_type = "button"\n\n[handlers]\nbutton = "click.dg"\n', encoding="utf-8")
    (function / "click.dg").write_text(
        'return {"text": "Approved because " + arguments.get("input")};\n', encoding="utf-8")
    return root


async def test_button_confirm_popup_asks_for_its_input(tmp_path: Path) -> None:
    from conftest import START

    from cliqsim.clock import SimulatedClock
    from cliqsim.tui.app import make_app
    from cliqsim.tui.screens.pickers import ConfirmScreen

    runtime = Runtime(_confirm_package(tmp_path / "components"), tmp_path / "data",
                      SimulatedClock(START))
    app = make_app(runtime, "u_arjun")
    async with app.run_test(size=(120, 40)) as pilot:
        await type_and_send(pilot, "/approve budget")
        await wait_for(pilot, lambda: "Approve the budget?" in texts(app), "the card")
        chat = app.chat_screen
        assert chat is not None
        card = chat.message_list.messages[-1]
        await pilot.click(MessageList, offset=_button_offset(chat.message_list, card.id,
                                                             "Approve"))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the popup")
        await pilot.click("#ok")  # empty: the mandatory input says so and stays open
        assert isinstance(app.screen, ConfirmScreen)
        assert "mandatory" in plain(app.screen.query_one("#confirm-error"))
        await pilot.click("#confirm-input")
        await pilot.press(*"on plan", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen), "the popup")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent")
        await pilot.press("a")
        await wait_for(pilot, lambda: "Approved because on plan" in texts(app), "the reply")
