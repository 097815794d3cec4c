"""The self-paced campaign: the tutorial first, each scenario unlocked by finishing the one before.

`campaign_status(store, name)` is plain data for the CLI and the TUI. Any finished game of a
scenario (any outcome, any mode, in a workshop or not) counts as finishing it. Scenarios
not shipped in this build are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.store.db import Store

from sim.scenarios.loader import CAMPAIGN_ORDER  # noqa: E402  (one list of the order, in the scenario module)


@dataclass(frozen=True, slots=True)
class CampaignStep:
    scenario: str
    title: str
    status: str  # "locked" / "unlocked" / "finished"
    best: int | None  # best score
    best_grade: str | None
    best_game: int | None
    games: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "title": self.title,
            "status": self.status,
            "best": self.best,
            "best_grade": self.best_grade,
            "best_game": self.best_game,
            "games": self.games,
        }


def campaign_order() -> list[str]:
    from sim.scenarios.loader import shipped_ids

    shipped = set(shipped_ids())
    return [s for s in CAMPAIGN_ORDER if s in shipped]


def campaign_status(store: Store, name: str) -> list[CampaignStep]:
    from sim.scenarios.loader import load

    games = store.games(player=name)
    steps: list[CampaignStep] = []
    previous_finished = True
    for sid in campaign_order():
        mine = [g for g in games if g.scenario == sid]
        best = max(mine, key=lambda g: (g.total, -g.weeks), default=None)
        if mine:
            status = "finished"
        elif previous_finished:
            status = "unlocked"
        else:
            status = "locked"
        try:
            title = load(sid).scenario.title
        except Exception:  # a broken shipped file: still list it
            title = sid
        steps.append(
            CampaignStep(
                sid,
                title,
                status,
                best.total if best else None,
                best.grade if best else None,
                best.id if best else None,
                len(mine),
            )
        )
        previous_finished = bool(mine)
    return steps


def next_scenario(steps: list[CampaignStep]) -> str | None:
    for s in steps:
        if s.status == "unlocked":
            return s.scenario
    return None
