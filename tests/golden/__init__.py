"""Golden games: proof that a restructure of the engine keeps its behaviour.

`canonical` holds the canonical form of a game (and the one adapter that imports the
engine), `games` the list of golden games and their data file `games.json`, `__main__`
the command `python -m tests.golden` that checks or regenerates them. See README.md.
"""
