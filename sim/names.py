"""Moved to `sim.engine.names`. # shim: removed in the final pass"""

from sim.engine.names import *  # noqa: F401,F403
