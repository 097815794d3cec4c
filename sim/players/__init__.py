"""Players of the game: the bot protocol and registry, the simple bots, the climber, the
expert (look-ahead over sampled worlds) and the coach that explains the climber's move.

May import: `sim.engine`, `sim.scenarios` and `sim.common`. Never Textual, the store or the UI.
"""
