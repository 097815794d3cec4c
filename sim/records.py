"""Moved to `sim.engine.records`. # shim: removed in the final pass"""

from sim.engine.records import *  # noqa: F401,F403
