"""`StoreThread`: one thread that owns the process's connection to the results store.

The terminal game must never wait for the disk, and an SQLite connection must never be
shared by several threads. So the store is opened on a thread of its own, and every
read and write (the title's data, saving a game in progress, recording a finished game)
is a job: a function of the open `Store`, run on that thread in the order it was
submitted, from a `queue.Queue`. Each job's result (or its exception) comes back as a
`concurrent.futures.Future`; the Textual app turns that into a message for the UI thread.

`close()` runs every job already queued (a clean quit loses no write), then closes the
connection on the thread that opened it.

Pure Python (no Textual). Importing this module does not import sqlite3 or the store
package (which is why it lives here and not in `sim.store`): the store is imported on the
thread itself, so the title's first frame and the UI thread never wait for it.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from sim.store.db import Store

T = TypeVar("T")


@dataclass
class _Job(Generic[T]):
    fn: Callable[[Store | None], T]
    future: Future[T]
    without_store: bool  # run even when the store could not be opened (fn gets None)


class StoreThread:
    """The results store, opened on its own thread; jobs run there one at a time, in order."""

    def __init__(
        self, data_dir: str | os.PathLike[str] | None = None, *, database: str | None = None, name: str = "ladder-store"
    ) -> None:
        self.data_dir = data_dir
        self.database = database  # a PostgreSQL URL (else $LADDER_DATABASE_URL, else SQLite in data_dir)
        self._jobs: queue.Queue[_Job[Any] | None] = queue.Queue()
        self._opened: Future[str] = Future()
        self._closed = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ asking
    def submit(self, fn: Callable[[Store], T]) -> Future[T]:
        """Run `fn(store)` on the store's thread after the jobs already queued. The future holds its
        result, or the exception it raised (a `StoreError` when the store could not be opened)."""

        def job(store: Store | None) -> T:
            assert store is not None  # `_do` runs a job that needs the store only when it is open
            return fn(store)

        return self._put(job, without_store=False)

    def submit_any(self, fn: Callable[[Store | None], T]) -> Future[T]:
        """Like `submit`, but `fn(None)` runs when the store could not be opened (see `error`)."""
        return self._put(fn, without_store=True)

    def call(self, fn: Callable[[Store], T], timeout: float | None = 30.0) -> T:
        """Run `fn(store)` on the store's thread and wait for its result (for the CLI and tests)."""
        return self.submit(fn).result(timeout)

    def flush(self, timeout: float | None = 30.0) -> None:
        """Wait until every job queued so far has run."""
        self.submit_any(lambda _store: None).result(timeout)

    def wait_open(self, timeout: float | None = 30.0) -> str:
        """Where the database is (its file, or its URL without the password) once it is open;
        raises the `StoreError` that prevented opening it."""
        return self._opened.result(timeout)

    @property
    def error(self) -> str | None:
        """Why the store could not be opened (None while opening, or when it is open)."""
        if not self._opened.done() or self._opened.exception() is None:
            return None
        return str(self._opened.exception())

    @property
    def thread_id(self) -> int | None:
        return self._thread.ident

    def _put(self, fn: Callable[[Store | None], T], *, without_store: bool) -> Future[T]:
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                from sim.store.errors import StoreError

                future.set_exception(StoreError("the results store is closed"))
                return future
            self._jobs.put(_Job(fn, future, without_store))
        return future

    # ------------------------------------------------------------------ closing
    def close(self, timeout: float | None = 60.0) -> None:
        """Run the jobs already queued, close the connection on its thread, and stop. Idempotent."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._jobs.put(None)
        if threading.get_ident() != self._thread.ident:
            self._thread.join(timeout)

    def __enter__(self) -> StoreThread:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ the thread
    def _run(self) -> None:
        store = self._open()
        try:
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                self._do(job, store)
        finally:
            if store is not None:
                store.close()

    def _open(self) -> Store | None:
        from sim.store.db import Store
        from sim.store.errors import StoreError

        try:
            store = Store.open(self.data_dir, self.database)
        except StoreError as exc:
            self._opened.set_exception(exc)
            return None
        except Exception as exc:  # never leave the opener waiting: say what went wrong in one line
            self._opened.set_exception(StoreError(f"cannot open the results database: {exc}"))
            return None
        self._opened.set_result(store.where)
        return store

    def _do(self, job: _Job[Any], store: Store | None) -> None:
        if not job.future.set_running_or_notify_cancel():
            return
        if store is None and not job.without_store:
            exc = self._opened.exception()
            assert exc is not None
            job.future.set_exception(exc)
            return
        try:
            result = job.fn(store)
        except BaseException as exc:  # the thread outlives a failing job; the asker hears why
            job.future.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
        else:
            job.future.set_result(result)
