"""The rules of the game: the ladder, the rules registry, the archetype tables and their
machines, the deal state (a thin `State` façade over small parts), the records, scoring.

May import: the standard library, `transitions`, `sim.errors` and `sim.scenario` (the
scenario schema). Never Textual, the store, the players or the UI.
"""
