"""The Poll extension: admin install with org consent, @PollBot, votes stored in a Cliq
database, a member refused, uninstall."""

from __future__ import annotations

from platform_helpers import allow

from cliqsim.platform.runtime import Runtime


def test_a_member_cannot_install(runtime: Runtime) -> None:
    refused = runtime.install_extension("u_arjun", "poll")
    assert refused.status == "denied"
    assert refused.error is not None and refused.error.kind == "refused"
    assert "only an organization admin can install Poll" in refused.notice
    assert "Priya Sharma (u_admin)" in refused.notice
    assert not runtime.extensions()[0].installed


def test_components_of_an_uninstalled_extension_do_not_run(runtime: Runtime) -> None:
    outcome = runtime.open_bot("u_arjun", "PollBot")
    assert outcome.status == "denied"
    assert "not installed" in outcome.notice
    assert "cliqsim extensions install poll" in outcome.notice


def test_admin_install_asks_for_the_organization_items(runtime: Runtime) -> None:
    asked = runtime.install_extension("u_admin", "poll")
    assert asked.status == "consent_required"
    assert asked.pending is not None and asked.pending.org
    org_targets = {i.target for i in asked.consent.items if i.kind == "org"}
    assert org_targets == {"org.profile", "org.channels", "org.databases"}
    done = runtime.decide(asked.pending, True)
    assert done.status == "ok" and done.activated is True
    assert "Poll 1.2 is installed and active." in done.messages[-1].text
    info = runtime.extensions()[0]
    assert info.installed and info.active and info.installed_by == "u_admin"


def test_admin_denying_the_install_installs_nothing(runtime: Runtime) -> None:
    asked = runtime.install_extension("u_admin", "poll")
    assert asked.pending is not None
    denied = runtime.decide(asked.pending, False)
    assert denied.status == "denied"
    assert not runtime.extensions()[0].installed


def test_pollbot_first_message_asks_then_welcomes(installed: Runtime) -> None:
    asked = installed.open_bot("u_arjun", "PollBot")
    assert asked.status == "consent_required"
    assert asked.pending is not None and asked.pending.component_name == "PollBot"
    welcome = allow(installed, asked)
    assert welcome.messages[-1].text.startswith("Welcome, Arjun!")
    assert [c.text for c in welcome.messages[-1].suggestions] == ["new poll", "results"]


def test_poll_from_a_message_then_votes_are_stored_and_counted(installed: Runtime) -> None:
    seeded = next(m for m in installed.messages("general") if "Team lunch" in m.text)
    created = allow(installed, installed.run_action("u_meera", "Create poll", [seeded.id]))
    assert created.status == "ok"
    poll = next(m for m in created.messages if m.card is not None)
    assert poll.chat_id == "general" and poll.visible_to is None
    assert [b.label for b in poll.buttons] == ["Pizza", "Biryani", "Salad bowls"]
    assert poll.sender.name == "PollBot"
    assert created.messages[-1].banner is not None

    voted = allow(installed, installed.click("u_arjun", poll.id, "Biryani"))
    assert voted.messages[-1].banner.text == "You voted for Biryani."
    meera = installed.click("u_meera", poll.id, "Biryani")
    allow(installed, meera)
    changed = installed.click("u_arjun", poll.id, 0)  # Arjun changes his vote to Pizza
    edited = installed.message(poll.id)
    assert edited.edited_at is not None
    assert "*Pizza*: 1 vote" in edited.text and "*Biryani*: 1 vote" in edited.text
    assert changed.status == "ok"
    votes = installed.db_records("pollvotes")
    assert sorted((v["voter"], v["option"]) for v in votes) == [
        ("u_arjun", "Pizza"), ("u_meera", "Biryani")]


def test_new_poll_conversation_posts_to_the_channel(installed: Runtime) -> None:
    allow(installed, installed.open_bot("u_arjun", "PollBot"))
    chat = "bot_pollbot_u_arjun"
    first = installed.submit("u_arjun", chat, "new poll")
    assert first.messages[-1].text == "What do you want to ask?"
    installed.submit("u_arjun", chat, "Where should the offsite be?")
    third = installed.submit("u_arjun", chat, "Goa, Coorg, Munnar")
    assert [c.text for c in third.messages[-1].suggestions] == ["general", "sales",
                                                                  "announcements"]
    done = installed.submit("u_arjun", chat, "sales")
    assert done.run is not None and done.run.handler == "context_handler"
    assert done.run.inputs["answers"]["choices"] == {"text": "Goa, Coorg, Munnar"}
    posted = [m for m in done.messages if m.chat_id == "sales"]
    assert posted and posted[0].card.title == "Where should the offsite be?"
    assert done.messages[-1].text.startswith("Posted your poll in #sales")


def test_bot_results_mention_and_menu(installed: Runtime) -> None:
    allow(installed, installed.open_bot("u_arjun", "PollBot"))
    made = installed.submit("u_arjun", "bot_pollbot_u_arjun", "poll Lunch? | Dosa | Thali")
    poll = next(m for m in made.messages if m.card is not None)
    allow(installed, installed.click("u_arjun", poll.id, "Thali"))
    results = installed.submit("u_arjun", "bot_pollbot_u_arjun", "results")
    rows = results.messages[-1].slides[0].data["rows"]
    assert rows == [{"Choice": "Dosa", "Votes": 0}, {"Choice": "Thali", "Votes": 1}]
    menu = installed.menu_action("u_arjun", "pollbot", "My polls")
    assert menu.messages[-1].slides[0].data["rows"][0]["Choices"] == "Dosa, Thali"
    mention = installed.submit("u_arjun", "general", "@PollBot results")
    assert mention.status == "ok"  # granted already: same component
    assert "no poll in General" in mention.messages[-1].text


def test_participation_when_added_to_a_channel(installed: Runtime) -> None:
    asked = installed.add_bot_to_channel("u_admin", "pollbot", "sales")
    hello = allow(installed, asked)
    assert hello.messages[-1].chat_id == "sales"
    assert hello.messages[-1].text.startswith("Hi Sales!")
    bye = installed.remove_bot_from_channel("u_admin", "pollbot", "sales")
    assert bye.messages[-1].text.startswith("Bye!")


def test_uninstall_removes_grants_and_needs_an_admin(installed: Runtime) -> None:
    allow(installed, installed.open_bot("u_arjun", "PollBot"))
    assert installed.uninstall_extension("u_arjun", "poll").status == "denied"
    done = installed.uninstall_extension("u_admin", "poll")
    assert done.status == "ok"
    assert not installed.extensions()[0].installed
    assert installed.grants("u_arjun") == []
    assert installed.properties("poll") == {"max_options": "5"}
