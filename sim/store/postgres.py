"""The store in PostgreSQL (psycopg 3): `--database postgresql://...` or `$LADDER_DATABASE_URL`.

Several `ladder serve` hosts (and any `ladder` command) share one database this way. The tables,
the SQL and the migrations are SQLite's (sim.store.schema), rewritten by sim.store.dialect. What
SQLite keeps in PRAGMAs is a row of the `meta` table here: `app` (made by v1 of the schema, so a
database holding other tables and no such row is not ours and is left untouched) and
`schema_version`. Migrating runs in one transaction holding the store's advisory lock, so two
hosts starting at once cannot both apply a migration: the second waits, then finds nothing to do.

The connection is in autocommit mode: a read is its own statement, and a write transaction is an
explicit BEGIN ... COMMIT that first takes the same advisory lock (like SQLite's BEGIN IMMEDIATE).
A lock held longer than the busy timeout fails as `StoreBusyError`, as on SQLite.

Every error names the URL with its password hidden and says why in one line (sim.store.errors).
psycopg is imported only here, so the default SQLite store never loads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import errors as pg
from psycopg.pq import TransactionStatus

from sim.store.dialect import check_url, ddl, placeholders, redact
from sim.store.errors import (
    BUSY,
    BUSY_TIMEOUT_MS,
    CORRUPT,
    FULL,
    READ_ONLY,
    StoreBusyError,
    StoreConflictError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    one_line,
)
from sim.store.schema import APP_MARKER, APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, now

if TYPE_CHECKING:
    from sim.store.records import Row

OPENING = "cannot open the results database"
LOCK = APPLICATION_ID  # the advisory lock every write transaction and every migration takes
CONNECT_TIMEOUT_S = 10
NOT_OURS = "a PostgreSQL database that holds other tables and is not Commitment Ladder's; left untouched"


class PostgresLink:
    """One psycopg connection (autocommit; explicit write transactions) to the store's database."""

    dialect = "postgresql"
    path: Path | None = None
    errors: tuple[type[Exception], ...] = (psycopg.Error,)

    def __init__(self, url: str, con: psycopg.Connection[Any]):
        self.url = url
        self.where = redact(url)
        self.con = con
        self._in_tx = False  # inside a write transaction begun by `begin`

    @staticmethod
    def connect(url: str) -> psycopg.Connection[Any]:
        con = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="ladder")
        con.execute(f"SET lock_timeout = {BUSY_TIMEOUT_MS}")
        return con

    def live(self) -> psycopg.Connection[Any]:
        """The connection; a new one if the server dropped it between transactions (a restart, a
        failover). Never inside a transaction: the transaction's writes went with the old one."""
        if self.con.broken and not self._in_tx:
            self.con.close()
            self.con = self.connect(self.url)
        return self.con

    @classmethod
    def open(cls, url: str, migrate_to: int = SCHEMA_VERSION) -> PostgresLink:
        where = redact(url)
        problem = check_url(url)
        if problem is not None:
            raise StoreError(f"{where}: {problem}", problem)
        try:
            con = cls.connect(url)
        except psycopg.Error as exc:
            raise classify_pg(exc, url, OPENING) from None
        link = cls(url, con)
        try:
            if link.inspect() < migrate_to:
                link.migrate(migrate_to)
        except StoreError:
            con.close()
            raise
        except psycopg.Error as exc:
            con.close()
            raise classify_pg(exc, url, OPENING) from None
        return link

    # ---------------------------------------------------------------- the Link protocol
    def run(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        cur = self.live().execute(placeholders(sql), tuple(args))
        return list(cur.fetchall()) if cur.description is not None else []

    def begin(self) -> None:
        self.live().execute("BEGIN")
        self._in_tx = True
        self.con.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))

    def commit(self) -> None:
        self._in_tx = False  # committed, or failed and rolled back by the server: over either way
        self.con.execute("COMMIT")

    def rollback(self) -> None:
        self._in_tx = False
        if self.con.info.transaction_status != TransactionStatus.IDLE and not self.con.broken:
            try:
                self.con.execute("ROLLBACK")
            except psycopg.Error:
                pass

    @property
    def in_transaction(self) -> bool:
        return self._in_tx

    def error(self, exc: Exception, doing: str) -> StoreError:
        if isinstance(exc, psycopg.Error):
            return classify_pg(exc, self.url, doing)
        return StoreError(f"{self.where}: {doing}: {exc}")

    def schema_version(self) -> int:
        rows = self.run("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(rows[0][0]) if rows else 0

    def integrity_check(self) -> str:
        """PostgreSQL checks its own pages; this only proves every table of ours can be read end to end."""
        for (table,) in self.run(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ):
            self.run(f'SELECT count(*) FROM "{table}"')
        return "ok"

    def close(self) -> None:
        self.con.close()

    # ---------------------------------------------------------------- checking and migrating
    def inspect(self) -> int:
        """The schema version of a database that is ours (0: empty, ours to set up), else StoreError."""
        tables = {
            str(r[0])
            for r in self.run("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
        }
        if not tables:
            return 0
        if "meta" not in tables:
            raise StoreError(f"{self.where}: {NOT_OURS}", NOT_OURS)
        meta: dict[str, str] = dict(self.run("SELECT key, value FROM meta WHERE key IN ('app', 'schema_version')"))
        if meta.get("app") != APP_MARKER:
            raise StoreError(f"{self.where}: {NOT_OURS}", NOT_OURS)
        version = int(meta.get("schema_version", 0))
        if version > SCHEMA_VERSION:
            why = (
                f"made by a newer version of the game (schema {version}, this one knows up to "
                f"{SCHEMA_VERSION}); upgrade `ladder` to use it"
            )
            raise StoreError(f"{self.where}: {why}", why)
        return version

    def migrate(self, target: int = SCHEMA_VERSION) -> int:
        """Apply the migrations up to `target` in one transaction, under the advisory lock."""
        self.begin()
        try:
            version = self.inspect()  # again, now alone: another host may have migrated meanwhile
            for step in range(version, target):
                for sql in MIGRATIONS[step]:
                    self.con.execute(ddl(sql))
            if target > version:
                upsert = (
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                )
                self.run(upsert, ("schema_version", str(target)))
                self.run(upsert, ("migrated_at", now()))
            self.commit()
            return max(version, target)
        except BaseException:
            self.rollback()
            raise


def _hide(text: str, url: str) -> str:
    """`text` with the URL's password (should a driver message quote it) replaced by `***`."""
    from urllib.parse import unquote, urlsplit

    try:
        secret = urlsplit(url).password
    except ValueError:
        secret = None
    for s in {secret, unquote(secret)} if secret else set():
        text = text.replace(s, "***")
    return text.replace(url, redact(url))


def reason(exc: psycopg.Error, url: str) -> str:
    """psycopg's message on one line, without the connection preamble or the password."""
    lines = [one_line(line) for line in _hide(str(exc), url).splitlines() if line.strip()]
    text = "; ".join(lines)  # libpq's hint is a second line: "Is the server running on that host ...?"
    for prefix in ("connection failed: ", "FATAL: "):
        text = text.removeprefix(prefix)
    if text.startswith("connection to server ") and " failed: " in text:
        text = text.split(" failed: ", 1)[1]
    return text.removeprefix("FATAL: ").replace(" FATAL: ", "; ")


def classify_pg(exc: psycopg.Error, url: str, doing: str) -> StoreError:
    """The StoreError for a psycopg error met while `doing`, naming the URL without its password."""
    where = redact(url)
    if isinstance(exc, pg.DiskFull | pg.OutOfMemory):
        return StoreFullError(f"{where}: {doing}: {FULL}", FULL)
    if isinstance(exc, pg.ReadOnlySqlTransaction | pg.InsufficientPrivilege):
        return StoreReadOnlyError(f"{where}: {doing}: {READ_ONLY} ({reason(exc, url)})", READ_ONLY)
    if isinstance(exc, pg.LockNotAvailable | pg.DeadlockDetected | pg.SerializationFailure | pg.QueryCanceled):
        return StoreBusyError(f"{where}: {doing}: {BUSY}", BUSY)
    if isinstance(exc, pg.DataCorrupted | pg.IndexCorrupted):
        return StoreCorruptError(f"{where}: {doing}: {CORRUPT} ({reason(exc, url)})", CORRUPT)
    why = reason(exc, url)
    if isinstance(exc, pg.UniqueViolation):
        return StoreConflictError(f"{where}: {doing}: {why}", why)
    if isinstance(exc, psycopg.ProgrammingError) and doing == OPENING and "invalid" in why.lower():
        why = f"not a valid PostgreSQL URL ({why})"
    return StoreError(f"{where}: {doing}: {why}", why)
