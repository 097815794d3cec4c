"""The results store: one SQLite file in the data folder, or one PostgreSQL database for many hosts.

Pure Python (stdlib `sqlite3` and `platformdirs`; psycopg only when a PostgreSQL URL is given); no
Textual, no Faker, no engine import (`bests` reads the engine's grade order when it is called).

- Where: `Store.open(data_dir, database)`. `database` (`--database URL`), else
  `$LADDER_DATABASE_URL`, names a PostgreSQL database (`sim.store.postgres`); without one the
  store is `ladder.db` in the data folder: `--data-dir DIR`, else `$LADDER_DATA_DIR`, else the
  user data folder from `platformdirs` (`sim.datadir.resolve_data_dir`).
- How: the same SQL on both (`?` placeholders; `sim.store.dialect` rewrites it for PostgreSQL),
  run through a `Link` (`sim.store.backend`). On SQLite: WAL journal, a busy timeout, every write
  in one short `BEGIN IMMEDIATE` transaction, so 30 processes finishing at once queue up instead
  of failing, and a process killed mid-game loses at most the write in flight. On PostgreSQL,
  writes are serialised the same way by an advisory lock.
- Schema: `sim.store.schema` (migrations, `PRAGMA user_version`, `application_id`; on
  PostgreSQL rows of the `meta` table).
- Opening: `sim.store.connection`. The file is only ever opened through SQLite, and each
  thread of a process holds one connection to it: a second `Store.open` of the same file
  shares it (closing a handle drops a reference). A file that is not SQLite, is someone
  else's database, is corrupt, or comes from a newer schema raises `StoreError` naming
  the file, and its bytes are never changed (a PostgreSQL database likewise, named by its URL
  without the password).
- Failures: `sim.store.errors`. A full disk, a read-only folder, a busy database and a
  corrupt file raise distinct `StoreError` subclasses with a short `reason`
  ("the disk is full"); a write that fails leaves no transaction open.
- Other modules' SQL: `store.query(sql, args)` reads; `store.execute(sql, args)` writes, inside
  `with store.transaction():` (or alone, as its own transaction). Both take `?` placeholders and
  run on either database.

This module holds `Store`; its records (`Workshop`, `GameRecord`, `Progress`) are `sim.store.records`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sim.common.datadir import APP_DIR_NAME, ENV_DATA_DIR, resolve_data_dir
from sim.common.person_names import normalise as normalise_name
from sim.store import people
from sim.store.backend import READING, SAVING, Link, SqliteLink, Transaction
from sim.store.codes import new_code, normalise_code
from sim.store.dialect import ENV_DATABASE_URL, resolve_database
from sim.store.errors import (
    StoreBusyError,
    StoreConflictError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
)
from sim.store.records import (
    GAME_COLUMNS,
    PROGRESS_COLUMNS,
    WORKSHOP_COLUMNS,
    BoardRow,
    GameRecord,
    Progress,
    Row,
    Workshop,
    game_from_row,
    progress_from_row,
    workshop_from_row,
)
from sim.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, migrate, now

# Re-exported: callers (and tests) name these as `sim.store.db.X`.
__all__ = [
    "APPLICATION_ID",
    "APP_DIR_NAME",
    "DB_NAME",
    "ENV_DATABASE_URL",
    "ENV_DATA_DIR",
    "MIGRATIONS",
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
    "Transaction",
    "Workshop",
    "migrate",
    "new_code",
    "normalise_code",
    "now",
    "resolve_data_dir",
]

DB_NAME = "ladder.db"


# --------------------------------------------------------------------------- the store
class Store:
    """The results store. `Store.open(data_dir, database)`; use as a context manager or `close()`."""

    def __init__(self, link: Link):
        self.link = link
        self.where = link.where  # how messages name the database: the file, or the URL without its password
        self.closed = False
        # run after each finished game is recorded, with its id (e.g. queue its xAPI statements)
        self.on_record: list[Callable[[Store, int], None]] = []

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, database: str | None = None) -> Store:
        """`database` (else `$LADDER_DATABASE_URL`): a PostgreSQL URL; else `ladder.db` in the data folder."""
        url = resolve_database(database)
        if url is not None:
            from sim.store.postgres import PostgresLink  # psycopg is loaded only when it is used

            return cls(PostgresLink.open(url))
        folder = resolve_data_dir(data_dir)
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"{folder}: the data folder is a file, not a folder")
        return cls(SqliteLink.open(folder / DB_NAME))

    @property
    def dialect(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.link.dialect

    @property
    def path(self) -> Path | None:
        """The SQLite file (None when the store is in PostgreSQL)."""
        return self.link.path

    @property
    def con(self) -> sqlite3.Connection:
        """The SQLite connection (for SQLite-only checks and tests); PostgreSQL has none."""
        if not isinstance(self.link, SqliteLink):
            raise StoreError(f"{self.where}: not an SQLite store")
        return self.link.con

    def close(self) -> None:
        """Drop this handle (an SQLite file's thread connection closes with its last handle)."""
        if self.closed:
            return
        self.closed = True
        self.link.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ---------------------------------------------------------------- SQL for any module
    def query(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        """The rows of a read (`?` placeholders), on either database; a failure is a StoreError."""
        try:
            return self.link.run(sql, args)
        except self.link.errors as exc:
            raise self.link.error(exc, READING) from None

    def execute(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        """Run a write (`?` placeholders; `RETURNING` rows are returned). Inside `store.transaction()`
        it joins that transaction (a failure rolls it all back); alone, it is its own transaction."""
        if self.link.in_transaction:
            return self.link.run(sql, args)  # the transaction turns a driver error into a StoreError
        with self.transaction():
            return self.link.run(sql, args)

    def transaction(self) -> Transaction:
        """`with store.transaction():` one serialised write transaction (BEGIN IMMEDIATE on SQLite,
        an advisory lock on PostgreSQL), committed at the end or rolled back on an error."""
        return Transaction(self.link)

    def error(self, exc: Exception, doing: str = SAVING) -> StoreError:
        """The StoreError subclass for a driver error: full disk, read-only, busy, corrupt or other."""
        return self.link.error(exc, doing)

    @property
    def schema_version(self) -> int:
        try:
            return self.link.schema_version()
        except self.link.errors as exc:
            raise self.link.error(exc, READING) from None

    def integrity_check(self) -> str:
        try:
            return self.link.integrity_check()
        except self.link.errors as exc:
            raise self.link.error(exc, READING) from None

    # ---------------------------------------------------------------- workshops
    def create_workshop(
        self, code: str, scenario: str, scenario_ref: str, digest: str, seed: int, title: str | None = None
    ) -> Workshop:
        created = now()
        self.execute(
            "INSERT INTO workshops (code, scenario, scenario_ref, digest, seed, title, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (code, scenario, scenario_ref, digest, int(seed), title, created),
        )
        return Workshop(code, scenario, scenario_ref, digest, int(seed), title, created)

    def workshop(self, code: str) -> Workshop | None:
        rows = self.query(f"SELECT {WORKSHOP_COLUMNS} FROM workshops WHERE code = ?", (normalise_code(code),))
        return workshop_from_row(rows[0]) if rows else None

    def workshops(self) -> list[Workshop]:
        rows = self.query(f"SELECT {WORKSHOP_COLUMNS} FROM workshops ORDER BY created_at DESC")
        return [workshop_from_row(r) for r in rows]

    # ---------------------------------------------------------------- games
    def record_game(
        self,
        *,
        player: str,
        scenario: str,
        digest: str,
        seed: int,
        engine_version: str,
        actions: list[dict[str, Any]],
        score: dict[str, Any],
        outcome: str,
        weeks: int,
        started_at: str,
        finished_at: str | None = None,
        workshop: str | None = None,
        coach: bool = False,
        mode: str = "play",
        scenario_ref: str | None = None,
        clear_slot: str | None = None,
    ) -> int:
        """Store a finished game (and drop its in-progress slot in the same transaction)."""
        player = self.known_name(player)
        with self.transaction():
            rows = self.execute(
                "INSERT INTO games (player, scenario, scenario_ref, digest, seed, engine_version, actions, score, "
                "total, grade, outcome, weeks, started_at, finished_at, workshop, coach, mode) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    player,
                    scenario,
                    scenario_ref,
                    digest,
                    int(seed),
                    engine_version,
                    json.dumps(actions),
                    json.dumps(score),
                    int(score["total"]),
                    str(score["grade"]),
                    outcome,
                    int(weeks),
                    started_at,
                    finished_at or now(),
                    workshop,
                    int(bool(coach)),
                    mode,
                ),
            )
            if clear_slot is not None:
                self.execute("DELETE FROM progress WHERE slot = ?", (clear_slot,))
            game_id = int(rows[0][0])
        for hook in self.on_record:
            hook(self, game_id)
        return game_id

    def game(self, game_id: int) -> GameRecord | None:
        rows = self.query(f"SELECT {GAME_COLUMNS} FROM games WHERE id = ?", (int(game_id),))
        return game_from_row(rows[0]) if rows else None

    def games(
        self,
        *,
        player: str | None = None,
        workshop: str | None = None,
        scenario: str | None = None,
        limit: int | None = None,
        oldest_first: bool = False,
    ) -> list[GameRecord]:
        where, args = [], []
        if player is not None:
            match, names = self._player_match(player)
            where.append(match)
            args.extend(names)
        for col, val in (("workshop", workshop), ("scenario", scenario)):
            if val is not None:
                where.append(f"{col} = ?")
                args.append(val)
        sql = f"SELECT {GAME_COLUMNS} FROM games"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY finished_at " + ("ASC, id ASC" if oldest_first else "DESC, id DESC")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [game_from_row(r) for r in self.query(sql, args)]

    def count_games(self, workshop: str | None = None) -> int:
        if workshop is None:
            return int(self.query("SELECT count(*) FROM games")[0][0])
        return int(self.query("SELECT count(*) FROM games WHERE workshop = ?", (workshop,))[0][0])

    def bests(self, player: str) -> list[GameRecord]:
        """The player's best game on each scenario, of the games that count (`sim.store.bests`:
        their own, uncoached; never a bot's or a "what if"): best grade, then score, then fewest weeks."""
        from sim.store.bests import bests_by_scenario

        return bests_by_scenario(self.games(player=player, oldest_first=True))

    def board(self, code: str, include_bots: bool = False) -> list[BoardRow]:
        """A workshop's leaderboard: each participant's best game, best first (names compared by key)."""
        return people.board_rows(self.games(workshop=normalise_code(code), oldest_first=True), include_bots)

    def players(self) -> list[str]:
        """One spelling per player (the first stored), sorted."""
        return people.distinct(self.names())

    def names(self) -> list[str]:
        """Every stored spelling of a player's name, in order of first appearance."""
        sql = (
            "SELECT player FROM (SELECT player, started_at AS at FROM games UNION ALL "
            "SELECT player, started_at FROM progress) AS seen GROUP BY player ORDER BY min(at), player"
        )
        return [str(r[0]) for r in self.query(sql)]

    def known_name(self, name: str) -> str:
        """`name` as the store keeps it: the first stored spelling of the same person, else `name` normalised."""
        return people.known(self.names(), name)

    def _player_match(self, name: str) -> tuple[str, list[str]]:
        """SQL matching every stored spelling of `name` in the player column, and its arguments."""
        found = people.spellings(self.names(), name)
        return f"player IN ({', '.join('?' * len(found))})", found

    # ---------------------------------------------------------------- progress
    def save_progress(
        self,
        *,
        slot: str,
        player: str,
        scenario: str,
        scenario_ref: str,
        digest: str,
        seed: int,
        actions: list[dict[str, Any]],
        workshop: str | None = None,
        coach: bool = False,
        mode: str = "play",
        started_at: str | None = None,
    ) -> None:
        """Upsert a game in progress: one short transaction, called after every action."""
        player = normalise_name(player)  # cheap: a game's records take the stored spelling (`known_name`)
        stamp = now()
        self.execute(
            "INSERT INTO progress (slot, player, scenario, scenario_ref, digest, seed, workshop, coach, mode, actions, "
            "started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (slot) DO UPDATE SET player = excluded.player, scenario = excluded.scenario, "
            "scenario_ref = excluded.scenario_ref, digest = excluded.digest, seed = excluded.seed, "
            "workshop = excluded.workshop, coach = excluded.coach, mode = excluded.mode, actions = excluded.actions, "
            "updated_at = excluded.updated_at",
            (
                slot,
                player,
                scenario,
                scenario_ref,
                digest,
                int(seed),
                workshop,
                int(bool(coach)),
                mode,
                json.dumps(actions),
                started_at or stamp,
                stamp,
            ),
        )

    def load_progress(self, slot: str) -> Progress | None:
        rows = self.query(f"SELECT {PROGRESS_COLUMNS} FROM progress WHERE slot = ?", (slot,))
        return progress_from_row(rows[0]) if rows else None

    def list_progress(self, player: str | None = None) -> list[Progress]:
        sql = f"SELECT {PROGRESS_COLUMNS} FROM progress"
        args: list[str] = []
        if player is not None:
            match, args = self._player_match(player)
            sql += " WHERE " + match
        return [progress_from_row(r) for r in self.query(sql + " ORDER BY updated_at DESC", args)]

    def clear_progress(self, slot: str) -> None:
        self.execute("DELETE FROM progress WHERE slot = ?", (slot,))
