"""What the title screen lists: the shipped scenarios, the player's unfinished game and the
campaign, read from the engine and the results store as plain data.

Pure Python (no Textual). Importing this module loads neither the engine nor the store:
`read_title` imports them when it runs, which is on the app's store thread
(`sim.tui.saver.StoreThread`, the one connection of the process), so the title paints
before pydantic, yaml and sqlite are imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.store.db import Progress, Store


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    """One shipped scenario, as the title lists it."""

    id: str
    title: str
    difficulty: str
    summary: str


@dataclass(frozen=True, slots=True)
class TitleData:
    """Everything the title screen shows that comes from the engine or the store."""

    player: str | None  # whom `saved` and `steps` were read for
    scenarios: list[ScenarioInfo] = field(default_factory=list)
    saved: Progress | None = None  # the player's most recent unfinished game
    steps: list[Any] = field(default_factory=list)  # sim.store.campaign.CampaignStep, [] without a store or name
    store_error: str | None = None  # the store could not be used: why (results are not kept)
    recommended: str | None = None  # the scenario to play next: the campaign's first open one


def recommended(scenarios: list[ScenarioInfo], steps: list[Any]) -> str | None:
    """The scenario to play next: the campaign's first open step; with no campaign (no name, no
    store), the first shipped scenario (the tutorial); None once every step is finished."""
    if not steps:
        return scenarios[0].id if scenarios else None
    from sim.store.campaign import next_scenario

    return next_scenario(steps)


def shipped_scenarios() -> list[ScenarioInfo]:
    from sim.scenarios.loader import all_shipped

    return [
        ScenarioInfo(s.scenario.id, s.scenario.title, s.scenario.difficulty, " ".join(s.scenario.summary.split()))
        for s in all_shipped()
    ]


def read_title(store: Store | None, player: str | None, store_error: str | None = None) -> TitleData:
    """The title's data from an open store (or none, with why). Uses `store` on the calling thread only."""
    scenarios = shipped_scenarios()
    if store is None or not player:
        return TitleData(player, scenarios, store_error=store_error, recommended=recommended(scenarios, []))
    from sim.store.campaign import campaign_status

    progress = store.list_progress(player)
    steps = campaign_status(store, player)
    return TitleData(player, scenarios, progress[0] if progress else None, steps, None, recommended(scenarios, steps))
