"""Opening the results database: only ever through SQLite, and once per thread of a process.

Why only through SQLite: on POSIX, closing *any* descriptor of a file drops every lock the
process holds on it, including the SHARED lock of a live SQLite connection. A plain `open()` and
`close()` of `ladder.db` (as an old header check did) therefore makes another process believe it
is the last user, so it checkpoints and deletes the WAL under our game (SQLite's "How To Corrupt
An SQLite Database File", 2.2). So `connect` opens the one read-write connection first (it writes
nothing until asked) and reads `application_id`, `user_version`, the tables and `quick_check`
through it before any write; a file SQLite cannot read raises "file is not a database" at that
first read, and its bytes stay as they were.

Why once per thread: `acquire` keeps a process-wide registry keyed by (process, thread, resolved
path). A second `Store.open` of the same file in the same thread shares the connection (its
close only drops a reference); another thread gets its own connection, since an sqlite3
connection belongs to the thread that made it (`check_same_thread` stays on). Connections of one
process made by SQLite coordinate their locks through SQLite's own per-file bookkeeping, which is
what a Python `open()` bypasses.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sim.store.errors import (
    BUSY_TIMEOUT_MS,
    SQLITE_NOTADB,
    StoreCorruptError,
    StoreError,
    classify,
    classify_os,
    one_line,
)
from sim.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate

OPENING = "cannot open the results database"
NOT_READABLE = (
    "not a Commitment Ladder database: SQLite cannot read it (not an SQLite file, or one whose "
    "header is corrupt); left untouched"
)

Key = tuple[int, int, str]


@dataclass
class _Shared:
    con: sqlite3.Connection
    refs: int


_LOCK = threading.Lock()
_OPEN: dict[Key, _Shared] = {}


def acquire(path: Path) -> tuple[Key, sqlite3.Connection]:
    """This thread's connection to `path` (opened, checked and migrated on first use)."""
    key = (os.getpid(), threading.get_ident(), str(path.resolve()))
    with _LOCK:
        shared = _OPEN.get(key)
        if shared is not None:
            shared.refs += 1
            return key, shared.con
    con = connect(path)  # outside the lock: only this thread can open this key
    with _LOCK:
        _OPEN[key] = _Shared(con, 1)
    return key, con


def release(key: Key) -> None:
    """Drop one reference; the last one closes the connection."""
    with _LOCK:
        shared = _OPEN.get(key)
        if shared is None:
            return
        shared.refs -= 1
        if shared.refs > 0:
            return
        del _OPEN[key]
    shared.con.close()


def open_connections() -> int:
    """How many connections this process's registry holds (for tests and the stress check)."""
    with _LOCK:
        return len(_OPEN)


def connect(path: Path, migrate_to: int = SCHEMA_VERSION) -> sqlite3.Connection:
    """Open (and create or migrate) the database at `path`, or raise a StoreError naming it."""
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise classify_os(exc, path, OPENING) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path}: is a folder, not the results database")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path}: not a regular file, so not the results database; left untouched")
    if info is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise classify_os(exc, path.parent, "cannot create the data folder") from None
    mode = "rw" if info is not None else "rwc"  # never create a file that vanished meanwhile by accident
    try:
        con = sqlite3.connect(
            f"file:{quote(str(path.resolve()))}?mode={mode}",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
        )
    except sqlite3.Error as exc:
        raise classify(exc, path, OPENING) from None
    try:
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _inspect(con, path)  # reads only: nothing is written to a file that is not ours
        if str(con.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            _to_wal(con, path)
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = ON")
        if con.execute("PRAGMA user_version").fetchone()[0] < migrate_to:
            migrate(con, path, migrate_to)
    except StoreError:
        con.close()
        raise
    except sqlite3.Error as exc:
        con.close()
        raise classify(exc, path, OPENING) from None
    return con


def _inspect(con: sqlite3.Connection, path: Path) -> bool:
    """Read-only checks before any write. True: ours and healthy; False: empty, ours to set up."""
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == SQLITE_NOTADB:
            raise StoreCorruptError(f"{path}: {NOT_READABLE}", "SQLite cannot read the file") from None
        raise
    version = con.execute("PRAGMA user_version").fetchone()[0]
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    if app_id != APPLICATION_ID:
        if app_id == 0 and version == 0 and not tables:
            return False  # an empty file, or an SQLite file with nothing in it
        raise StoreError(
            f"{path}: an SQLite database that is not Commitment Ladder's (application id {app_id:#x}); left untouched"
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: made by a newer version of the game (schema {version}, this one knows "
            f"up to {SCHEMA_VERSION}); upgrade `ladder` to use it"
        )
    try:
        problems = [r[0] for r in con.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems != ["ok"]:
        first = one_line(problems[0])
        raise StoreCorruptError(
            f"{path}: the results database is corrupt ({first}); left untouched - restore a backup or move it aside",
            "the file is corrupt",
        )
    return True


def _to_wal(con: sqlite3.Connection, path: Path) -> None:
    """Switch a checked file (ours, or empty) to the WAL journal: its first write."""
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
