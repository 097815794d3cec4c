"""Small helpers every layer may use: the error base classes (`errors`), bounded reads of files
(`files`), text made safe for a terminal (`text`), atomic writes (`atomic`) and the data folder
(`datadir`).

May import: the standard library only (and `platformdirs` in `datadir`). Nothing else of `sim`.
"""
