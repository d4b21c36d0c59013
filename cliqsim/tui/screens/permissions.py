"""The acting user's grants (component, items, granted, expiry, last used, status) with revoke
one / revoke all, and a tab with the consent ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from cliqsim.frontend.terminal import printable
from cliqsim.tui.local_time import user_zone
from cliqsim.tui.screens import OnCliqsimApp
from cliqsim.tui.screens.consent import whose
from cliqsim.tui.widgets.fitting_table import Column, FittingTable
from cliqsim.tui.widgets.footer import FittingFooter

STATUS_STYLES = {"active": "bold green", "expired": "bold yellow", "revoked": "bold red"}
# by importance: at 80 columns the status and expiry show; the rest is under the table in full
GRANT_COLUMNS = (Column("Component", "component", 0), Column("Status", "status", 1),
                 Column("Expires", "expires", 2), Column("Items", "items", 3, flex=True, least=8),
                 Column("Last used", "last_used", 4), Column("Granted on", "granted", 5))
LEDGER_COLUMNS = (Column("When", "when", 0), Column("Event", "event", 1),
                  Column("Component", "component", 2), Column("Detail", "detail", 3, flex=True))


def expiry_text(expires_at: datetime, now: datetime, status: str) -> str:
    day = f"{expires_at:%Y-%m-%d}"
    if status != "active":
        return day
    days = (expires_at - now).days
    return f"{day} (in {days} day{'s' if days != 1 else ''})" if days else f"{day} (today)"


def items_text(items: tuple[Any, ...], width: int = 30,
               refused: frozenset[str] = frozenset()) -> str:
    """`6 items: Reads what you typed…`, `6 items, 1 refused: …` (all of them show below the
    table, the refused ones apart)."""
    first = items[0].purpose if items else ""
    if len(first) > width:
        first = first[: width - 1] + "…"
    count = f"{len(items)} item{'s' if len(items) != 1 else ''}"
    no = sum(item.key in refused for item in items)
    if no:
        count += f", {no} refused"
    return f"{count}: {first}" if first else count


class PermissionsScreen(OnCliqsimApp, Screen[None]):
    BINDINGS = [
        Binding("x", "revoke", "Revoke selected"),
        Binding("X", "revoke_all", "Revoke all"),
        Binding("escape,q", "app.pop_screen", "Back to chat"),
        Binding("g", "show_tab('grants-tab')", "Grants"),
        Binding("l", "show_tab('ledger-tab')", "Ledger"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._records: list[Any] = []  # the ledger, newest first, as the Ledger tab lists it

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Revoking works on the Grants tab; each tab offers the key of the other."""
        tabs = self.query("#permissions-tabs")
        active = tabs.first(TabbedContent).active if tabs else "grants-tab"
        if action in ("revoke", "revoke_all"):
            return active == "grants-tab"
        if action == "show_tab":
            return parameters[0] != active
        return True

    def action_show_tab(self, tab: str) -> None:
        tabs = self.query_one("#permissions-tabs", TabbedContent)
        tabs.active = tab
        self.query_one("#grants" if tab == "grants-tab" else "#ledger").focus()
        self.refresh_bindings()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="permissions-title")
        with TabbedContent(id="permissions-tabs"):
            with TabPane("Grants", id="grants-tab"):
                yield FittingTable(GRANT_COLUMNS, id="grants", cursor_type="row",
                                   zebra_stripes=True)
                yield Static(id="grant-items")
            with TabPane("Ledger", id="ledger-tab"):
                yield FittingTable(LEDGER_COLUMNS, id="ledger", cursor_type="row",
                                   zebra_stripes=True)
                yield Static(id="ledger-record")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = "Permissions"
        self.refresh_tables()
        self.query_one("#grants").focus()

    def refresh_tables(self) -> None:
        app = self.cliqsim
        runtime, user = app.runtime, app.user_id
        zone = user_zone(runtime, user)  # every time here in the zone of the user you act as
        now = runtime.now().astimezone(zone)
        person = runtime.user(user)
        self.query_one("#permissions-title", Static).update(Text.assemble(
            ("Permissions of ", "bold"), (person.name, "bold cyan"), f" ({person.role})",
            (f"   simulated now {now:%Y-%m-%d %H:%M}", "dim")))
        rows: list[tuple[str, tuple[Any, ...]]] = []
        for grant in runtime.grants(user):
            status = grant.status(now)
            rows.append((grant.grant_id, (
                Text(printable(grant.display_name), style="bold"),
                Text(status, style=STATUS_STYLES.get(status, "")),
                expiry_text(grant.expires_at.astimezone(zone), now, status),
                Text(printable(items_text(grant.items, width=200, refused=grant.refused))),
                f"{grant.last_used_at.astimezone(zone):%Y-%m-%d %H:%M}"
                if grant.last_used_at else "never",
                f"{grant.granted_at.astimezone(zone):%Y-%m-%d}")))
        if not rows:
            rows.append(("none", (Text("No grants yet: a component asks the first time it runs.",
                                       style="dim"), "", "", "", "", "")))
        self.query_one("#grants", FittingTable).set_rows(rows)
        self._show_items()
        self._records = list(reversed(runtime.ledger(user)))
        self.query_one("#ledger", FittingTable).set_rows([
            (str(i), (f"{record.at.astimezone(zone):%Y-%m-%d %H:%M}", record.event,
                      Text(printable(record.component_id)),
                      Text(printable(record.detail or ", ".join(record.items[:3])))))
            for i, record in enumerate(self._records)])
        self._show_record()

    def _selected_grant(self) -> str | None:
        grants = self.query_one("#grants", DataTable)
        if not grants.row_count:
            return None
        key = grants.coordinate_to_cell_key(grants.cursor_coordinate).row_key.value
        return None if key in (None, "none") else str(key)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "grants":
            self._show_items()
        else:
            self._show_record()

    def _show_record(self) -> None:
        """The highlighted ledger record in full (the table cuts its detail to the width)."""
        ledger = self.query_one("#ledger", DataTable)
        text = Text()
        if ledger.row_count and self._records:
            record = self._records[min(ledger.cursor_row, len(self._records) - 1)]
            at = record.at.astimezone(user_zone(self.cliqsim.runtime, self.cliqsim.user_id))
            text.append(f"{at:%Y-%m-%d %H:%M}  {record.event}  ", style="bold")
            text.append(printable(record.component_id), style="bold")
            if record.detail:
                text.append(f"\n{printable(record.detail)}")
            elif record.items:
                text.append("\nItems: ", style="dim")
                text.append(printable(", ".join(record.items)))
        self.query_one("#ledger-record", Static).update(text)

    def _show_items(self) -> None:
        app = self.cliqsim
        chosen = self._selected_grant()
        grant = next((g for g in app.runtime.grants(app.user_id) if g.grant_id == chosen), None)
        text = Text()
        if grant is not None:
            zone = user_zone(app.runtime, app.user_id)
            now = app.runtime.now().astimezone(zone)
            status = grant.status(now)
            used = grant.last_used_at
            text.append(printable(grant.display_name), style="bold")
            text.append(f"  {status}", style=STATUS_STYLES.get(status, ""))
            text.append(f", expires {expiry_text(grant.expires_at.astimezone(zone), now, status)}"
                        f"; granted {grant.granted_at.astimezone(zone):%Y-%m-%d}, last used "
                        + (f"{used.astimezone(zone):%Y-%m-%d %H:%M}" if used else "never")
                        + "\n", style="dim")
            text.append("May use:\n", style="bold")
            for item in grant.items:
                if item.key not in grant.refused:
                    text.append(f"  • {printable(item.purpose)}", style="")
                    text.append(f"  {whose(item.credentials)}\n", style="dim")
            refused = [item for item in grant.items if item.key in grant.refused]
            if refused:  # unticked in the dialog: null for the script, or blocked
                text.append("Refused (you unticked them):\n", style="bold yellow")
                for item in refused:
                    text.append(f"  • {printable(item.purpose)}", style="strike dim")
                    text.append("  null for the script\n" if item.kind == "object"
                                else "  blocked\n", style="yellow")
            text.append(f"Used {grant.use_count} time{'s' if grant.use_count != 1 else ''}.",
                        style="dim")
        self.query_one("#grant-items", Static).update(text)

    def action_revoke(self) -> None:
        grant_id = self._selected_grant()
        if grant_id is None:
            self.notify("Select a grant first.", severity="warning")
            return
        app = self.cliqsim
        grant = next((g for g in app.runtime.grants(app.user_id) if g.grant_id == grant_id),
                     None)
        name = grant.display_name if grant is not None else "this component"
        self.cliqsim.spawn(self._revoke(f"Revoke your consent for {name}?",
                                        grant_id=grant_id), node=self)

    def action_revoke_all(self) -> None:
        active = [g for g in self.cliqsim.runtime.grants(self.cliqsim.user_id)
                  if g.status(self.cliqsim.runtime.now()) == "active"]
        self.cliqsim.spawn(self._revoke(f"Revoke all {len(active)} of your active consents?",
                                        everything=True), node=self)

    async def _revoke(self, question: str, **which: Any) -> None:
        """Ask first (`Revoke` / `Keep`), then revoke; the component asks on its next run."""
        from cliqsim.platform.messages import Confirm
        from cliqsim.tui.screens.pickers import ConfirmScreen

        app = self.cliqsim
        answer = await app.push_screen_wait(ConfirmScreen(Confirm(
            title=question, description="The component asks for consent again on its next "
            "run; nothing it already did is undone.", button_label="Revoke (Enter)",
            cancel_label="Keep (Esc)"), "Revoke"))
        if answer is None:
            return
        try:
            count = await app.call(app.runtime.revoke, app.user_id, **which)
        except Exception as error:  # a damaged store, a grant gone meanwhile
            app.show_exception(error)
            return
        self.notify(f"Revoked {count} grant{'s' if count != 1 else ''}. "
                    "The component will ask again on its next run.")
        self.refresh_tables()
