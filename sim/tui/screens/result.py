"""The meeting result: what was said, the signals, the outcome, the facts, the calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from sim.common.glossary import OUTCOME_TERM, SIGNAL_TERM, explained
from sim.engine.ladder import TOPICS
from sim.tui.render import event_head, outcome_text

if TYPE_CHECKING:
    from sim.engine.records import Event
    from sim.engine.state import State


def _labelled(t: Text, label: str, body: Text | str, style: str = "") -> None:
    t.append(f"\n{label:<11}", style="bold")
    t.append(body if isinstance(body, Text) else Text(body, style=style))


def _explain(t: Text, key: str, seen: set[str]) -> None:
    """The glossary's line for a term the first time it shows in this game."""
    if key not in seen:
        seen.add(key)
        t.append("\n")
        t.append(explained(key), style="dim italic")


def _terms_before(state: State, events: list[Event]) -> set[str]:
    """The terms the trainee has already met in this game: the outcomes and signals before `events`."""
    week = events[0].week if events else state.week
    seen: set[str] = set()
    for e in state.events:
        if e.week >= week:
            break
        seen.update(OUTCOME_TERM[o] for o in (e.outcome, e.primary) if o is not None and o in OUTCOME_TERM)
        if e.signals:
            seen.add("readiness signals")
        seen.update(SIGNAL_TERM[w] for w in e.signals if w in SIGNAL_TERM)
    return seen


def result_text(state: State, events: list[Event], over: bool | None = None) -> Text:
    t = Text()
    seen = _terms_before(state, events)
    for i, e in enumerate(events):
        if i:
            t.append("\n\n")
        t.append_text(event_head(state, e))
        if e.said:
            spoken = e.kind in ("meet", "consensus", "evaporated")
            _labelled(t, "They said" if spoken else "", f'"{e.said}"' if spoken else e.said, "italic")
        if e.kind in ("meet", "consensus") or e.outcome in OUTCOME_TERM:
            if e.kind in ("meet", "consensus"):
                _labelled(t, "Outcome", outcome_text(state, e))
            for o in (e.primary, e.outcome):
                if o is not None and o in OUTCOME_TERM:
                    _explain(t, OUTCOME_TERM[o], seen)
            if e.signals:
                _labelled(t, "Signals", ", ".join(e.signals))
                _explain(t, "readiness signals", seen)
                for w in e.signals:
                    if w in SIGNAL_TERM:
                        _explain(t, SIGNAL_TERM[w], seen)
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
