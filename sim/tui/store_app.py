"""What the app keeps on disk: the settings file (`sim.tui.save`) and the results store.

The store is one `sim.tui.saver.StoreThread` (the one connection of the process, on its own
thread). The screen never waits for it: a read or write is posted as a job (`store_job`,
`store_read`) and its answer comes back as a `StoreDone` message, handled on the UI thread.
Quitting drains the queue (`on_unmount`). Importing this module loads neither the engine
nor the store."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App
from textual.message import Message

from sim.tui import save

if TYPE_CHECKING:
    from sim.store.db import Store
    from sim.tui.saver import StoreThread

T = TypeVar("T")


class StoreDone(Message):
    """A store job's answer, posted from the store's thread: run `done` with its result on the UI thread."""

    def __init__(
        self,
        future: Future[Any],
        done: Callable[[Any], None] | None,
        what: str,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.future = future  # each job's own result type: checked where the job is posted (`store_job`)
        self.done = done
        self.what = what
        self.failed = failed


class StoreApp(App[None]):
    """An app with settings and the results store on its own thread (opened on first use unless given)."""

    def __init__(self, data_dir: str | None = None, store: StoreThread | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.store = store  # the process's one connection, on its own thread; closed by this app

    def _open_store(self) -> StoreThread:
        if self.store is None:
            from sim.tui.saver import StoreThread

            self.store = StoreThread(self.data_dir)
        return self.store

    @property
    def store_error(self) -> str | None:
        """Why results are not kept (the store could not be opened), once known."""
        return self.store.error if self.store is not None else None

    def store_job(
        self,
        fn: Callable[[Store], T],
        done: Callable[[T], None] | None = None,
        *,
        what: str = "The game could not be saved",
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Post `fn(store)` to the store thread; `done(result)` runs on the UI thread when it is back.
        A StoreError goes to `failed(why)`, else becomes a notification ("`what`: why"); play goes on."""
        future = self._open_store().submit(fn)
        future.add_done_callback(lambda f: self.post_message(StoreDone(f, done, what, failed)))

    def store_read(
        self, fn: Callable[[Store | None], T], done: Callable[[T], None], *, what: str = "Cannot read the results"
    ) -> None:
        """Like `store_job`, but `fn` also runs when the store could not be opened (it gets None)."""
        future = self._open_store().submit_any(fn)
        future.add_done_callback(lambda f: self.post_message(StoreDone(f, done, what)))

    def on_store_done(self, message: StoreDone) -> None:
        from sim.store import StoreError

        exc = message.future.exception()
        if exc is None:
            if message.done is not None:
                message.done(message.future.result())
            return
        if isinstance(exc, StoreError) and message.failed is not None:
            message.failed(str(exc))
        elif isinstance(exc, StoreError):  # the short reason ("the disk is full"), not the path and the advice
            self.notify(
                f"{message.what}: {exc.reason}. Play on: the next save keeps every move so far.",
                severity="warning",
                markup=False,
            )
        else:  # a bug, not the disk: still one line, and the game goes on
            self.notify(f"{message.what}: {type(exc).__name__}: {exc}", severity="error", markup=False)

    # ------------------------------------------------------------------ the settings file
    def _write_settings(self, settings: dict[str, Any]) -> None:
        try:
            save.write_settings(settings, self.data_dir)
        except OSError as exc:
            self.notify(f"Could not save the setting: {exc}", severity="warning", markup=False)

    def toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
        settings = save.read_settings(self.data_dir)
        settings["theme"] = self.theme
        self._write_settings(settings)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()  # runs every write already posted, then closes the connection on its thread
