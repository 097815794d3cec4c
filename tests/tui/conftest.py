"""Shared helpers for the Pilot tests: a private data dir, and a key script that drives the
screens to take any engine Action."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest

from sim.engine.ladder import TOPICS
from sim.engine.records import Action

SIZE = (100, 30)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):  # type: ignore[no-untyped-def]
    """Run `async def` tests on a fresh event loop (no async plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {a: pyfuncitem.funcargs[a] for a in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "data"
    monkeypatch.setenv("LADDER_DATA_DIR", str(d))
    monkeypatch.setenv("LADDER_NAME", "Tess Tester")
    return d


async def store_idle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the store thread has run every job posted so far and the UI has heard back
    (an answer may post another job: the title's reload, the question before a new game)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        if pilot.app.store is not None:
            pilot.app.store.flush()
        await pilot.pause()


async def title_loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the title's data: it is read on the store thread after the first frame, so wait
    for refreshes until it has been asked for and shown (no fixed sleeps)."""
    for _ in range(200):
        if not pilot.app.title_screen.loading:
            return
        await store_idle(pilot)
    raise AssertionError("the title's data never arrived")


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await title_loaded(pilot)
    await store_idle(pilot)


def keys_for(action: Action, state) -> list[str]:  # type: ignore[no-untyped-def]
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
        players = [p.id for p in state.observation().players]
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
