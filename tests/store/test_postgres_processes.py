"""Real processes sharing one PostgreSQL store, as several `ladder serve` hosts do.

Each player process (tests/store/proc_store.py) opens the store named by `$LADDER_DATABASE_URL`
and plays whole bot games, saving after every action. They write at the same moment; none of
their games is lost, and one killed with SIGKILL in the middle of a game loses at most its write
in flight: what it had saved stays, and the others carry on (its transaction and advisory lock
die with its connection).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sim.engine.replay import replay
from sim.scenarios.loader import load
from sim.store import Store

from .proc_store import SCENARIO
from .test_processes import Player, ladder

pytestmark = pytest.mark.postgres_only
PLAYERS = 4
ROUNDS = 3


@pytest.fixture
def players(tmp_path: Path, postgres_url: str) -> Iterator[list[Player]]:
    procs = [Player(tmp_path / f"host{i}") for i in range(PLAYERS)]  # separate folders: only the URL is shared
    yield procs
    for p in procs:
        if p.proc.poll() is None:
            p.kill()


def send(p: Player, line: str) -> None:
    stdin, _ = p._io()  # noqa: SLF001 - the helper's own pipe, used to start all commands at once
    stdin.write(line + "\n")
    stdin.flush()


def test_processes_writing_at_once_lose_nothing(tmp_path: Path, players: list[Player]) -> None:
    assert players[0].ask("workshop ABC234") == "workshop ABC234"
    saved: set[int] = set()
    for r in range(ROUNDS):
        for i, p in enumerate(players):
            send(p, f"game P{i} {r * PLAYERS + i + 1} ABC234")
        for p in players:
            answer = p.ask_nothing()
            assert answer.startswith("saved "), answer
            saved.add(int(answer.split()[1]))
    assert len(saved) == PLAYERS * ROUNDS
    listed = ladder(tmp_path, "runs", "list", "--json", "--limit", "100")  # a `ladder` command of another host
    assert listed.returncode == 0, listed.stderr
    assert {g["id"] for g in json.loads(listed.stdout)} == saved
    board = ladder(tmp_path, "workshop", "board", "ABC234", "--json")
    assert {row["name"] for row in json.loads(board.stdout)} == {f"P{i}" for i in range(PLAYERS)}

    victim, others = players[0], players[1:]
    send(victim, "steps Kay 77 10000")  # a whole game, saved after every action, killed part way
    for i, p in enumerate(others):
        send(p, f"game Q{i} {100 + i} ABC234")
    with Store.open(tmp_path) as watcher:  # kill it as soon as it has saved part of its game
        deadline = time.monotonic() + 30
        while not any(len(p.actions) >= 2 for p in watcher.list_progress("Kay")) and time.monotonic() < deadline:
            time.sleep(0.005)
    victim.kill()
    for p in others:
        answer = p.ask_nothing()
        assert answer.startswith("saved "), answer
        saved.add(int(answer.split()[1]))
    for i, p in enumerate(others):  # nothing the dead process held blocks the survivors
        answer = p.ask(f"game R{i} {200 + i} ABC234")
        assert answer.startswith("saved "), answer
        saved.add(int(answer.split()[1]))

    with Store.open(tmp_path) as store:
        assert store.dialect == "postgresql"
        stored = {g.id for g in store.games()}
        assert stored == saved  # every game a process said it saved, and the victim's is not finished
        [kay] = store.list_progress("Kay")  # killed in the middle: its game is in progress, saved actions intact
        assert len(kay.actions) >= 2
        state = replay(load(SCENARIO), kay.seed, kay.actions)  # the saved prefix replays: no torn row
        assert len(state.actions) == len(kay.actions) and not state.is_terminal()
        assert store.integrity_check() == "ok"
