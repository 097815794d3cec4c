"""Commitment Ladder: a sales-training simulation game.

Packages, from the bottom up: `common`, `engine` (the rules), `scenarios`, `players`, `analysis` and
`store`, then `tui` and `web`, then `cli`. Each may import only the ones below it (checked by
`lint-imports`); docs/ARCHITECTURE.md draws the map. Importing `sim` loads nothing heavy.
"""

__version__ = "0.3.0"
ENGINE_VERSION = __version__
