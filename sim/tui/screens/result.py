"""The meeting result: what was said, the signals, the outcome, the facts, the calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from sim.tui.render import event_text

if TYPE_CHECKING:
    from sim.game import Event, State


def result_text(state: "State", events: list["Event"]) -> Text:
    t = Text()
    for i, e in enumerate(events):
        if i:
            t.append("\n\n")
        t.append_text(event_text(state, e, full=True))
    if state.is_terminal():
        t.append("\n\nThe game is over. Press Enter for the debrief.", style="bold")
    return t


class ResultScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter,escape,space", "close", "Continue", key_display="enter")]

    def __init__(self, state: "State", events: list["Event"]) -> None:
        super().__init__()
        self.text = result_text(state, events)
        self.terminal = state.is_terminal()

    def compose(self) -> ComposeResult:
        with Vertical(id="result-box"):
            yield Static(Text("The debrief is next" if self.terminal else "How it went", style="bold"), id="result-title")
            with VerticalScroll(id="result-scroll"):
                yield Static(self.text, id="result")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#result-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
