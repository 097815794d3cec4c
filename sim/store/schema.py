"""The results database's schema: the ordered migrations and `migrate`, which applies them.

`PRAGMA user_version` is the schema version; `MIGRATIONS[i]` moves it from i to i + 1 and is
applied in the one transaction that bumps the version. `PRAGMA application_id` marks the file
as Commitment Ladder's.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sim.store.errors import StoreError

APPLICATION_ID = 0x4C414452  # "LADR"
APP_MARKER = "commitment-ladder"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


# Each entry moves the schema from version i to i + 1. Never edit a released entry: add one.
MIGRATIONS: list[tuple[str, ...]] = [
    # v1: finished games and workshops
    (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"INSERT INTO meta (key, value) VALUES ('app', '{APP_MARKER}')",
        """CREATE TABLE workshops (
            code TEXT PRIMARY KEY,
            scenario TEXT NOT NULL,
            scenario_ref TEXT NOT NULL,
            digest TEXT NOT NULL,
            seed INTEGER NOT NULL,
            title TEXT,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE games (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            player TEXT NOT NULL,
            scenario TEXT NOT NULL,
            digest TEXT NOT NULL,
            seed INTEGER NOT NULL,
            engine_version TEXT NOT NULL,
            actions TEXT NOT NULL,
            score TEXT NOT NULL,
            total INTEGER NOT NULL,
            grade TEXT NOT NULL,
            outcome TEXT NOT NULL,
            weeks INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            workshop TEXT REFERENCES workshops(code)
        )""",
        "CREATE INDEX games_player ON games (player, finished_at)",
    ),
    # v2: coach flag, play mode and where the scenario came from; games in progress
    (
        "ALTER TABLE games ADD COLUMN coach INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE games ADD COLUMN mode TEXT NOT NULL DEFAULT 'play'",
        "ALTER TABLE games ADD COLUMN scenario_ref TEXT",
        "CREATE INDEX games_workshop ON games (workshop, total DESC)",
        """CREATE TABLE progress (
            slot TEXT PRIMARY KEY,
            player TEXT NOT NULL,
            scenario TEXT NOT NULL,
            scenario_ref TEXT NOT NULL,
            digest TEXT NOT NULL,
            seed INTEGER NOT NULL,
            workshop TEXT,
            coach INTEGER NOT NULL DEFAULT 0,
            mode TEXT NOT NULL DEFAULT 'play',
            actions TEXT NOT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
    ),
    # v3: the room server: a workshop's controls, trainees' resume claims, facilitator keys, entries
    (
        "ALTER TABLE workshops ADD COLUMN state TEXT NOT NULL DEFAULT 'open'",
        "ALTER TABLE workshops ADD COLUMN ends_at TEXT",
        "ALTER TABLE workshops ADD COLUMN revealed INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE workshops ADD COLUMN show_bots INTEGER NOT NULL DEFAULT 0",
        """CREATE TABLE claims (
            workshop TEXT NOT NULL,
            name_key TEXT NOT NULL,
            name TEXT NOT NULL,
            token_hash TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (workshop, name_key)
        )""",
        "CREATE INDEX claims_token ON claims (token_hash)",
        """CREATE TABLE room_keys (
            key_hash TEXT PRIMARY KEY,
            workshop TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE entries (
            workshop TEXT NOT NULL,
            name_key TEXT NOT NULL,
            removed INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (workshop, name_key)
        )""",
    ),
    # v4: xAPI statements waiting for (or sent to) a Learning Record Store (`sim.store.lrs`)
    (
        """CREATE TABLE lrs_queue (
            statement_id TEXT PRIMARY KEY,
            game_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            statement TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_try TEXT NOT NULL,
            last_error TEXT,
            sent_at TEXT,
            failed INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX lrs_queue_due ON lrs_queue (sent_at, failed, next_try)",
        "CREATE UNIQUE INDEX lrs_queue_game ON lrs_queue (game_id, seq)",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(con: sqlite3.Connection, path: Path | str = "", target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to `target` in one write transaction. Returns the version.

    sqlite3 errors propagate as they are; after one (a full disk, say) no transaction is left open:
    SQLite may have rolled it back already, so ROLLBACK is issued only while one is active.
    """
    con.execute("BEGIN IMMEDIATE")
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        if version == 0 and app_id == 0:
            tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            if tables:
                raise StoreError(f"{path}: an SQLite database that is not Commitment Ladder's; left untouched")
        elif app_id != APPLICATION_ID:
            raise StoreError(f"{path}: an SQLite database that is not Commitment Ladder's; left untouched")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path}: made by a newer version of the game (schema {version})")
        for step in range(version, target):
            for sql in MIGRATIONS[step]:
                con.execute(sql)
        if target > version:
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {target}")
            con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('migrated_at', ?)", (now(),))
        con.execute("COMMIT")
        return int(max(version, target))
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
