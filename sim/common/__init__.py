"""Small helpers every layer may use: the error base classes (`errors`), bounded reads of files
(`files`), text made safe for a terminal (`text`), atomic writes (`atomic`), the data folder
(`datadir`) and the game's words, defined once for the debrief and the TUI (`glossary`).

May import: the standard library only (and `platformdirs` in `datadir`). Nothing else of `sim`.
"""
