"""Where the store keeps its rows: a `Link` to SQLite (the embedded default) or to PostgreSQL.

`Store` (sim.store.db) runs the same SQL, written with `?` placeholders, on either; a link runs a
statement and returns its rows, opens and ends the store's write transactions, and turns its
driver's errors into `StoreError`s that name the database (a file path, or a URL without its
password: `where`).

Write transactions are serialised on both: SQLite's `BEGIN IMMEDIATE` takes the file's one write
lock; PostgreSQL's takes a transaction-scoped advisory lock (`pg_advisory_xact_lock`), so a read
then a write inside `store.transaction()` sees no other writer in between, on one host or on many.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Protocol

from sim.store.connection import Key, acquire, release
from sim.store.errors import StoreError, classify

if TYPE_CHECKING:
    from sim.store.records import Row

SAVING = "could not be saved"
READING = "could not be read"


class Link(Protocol):
    """One open connection to the store's database, as `Store` uses it."""

    dialect: str  # "sqlite" or "postgresql"
    where: str  # the file, or the URL with its password hidden: how messages name the database
    path: Path | None  # the SQLite file (None on PostgreSQL)
    errors: tuple[type[Exception], ...]  # the driver's own errors, which `error` turns into StoreErrors

    def run(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        """Run one statement (written with `?` placeholders); its rows, or [] when it returns none."""
        ...

    def begin(self) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None:
        """Roll back the open transaction, if any; never raises (it must not hide the first error)."""
        ...

    @property
    def in_transaction(self) -> bool: ...

    def error(self, exc: Exception, doing: str) -> StoreError: ...

    def schema_version(self) -> int: ...

    def integrity_check(self) -> str: ...

    def close(self) -> None: ...


class SqliteLink:
    """The SQLite file in the data folder, through this thread's shared connection (sim.store.connection)."""

    dialect = "sqlite"
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: Path, con: sqlite3.Connection, key: Key | None = None):
        self.path: Path | None = path
        self.file = path
        self.where = str(path)
        self.con = con
        self._key = key

    @classmethod
    def open(cls, path: Path) -> SqliteLink:
        key, con = acquire(path)
        return cls(path, con, key)

    def run(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        rows: list[Row] = self.con.execute(sql, args).fetchall()
        return rows

    def begin(self) -> None:
        self.con.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.con.execute("COMMIT")

    def rollback(self) -> None:
        if self.con.in_transaction:  # a failed COMMIT (a full disk) may have rolled back already
            try:
                self.con.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    @property
    def in_transaction(self) -> bool:
        return self.con.in_transaction

    def error(self, exc: Exception, doing: str) -> StoreError:
        if isinstance(exc, sqlite3.Error):
            return classify(exc, self.file, doing)
        return StoreError(f"{self.where}: {doing}: {exc}")

    def schema_version(self) -> int:
        return int(self.con.execute("PRAGMA user_version").fetchone()[0])

    def integrity_check(self) -> str:
        return ", ".join(str(r[0]) for r in self.con.execute("PRAGMA integrity_check"))

    def close(self) -> None:
        if self._key is None:
            self.con.close()
        else:
            release(self._key)


class Transaction:
    """`with store.transaction():` one serialised write transaction, committed or rolled back.

    A driver error inside it (or at COMMIT) becomes the `StoreError` naming the database."""

    def __init__(self, link: Link):
        self.link = link

    def __enter__(self) -> Link:
        try:
            self.link.begin()
        except self.link.errors as exc:
            self.link.rollback()
            raise self.link.error(exc, SAVING) from None
        return self.link

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> Literal[False]:
        link = self.link
        if kind is None:
            try:
                link.commit()
                return False
            except link.errors as err:
                link.rollback()
                raise link.error(err, SAVING) from None
        link.rollback()
        if isinstance(exc, link.errors):
            raise link.error(exc, SAVING) from None
        return False
