"""The results store and what is computed from it (runs, campaign, cohort debrief).

May import: `sim.engine`, `sim.scenarios`, `sim.players` (replays, the coach flag) and `sim.common`;
SQLite through the standard library, PostgreSQL through psycopg 3 (`sim.store.postgres`, loaded only
for a `postgresql://` URL). Never Textual or the CLI: the CLI and the TUI both call these.
"""

from sim.store.db import (
    SCHEMA_VERSION,
    GameRecord,
    Progress,
    Store,
    StoreBusyError,
    StoreConflictError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    Workshop,
    new_code,
    normalise_code,
    resolve_data_dir,
)

__all__ = [
    "SCHEMA_VERSION",
    "GameRecord",
    "Progress",
    "Store",
    "StoreBusyError",
    "StoreConflictError",
    "StoreCorruptError",
    "StoreError",
    "StoreFullError",
    "StoreReadOnlyError",
    "Workshop",
    "new_code",
    "normalise_code",
    "resolve_data_dir",
    "open_store",
]


def open_store(data_dir: str | None = None, database: str | None = None) -> Store:
    """Open (creating or migrating) the results store: the PostgreSQL `database` URL (else
    `$LADDER_DATABASE_URL`), else SQLite in `--data-dir`, `$LADDER_DATA_DIR` or the user data folder."""
    return Store.open(data_dir, database)
