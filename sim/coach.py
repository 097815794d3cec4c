"""Moved to `sim.players.coach`. # shim: removed in the final pass"""

from sim.players.coach import *  # noqa: F401,F403
