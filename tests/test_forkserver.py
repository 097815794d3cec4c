"""The fork server (`sim.web.forkserver`): a game forked from the warm process plays bit for bit
as a spawned one; under `ladder serve` games are its children (not the server's), show their
session's environment, and neither it nor they outlive a SIGKILLed server."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sim.web.forked import ForkClient
from tests.servekit import TITLE, client, environ, join, screen_text, start_server, stop_server, wait_for

GAMES = [
    ["play", "consensus-meeting", "--bot", "climber", "--seed", "7"],
    ["play", "--random", "--bot", "expert", "--seed", "11"],
]


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _tagged(tag: str, exclude: int) -> list[int]:
    """Every live process carrying the test tag but the server: games and the fork server."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) not in (exclude, os.getpid()):
            if environ(int(entry.name)).get("LADDER_SERVE_TEST_TAG") == tag:
                stat = (entry / "stat").read_text() if (entry / "stat").exists() else ""
                if stat and stat.rsplit(")", 1)[1].split()[0] != "Z":
                    found.append(int(entry.name))
    return found


async def _forked_output(argv: list[str], env: dict[str, str]) -> tuple[int, bytes, int]:
    client = ForkClient({})
    try:
        game = await client.spawn(argv, env)
        assert game is not None and game.stdout is not None and game.stdin is not None
        game.stdin.close()
        out = await asyncio.wait_for(game.stdout.read(), 60)
        code = await asyncio.wait_for(game.wait(), 30)
        return code, out, game.pid
    finally:
        client.close()
        client.wait_closed(10)


@pytest.mark.parametrize("argv", GAMES, ids=["consensus-meeting", "random-account"])
def test_a_forked_game_is_bit_for_bit_a_spawned_one(argv: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "LADDER_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "100"}
    spawned = subprocess.run(
        [sys.executable, "-m", "sim.web.child", *argv], env=env, capture_output=True, timeout=120, check=False
    )
    assert spawned.returncode == 0, spawned.stderr.decode()[-500:]
    code, out, pid = asyncio.run(_forked_output(argv, env))
    assert pid != os.getpid() and code == 0
    assert len(out) > 1000 and out == spawned.stdout


def test_games_are_forked_by_the_fork_server_and_none_outlives_a_killed_server(tmp_path: Path) -> None:
    served = start_server(tmp_path)

    async def open_two() -> None:
        async with client(60) as http:
            await join(http, served.url, "Player 1")
            a = await http.ws_connect(served.ws_url + "?width=90&height=25")
            await join(http, served.url, "Player 2")
            b = await http.ws_connect(served.ws_url + "?width=120&height=40")
            await screen_text(a, TITLE, 40)
            await screen_text(b, TITLE, 40)
            games = served.games()
            assert len(games) == 2
            (fork_server,) = {_parent(pid) for pid in games}  # both forked by one process...
            assert fork_server != served.proc.pid and _parent(fork_server) == served.proc.pid  # ...the server's child
            sizes = sorted((environ(pid)["COLUMNS"], environ(pid)["LINES"]) for pid in games)
            assert sizes == [("120", "40"), ("90", "25")]  # each shows its own session's environment
            assert all(os.getpgid(pid) == pid for pid in games)  # own session and group
            os.kill(served.proc.pid, signal.SIGKILL)  # no cleanup possible in the server
            served.proc.wait(5)
            wait_for(lambda: _tagged(served.tag, served.proc.pid) == [], 15, "the fork server or a game outlived")
            await a.close()
            await b.close()

    try:
        asyncio.run(open_two())
    finally:
        stop_server(served)


def test_without_preload_games_are_spawned_by_the_server(tmp_path: Path) -> None:
    served = start_server(tmp_path, "--no-preload")

    async def open_one() -> None:
        async with client(60) as http:
            await join(http, served.url, "Player 3")
            async with http.ws_connect(served.ws_url) as ws:
                await screen_text(ws, TITLE, 40)
                (pid,) = served.games()
                assert _parent(pid) == served.proc.pid
                assert _tagged(served.tag, served.proc.pid) == [pid]  # no fork server

    try:
        asyncio.run(open_one())
    finally:
        stop_server(served)


def test_if_the_fork_server_dies_its_games_end_and_new_ones_are_spawned(tmp_path: Path) -> None:
    served = start_server(tmp_path)

    async def main() -> None:
        async with client(60) as http:
            await join(http, served.url, "Player 4")
            async with http.ws_connect(served.ws_url) as first:
                await screen_text(first, TITLE, 40)
                (game,) = served.games()
                fork_server = _parent(game)
                os.kill(fork_server, signal.SIGKILL)
                wait_for(lambda: game not in served.games(), 15, "the fork server's game did not end")
            await join(http, served.url, "Player 5")
            async with http.ws_connect(served.ws_url) as second:
                await screen_text(second, TITLE, 40)
                (spawned,) = served.games()
                assert _parent(spawned) == served.proc.pid  # started by the server itself now

    try:
        asyncio.run(main())
        assert served.proc.poll() is None
    finally:
        stop_server(served)


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGINT])
def test_a_signal_to_the_servers_whole_group_stops_everything(tmp_path: Path, sig: signal.Signals) -> None:
    """Closing the terminal or Ctrl-C reaches the server and the fork server (one process group):
    the fork server leaves it to the server, which stops the games and then the fork server."""
    served = start_server(tmp_path)

    async def main() -> None:
        async with client(60) as http:
            await join(http, served.url, "Player 6")
            async with http.ws_connect(served.ws_url) as ws:
                await screen_text(ws, TITLE, 40)
                assert len(served.games()) == 1
                os.killpg(served.proc.pid, sig)
                served.proc.wait(20)
                wait_for(lambda: _tagged(served.tag, served.proc.pid) == [], 15, "a game or the fork server outlived")

    try:
        asyncio.run(main())
    finally:
        stop_server(served)


def test_a_game_forked_after_the_web_side_gave_up_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The web side waits REPLY_TIMEOUT for a pid, then spawns the game itself; if the fork server
    forks it later anyway (it was still preloading), that game is killed on arrival."""
    from sim.web import forked

    monkeypatch.setattr(forked, "REPLY_TIMEOUT", 0.01)
    killed: list[tuple[int, int]] = []
    real_kill = forked.kill_group

    def killpg(pid: int, sig: int) -> None:
        killed.append((pid, sig))
        real_kill(pid, sig)

    monkeypatch.setattr(forked, "kill_group", killpg)

    async def main() -> None:
        client = ForkClient({})
        try:
            assert await client.spawn(["play", "--help"], dict(os.environ)) is None  # given up: still preloading
            for _ in range(1500):
                if killed and not client.abandoned:
                    break
                await asyncio.sleep(0.02)
            assert [sig for _, sig in killed] == [signal.SIGKILL]
            assert not client.abandoned and client.early_exits == {}  # its exit is not kept for a later game
            assert client.games == {}
        finally:
            client.close()
            client.wait_closed(10)

    asyncio.run(main())
