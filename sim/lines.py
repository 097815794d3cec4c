"""Moved to `sim.engine.lines`. # shim: removed in the final pass"""

from sim.engine.lines import *  # noqa: F401,F403
