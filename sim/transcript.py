"""Moved to `sim.engine.transcript`. # shim: removed in the final pass"""

from sim.engine.transcript import *  # noqa: F401,F403
