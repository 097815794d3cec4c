"""Settings (theme, player name, coach) as one small JSON file next to the results database.

Games in progress and finished games live in the SQLite store (`sim.store`); only the
terminal's own preferences are kept here. Pure Python (no Textual). Writes are atomic:
a temp file in the same folder, fsync, then `os.replace`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

SETTINGS_FILE = "settings.json"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder of the results database: `--data-dir`, else $LADDER_DATA_DIR, else the user data folder."""
    from sim.common.datadir import resolve_data_dir  # not sim.store: no sqlite3 before the title's first frame

    return resolve_data_dir(explicit)


def write_atomic(path: Path, data: Any) -> None:
    from sim.common.atomic import write_text_atomic

    write_text_atomic(path, json.dumps(data, indent=1, sort_keys=True))


DEFAULT_SETTINGS: dict[str, Any] = {"theme": "textual-dark"}


def read_settings(folder: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The settings; unknown or damaged entries are dropped (a damaged file means the defaults)."""
    try:
        with open(data_dir(folder) / SETTINGS_FILE, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        data = {}
    out = dict(DEFAULT_SETTINGS)
    if isinstance(data, dict):
        for key in ("theme", "name"):
            if isinstance(data.get(key), str) and data[key]:
                out[key] = data[key]
    return out


def write_settings(settings: dict[str, Any], folder: str | os.PathLike[str] | None = None) -> None:
    write_atomic(data_dir(folder) / SETTINGS_FILE, settings)
