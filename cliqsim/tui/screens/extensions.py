"""Available and installed extensions; install (the org admin consents to the organization
items; members are refused with the reason) and uninstall."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from cliqsim.frontend.terminal import printable
from cliqsim.tui.screens import OnCliqsimApp
from cliqsim.tui.widgets.fitting_table import Column, FittingTable
from cliqsim.tui.widgets.footer import FittingFooter

# by importance; what a narrow window leaves out shows in full under the table
COLUMNS = (Column("Extension", "name", 0), Column("Version", "version", 2),
           Column("Status", "status", 1), Column("Components", "components", 4),
           Column("Description", "description", 3, flex=True))


class ExtensionsScreen(OnCliqsimApp, Screen[None]):
    BINDINGS = [
        Binding("i", "install", "Install"),
        Binding("u", "uninstall", "Uninstall"),
        Binding("escape,q", "app.pop_screen", "Back to chat"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="extensions-title")
        yield FittingTable(COLUMNS, id="extensions", cursor_type="row", zebra_stripes=True)
        yield Static(id="extension-detail")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = "Extensions"
        self.refresh_table()
        self.query_one("#extensions").focus()

    def refresh_table(self) -> None:
        app = self.cliqsim
        person = app.runtime.user(app.user_id)
        self.query_one("#extensions-title", Static).update(Text.assemble(
            ("Extensions of ", "bold"), (app.runtime.org_name(), "bold"),
            f"   acting as {person.name} ({person.role})",
            ("" if person.admin else "  — only an org admin can install", "dim")))
        rows = []
        for ext in app.runtime.extensions():
            if ext.installed:
                by = f" by {self._person(ext.installed_by)}" if ext.installed_by else ""
                status = Text(("installed" if ext.active else "installed, inactive") + by,
                              style="green" if ext.active else "yellow")
            else:
                status = Text("available", style="cyan")
            rows.append((ext.id, (Text(printable(ext.name), style="bold"),
                                  Text(printable(ext.version)), status,
                                  Text(printable(", ".join(ext.components))),
                                  Text(printable(ext.description)))))
        self.query_one("#extensions", FittingTable).set_rows(rows)
        self._detail()

    def _person(self, user_id: str) -> str:
        try:
            return self.cliqsim.runtime.user(user_id).name
        except Exception:  # a user no longer in the workspace
            return user_id

    def _selected(self) -> str | None:
        table = self.query_one("#extensions", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        chosen = self._selected()
        ext = next((e for e in self.cliqsim.runtime.extensions() if e.id == chosen), None)
        text = Text()
        if ext is not None:  # in full: the table may leave columns out or cut them
            text.append(printable(f"{ext.name} {ext.version}"), style="bold")
            text.append(printable(f"  {ext.description}") + "\n")
            text.append("Components: ", style="dim")
            text.append(printable(", ".join(ext.components)) + "\n\n")
        if ext is not None and ext.org_items:
            text.append("The organization allowed it, at install:\n" if ext.installed
                        else "Installing asks the org admin for:\n", style="bold")
            for item in ext.org_items:
                text.append(f"  • {printable(item.purpose)}\n")
        self.query_one("#extension-detail", Static).update(text)

    def action_install(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.cliqsim.spawn(self._act(chosen, install=True), node=self)

    def action_uninstall(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.cliqsim.spawn(self._act(chosen, install=False), node=self)

    async def _act(self, extension: str, *, install: bool) -> None:
        app = self.cliqsim
        runtime = app.runtime
        method = runtime.install_extension if install else runtime.uninstall_extension
        await app.trigger(method, app.user_id, extension)
        self.refresh_table()
