"""The results store: one SQLite file in the data folder.

Pure Python (stdlib `sqlite3` and `platformdirs`); no Textual, no Faker, no engine import.

- Where: `--data-dir DIR`, else `$LADDER_DATA_DIR`, else the user data folder from
  `platformdirs` (`sim.datadir.resolve_data_dir`). The file is `ladder.db` in that folder.
- How: WAL journal, a busy timeout, every write in one short `BEGIN IMMEDIATE`
  transaction, so 30 processes finishing at once queue up instead of failing, and a
  process killed mid-game loses at most the write in flight.
- Schema: `PRAGMA user_version` is the schema version; `MIGRATIONS` is the ordered list
  of steps, each applied in the transaction that bumps the version. `PRAGMA
  application_id` marks the file as ours.
- Safety: a file that is not SQLite, is someone else's SQLite database, is corrupt, or
  comes from a newer schema raises `StoreError` naming the file. Such a file is only
  ever opened read-only, so its bytes are never changed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import quote

from sim.datadir import APP_DIR_NAME, ENV_DATA_DIR, resolve_data_dir  # noqa: F401  (re-exported)
from sim.errors import LadderError

DB_NAME = "ladder.db"
APPLICATION_ID = 0x4C414452  # "LADR"
APP_MARKER = "commitment-ladder"
BUSY_TIMEOUT_MS = 10_000
SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(LadderError):
    """The results store cannot be used; the message names the file and says why."""


# --------------------------------------------------------------------------- migrations
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
]
SCHEMA_VERSION = len(MIGRATIONS)


# --------------------------------------------------------------------------- when
def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


# --------------------------------------------------------------------------- records
@dataclass(frozen=True, slots=True)
class Workshop:
    code: str
    scenario: str
    scenario_ref: str
    digest: str
    seed: int
    title: str | None
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "scenario": self.scenario, "scenario_ref": self.scenario_ref, "digest": self.digest,
                "seed": self.seed, "title": self.title, "created_at": self.created_at}


@dataclass(frozen=True, slots=True)
class GameRecord:
    id: int
    player: str
    scenario: str
    scenario_ref: str | None
    digest: str
    seed: int
    engine_version: str
    actions: list[dict[str, Any]]
    score: dict[str, Any]
    total: int
    grade: str
    outcome: str
    weeks: int
    started_at: str
    finished_at: str
    workshop: str | None
    coach: bool
    mode: str

    def summary(self) -> dict[str, Any]:
        """The row without the run and the moments: for lists, boards and exports."""
        return {"id": self.id, "name": self.player, "scenario": self.scenario, "seed": self.seed,
                "score": self.total, "grade": self.grade, "outcome": self.outcome, "weeks": self.weeks,
                "coached": self.coach, "mode": self.mode, "workshop": self.workshop,
                "started_at": self.started_at, "finished_at": self.finished_at,
                "engine_version": self.engine_version, "digest": self.digest}


@dataclass(frozen=True, slots=True)
class Progress:
    slot: str
    player: str
    scenario: str
    scenario_ref: str
    digest: str
    seed: int
    workshop: str | None
    coach: bool
    mode: str
    actions: list[dict[str, Any]] = field(default_factory=list)
    started_at: str = ""
    updated_at: str = ""


_GAME_COLUMNS = ("id, player, scenario, scenario_ref, digest, seed, engine_version, actions, score, total, grade, "
                 "outcome, weeks, started_at, finished_at, workshop, coach, mode")


def _game(row: Sequence[Any]) -> GameRecord:
    (gid, player, scenario, ref, digest, seed, engine, actions, score, total, grade, outcome, weeks, started,
     finished, workshop, coach, mode) = row
    return GameRecord(gid, player, scenario, ref, digest, int(seed), engine, json.loads(actions), json.loads(score),
                      int(total), grade, outcome, int(weeks), started, finished, workshop, bool(coach), mode)


# --------------------------------------------------------------------------- opening
def _check_existing(path: Path) -> None:
    """Refuse a file that is not ours before any read-write connection touches it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not the results database")
    if size == 0:
        return  # an empty file is an empty database: ours to set up
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the results database: {exc.strerror or exc}") from None
    if head != SQLITE_MAGIC:
        raise StoreError(f"{path}: not a Commitment Ladder database (not an SQLite file); left untouched")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the results database: {exc}") from None
    try:
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if app_id != APPLICATION_ID:
            if app_id == 0 and version == 0 and not tables:
                return  # an SQLite file with nothing in it
            raise StoreError(f"{path}: an SQLite database that is not Commitment Ladder's "
                             f"(application id {app_id:#x}); left untouched")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path}: made by a newer version of the game (schema {version}, this one knows "
                             f"up to {SCHEMA_VERSION}); upgrade `ladder` to use it")
        problems = [r[0] for r in con.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise StoreError(f"{path}: the results database is corrupt ({problems[0]}); left untouched - "
                             "restore a backup or move it aside")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(f"{path}: the results database is busy (another process holds it locked); try again") from None
        raise StoreError(f"{path}: the results database is corrupt or unreadable ({exc}); left untouched") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: the results database is corrupt or unreadable ({exc}); left untouched") from None
    finally:
        con.close()


def migrate(con: sqlite3.Connection, path: Path | str = "", target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to `target` in one write transaction. Returns the version."""
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
        return max(version, target)
    except BaseException:
        con.execute("ROLLBACK")
        raise


def connect(path: Path, migrate_to: int = SCHEMA_VERSION) -> sqlite3.Connection:
    """Open (and create or migrate) the database at `path`, or raise StoreError."""
    _check_existing(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path.parent}: cannot create the data folder: {exc.strerror or exc}") from None
    try:
        con = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the results database: {exc}") from None
    try:
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:  # switching to WAL needs a moment alone with the file
            try:
                mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        if str(mode).lower() != "wal":
            raise StoreError(f"{path}: cannot switch the results database to WAL (journal mode {mode})")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = ON")
        if con.execute("PRAGMA user_version").fetchone()[0] < migrate_to:
            migrate(con, path, migrate_to)
    except StoreError:
        con.close()
        raise
    except sqlite3.DatabaseError as exc:
        con.close()
        raise StoreError(f"{path}: cannot use the results database: {exc}") from None
    return con


# --------------------------------------------------------------------------- the store
class Store:
    """The results store. `Store.open(data_dir)`; use as a context manager or `close()`."""

    def __init__(self, path: Path, con: sqlite3.Connection):
        self.path = path
        self.con = con

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None) -> "Store":
        folder = resolve_data_dir(data_dir)
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"{folder}: the data folder is a file, not a folder")
        path = folder / DB_NAME
        return cls(path, connect(path))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ---------------------------------------------------------------- plumbing
    def _write(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self.transaction():
            return self.con.execute(sql, args)

    def transaction(self) -> "_Txn":
        return _Txn(self)

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.con.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None

    def _error(self, exc: sqlite3.Error) -> StoreError:
        if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
            return StoreError(f"{self.path}: the results database stayed busy for {BUSY_TIMEOUT_MS // 1000} s; try again")
        return StoreError(f"{self.path}: the results database failed: {exc}")

    @property
    def schema_version(self) -> int:
        return int(self._rows("PRAGMA user_version")[0][0])

    def integrity_check(self) -> str:
        return ", ".join(r[0] for r in self._rows("PRAGMA integrity_check"))

    # ---------------------------------------------------------------- workshops
    def create_workshop(self, code: str, scenario: str, scenario_ref: str, digest: str, seed: int,
                        title: str | None = None) -> Workshop:
        created = now()
        self._write("INSERT INTO workshops (code, scenario, scenario_ref, digest, seed, title, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", (code, scenario, scenario_ref, digest, int(seed), title, created))
        return Workshop(code, scenario, scenario_ref, digest, int(seed), title, created)

    def workshop(self, code: str) -> Workshop | None:
        rows = self._rows("SELECT code, scenario, scenario_ref, digest, seed, title, created_at FROM workshops "
                          "WHERE code = ?", (normalise_code(code),))
        return Workshop(*rows[0]) if rows else None

    def workshops(self) -> list[Workshop]:
        return [Workshop(*r) for r in self._rows(
            "SELECT code, scenario, scenario_ref, digest, seed, title, created_at FROM workshops ORDER BY created_at DESC")]

    # ---------------------------------------------------------------- games
    def record_game(self, *, player: str, scenario: str, digest: str, seed: int, engine_version: str,
                    actions: list[dict[str, Any]], score: dict[str, Any], outcome: str, weeks: int,
                    started_at: str, finished_at: str | None = None, workshop: str | None = None,
                    coach: bool = False, mode: str = "play", scenario_ref: str | None = None,
                    clear_slot: str | None = None) -> int:
        """Store a finished game (and drop its in-progress slot in the same transaction)."""
        with self.transaction():
            cur = self.con.execute(
                "INSERT INTO games (player, scenario, scenario_ref, digest, seed, engine_version, actions, score, total, "
                "grade, outcome, weeks, started_at, finished_at, workshop, coach, mode) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (player, scenario, scenario_ref, digest, int(seed), engine_version, json.dumps(actions),
                 json.dumps(score), int(score["total"]), str(score["grade"]), outcome, int(weeks), started_at,
                 finished_at or now(), workshop, int(bool(coach)), mode))
            if clear_slot is not None:
                self.con.execute("DELETE FROM progress WHERE slot = ?", (clear_slot,))
            return int(cur.lastrowid)  # type: ignore[arg-type]

    def game(self, game_id: int) -> GameRecord | None:
        rows = self._rows(f"SELECT {_GAME_COLUMNS} FROM games WHERE id = ?", (int(game_id),))
        return _game(rows[0]) if rows else None

    def games(self, *, player: str | None = None, workshop: str | None = None, scenario: str | None = None,
              limit: int | None = None, oldest_first: bool = False) -> list[GameRecord]:
        where, args = [], []
        for col, val in (("player", player), ("workshop", workshop), ("scenario", scenario)):
            if val is not None:
                where.append(f"{col} = ?")
                args.append(val)
        sql = f"SELECT {_GAME_COLUMNS} FROM games"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY finished_at " + ("ASC, id ASC" if oldest_first else "DESC, id DESC")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_game(r) for r in self._rows(sql, args)]

    def count_games(self, workshop: str | None = None) -> int:
        if workshop is None:
            return int(self._rows("SELECT count(*) FROM games")[0][0])
        return int(self._rows("SELECT count(*) FROM games WHERE workshop = ?", (workshop,))[0][0])

    def bests(self, player: str) -> list[GameRecord]:
        """The player's best game on each scenario (highest score, then fewest weeks, then earliest)."""
        best: dict[str, GameRecord] = {}
        for g in self.games(player=player, oldest_first=True):
            cur = best.get(g.scenario)
            if cur is None or (g.total, -g.weeks) > (cur.total, -cur.weeks):
                best[g.scenario] = g
        return sorted(best.values(), key=lambda g: g.scenario)

    def board(self, code: str) -> list[dict[str, Any]]:
        """A workshop's leaderboard: each participant's best game, best first."""
        per: dict[str, tuple[GameRecord, int]] = {}
        for g in self.games(workshop=normalise_code(code), oldest_first=True):
            cur = per.get(g.player)
            if cur is None:
                per[g.player] = (g, 1)
            else:
                best = g if (g.total, -g.weeks) > (cur[0].total, -cur[0].weeks) else cur[0]
                per[g.player] = (best, cur[1] + 1)
        rows = sorted(per.values(), key=lambda t: (-t[0].total, t[0].weeks, t[0].finished_at))
        out = []
        for rank, (g, n) in enumerate(rows, 1):
            out.append({"rank": rank, "name": g.player, "score": g.total, "grade": g.grade, "outcome": g.outcome,
                        "weeks": g.weeks, "coached": g.coach, "games": n, "game_id": g.id,
                        "finished_at": g.finished_at})
        return out

    def players(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT DISTINCT player FROM games ORDER BY player")]

    # ---------------------------------------------------------------- progress
    def save_progress(self, *, slot: str, player: str, scenario: str, scenario_ref: str, digest: str, seed: int,
                      actions: list[dict[str, Any]], workshop: str | None = None, coach: bool = False,
                      mode: str = "play", started_at: str | None = None) -> None:
        """Upsert a game in progress: one short transaction, called after every action."""
        stamp = now()
        self._write(
            "INSERT INTO progress (slot, player, scenario, scenario_ref, digest, seed, workshop, coach, mode, actions, "
            "started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (slot) DO UPDATE SET player = excluded.player, scenario = excluded.scenario, "
            "scenario_ref = excluded.scenario_ref, digest = excluded.digest, seed = excluded.seed, "
            "workshop = excluded.workshop, coach = excluded.coach, mode = excluded.mode, actions = excluded.actions, "
            "updated_at = excluded.updated_at",
            (slot, player, scenario, scenario_ref, digest, int(seed), workshop, int(bool(coach)), mode,
             json.dumps(actions), started_at or stamp, stamp))

    def load_progress(self, slot: str) -> Progress | None:
        rows = self._rows("SELECT slot, player, scenario, scenario_ref, digest, seed, workshop, coach, mode, actions, "
                          "started_at, updated_at FROM progress WHERE slot = ?", (slot,))
        return _progress(rows[0]) if rows else None

    def list_progress(self, player: str | None = None) -> list[Progress]:
        sql = ("SELECT slot, player, scenario, scenario_ref, digest, seed, workshop, coach, mode, actions, started_at, "
               "updated_at FROM progress")
        args: tuple[Any, ...] = ()
        if player is not None:
            sql += " WHERE player = ?"
            args = (player,)
        return [_progress(r) for r in self._rows(sql + " ORDER BY updated_at DESC", args)]

    def clear_progress(self, slot: str) -> None:
        self._write("DELETE FROM progress WHERE slot = ?", (slot,))


def _progress(r: Sequence[Any]) -> Progress:
    return Progress(r[0], r[1], r[2], r[3], r[4], int(r[5]), r[6], bool(r[7]), r[8], json.loads(r[9]), r[10], r[11])


class _Txn:
    """`with store.transaction():` one BEGIN IMMEDIATE ... COMMIT (rolled back on error)."""

    def __init__(self, store: Store):
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.store.con.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self.store._error(exc) from None
        return self.store.con

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
        con = self.store.con
        if kind is None:
            try:
                con.execute("COMMIT")
                return False
            except sqlite3.Error as err:
                con.execute("ROLLBACK")
                raise self.store._error(err) from None
        if con.in_transaction:
            con.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise self.store._error(exc) from None
        return False


# --------------------------------------------------------------------------- codes and names
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read off a projector
CODE_LENGTH = 6


def new_code() -> str:
    import secrets

    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")
