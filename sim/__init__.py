"""Commitment Ladder: a sales-training simulation game.

`sim` is the headless engine. It never imports Textual (the UI lives in `sim.tui`)
and only imports Faker when a name has to be drawn.
"""

__version__ = "0.1.0"
ENGINE_VERSION = __version__
