"""Command palette (Ctrl+P) entries for the simulation controls and screens.

Entries name components, bots, channels and people, which are data: each is handed to the
palette as `rich.text.Text` (and its help with markup escaped), never as a string, which
Textual's palette reads as markup (`[@click=app.toggle_online]` in a bot's name made a link that
switched on real network access).
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.fuzzy import Matcher
from textual.markup import escape

from cliqsim.frontend.terminal import printable
from cliqsim.tui.screens import OnCliqsimApp

MATCH_STYLE = "bold underline"


class SimulationCommands(OnCliqsimApp, Provider):
    """Act as another user, move time, toggle online HTTP, reload, open the screens."""

    def _entries(self) -> list[tuple[str, str, object]]:
        app = self.cliqsim
        entries: list[tuple[str, str, object]] = [
            ("Time: +1 day", "move simulated time forward one day",
             partial(app.advance_time, "+1d")),
            ("Time: +30 days", "move simulated time forward 30 days",
             partial(app.advance_time, "+30d")),
            ("Time: +61 days", "past a 60-day consent: components ask again",
             partial(app.advance_time, "+61d")),
            ("Time: a date…", "move simulated time to a date you type", app.action_move_time),
            ("Permissions", "your grants, expiry, revoke; the consent ledger",
             app.action_permissions),
            ("Extensions", "install (org admin) or uninstall extensions", app.action_extensions),
            ("Inspector", "show or hide what each handler run did",
             app.action_toggle_inspector),
            ("Reload components", "read the components folder again after edits",
             app.action_reload),
            ("Toggle online HTTP", "invokeurl: offline fixtures or the real network",
             app.action_toggle_online),
            ("Message actions", "actions for the selected message (Edit, Delete on yours)",
             app.action_message_actions),
            ("Status: set a custom status", "your bots' status change handlers hear it (s)",
             app.action_set_status),
            ("Widgets", "the widgets of the components folder: tabs, sections, buttons",
             app.action_widgets),
            ("Bot actions", "the open bot chat's Actions menu", app.action_bot_menu),
            ("Allow schedulers", "consent for your schedulers that cannot run (their runs are "
             "skipped until you allow them)", app.action_allow_schedulers),
            ("Record: start or stop", "write every trigger and its result to a transcript "
             "that `cliqsim test` replays", app.action_toggle_record),
        ]
        for user in app.runtime.users():
            entries.append((f"Act as {user.name}", f"{user.role}, {user.email}",
                            partial(app.act_as, user.id)))
        return entries + self._trigger_entries()

    def _trigger_entries(self) -> list[tuple[str, str, object]]:
        """`cliqsim trigger` from the palette: any handler in the open chat, and the events."""
        app = self.cliqsim
        runtime = app.runtime
        chat_id = app.chat_screen.chat_id if app.chat_screen is not None else None
        entries: list[tuple[str, str, object]] = []
        bots = {bot.id for bot in runtime.bots(app.user_id)}
        for component, name, handlers in runtime.trigger_targets():
            where = None if component in bots else chat_id  # a bot answers in its own chat
            for handler in handlers:
                entries.append((f"Trigger: {name} {handler}",
                                f"run {component}'s {handler} handler with Cliq's inputs",
                                partial(app.start_trigger, runtime.trigger, app.user_id,
                                        component, handler, None, where)))
        mine = {c.id for c in runtime.chats(app.user_id)}
        for chat in runtime.channels():
            event = "leave" if chat.id in mine else "join"
            entries.append((f"Event: {event} #{chat.title}", f"you {event} this channel",
                            partial(app.start_trigger, runtime.trigger_event, app.user_id,
                                    event, [chat.id])))
        for bot in runtime.bots(app.user_id):
            entries.append((f"Event: resubscribe @{bot.name}",
                            "unsubscribe and subscribe again (welcome with newuser false)",
                            partial(app.start_trigger, runtime.trigger_event, app.user_id,
                                    "resubscribe", [bot.id])))
        return entries

    async def discover(self) -> Hits:
        for name, help_text, callback in self._entries():
            yield DiscoveryHit(Text(printable(name)), callback,  # type: ignore[arg-type]
                               help=escape(printable(help_text)))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback,  # type: ignore[arg-type]
                          help=escape(printable(help_text)))


def highlighted(matcher: Matcher, name: str) -> Text:
    """`name` as plain text with the letters the query matched underlined (as Textual's own
    `Matcher.highlight` does, without reading the name as markup)."""
    shown = printable(name)
    text = Text(shown)
    if shown == name:  # (a name with control characters is shown without the marks)
        _, offsets = matcher.fuzzy_search.match(matcher.query, name)
        for offset in offsets:
            if not name[offset].isspace():
                text.stylize(MATCH_STYLE, offset, offset + 1)
    return text
