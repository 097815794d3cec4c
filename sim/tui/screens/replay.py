"""The replay viewer: a run's actions one screen at a time; branch at any point to play on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from sim.common.text import shown
from sim.tui.screens.base import LadderScreen
from sim.tui.screens.result import result_text

if TYPE_CHECKING:
    from sim.engine.state import State
    from sim.scenarios.loader import LoadedScenario
    from sim.tui.replay import ReplaySpec


class ReplayScreen(LadderScreen):
    CSS_PATH = "../styles/replay.tcss"  # read when first shown: the title does not wait for it
    BINDINGS = [
        Binding("right,n,space", "step(1)", "Next"),
        Binding("left,p", "step(-1)", "Previous"),
        Binding("home", "jump(0)", "Start", show=False),
        Binding("end", "jump(-1)", "End", show=False),
        Binding("w", "branch", "What if: play on from here"),
        Binding("escape,q", "leave", "Quit"),
    ]

    class Branch(Message):
        """What if: play on from `state` (a live state, the run's first actions re-applied)."""

        def __init__(self, state: State, loaded: LoadedScenario) -> None:
            super().__init__()
            self.state = state
            self.loaded = loaded

    def __init__(self, spec: ReplaySpec) -> None:
        super().__init__()
        self.spec = spec
        self.index = spec.start_index()  # actions shown so far (0: the start of the game)

    def compose(self) -> ComposeResult:
        yield Static("", id="replay-status")
        with VerticalScroll(id="replay-scroll"):
            yield Static("", id="replay")
        yield Footer()

    def on_mount(self) -> None:
        if self.spec.branch_week is not None:
            self.index = self.spec.count_before_week(self.spec.branch_week)
            self.spec.branch_week = None
            self.action_branch()
            return
        self.refresh_view()
        self.query_one("#replay-scroll").focus()

    def refresh_view(self) -> None:
        spec, run = self.spec, self.spec.run
        total = len(spec.steps)
        status = Text(" Replay ", style="bold reverse")
        status.append("  ")
        status.append(shown(run.player), style="bold")  # literal, never markup, escaped
        status.append(f" · {shown(spec.loaded.scenario.title)} · seed {run.seed} · action {self.index} of {total}")
        self.query_one("#replay-status", Static).update(status)
        final = spec.final
        assert final is not None
        if self.index == 0:
            t = Text("The start of the game.\n\n", style="bold")
            t.append("Press → (or n) to step through the meetings, w to branch here and play it yourself.")
        else:
            step = spec.steps[self.index - 1]
            t = result_text(final, step.events, over=False)
            if self.index == total and spec.unfinished:
                t.append(
                    f"\n\nThe run ends here, unfinished: its actions stop in week {final.week}, "
                    "before the game was over.",
                    style="bold",
                )
            elif self.index == total:
                s = final.score()
                t.append(
                    f"\n\nScore {s.total}/100 ({s.grade}): {s.outcome_words.lower()} in week {s.weeks}.", style="bold"
                )
        t.append("\n\nWhat if? Press w to play on from here", style="dim")
        t.append(f" (week {self._branch_week()}).", style="dim")
        self.query_one("#replay", Static).update(t)

    def _branch_week(self) -> int:
        if self.index < len(self.spec.steps):
            return self.spec.steps[self.index].week
        return self.spec.final.week if self.spec.final else 1

    def action_step(self, delta: int) -> None:
        self.index = max(0, min(len(self.spec.steps), self.index + delta))
        self.refresh_view()

    def action_jump(self, where: int) -> None:
        self.index = 0 if where == 0 else len(self.spec.steps)
        self.refresh_view()

    def action_branch(self) -> None:
        """Start a live game from here: same seed, the first `index` actions re-applied."""
        state = self.spec.state_at(self.index)
        if state.is_terminal():
            self.notify("The game is over at this point: step back to branch.", severity="warning", markup=False)
            return
        self.post_message(self.Branch(state, self.spec.loaded))

    def action_leave(self) -> None:
        self.app.exit()
