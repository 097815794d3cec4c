"""Moved to `sim.engine.scoring`. # shim: removed in the final pass"""

from sim.engine.scoring import *  # noqa: F401,F403
