"""Many games with one bot: the numbers behind `ladder simulate` and `ladder balance`."""

from __future__ import annotations

import random
from typing import Any

from sim.engine.records import OUTCOMES
from sim.engine.scoring import total
from sim.engine.state import State
from sim.players.protocol import bot_rng, play
from sim.players.registry import make_bot
from sim.scenarios.loader import LoadedScenario


def game_seeds(seed: int, games: int) -> list[int]:
    """The seeds of N games, derived from one seed (the same whatever the split)."""
    rng = random.Random(seed)
    return [rng.getrandbits(48) for _ in range(games)]


def run_one(loaded: LoadedScenario, bot_name: str, seed: int) -> State:
    bot = make_bot(bot_name, loaded)
    return play(State(loaded, seed), bot, bot_rng(seed))


def run_many(loaded: LoadedScenario, bot_name: str, games: int, seed: int) -> dict[str, Any]:
    outcomes = {k: 0 for k in OUTCOMES}
    total_score = total_weeks = 0
    for s in game_seeds(seed, games):
        state = run_one(loaded, bot_name, s)
        points, outcome, weeks = total(state)
        outcomes[outcome] += 1
        total_score += points
        total_weeks += weeks
    return {
        "scenario": loaded.scenario.id,
        "bot": bot_name,
        "games": games,
        "seed": seed,
        "mean_score": round(total_score / games, 3),
        "outcomes": outcomes,
        "mean_weeks": round(total_weeks / games, 3),
    }
