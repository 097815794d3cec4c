"""Moved to `sim.engine.rules`. # shim: removed in the final pass"""

from sim.engine.rules import *  # noqa: F401,F403
