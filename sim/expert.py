"""Moved to `sim.players.expert`. # shim: removed in the final pass"""

from sim.players.expert import *  # noqa: F401,F403
