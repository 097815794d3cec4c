"""Moved to `sim.engine.archetypes` (the tables) and `sim.engine.machines` (Key Players,
the shared machines). # shim: removed in the final pass"""

from sim.engine.archetypes import *  # noqa: F401,F403
from sim.engine.archetypes import ALL, ARCHETYPES, Archetype, StateName  # noqa: F401
from sim.engine.machines import (  # noqa: F401
    CONDITION_RULES, POOL_LIMIT, KeyPlayer, acquire, fire, in_machines, join, leave, machine, release,
)
