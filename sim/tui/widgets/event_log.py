"""The event log: every meeting and week so far, newest at the bottom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from sim.tui.render import event_text

if TYPE_CHECKING:
    from sim.engine.state import State


class EventLog(VerticalScroll):
    """Call `show(state)` after every action; it re-renders and scrolls to the newest."""

    def compose(self) -> ComposeResult:
        yield Static(Text("No meetings yet. Plan your first one.", style="dim"), id="log-text")

    def show(self, state: State) -> None:
        if not state.events:
            return
        t = Text()
        for i, e in enumerate(state.events):
            if i:
                t.append("\n")
            t.append_text(event_text(state, e, full=False))
        self.query_one("#log-text", Static).update(t)
        self.call_after_refresh(self.scroll_end, animate=False)
