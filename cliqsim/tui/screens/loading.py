"""What the window shows for the moment it takes to read the packages and the data."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class LoadingScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static(" cliqsim", id="chat-header")
        yield Static("Opening the workspace and reading the components…", id="loading")
