"""The hidden truth of one deal: a scenario declares variants (who is really the adversary, what
answers their concern, whether the money is there...) and each game draws one from its own RNG.

The scenarios layer resolves each variant into a whole scenario when it loads the file
(`sim.scenarios.variants`); the engine only draws among them, by weight, with one draw, so a
seed and the actions still replay a game exactly.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sim.scenarios.schema import Scenario


class EvidenceItem(Protocol):
    """Where a careful trainee learns a dead deal is dead: a player's answer on a topic or to an ask."""

    @property
    def player(self) -> str: ...
    @property
    def topic(self) -> str | None: ...
    @property
    def ask(self) -> int | None: ...


class Variant(Protocol):
    """A resolved variant, as the engine reads it."""

    @property
    def name(self) -> str: ...
    @property
    def weight(self) -> int: ...
    @property
    def why(self) -> str: ...
    @property
    def evidence(self) -> Sequence[EvidenceItem]: ...
    @property
    def scenario(self) -> Scenario: ...


def draw(variants: Sequence[Variant], rng: random.Random) -> Variant | None:
    """One variant by weight (None when the scenario declares none: no draw is made then)."""
    if not variants:
        return None
    roll = rng.random() * sum(v.weight for v in variants)
    for v in variants:
        roll -= v.weight
        if roll < 0:
            return v
    return variants[-1]
