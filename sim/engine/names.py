"""Faker, imported only when a name must be drawn (it costs ~140 ms to import).

A drawn person comes with pronouns that agree with the name: the first name is drawn from
Faker's female or male list, chosen by the same seeded Faker, so one seed gives the same
names and the same pronouns every time (nothing is drawn from the game's own RNG here)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sim.engine.pronouns import PronounId


@lru_cache(maxsize=1)
def _faker() -> Any:
    from faker import Faker

    return Faker("en_US")


def faker_for(seed: int) -> Any:
    """The shared Faker instance, seeded for this game with `seed_instance`."""
    fake = _faker()
    fake.seed_instance(seed)
    return fake


def draw_person(fake: Any, pronouns: PronounId | None = None) -> tuple[str, PronounId]:
    """A full name and the pronouns that go with it, from a seeded Faker (`faker_for`).
    Declared `pronouns` are kept, and a she or he gets a first name that agrees."""
    female = fake.random.random() < 0.5 if pronouns in (None, "they") else pronouns == "she"
    first = fake.first_name_female() if female else fake.first_name_male()
    drawn: PronounId = "she" if female else "he"
    return f"{first} {fake.last_name()}", pronouns or drawn
