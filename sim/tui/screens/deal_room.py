"""The deal room: the Key Players, the calendar, the log, and the week's actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from sim.engine.legal import CONSENSUS_ID
from sim.engine.records import Action
from sim.tui.render import money
from sim.tui.screens.base import LadderScreen
from sim.tui.screens.confirm import ConfirmScreen
from sim.tui.screens.plan import Plan, coach_text
from sim.tui.screens.planner import PlannerScreen
from sim.tui.widgets.calendar import Calendar
from sim.tui.widgets.event_log import EventLog
from sim.tui.widgets.player_card import PlayerCard

if TYPE_CHECKING:
    from sim.store.session import GameSession


class DealRoomScreen(LadderScreen):
    CSS_PATH = "../styles/deal_room.tcss"  # read when first shown: the title does not wait for it
    BINDINGS = [
        Binding("m", "plan", "Plan"),
        Binding("1", "meet(1)", "Meet", key_display="1-9"),
        *[Binding(str(n), f"meet({n})", f"Meet player {n}", show=False) for n in range(2, 10)],
        Binding("c", "consensus", "Consensus"),
        Binding("w", "wait", "Wait"),
        Binding("x", "walk_away", "Walk away"),
        Binding("b", "briefing", "Briefing"),
        Binding("o", "coach", "Coach"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("down,j", "card(1)", "Next card", show=False),
        Binding("up,k", "card(-1)", "Previous card", show=False),
        Binding("escape", "title", "Title", show=False),
    ]

    class ActionChosen(Message):
        """The trainee chose this week's action: the app applies it."""

        def __init__(self, action: Action) -> None:
            super().__init__()
            self.action = action

    class ToggleCoach(Message):
        """Coach mode on or off: the app answers with `show_coach`."""

    def __init__(self, session: GameSession, coach: bool = False) -> None:
        super().__init__()
        self.session = session  # the game in play (given by the app; the app applies actions to it)
        self.coach = coach  # coach mode (set by the app: `show_coach`)

    def compose(self) -> ComposeResult:
        yield Static("", id="status")
        with Horizontal(id="room"):
            yield VerticalScroll(id="cards")
            with Vertical(id="side"):
                yield Calendar(id="calendar")
                yield EventLog(id="log")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()
        cards = list(self.query(PlayerCard))
        if cards:
            cards[0].focus()

    def refresh_view(self) -> None:
        """Push the engine's observation down into the widgets."""
        state = self.session.state
        obs = state.observation()
        legal = state.legal_actions()
        names = tuple(state.rung_name(r) for r in range(10))
        status = Text()
        status.append(f" Week {obs.week} of {obs.horizon} ", style="bold reverse")
        status.append("  ")
        status.append(obs.company, style="bold")
        status.append(f" · {money(obs.deal_value, obs.currency)}")
        if self.session.workshop:
            status.append(f" · workshop {self.session.workshop}", style="cyan")
        if self.coach:
            status.append(" · coach on", style="bold green")
        elif self.session.coach:
            status.append(" · coached", style="green")
        self.query_one("#status", Static).update(status)
        box = self.query_one("#cards", VerticalScroll)
        have = {c.player_id: c for c in self.query(PlayerCard)}
        for pv in obs.players:
            card = have.get(pv.id)
            if card is None:
                card = PlayerCard(pv.id, len(have) + 1, classes="card")
                have[pv.id] = card
                box.mount(card)
            card.rung_names = names
            opts = legal.meetings.get(pv.id)
            card.blocked = opts.reason if opts is not None else None
            card.view = pv
        cal = self.query_one(Calendar)
        cal.rung_names = names
        cal.observation = obs
        self.query_one(EventLog).show(state)

    # ------------------------------------------------------------------ actions
    def on_player_card_chosen(self, message: PlayerCard.Chosen) -> None:
        self.open_planner(message.player_id)

    def _focused_player(self) -> str | None:
        if isinstance(self.focused, PlayerCard):
            return self.focused.player_id
        return None

    def action_card(self, step: int) -> None:
        cards = list(self.query(PlayerCard))
        if not cards:
            return
        current = self.focused
        i = cards.index(current) if isinstance(current, PlayerCard) and current in cards else -1
        target = cards[(i + step) % len(cards)] if i >= 0 else cards[0]
        target.focus()
        target.scroll_visible()

    def action_plan(self) -> None:
        self.open_planner(self._focused_player())

    def action_meet(self, number: int) -> None:
        cards = list(self.query(PlayerCard))
        if 1 <= number <= len(cards):
            cards[number - 1].focus()
            self.open_planner(cards[number - 1].player_id)

    def action_consensus(self) -> None:
        self.open_planner(CONSENSUS_ID)

    def open_planner(self, player_id: str | None) -> None:
        state = self.session.state
        plan = Plan.build(state, player_id)
        tip = coach_text(state) if self.coach else None
        self.app.push_screen(PlannerScreen(plan, self.session.check, tip), self._planned)

    def show_coach(self, coach: bool) -> None:
        """Coach mode changed (the app's answer to `ToggleCoach`)."""
        self.coach = coach
        self.refresh_view()

    def _planned(self, action: Action | None) -> None:
        if action is not None:
            self.post_message(self.ActionChosen(action))

    def action_wait(self) -> None:
        self.post_message(self.ActionChosen(Action.wait()))

    def action_walk_away(self) -> None:
        question = Text("Walk away from this deal?\n\n", style="bold")
        question.append(
            "You close the opportunity and the game ends. That is the right call for a deal "
            "that cannot be won, and a costly one for a deal that can."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Walk away", no="Keep working"), self._walk)

    def _walk(self, sure: bool | None) -> None:
        if sure:
            self.post_message(self.ActionChosen(Action.walk_away()))

    def action_briefing(self) -> None:
        self.navigate("briefing")

    def action_coach(self) -> None:
        self.post_message(self.ToggleCoach())

    def action_help(self) -> None:
        self.navigate("help")

    def action_title(self) -> None:
        self.navigate("title")
