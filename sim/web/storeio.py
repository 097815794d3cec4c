"""The server's one connection to the results store, on a thread of its own.

The server's event loop must never wait for the disk, and an SQLite connection belongs to the
thread that opened it. So every read and write of the room (a join, the board, a facilitator's
control) is a function of the open `Store`, run in order on one worker thread that opened the
store when it started; `call` awaits its result.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sim.store.db import Store

T = TypeVar("T")


class StoreWorker:
    """`await worker.call(lambda store: ...)`: run on the store's thread; `close()` closes it there."""

    def __init__(self, opener: Callable[[], Store]):
        self._opener = opener
        self._local = threading.local()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="room-store")

    def _store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None or store.closed:
            store = self._opener()
            self._local.store = store
        return store

    async def call(self, fn: Callable[[Store], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, lambda: fn(self._store()))

    def _close_here(self) -> None:
        store: Store | None = getattr(self._local, "store", None)
        if store is not None:
            store.close()
            self._local.store = None

    def close(self) -> None:
        """Close the store on its thread, after the calls already queued."""
        self._pool.submit(self._close_here).result()
        self._pool.shutdown(wait=True)
