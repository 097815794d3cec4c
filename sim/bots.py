"""Moved to `sim.players` (protocol, simple bots, climber, registry). # shim: removed in the final pass"""

from sim.players.climber import ClimberBot  # noqa: F401
from sim.players.protocol import TOPIC_ORDER, Bot, bot_rng, play  # noqa: F401
from sim.players.registry import BOTS, make_bot  # noqa: F401
from sim.players.simple import RandomBot, RecklessBot, TimidBot  # noqa: F401
