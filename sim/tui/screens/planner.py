"""The meeting planner: whom, the discovery topic, a primary and a fallback ask, and
whether to put the next step on the calendar. A modal whose result is an Action (or None).

The planner holds no rule: the open asks and the reasons come from the engine's
`legal_actions()`, and the finished plan is checked by the engine before it is sent. Every rung
can be asked of anyone you can meet; what the trainee has learned shows as markers: the rungs a
player said are not theirs to give, and who signs the deal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from sim.engine.ladder import TOPICS
from sim.engine.legal import CONSENSUS_ID
from sim.engine.records import Action, PlayerOptions

if TYPE_CHECKING:
    from sim.engine.state import State

NO_TOPIC = "none"


@dataclass(frozen=True)
class Plan:
    """What the planner shows: read from the engine once, when it opens."""

    week: int
    whom: tuple[PlayerOptions, ...]  # the Key Players, then the consensus meeting
    rung_names: tuple[str, ...]
    rung_asks: tuple[str, ...]
    granted: dict[str, int]
    start: str | None
    not_theirs: dict[str, tuple[int, ...]]  # the rungs each player said are not theirs to give
    signs: frozenset[str]  # who signs the deal, once the trainee asked about the decision process

    @classmethod
    def build(cls, state: State, start: str | None) -> Plan:
        legal = state.legal_actions()
        obs = state.observation()
        whom = tuple(legal.meetings.values()) + (legal.consensus,)
        return cls(
            obs.week,
            whom,
            tuple(state.rung_name(r) for r in range(10)),
            tuple(state.rung_ask(r) for r in range(10)),
            {p.id: p.granted for p in obs.players},
            start,
            {p.id: p.not_theirs for p in obs.players},
            frozenset(p.id for p in obs.players if p.signs),
        )


def coach_text(state: State) -> Text | None:
    """The coach's line for the planner: what the ladder-climbing bot would do now, and why."""
    if state.is_terminal():
        return None
    from sim.players.coach import advice

    tip = advice(state)
    t = Text("Coach: ", style="bold green")
    t.append(tip.headline(state), style="bold")
    t.append(". ")
    t.append(tip.why)
    return t


