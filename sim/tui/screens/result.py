"""The meeting result: what was said, the signals, the outcome, the facts, the calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from sim.engine.ladder import TOPICS
from sim.tui.render import event_head, outcome_text

if TYPE_CHECKING:
    from sim.engine.records import Event
    from sim.engine.state import State


def _labelled(t: Text, label: str, body: Text | str, style: str = "") -> None:
    t.append(f"\n{label:<11}", style="bold")
    t.append(body if isinstance(body, Text) else Text(body, style=style))


def result_text(state: State, events: list[Event], over: bool | None = None) -> Text:
    t = Text()
    for i, e in enumerate(events):
        if i:
            t.append("\n\n")
        t.append_text(event_head(state, e))
        if e.said:
            spoken = e.kind in ("meet", "consensus", "evaporated")
            _labelled(t, "They said" if spoken else "", f'"{e.said}"' if spoken else e.said, "italic")
        if e.kind in ("meet", "consensus"):
            _labelled(t, "Outcome", outcome_text(state, e))
            if e.signals:
                _labelled(t, "Signals", ", ".join(e.signals))
        for topic, fact in e.facts:
            _labelled(t, "Learned", Text(f"({TOPICS.get(topic, topic)}) {fact}"))
        for c in e.calendar:
            _labelled(t, "Calendar", c)
        for rid in e.revealed:
            _labelled(t, "New player", f"{state.name(rid)}, {state.scenario.member(rid).title}")
    if state.is_terminal() if over is None else over:
        t.append("\n\nThe game is over. Press Enter for the debrief.", style="bold")
    return t


class ResultScreen(ModalScreen[None]):
    CSS_PATH = "../styles/dialogs.tcss"  # read when first shown: the title does not wait for it
    BINDINGS = [Binding("enter,escape,space", "close", "Continue", key_display="enter")]

    def __init__(self, state: State, events: list[Event]) -> None:
        super().__init__()
        self.text = result_text(state, events)
        self.terminal = state.is_terminal()

    def compose(self) -> ComposeResult:
        with Vertical(id="result-box"):
            yield Static(
                Text("The debrief is next" if self.terminal else "How it went", style="bold"), id="result-title"
            )
            with VerticalScroll(id="result-scroll"):
                yield Static(self.text, id="result")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#result-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
