"""The results store and what is computed from it (runs, campaign, cohort debrief).

No Textual, no Faker at import time: the CLI and the TUI both call these.
"""

from sim.store.db import (
    SCHEMA_VERSION,
    GameRecord,
    Progress,
    Store,
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    Workshop,
    new_code,
    normalise_code,
    resolve_data_dir,
)

__all__ = ["SCHEMA_VERSION", "GameRecord", "Progress", "Store", "StoreBusyError", "StoreCorruptError",
           "StoreError", "StoreFullError", "StoreReadOnlyError", "Workshop", "new_code",
           "normalise_code", "resolve_data_dir", "open_store"]


def open_store(data_dir: str | None = None) -> Store:
    """Open (creating or migrating) the results store: `--data-dir`, `$LADDER_DATA_DIR` or the user data folder."""
    return Store.open(data_dir)
