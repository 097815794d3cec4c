"""The terminal UI's own rendering of a finished game, as text for `ladder lint --text`: the
event log and the meeting result of every event, and the debrief screen. (The engine's own
text, the transcript included, is read by `sim.analysis.text_lint` itself.)"""

from __future__ import annotations

from collections.abc import Iterator

from sim.analysis.text_lint import Shown, View
from sim.engine.state import State


def tui_log(state: State) -> Iterator[Shown]:
    from sim.tui.render import event_text
    from sim.tui.screens.result import result_text

    for e in state.events:
        yield Shown(e.week, "TUI log", event_text(state, e, full=True).plain)
        yield Shown(e.week, "TUI result", result_text(state, [e], over=False).plain)


def tui_debrief(state: State) -> Iterator[Shown]:
    from sim.tui.screens.debrief import debrief_text

    if state.is_terminal():
        yield Shown(None, "TUI debrief", debrief_text(state).plain)


def tui_views() -> list[View]:
    return [tui_log, tui_debrief]
