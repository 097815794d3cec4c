"""The results store shared by real processes: a game open in one, `ladder` commands in another.

Regression tests of issue 9: a plain `open()`/`close()` of the database file inside a process
that has a live SQLite connection drops that connection's POSIX locks, so the next process to
close its last connection deletes the WAL under the game, and saved games vanish.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from sim.store import Store

from .proc_store import deleted_db_fds

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.sqlite_only  # SQLite's file locks and WAL; PostgreSQL: test_postgres_processes.py


class Player:
    """Process A: holds the store open and answers one line per command."""

    def __init__(self, data_dir: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.store.proc_store", str(data_dir)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.ask_nothing() == "ready"

    def _io(self) -> tuple[IO[str], IO[str]]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        return self.proc.stdin, self.proc.stdout

    def ask_nothing(self) -> str:
        return self._io()[1].readline().strip()

    def ask(self, line: str) -> str:
        stdin, stdout = self._io()
        stdin.write(line + "\n")
        stdin.flush()
        return stdout.readline().strip()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


def ladder(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Process B: one `ladder` command, as a user in a second terminal runs it."""
    return subprocess.run(
        [sys.executable, "-m", "sim", *args, "--data-dir", str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def listed_ids(data_dir: Path) -> set[int]:
    out = ladder(data_dir, "runs", "list", "--json")
    assert out.returncode == 0, out.stderr
    return {g["id"] for g in json.loads(out.stdout)}


def integrity(data_dir: Path) -> str:
    con = sqlite3.connect(data_dir / "ladder.db")
    try:
        return ", ".join(r[0] for r in con.execute("PRAGMA integrity_check"))
    finally:
        con.close()


@pytest.fixture
def player(tmp_path: Path) -> Iterator[Player]:
    p = Player(tmp_path)
    yield p
    if p.proc.poll() is None:
        p.kill()


def test_a_game_open_in_one_process_and_ladder_commands_in_another(tmp_path: Path, player: Player) -> None:
    assert player.ask("open") == "opened"  # the title screen's worker and the game both open the store
    assert player.ask("workshop ABC234") == "workshop ABC234"
    first = player.ask("game Ann 1 ABC234")
    assert first.startswith("saved ")
    id1 = int(first.split()[1])
    assert id1 in listed_ids(tmp_path)  # B sees A's game at once
    board = ladder(tmp_path, "workshop", "board", "ABC234")
    assert board.returncode == 0 and "Ann" in board.stdout, board.stderr
    second = player.ask("game Bob 2 ABC234")  # B has closed its connections meanwhile
    id2 = int(second.split()[1])
    assert {id1, id2} <= listed_ids(tmp_path)
    progress = player.ask("steps Cy 3 4")
    assert progress.split()[0] == "progress" and progress.split()[2] == "4"
    assert ladder(tmp_path, "runs", "list").returncode == 0
    third = player.ask("game Dee 4")
    id3 = int(third.split()[1])
    assert id3 in listed_ids(tmp_path)
    assert player.ask("fds") == "fds 0"
    assert deleted_db_fds(player.proc.pid) == []
    player.kill()  # kill -9: nothing A reported saved may be missing
    with Store.open(tmp_path) as store:
        assert {g.id for g in store.games()} == {id1, id2, id3}
        saved = store.load_progress(progress.split()[1])
        assert saved is not None and len(saved.actions) == 4
    assert integrity(tmp_path) == "ok"


def test_the_old_header_check_loses_games(tmp_path: Path, player: Player) -> None:
    """The mechanism the test above guards against: after the old check's plain open()/close()
    the next process to close the store deletes the WAL under A, and A's next game is lost."""
    assert player.ask("peek") == "peeked"
    assert listed_ids(tmp_path) == set()  # B opens and closes: it believes it is the last one
    saved = player.ask("game Ann 1")
    assert saved.startswith("saved ")
    assert player.ask("fds") != "fds 0"  # A writes into a WAL file that no longer has a name
    assert int(saved.split()[1]) not in listed_ids(tmp_path)  # "Saved as game 1", but nobody else sees it
    player.kill()
    with Store.open(tmp_path) as store:
        assert store.games() == []
