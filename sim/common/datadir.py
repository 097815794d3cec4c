"""Where the results database and the settings live: `--data-dir`, else $LADDER_DATA_DIR,
else the user data folder from `platformdirs`.

Its own small module (no sqlite3) so the terminal UI can read its settings before its first
frame without importing the store; `sim.store.db` re-exports these names.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "commitment-ladder"
ENV_DATA_DIR = "LADDER_DATA_DIR"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir`, else `$LADDER_DATA_DIR`, else the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_DIR_NAME, appauthor=False))
