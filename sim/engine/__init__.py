"""The rules of the game: the ladder, the rules registry, the archetype tables and their
machines, the deal state (a thin `State` façade over small parts), the records, scoring.

May import: the standard library, `transitions` and `sim.common`; a scenario's types only for type
checking (the engine reads a loaded scenario's fields; `sim.scenarios` loads files). Never the
players, the store or the UI.
"""
