"""Starting a game and replaying one: the ONE replay loop, for resume, `ladder replay`, run
files, what-if branches and balance checks.

`replay(scenario, seed, actions)` applies stored actions (`Action`s or their dicts) in
order and returns the state. Options stop early (`count`, `until_week`, `before_week`)
and report each step (`on_step`); any bad or illegal action raises `ReplayError`, whose
one-line message names the action's index and week.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sim.common.errors import IllegalActionError, LadderError
from sim.engine.records import Action, Event
from sim.engine.state import State

if TYPE_CHECKING:  # the engine reads a scenario's fields; loading files is sim.scenarios' work
    from sim.scenarios.loader import LoadedScenario


class ReplayError(IllegalActionError):
    """A stored action could not be replayed: `index` and `week` say which."""

    def __init__(self, index: int, week: int | None, why: str):
        self.index, self.week, self.why = index, week, why
        where = f"actions[{index}]" + (f" (week {week})" if week is not None else "")
        super().__init__(f"{where}: {why}")


def new_game(scenario: LoadedScenario, seed: int = 0) -> State:
    """A new game of a loaded scenario (`sim.scenarios.load`) from a seed."""
    return State(scenario, seed)


def replay(
    scenario: LoadedScenario,
    seed: int,
    actions: Iterable[Action | dict[str, Any]],
    *,
    count: int | None = None,
    until_week: int | None = None,
    before_week: int | None = None,
    on_step: Callable[[int, int, list[Event]], None] | None = None,
) -> State:
    """The game `scenario` x `seed` after `actions`.

    Stops before the action at index `count`, or before the first action taken after week
    `until_week` / in week `before_week` or later. `on_step(index, week, events)` is called
    after each action with the week it was taken in and the events it produced."""
    state = new_game(scenario, seed)
    for i, a in enumerate(actions):
        if count is not None and i >= count:
            break
        if until_week is not None and state.week > until_week:
            break
        if before_week is not None and state.week >= before_week:
            break
        if state.is_terminal():
            raise ReplayError(i, None, f"the game was already over after {i} actions")
        week, before = state.week, len(state.events)
        try:
            state.apply(a if isinstance(a, Action) else Action.from_dict(a))
        except (LadderError, KeyError, TypeError) as exc:
            raise ReplayError(i, week, str(exc)) from None
        if on_step is not None:
            on_step(i, week, state.events[before:])
    return state
