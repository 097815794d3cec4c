"""Players of the game: the bot protocol and registry, the simple bots, the climber, the
expert (look-ahead over sampled worlds) and the coach that explains the climber's move.

May import: `sim.engine` and `sim.scenario`. Never Textual, the store or the UI.
"""
