"""`StoreThread`: one thread owns the connection; jobs run in order; closing drains the queue."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sim.engine.records import Action
from sim.scenarios.loader import load
from sim.store import Store, StoreError
from sim.store.session import GameSession
from sim.tui.saver import StoreThread


def _save(n: int) -> Any:
    def job(store: Store) -> int:
        store.save_progress(
            slot="s", player="Ann", scenario="x", scenario_ref="x", digest="d", seed=n, actions=[{"kind": "wait"}] * n
        )
        return threading.get_ident()

    return job


def test_jobs_run_in_order_on_the_thread_that_owns_the_connection(tmp_path: Path) -> None:
    with StoreThread(tmp_path) as st:
        assert st.wait_open() == str(tmp_path / "ladder.db")
        futures = [st.submit(_save(n)) for n in range(1, 41)]
        threads = {f.result(10) for f in futures}
        assert threads == {st.thread_id} and st.thread_id != threading.get_ident()
        saved = st.call(lambda s: s.load_progress("s"))
        assert saved is not None and saved.seed == 40
        with pytest.raises(Exception, match="thread"):  # the connection is not usable from here
            st.call(lambda s: s).con.execute("SELECT 1")


def test_closing_runs_every_queued_write_then_closes(tmp_path: Path) -> None:
    st = StoreThread(tmp_path)
    gate = threading.Event()
    st.submit(lambda s: gate.wait(10))
    futures = [st.submit(_save(n)) for n in range(1, 101)]
    assert not any(f.done() for f in futures)
    gate.set()
    st.close()
    assert all(f.done() and f.exception() is None for f in futures)
    with pytest.raises(StoreError, match="closed"):
        st.submit(_save(1)).result(1)
    with Store.open(tmp_path) as store:
        saved = store.load_progress("s")
        assert saved is not None and len(saved.actions) == 100
        assert store.integrity_check() == "ok"


def test_a_failing_job_does_not_stop_the_thread(tmp_path: Path) -> None:
    with StoreThread(tmp_path) as st:
        bad = st.submit(lambda s: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            bad.result(10)
        assert st.call(lambda s: s.schema_version) >= 1


def test_a_store_that_cannot_open_says_why_to_every_job(tmp_path: Path) -> None:
    (tmp_path / "ladder.db").write_text("garbage")
    with StoreThread(tmp_path) as st:
        with pytest.raises(StoreError, match="ladder.db"):
            st.wait_open()
        assert st.error is not None and "not an SQLite file" in st.error
        with pytest.raises(StoreError, match="ladder.db"):
            st.call(lambda s: s.games())
        assert st.submit_any(lambda s: s is None).result(10) is True
    assert (tmp_path / "ladder.db").read_text() == "garbage"


def test_a_game_writes_through_the_thread_from_snapshots(tmp_path: Path) -> None:
    """The engine's state stays with the caller; each job holds a snapshot of the actions."""
    loaded = load("consensus-meeting")
    from sim.engine.replay import new_game

    game = GameSession(None, new_game(loaded, 5), player="Ann", scenario_ref="consensus-meeting")
    with StoreThread(tmp_path) as st:
        game.state.apply(Action.wait())
        first = st.submit(_job(game))
        game.state.apply(Action.wait())  # the state moves on before the first write ran
        first.result(10)
        second = st.submit(_job(game))
        second.result(10)
        [saved] = st.call(lambda s: s.list_progress())
        assert len(saved.actions) == 2
        game.state.apply(Action.walk_away())
        game_id = st.submit(_job(game)).result(10)
        assert game_id is not None
        g = st.call(lambda s: s.game(game_id))
        assert g is not None and len(g.actions) == 3 and st.call(lambda s: s.list_progress()) == []


def _job(game: GameSession) -> Callable[[Store], int | None]:
    job = game.pending_write()
    assert job is not None, "a stored game with actions always has a write pending"
    return job


def test_importing_the_saver_loads_no_sqlite() -> None:
    code = "import sim.tui.saver, sys; assert 'sqlite3' not in sys.modules and 'sim.store' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
