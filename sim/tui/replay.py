"""Replays in the terminal game: step through a run, and branch ("what if") into a live game.

`run_replay(run, *, loaded, until_week, branch_week, data_dir)` is the hook `ladder replay`
calls (see `sim.cli.replay.tui_hook`). The run has already been checked against its
scenario (`sim.store.runs.scenario_for`). Pure Python up to `run_replay`'s import of the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.game import Event, State
    from sim.store.runs import Run


@dataclass
class Step:
    """One action of the run: its week (when it was taken) and the events it produced."""

    index: int  # 1-based: the state after this many actions
    week: int
    events: list["Event"] = field(default_factory=list)


@dataclass
class ReplaySpec:
    run: "Run"
    loaded: Any
    until_week: int | None = None
    branch_week: int | None = None
    steps: list[Step] = field(default_factory=list)
    final: "State | None" = None

    @classmethod
    def build(cls, run: "Run", loaded: Any, until_week: int | None = None,
              branch_week: int | None = None) -> "ReplaySpec":
        from sim.errors import LadderError
        from sim.game import Action, State
        from sim.store.runs import RunError

        spec = cls(run, loaded, until_week, branch_week)
        state = State(loaded, run.seed)
        for i, a in enumerate(run.actions, 1):
            if state.is_terminal():
                raise RunError(f"{run.source}: actions[{i - 1}]: the game was already over after {i - 1} actions")
            week, before = state.week, len(state.events)
            try:
                state.apply(Action.from_dict(a))
            except (LadderError, KeyError, TypeError, ValueError) as exc:
                raise RunError(f"{run.source}: actions[{i - 1}] (week {week}): {exc}") from None
            spec.steps.append(Step(i, week, list(state.events[before:])))
        spec.final = state
        return spec

    def start_index(self) -> int:
        """Where the viewer opens: the last step of `until_week`, else the first step."""
        if self.until_week is None or not self.steps:
            return 1 if self.steps else 0
        inside = [s.index for s in self.steps if s.week <= self.until_week]
        return inside[-1] if inside else 0

    def state_at(self, count: int) -> "State":
        """A fresh live state with the run's first `count` actions re-applied (same seed)."""
        from sim.game import Action, State

        state = State(self.loaded, self.run.seed)
        for a in self.run.actions[:count]:
            state.apply(Action.from_dict(a))
        return state

    def count_before_week(self, week: int) -> int:
        return sum(1 for s in self.steps if s.week < week)


def run_replay(run: "Run", *, loaded: Any, until_week: int | None = None, branch_week: int | None = None,
               data_dir: str | None = None) -> None:
    """Open the terminal game on the replay viewer (or, with `branch_week`, straight in the deal room
    at that week, to play on)."""
    import os

    from sim.cli.common import fail
    from sim.store import StoreError
    from sim.store.runs import RunError
    from sim.tui.saver import StoreThread
    from sim.tui.app import LadderApp

    try:
        spec = ReplaySpec.build(run, loaded, until_week, branch_week)
    except RunError as exc:
        fail(str(exc))
    if branch_week is not None and spec.count_before_week(branch_week) >= len(run.actions):
        fail(f"the game was over before week {branch_week}; branch at an earlier week")
    store = StoreThread(data_dir)  # the process's one connection, on its own thread
    try:
        store.wait_open()
    except StoreError as exc:
        store.close()
        fail(str(exc))
    LadderApp(name=os.environ.get("LADDER_NAME") or None, data_dir=data_dir, store=store, replay=spec).run()
