"""The store's errors: one `StoreError` class per kind of trouble, and `classify`, which names it.

A full disk, a read-only folder or file, a database kept busy by another process and a corrupt
file need different advice, so each gets its own subclass of `StoreError` (existing callers that
catch `StoreError` still catch them all) and its own words. Only a truly corrupt file says
"corrupt": that advice (restore a backup, move the file aside) is wrong for the other three.
Every error carries `reason`, a short phrase a screen can show ("the disk is full").
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from sim.common.errors import LadderError

BUSY_TIMEOUT_MS = 10_000

# SQLite's primary result codes (the low byte of an extended code)
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26


class StoreError(LadderError):
    """The results store cannot be used; the message names the file and says why."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason if reason is not None else message


class StoreFullError(StoreError):
    """The disk (or the file's size limit) is full: nothing was written; free space and go on."""


class StoreReadOnlyError(StoreError):
    """The folder or the file cannot be written (read-only mount, permissions)."""


class StoreBusyError(StoreError):
    """Another process kept the database locked for longer than the busy timeout."""


class StoreConflictError(StoreError):
    """A row with the same key is already stored (a UNIQUE or PRIMARY KEY constraint, on either database)."""


class StoreCorruptError(StoreError):
    """The file is damaged, or SQLite cannot read it at all; it is left untouched."""


FULL = "the disk is full"
READ_ONLY = "the folder or the file is read-only"
BUSY = f"the database stayed busy for {BUSY_TIMEOUT_MS // 1000} s (another process holds it locked); try again"
CORRUPT = "the file is corrupt; it was left untouched - restore a backup or move it aside"


def one_line(text: object) -> str:
    """`text` on one line (SQLite's check reports span several)."""
    return " ".join(str(text).split())


def classify(exc: sqlite3.Error, path: Path | str, doing: str) -> StoreError:
    """The StoreError for an sqlite3 error met while `doing` ("could not be saved", ...)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    detail = one_line(exc)
    if primary == SQLITE_FULL or "disk is full" in text:
        return StoreFullError(f"{path}: {doing}: {FULL}", FULL)
    if primary in (SQLITE_READONLY, SQLITE_PERM) or "readonly" in text or "read-only" in text:
        return StoreReadOnlyError(f"{path}: {doing}: {READ_ONLY}", READ_ONLY)
    if primary == SQLITE_CANTOPEN or "unable to open" in text:
        why = "the file or its folder cannot be opened (read-only or missing?)"
        return StoreReadOnlyError(f"{path}: {doing}: {why}", why)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text or "busy" in text:
        return StoreBusyError(f"{path}: {doing}: {BUSY}", BUSY)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return StoreCorruptError(f"{path}: {doing}: {CORRUPT} ({detail})", CORRUPT)
    if isinstance(exc, sqlite3.IntegrityError) and "unique constraint" in text:
        return StoreConflictError(f"{path}: {doing}: {detail}", detail)
    return StoreError(f"{path}: {doing}: {detail}", detail)


def classify_os(exc: OSError, path: Path | str, doing: str) -> StoreError:
    """The StoreError for an OSError (making the data folder, looking at the file)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreFullError(f"{path}: {doing}: {FULL}", FULL)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreReadOnlyError(f"{path}: {doing}: {READ_ONLY}", READ_ONLY)
    why = one_line(exc.strerror or exc)
    return StoreError(f"{path}: {doing}: {why}", why)
