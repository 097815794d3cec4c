"""The self-paced campaign: the tutorial first, each scenario opened by passing the one before.

A scenario is passed when the trainee's best game on it that counts (`sim.store.bests`: their
own, uncoached; never a bot's or a "what if" branch) is graded at least the scenario's pass
mark (`pass_mark:` in its file, default C). A game below the mark, or one that does not count,
leaves the next scenario locked. `campaign_status(store, name)` is plain data for the CLI and
the TUI; the words of each step's state are `StepState`'s values, the same in `ladder campaign`
and its `--json`. Scenarios not shipped in this build are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.store.db import Store
    from sim.store.records import GameRecord

from sim.scenarios.loader import CAMPAIGN_ORDER  # noqa: E402  (one list of the order, in the scenario module)


class StepState(StrEnum):
    """Where a trainee stands on one step; the value is the word shown, in text and in JSON."""

    PASSED = "passed"  # a counted game reached the pass mark: the next step is open
    NOT_PASSED = "played, not passed"  # counted games, none at the pass mark yet
    OPEN = "open"  # the step before is passed (or this is the first): no counted game yet
    LOCKED = "locked"  # the step before is not passed yet


# The fields of a step, in the order `ladder campaign` shows them (its column headings are these
# names with spaces for underscores) and `--json` writes them.
FIELDS = ("scenario", "title", "status", "pass_mark", "best", "best_grade", "best_game", "games", "not_counted")


@dataclass(frozen=True, slots=True)
class CampaignStep:
    scenario: str
    title: str
    status: StepState
    pass_mark: str  # the grade to reach
    best: int | None  # the best counted game's score
    best_grade: str | None
    best_game: int | None  # its id
    games: int  # the games that count
    not_counted: int  # finished games that do not count: coached, a bot's, "what if" branches

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS} | {"status": str(self.status)}


@dataclass(frozen=True, slots=True)
class StepScenario:
    """What the campaign reads of a scenario."""

    id: str
    title: str
    pass_mark: str


def campaign_order() -> list[str]:
    from sim.scenarios.loader import shipped_ids

    shipped = set(shipped_ids())
    return [s for s in CAMPAIGN_ORDER if s in shipped]


def step_scenario(sid: str) -> StepScenario:
    from sim.engine.grading import DEFAULT_PASS_MARK
    from sim.scenarios.loader import load

    try:
        sc = load(sid).scenario
    except Exception:  # a broken shipped file: still list it, with the default mark
        return StepScenario(sid, sid, DEFAULT_PASS_MARK)
    return StepScenario(sc.id, sc.title, sc.pass_mark)


def campaign_steps(scenarios: Sequence[StepScenario], games: Sequence[GameRecord]) -> list[CampaignStep]:
    """The steps, in the order given, from the player's finished games (oldest first)."""
    from sim.engine.grading import meets
    from sim.store.bests import best_counted, counts

    steps: list[CampaignStep] = []
    previous_passed = True
    for sc in scenarios:
        mine = [g for g in games if g.scenario == sc.id]
        counted = sum(counts(g) for g in mine)
        best = best_counted(mine)
        if best is not None and meets(best.grade, sc.pass_mark):
            status = StepState.PASSED
        elif not previous_passed:
            status = StepState.LOCKED
        elif best is not None:
            status = StepState.NOT_PASSED
        else:
            status = StepState.OPEN
        steps.append(
            CampaignStep(
                sc.id,
                sc.title,
                status,
                sc.pass_mark,
                best.total if best else None,
                best.grade if best else None,
                best.id if best else None,
                counted,
                len(mine) - counted,
            )
        )
        previous_passed = status is StepState.PASSED
    return steps


def campaign_status(store: Store, name: str) -> list[CampaignStep]:
    games = store.games(player=name, oldest_first=True)
    return campaign_steps([step_scenario(sid) for sid in campaign_order()], games)


def next_scenario(steps: list[CampaignStep]) -> str | None:
    """The first step open to play and not yet passed; None once every step is passed."""
    for s in steps:
        if s.status in (StepState.OPEN, StepState.NOT_PASSED):
            return s.scenario
    return None
