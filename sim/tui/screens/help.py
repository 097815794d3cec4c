"""How to play, the ladder and the lessons, in our own words."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from sim.common.glossary import GLOSSARY, label, meaning
from sim.engine.ladder import DEFAULT_LADDER
from sim.engine.rules import LESSONS

HOW = (
    "You are working one deal over a calendar of weeks. Each week you may hold one meeting. "
    "The buyer is a handful of Key Players; each wants something different, and some of what "
    "drives them is hidden from you until the end.\n\n"
    "Plan every meeting: whom you meet, what you want to learn (a discovery topic), what you "
    "ask them to commit to (your primary ask) and a smaller ask to fall back on if the first "
    "one is refused. Decide whether to put the next step on the calendar before you leave: "
    "a step agreed without a date can quietly slip away.\n\n"
    "Read the signals each player gives you. 'Leaning in' means you may ask for more; 'holding "
    "back' means you have reached their limit for now. When every Key Player has been met and "
    "heard, ask the economic buyer for a consensus meeting, and in that meeting ask the room "
    "for a formal evaluation; after it, the contract.\n\n"
    "Some deals cannot be won. Walking away early from a dead deal is a good result; letting "
    "it drift to the end of the calendar is the worst."
)

KEYS = (
    "Title: Enter play the highlighted row, c continue your unfinished game, a the campaign or free play "
    "of every scenario, r a random account, n your name, o coach mode, t dark or light.\n"
    "Deal room: m plan a meeting (or Enter on a card), c call the consensus meeting, "
    "w wait a week, x walk away, b the briefing, o coach mode, up/down move between cards, tab to the log, "
    "Esc the title.\n"
    "Planner: up/down choose, tab next box, 0-9 jump to a rung, Enter take it as your ask, "
    "f take it as your fallback, s schedule on/off, m hold the meeting, Esc cancel."
)


def help_text() -> Text:
    t = Text()
    t.append("How to play\n", style="bold underline")
    t.append(HOW)
    t.append("\n\nKeys\n", style="bold underline")
    t.append(KEYS)
    t.append("\n\nWords the game uses\n", style="bold underline")
    for term in GLOSSARY:
        t.append(f"\n {label(term)}", style="bold")
        t.append(f": {meaning(term)}")
    t.append("\n\nThe commitment ladder\n", style="bold underline")
    t.append(
        "Each rung asks the buyer to give a little more of their time and trust. "
        "Ask one rung above what they have already given.\n"
    )
    for r in DEFAULT_LADDER:
        t.append(f"\n {r.rung}  ", style="bold")
        t.append(r.name, style="bold")
        t.append(f": {r.ask}")
    t.append("\n\nThe lessons\n", style="bold underline")
    for key, text in LESSONS.items():
        t.append(f"\n {key}  ", style="bold")
        t.append(text)
    return t


class HelpScreen(Screen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Back", key_display="esc")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(help_text(), id="help")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss()
