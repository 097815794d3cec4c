"""The event log: every meeting and week so far, newest at the bottom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import RichLog

from sim.tui.render import event_text

if TYPE_CHECKING:
    from sim.game import State


class EventLog(RichLog):
    """Set `count` (how many events to show) and `state`; new events are appended."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(wrap=True, markup=False, highlight=False, auto_scroll=True, **kwargs)  # type: ignore[arg-type]
        self.state: "State | None" = None
        self._written = 0

    def show(self, state: "State") -> None:
        self.state = state
        if self._written == 0 or len(state.events) < self._written:
            self.clear()
            self._written = 0
        for e in state.events[self._written:]:
            self.write(event_text(state, e, full=False))
        self._written = len(state.events)
        if not state.events:
            self.clear()
            self.write("No meetings yet. Plan your first one.")