class PlannerScreen(ModalScreen["Action | None"]):
    CSS_PATH = "../styles/planner.tcss"  # read when first shown: the title does not wait for it
    BINDINGS = [
        Binding("enter", "choose", "Pick", priority=True),
        Binding("tab", "app.focus_next", "Next", priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous box", show=False, priority=True),
        Binding("m", "hold", "Meet"),
        Binding("f", "fallback", "Fallback"),
        Binding("x", "clear_fallback", "No fallback", show=False),
        Binding("s", "toggle_schedule", "Schedule"),
        Binding("0", "rung(0)", "Rung", key_display="0-9"),
        *[Binding(str(r), f"rung({r})", f"Rung {r}", show=False) for r in range(1, 10)],
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, plan: Plan, check: Callable[[Action], str | None], coach: Text | None = None) -> None:
        super().__init__()
        self.plan = plan
        self.coach = coach  # the coach's suggestion and why, when coach mode is on
        self.check = check
        self.who: PlayerOptions = plan.whom[0]
        for o in plan.whom:
            if o.player == plan.start:
                self.who = o
        self.topic: str | None = None
        self.ask: int | None = None
        self.fallback: int | None = None
        self.schedule = True

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        with Vertical(id="planner"):
            yield Static(Text(f"Plan a meeting · week {self.plan.week}", style="bold"), id="planner-title")
            if self.coach is not None:
                yield Static(self.coach, id="coach")
            with Horizontal(id="planner-cols"):
                with Vertical(id="planner-left"):
                    yield OptionList(*self._whom_options(), id="whom")
                    yield OptionList(*self._topic_options(), id="topic")
                with Vertical(id="planner-right"):
                    yield OptionList(id="asks")
                    yield Static("", id="detail")
            yield Static("", id="summary")
        yield Footer()

    def _whom_options(self) -> list[Option]:
        out = []
        for o in self.plan.whom:
            t = Text(o.name, style="bold")
            if o.title and o.player != CONSENSUS_ID:
                t.append(f", {o.title}")
            if o.player in self.plan.signs:
                t.append("  signs", style="bold green")
            if o.reason is not None:
                t.append("  (not now)", style="dim")
            out.append(Option(t, id=o.player))
        return out

    @staticmethod
    def _topic_options() -> list[Option]:
        out = [Option(Text("No discovery topic"), id=NO_TOPIC)]
        out += [Option(Text(f"Learn: {words}"), id=key) for key, words in TOPICS.items()]
        return out

    def on_mount(self) -> None:
        self.query_one("#whom", OptionList).border_title = "Whom"
        self.query_one("#topic", OptionList).border_title = "Discovery topic"
        self.query_one("#asks", OptionList).border_title = "Ask (Enter) and fallback (f)"
        whom = self.query_one("#whom", OptionList)
        whom.highlighted = [o.player for o in self.plan.whom].index(self.who.player)
        self.query_one("#topic", OptionList).highlighted = 0
        self._fill_asks()
        whom.focus()

    # ------------------------------------------------------------------ rendering
    def _fill_asks(self) -> None:
        asks = self.query_one("#asks", OptionList)
        keep = asks.highlighted
        asks.clear_options()
        not_theirs = self.plan.not_theirs.get(self.who.player, ())
        for r in range(10):
            why = self.who.asks.get(r, "not an ask here")
            t = Text(f"{r} ", style="bold")
            t.append(self.plan.rung_names[r], style="" if why is None else "dim strike")
            if r == self.ask:
                t.append("  ◀ ask", style="bold green")
            if r == self.fallback:
                t.append("  ◀ fallback", style="bold yellow")
            if why is not None:
                t.append("  closed", style="dim")
            elif r in not_theirs:
                t.append("  not theirs", style="yellow")
            asks.add_option(Option(t, id=str(r)))
        if keep is None:  # start at the first open rung above what they have agreed
            granted = self.plan.granted.get(self.who.player, 0)
            above = [r for r in range(granted + 1, 10) if self.who.asks.get(r, "") is None]
            keep = above[0] if above else min(granted + 1, 9)
        asks.highlighted = keep
        self._show_detail()
        self._show_summary()

    def _show_detail(self, error: str | None = None) -> None:
        detail = self.query_one("#detail", Static)
        t = Text()
        if self.who.reason is not None:
            t.append("Not possible now: ", style="bold red")
            t.append(self.who.reason)
        else:
            r = self.query_one("#asks", OptionList).highlighted
            if r is not None:
                t.append(f"{self.plan.rung_names[r]}: ", style="bold")
                t.append(self.plan.rung_asks[r])
                why = self.who.asks.get(r, "not an ask here")
                if why is not None:
                    t.append("\nNot open: ", style="bold red")
                    t.append(why)
                elif r in self.plan.not_theirs.get(self.who.player, ()):
                    t.append("\nNot theirs: ", style="bold yellow")
                    t.append(f"{self.who.name} told you this one is for someone else to give.")
        if error:
            t.append("\n")
            t.append(error, style="bold red")
        detail.update(t)

    def _show_summary(self) -> None:
        t = Text()
        names = self.plan.rung_names
        if self.who.player == CONSENSUS_ID:
            t.append("Call the consensus meeting", style="bold")
        else:
            t.append("Meet ", style="bold")
            t.append(self.who.name, style="bold")
            t.append(f"; learn about {TOPICS[self.topic]}" if self.topic else "; no discovery")
        t.append("; ask for ")
        t.append(
            names[self.ask].lower() if self.ask is not None else "(pick an ask)",
            style="bold" if self.ask is not None else "bold red",
        )
        t.append(f"; fallback: {names[self.fallback].lower()}" if self.fallback is not None else "; no fallback")
        t.append(
            "; next step " + ("dated now" if self.schedule else "left without a date"),
            style="" if self.schedule else "yellow",
        )
        self.query_one("#summary", Static).update(t)

    # ------------------------------------------------------------------ choices
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_list.id == "whom":
            new = self.plan.whom[event.option_index]
            if new.player != self.who.player:
                self.who = new
                self.ask = self.fallback = None
                asks = self.query_one("#asks", OptionList)
                asks.highlighted = None
                self._fill_asks()
        elif event.option_list.id == "topic":
            self.topic = None if event.option_id == NO_TOPIC else event.option_id
            self._show_summary()
        else:
            self._show_detail()

    def action_choose(self) -> None:
        focused = self.focused
        if isinstance(focused, OptionList) and focused.highlighted is not None:
            focused.action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        lid = event.option_list.id
        if lid == "whom":
            target = "#asks" if self.who.player == CONSENSUS_ID else "#topic"
            self.query_one(target, OptionList).focus()
        elif lid == "topic":
            self.query_one("#asks", OptionList).focus()
        else:
            self._take(int(event.option_id or 0), fallback=False)

    def _take(self, rung: int, fallback: bool) -> None:
        why = self.who.asks.get(rung, "not an ask here") if self.who.reason is None else self.who.reason
        if why is not None:
            self._show_detail(f"You can't ask for that: {why}")
            return
        if fallback:
            self.fallback = None if self.fallback == rung else rung
            if self.fallback == self.ask:
                self.ask = None
        else:
            self.ask = rung
            if self.fallback == rung:
                self.fallback = None
        self._fill_asks()

    def action_rung(self, rung: int) -> None:
        asks = self.query_one("#asks", OptionList)
        asks.focus()
        asks.highlighted = rung

    def action_fallback(self) -> None:
        r = self.query_one("#asks", OptionList).highlighted
        if r is not None:
            self._take(r, fallback=True)

    def action_clear_fallback(self) -> None:
        self.fallback = None
        self._fill_asks()

    def action_toggle_schedule(self) -> None:
        self.schedule = not self.schedule
        self._show_summary()

    def built_action(self) -> Action | None:
        if self.ask is None:
            return None
        if self.who.player == CONSENSUS_ID:
            return Action.consensus(self.ask, fallback=self.fallback, schedule=self.schedule)
        return Action.meet(self.who.player, self.ask, topic=self.topic, fallback=self.fallback, schedule=self.schedule)

    def action_hold(self) -> None:
        if self.who.reason is not None:
            self._show_detail()
            return
        act = self.built_action()
        if act is None:
            self._show_detail("Pick an ask first: highlight a rung and press Enter.")
            return
        problem = self.check(act)
        if problem is not None:
            self._show_detail(problem)
            return
        self.dismiss(act)

    def action_cancel(self) -> None:
        self.dismiss(None)
