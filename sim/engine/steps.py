"""The deal's steps, in the order they were agreed, and the trainee's view of them.

`Calendar` owns the list: only its methods change it, and each keeps the count of undated
steps right (most turns have none, so the loops over them are skipped). The trainee's view
of the steps is computed by `steps_view`, once a turn (`State` keeps it in its one cache).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sim.engine.records import Step

StepsView = tuple[
    dict[str, tuple[int, ...]],
    dict[str, tuple[int, ...]],
    tuple[tuple[int, str, int], ...],
    tuple[tuple[int, str, int], ...],
]


def steps_view(steps: list[Step]) -> StepsView:
    """(dated rungs per player, undated rungs per player, calendar, open steps), from scratch."""
    scheduled: dict[str, tuple[int, ...]] = {}
    unscheduled: dict[str, tuple[int, ...]] = {}
    dated, undated = [], []
    for s in steps:
        pid, rung = s.player, s.rung
        if s.scheduled:
            dated.append((s.week, pid, rung))
            scheduled[pid] = scheduled.get(pid, ()) + (rung,)
        else:
            undated.append((s.week, pid, rung))
            unscheduled[pid] = unscheduled.get(pid, ()) + (rung,)
    return scheduled, unscheduled, tuple(dated), tuple(undated)


class Calendar:
    """The steps (read `steps`, change them only through these methods)."""

    __slots__ = ("steps", "open_count")

    def __init__(self, steps: list[Step] | None = None):
        self.steps: list[Step] = steps if steps is not None else []
        self.open_count = sum(1 for s in self.steps if not s.scheduled)

    def copy(self) -> Calendar:
        return Calendar([replace(s) for s in self.steps])

    def undated(self, player: str | None = None) -> list[Step]:
        """The steps agreed without a date (of one player, or all), in order."""
        if not self.open_count:
            return []
        return [s for s in self.steps if not s.scheduled and (player is None or s.player == player)]

    def add(self, step: Step) -> None:
        """A new undated step; it replaces the player's open one."""
        if self.open_count:
            kept = [s for s in self.steps if s.scheduled or s.player != step.player]
            self.open_count -= len(self.steps) - len(kept)
            self.steps = kept
        self.steps.append(step)
        self.open_count += 1

    def date(self, step: Step) -> None:
        """Put a step on the calendar."""
        step.scheduled = True
        self.open_count -= 1

    def remove(self, step: Step) -> None:
        self.steps.remove(step)
        self.open_count -= not step.scheduled

    def drop(self, gone: Callable[[Step], bool]) -> None:
        """Remove every step for which `gone(step)` is true."""
        kept = [s for s in self.steps if not gone(s)]
        if len(kept) != len(self.steps):
            self.steps = kept
            self.open_count = sum(1 for s in kept if not s.scheduled)
