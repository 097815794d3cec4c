"""The bots by name: `make_bot("climber")`. The expert is imported only when asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sim.players.climber import ClimberBot
from sim.players.protocol import Bot
from sim.players.simple import RandomBot, RecklessBot, TimidBot


def _expert(loaded: Any = None) -> Bot:
    from sim.players.expert import make_expert

    return make_expert(loaded)


_expert.wants_scenario = True  # type: ignore[attr-defined]

BOTS: dict[str, Callable[..., Bot]] = {
    "random": RandomBot,
    "reckless": RecklessBot,
    "timid": TimidBot,
    "climber": ClimberBot,
    "expert": _expert,  # plans with look-ahead (sim.players.expert); gets only the scenario's public data
}


def make_bot(name: str, loaded: Any = None) -> Bot:
    """A bot by name. `loaded` (a LoadedScenario) is offered to bots that plan: the expert
    strips it to its public data (`sim.players.public.public_view`) before looking at it.
    A name with a colon (`FILE.py:Class`) is a plug-in bot (`sim.players.plugin`); a bad
    one raises `PluginError` (a ValueError) with one line naming the file."""
    if ":" in name:
        from sim.players.plugin import load_bot

        return load_bot(name, loaded)
    try:
        factory = BOTS[name]
    except KeyError:
        raise ValueError(f"unknown bot {name!r} (bots: {', '.join(BOTS)}, or FILE.py:Class)") from None
    if getattr(factory, "wants_scenario", False):
        return factory(loaded)
    return factory()
