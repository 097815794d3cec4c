"""Who is who in a game, and the words every game of a scenario shares: the Key Players'
names and pronouns (declared, or drawn with Faker), the rungs' names and their phrases in
running text. Worked out once per loaded scenario (scenarios never change once loaded)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.scenarios.schema import Scenario

_SHARED: dict[tuple[int, str], tuple[Any, Any]] = {}


def _shared(sc: Scenario, make: Callable[[Scenario], Any]) -> Any:
    """`make(sc)`, once per scenario object."""
    key = (id(sc), make.__name__)
    hit = _SHARED.get(key)
    if hit is None or hit[0] is not sc:
        if len(_SHARED) > 512:
            _SHARED.clear()
        hit = _SHARED[key] = (sc, make(sc))
    return hit[1]


def _rung_words(sc: Scenario) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(r.name for r in sc.rungs), tuple(r.phrase or r.name.lower() for r in sc.rungs)


def rung_words(sc: Scenario) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The rungs' names ("Follow-up meeting") and phrases in running text ("a follow-up meeting")."""
    found: tuple[tuple[str, ...], tuple[str, ...]] = _shared(sc, _rung_words)
    return found


def _declared(sc: Scenario) -> tuple[dict[str, str], dict[str, str], bool]:
    names = {c.id: c.name for c in sc.cast if c.name is not None}
    pronouns: dict[str, str] = {c.id: c.pronouns or "they" for c in sc.cast}
    return names, pronouns, len(names) < len(sc.cast)


def draw_names(sc: Scenario, rng: random.Random) -> tuple[dict[str, str], dict[str, str]]:
    """Each Key Player's name and pronouns: as the scenario declares them, else drawn with Faker
    (seeded from the game's RNG; a drawn name comes with its pronouns). Declared names without
    declared pronouns are "they". The dicts may be shared between games: read-only."""
    names, pronouns, missing_any = _shared(sc, _declared)
    if missing_any:
        from sim.engine.names import draw_person, faker_for

        names, pronouns = dict(names), dict(pronouns)
        fake = faker_for(rng.getrandbits(32))
        for c in sc.cast:
            if c.name is None:
                names[c.id], pronouns[c.id] = draw_person(fake, c.pronouns)
    return names, pronouns
