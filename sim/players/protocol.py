"""The bot protocol: (observation, legal actions, rng) -> action. A bot sees only what a
trainee sees, never the hidden state. Also the bot's own RNG and the loop that plays a game."""

from __future__ import annotations

import random
from typing import Protocol

from sim.engine.records import Action, LegalActions, Observation
from sim.engine.state import State

TOPIC_ORDER = ("goals", "process", "concerns", "budget")


class Bot(Protocol):
    name: str

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action: ...


def bot_rng(seed: int) -> random.Random:
    """The bot's own RNG: derived from the game seed, separate from the game's chance."""
    return random.Random(seed * 7919 + 17)


def play(state: State, bot: Bot, rng: random.Random | None = None) -> State:
    """Play a game to the end with a bot."""
    rng = rng or bot_rng(state.seed)
    guard = state.scenario.horizon_weeks * 4 + 10
    step, apply, observe, legal = bot.step, state.apply, state.observation, state.legal_actions
    while state.outcome is None:
        apply(step(observe(), legal(), rng))
        guard -= 1
        if guard < 0:  # pragma: no cover - the horizon always ends a game
            raise RuntimeError("bot did not finish the game")
    return state
