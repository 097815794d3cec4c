"""Shared helpers for the Pilot tests: a private data dir, and a key script that drives the
screens to take any engine Action."""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import pytest
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from sim.engine.ladder import TOPICS
from sim.engine.records import Action
from sim.tui.app import LadderApp

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from sim.engine.state import State
    from sim.store.session import GameSession
    from sim.tui.saver import StoreThread

SIZE = (100, 30)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests on a fresh event loop (no async plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {a: pyfuncitem.funcargs[a] for a in inspect.signature(pyfuncitem.obj).parameters}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "data"
    monkeypatch.setenv("LADDER_DATA_DIR", str(d))
    monkeypatch.setenv("LADDER_NAME", "Tess Tester")
    return d


async def store_idle(pilot: Pilot[None]) -> None:
    """Wait until the store thread has run every job posted so far and the UI has heard back
    (an answer may post another job: the title's reload, the question before a new game)."""
    app = ladder(pilot)
    for _ in range(3):
        await app.workers.wait_for_complete()
        if app.store is not None:
            app.store.flush()
        await pilot.pause()


async def title_loaded(pilot: Pilot[None]) -> None:
    """Wait for the title's data: it is read on the store thread after the first frame, so wait
    for refreshes until it has been asked for and shown (no fixed sleeps)."""
    for _ in range(200):
        if not ladder(pilot).title_screen.waiting_for_data:
            return
        await store_idle(pilot)
    raise AssertionError("the title's data never arrived")


async def settle(pilot: Pilot[None]) -> None:
    await title_loaded(pilot)
    await store_idle(pilot)


@pytest.fixture
def held_title(monkeypatch: pytest.MonkeyPatch) -> Iterable[threading.Event]:
    """The title's data read held until the test sets the returned event (set again at the end)."""
    from sim.tui import catalog

    gate, real = threading.Event(), catalog.read_title

    def held(store: Any, player: str | None, store_error: str | None = None) -> Any:
        assert gate.wait(30)
        return real(store, player, store_error)

    monkeypatch.setattr(catalog, "read_title", held)
    yield gate
    gate.set()


def keys_for(action: Action, state: State) -> list[str]:
    """The key presses that make the deal room and the planner send `action`.

    Deal room: 1-9 plans a meeting with that Key Player, c the consensus meeting, w waits,
    x walks away. Planner: tab to the topic list, down to a topic, a digit jumps to a rung,
    Enter takes it as the ask, f as the fallback, s turns scheduling off, m holds it."""
    if action.kind == "wait":
        return ["w"]
    if action.kind == "walk_away":
        return ["x", "y"]
    if action.kind == "consensus":
        keys = ["c"]
    else:
        players: list[str | None] = [p.id for p in state.observation().players]
        keys = [str(players.index(action.player) + 1)]
        topics = [None, *TOPICS]
        if action.topic is not None:
            keys += ["tab"] + ["down"] * topics.index(action.topic)
    keys += [str(action.ask), "enter"]
    if action.fallback is not None:
        keys += [str(action.fallback), "f"]
    if not action.schedule:
        keys += ["s"]
    keys += ["m"]
    return keys


S = TypeVar("S", bound=Screen[Any])


class SnapCompare(Protocol):
    """pytest-textual-snapshot's `snap_compare` fixture."""

    def __call__(
        self,
        app: LadderApp,
        *,
        press: Iterable[str] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[None]], Awaitable[None] | None] | None = None,
    ) -> bool: ...


def ladder(pilot: Pilot[None]) -> LadderApp:
    """The app a Pilot drives (always a LadderApp in these tests)."""
    app = pilot.app
    assert isinstance(app, LadderApp)
    return app


def session_of(app: LadderApp) -> GameSession:
    """The app's game in play (asserted to exist)."""
    assert app.session is not None, "no game in play"
    return app.session


def store_of(app: LadderApp) -> StoreThread:
    """The app's store thread (asserted to be open)."""
    assert app.store is not None, "the store was never opened"
    return app.store


def current(app: LadderApp, kind: type[S]) -> S:
    """The app's screen, asserted to be a `kind` (a call, not `isinstance(app.screen, ...)`: the type
    checker would keep that narrowing across key presses, which change the screen)."""
    screen = app.screen
    assert isinstance(screen, kind), f"the screen is {type(screen).__name__}, not {kind.__name__}"
    return screen


def text_in(root: Widget, selector: str) -> str:
    """The plain text a `Static` (found by `selector` under `root`) shows."""
    content = root.query_one(selector, Static).content
    assert isinstance(content, (Text, str)), f"{selector} shows {type(content).__name__}"
    return content.plain if isinstance(content, Text) else content
