"""Faker, imported only when a name must be drawn (it costs ~140 ms to import)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _faker() -> Any:
    from faker import Faker

    return Faker("en_US")


def faker_for(seed: int) -> Any:
    """The shared Faker instance, seeded for this game with `seed_instance`."""
    fake = _faker()
    fake.seed_instance(seed)
    return fake
