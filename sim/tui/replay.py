"""Replays in the terminal game: step through a run, and branch ("what if") into a live game.

`ReplaySpec.build` steps a run (already checked against its scenario by
`sim.store.runs.scenario_for`); `ladder replay` opens the app on it (`sim.cli.terminal.run_replay`).
Pure Python: no Textual import here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.engine.records import Event
    from sim.engine.state import State
    from sim.scenarios.loader import LoadedScenario
    from sim.store.runs import Run


@dataclass
class Step:
    """One action of the run: its week (when it was taken) and the events it produced."""

    index: int  # 1-based: the state after this many actions
    week: int
    events: list[Event] = field(default_factory=list)


@dataclass
class ReplaySpec:
    run: Run
    loaded: LoadedScenario
    until_week: int | None = None
    branch_week: int | None = None
    steps: list[Step] = field(default_factory=list)
    final: State | None = None

    @classmethod
    def build(
        cls, run: Run, loaded: LoadedScenario, until_week: int | None = None, branch_week: int | None = None
    ) -> ReplaySpec:
        spec = cls(run, loaded, until_week, branch_week)

        def step(index: int, week: int, events: list[Event]) -> None:
            spec.steps.append(Step(index + 1, week, list(events)))

        spec.final = _replay(run, loaded, on_step=step)  # RunError naming the action if it is malformed or illegal
        return spec

    def start_index(self) -> int:
        """Where the viewer opens: the last step of `until_week`, else the first step."""
        if self.until_week is None or not self.steps:
            return 1 if self.steps else 0
        inside = [s.index for s in self.steps if s.week <= self.until_week]
        return inside[-1] if inside else 0

    def state_at(self, count: int) -> State:
        """A fresh live state with the run's first `count` actions re-applied (same seed)."""
        return _replay(self.run, self.loaded, count=count)

    @property
    def unfinished(self) -> bool:
        """The run's actions end before the game does (it can still be stepped through)."""
        return self.final is not None and not self.final.is_terminal()

    def count_before_week(self, week: int) -> int:
        return sum(1 for s in self.steps if s.week < week)


def _replay(
    run: Run,
    loaded: LoadedScenario,
    *,
    count: int | None = None,
    on_step: Callable[[int, int, list[Event]], None] | None = None,
) -> State:
    """The engine's one replay function over the run's actions; a bad action is a RunError naming the run."""
    from sim.engine.replay import ReplayError, replay
    from sim.store.runs import RunError

    try:
        return replay(loaded, run.seed, run.actions, count=count, on_step=on_step)
    except ReplayError as exc:
        raise RunError(f"{run.source}: {exc}") from None
