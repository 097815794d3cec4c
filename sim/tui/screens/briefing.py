"""The briefing: the account, the offering, the calendar, the Key Players known so far."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from sim.tui.render import money, para
from sim.tui.screens.base import LadderScreen

if TYPE_CHECKING:
    from sim.engine.state import State


def briefing_text(state: State) -> Text:
    from sim.engine.grading import bands_words

    sc = state.scenario
    obs = state.observation()
    t = Text()
    t.append(sc.title, style="bold underline")
    t.append(f"   {sc.difficulty} · seed {state.seed}\n\n", style="dim")
    t.append(para(sc.briefing))
    t.append("\n\nThe account: ", style="bold")
    t.append(sc.account.company)
    t.append(f", {sc.account.industry}")
    if sc.account.location:
        t.append(f". {sc.account.location}")
    t.append("\nYou sell: ", style="bold")
    t.append(sc.offering.name)
    t.append("\nDeal value: ", style="bold")
    t.append(money(sc.offering.deal_value, sc.offering.currency))
    t.append("\nThe calendar: ", style="bold")
    t.append(
        f"{sc.horizon_weeks} weeks, one meeting a week. Par is {state.public_par} weeks: "
        "how long a strong seller takes to reach a decision, whichever way it goes."
    )
    t.append("\n\nKey Players you know so far", style="bold")
    t.append(" (others appear as people introduce them or mention them):", style="dim")
    for p in obs.players:
        t.append("\n  • ")
        t.append(p.name, style="bold")
        t.append(f", {p.title}")
        if not p.reachable:
            t.append("  (needs an introduction)", style="yellow")
    t.append("\n\nWhat is at stake: ", style="bold")
    t.append(
        "win the deal fast, or find out early that it cannot be won and walk away. "
        "A deal that drifts to the end of the calendar with no decision is the worst result of all."
    )
    t.append("\nThe pass mark: ", style="bold")
    t.append(
        f"grade {sc.pass_mark} or better ({bands_words()} points) passes this scenario and opens the next "
        "one in the campaign; a game played with the coach on does not count."
    )
    return t


class BriefingScreen(LadderScreen):
    BINDINGS = [
        Binding("enter", "start", "Go to the deal room"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("escape", "back", "Title"),
    ]

    def __init__(self, state: State) -> None:
        super().__init__()
        self.state = state  # the game being briefed (given by the app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="briefing-scroll"):
            yield Static(briefing_text(self.state), id="briefing")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#briefing-scroll").focus()

    def action_start(self) -> None:
        self.navigate("deal_room")

    def action_help(self) -> None:
        self.navigate("help")

    def action_back(self) -> None:
        self.navigate("title")
