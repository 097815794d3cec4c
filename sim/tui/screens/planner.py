"""The meeting planner: whom, the discovery topic, a primary and a fallback ask, and
whether to put the next step on the calendar. A modal whose result is an Action (or None).

The planner holds no rule: the open asks and the reasons come from the engine's
`legal_actions()`, and the finished plan is checked by the engine before it is sent. Every rung
can be asked of anyone you can meet; what the trainee has learned shows as markers: the rungs a
player said are not theirs to give, and who signs the deal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from sim.common.glossary import explained
from sim.engine.ladder import TOPICS
from sim.engine.legal import CONSENSUS_ID
from sim.engine.records import Action, PlayerOptions
from sim.tui.screens.plan import Plan
from sim.tui.screens.planner_hints import ASK_HINTS, FIELD_HINTS

if TYPE_CHECKING:
    pass

NO_TOPIC = "none"
# The boxes that take the keys, by id: their titles; the focused one is marked "▶" (not only by colour).
FIELDS = {
    "whom": "Whom",
    "topic": "Discovery topic",
    "asks": "Ask (Enter) and fallback (f)",
    "coach-scroll": "Coach",
}
FOCUS_MARK = "▶ "
# Under the focused box, what its keys do (the longer explanation is in the detail pane and the tooltip).
FIELD_KEYS = {
    "whom": "↑↓ then Enter",
    "topic": "↑↓ then Enter",
    "asks": "Enter ask · f fallback",
    "coach-scroll": "↑↓ to read it all",
}
COLUMNS_MIN = 14  # rows the columns need (the ask list and two lines under it): the coach gets the rest


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
            if self.coach is not None:
                with VerticalScroll(id="coach-scroll"):
                    yield Static(self.coach, id="coach")
            with Horizontal(id="planner-cols"):
                with Vertical(id="planner-left"):
                    yield OptionList(*self._whom_options(), id="whom")
                    yield OptionList(*self._topic_options(), id="topic")
                with Vertical(id="planner-right"):
                    yield OptionList(id="asks")
                    with VerticalScroll(id="detail-scroll", can_focus=False):
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
        self.query_one("#planner").border_title = f"Plan a meeting · week {self.plan.week}"
        for fid in ("whom", "topic", "asks"):
            self.query_one(f"#{fid}").tooltip = FIELD_HINTS[fid]
        self.query_one("#summary").tooltip = explained("schedule")
        whom = self.query_one("#whom", OptionList)
        whom.highlighted = [o.player for o in self.plan.whom].index(self.who.player)
        self.query_one("#topic", OptionList).highlighted = 0
        self._fill_asks()
        whom.focus()
        self._mark_focus()

    def on_resize(self, event: events.Resize) -> None:
        """Give the coach the rows the columns can spare (it scrolls when its advice needs more)."""
        if self.coach is not None:
            spare = event.size.height - 1 - 2 - 2 - COLUMNS_MIN  # footer, border, summary
            self.query_one("#coach-scroll").styles.max_height = max(3, spare)
            self.call_after_refresh(self._mark_focus)  # "more below" when the advice overflows now

    def on_descendant_focus(self, _: events.DescendantFocus) -> None:
        self._mark_focus()

    def _mark_focus(self) -> None:
        """The focused box's title starts with "▶": the mark reads on a monochrome terminal too."""
        focused = self.focused
        for fid, title in FIELDS.items():
            for box in self.query(f"#{fid}"):
                box.border_title = FOCUS_MARK + title if box is focused else title
                box.border_subtitle = FIELD_KEYS[fid] if box is focused else ""
                if fid == "coach-scroll" and box is not focused and box.max_scroll_y > 0:
                    box.border_subtitle = "more below: tab here, then ↓"
        self._show_detail()

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
                else:
                    t.append("\n" + self._ask_hint(r), style="italic")
        if error:
            t.append("\n")
            t.append(error, style="bold red")
        focused = self.focused
        fid = focused.id if focused is not None and focused.id in FIELD_HINTS else None
        if fid is not None:
            t.append("\n\n")
            t.append(FIELD_HINTS[fid], style="dim")
        detail.update(t)

    def _ask_hint(self, rung: int) -> str:
        """How `rung` stands against what the player has agreed (the words are the glossary's)."""
        if self.who.player == CONSENSUS_ID:
            return explained("consensus meeting")
        granted = self.plan.granted.get(self.who.player, 0)
        if rung in self.plan.open_steps.get(self.who.player, ()):
            return ASK_HINTS["open_step"]
        key = (
            "below"
            if rung <= granted
            else "next"
            if rung == granted + 1
            else "two_up"
            if rung == granted + 2
            else "far"
        )
        return ASK_HINTS[key]

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
    # Keys act on what the lists show now, not on messages still queued: a fast typist's Enter right
    # after a move lands where the highlight is (the lists' own messages may come after the key).
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._sync()

    def _sync(self) -> None:
        """Take whom and the topic from the lists' highlights (a new Key Player clears the asks)."""
        i = self.query_one("#whom", OptionList).highlighted
        if i is not None and self.plan.whom[i].player != self.who.player:
            self.who = self.plan.whom[i]
            self.ask = self.fallback = None
            self.query_one("#asks", OptionList).highlighted = None
            self._fill_asks()
        topics = self.query_one("#topic", OptionList)
        key = topics.get_option_at_index(topics.highlighted).id if topics.highlighted is not None else NO_TOPIC
        self.topic = None if key == NO_TOPIC else key
        self._show_summary()
        self._show_detail()

    def _ready(self, action: str) -> bool:
        """False until the planner's boxes exist: a key typed while it opens runs once they do."""
        if self.query("#asks"):
            return True
        self.call_after_refresh(self.run_action, action)
        return False

    def action_choose(self) -> None:
        if not self._ready("choose"):
            return
        focused = self.focused
        if isinstance(focused, OptionList) and focused.highlighted is not None:
            self._chosen(focused, focused.highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click on an option
        self._chosen(event.option_list, event.option_index)

    def _chosen(self, box: OptionList, index: int) -> None:
        """Enter (or a click) on a row: whom and the topic move on to the next box, a rung is the ask."""
        self._sync()
        if box.id == "whom":
            self.set_focus(self.query_one("#asks" if self.who.player == CONSENSUS_ID else "#topic"))
        elif box.id == "topic":
            self.set_focus(self.query_one("#asks"))
        else:
            self._take(index, fallback=False)

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
        if not self._ready(f"rung({rung})"):
            return
        asks = self.query_one("#asks", OptionList)
        self.set_focus(asks)
        asks.highlighted = rung

    def action_fallback(self) -> None:
        if not self._ready("fallback"):
            return
        self._sync()
        r = self.query_one("#asks", OptionList).highlighted
        if r is not None:
            self._take(r, fallback=True)

    def action_clear_fallback(self) -> None:
        if not self._ready("clear_fallback"):
            return
        self.fallback = None
        self._fill_asks()

    def action_toggle_schedule(self) -> None:
        if not self._ready("toggle_schedule"):
            return
        self.schedule = not self.schedule
        self._show_summary()

    def built_action(self) -> Action | None:
        if self.ask is None:
            return None
        if self.who.player == CONSENSUS_ID:
            return Action.consensus(self.ask, fallback=self.fallback, schedule=self.schedule)
        return Action.meet(self.who.player, self.ask, topic=self.topic, fallback=self.fallback, schedule=self.schedule)

    def action_hold(self) -> None:
        if not self._ready("hold"):
            return
        self._sync()
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
