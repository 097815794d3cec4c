"""Moved to `sim.engine.ladder`. # shim: removed in the final pass"""

from sim.engine.ladder import *  # noqa: F401,F403
