"""`ladder serve` guards, with real servers on 127.0.0.1 and real game processes: the Host and
Origin allow-list (DNS rebinding), the cap on game processes, games of dropped connections
killed, no game outliving the server, the terminal size clamped, the URL printed only after the
bind succeeded. Every server runs in its own process group and every wait is bounded."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import ClientWebSocketResponse

from tests.servekit import DROPPER as _HOLDER
from tests.servekit import (
    TITLE,
    Served,
    client,
    environ,
    join,
    open_and_drop,
    screen_text,
    serve,
    start_server,
    stop_server,
    wait_for,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    yield from serve(tmp_path, "--max-sessions", "2", "--allow-host", "ladder.example")


async def _status(url: str, headers: dict[str, str]) -> int:
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as http,
        http.get(url, headers=headers) as resp,
    ):
        return int(resp.status)


async def _ws_status(url: str, headers: dict[str, str]) -> int:
    """101 if the websocket was accepted, else the HTTP status it was refused with."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as http:
        try:
            async with http.ws_connect(url, headers=headers) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return int(exc.status)


def test_a_foreign_host_or_origin_is_refused(served: Served) -> None:
    port = served.port
    ok = asyncio.run(_status(served.url, {}))
    rebound = asyncio.run(_status(served.url, {"Host": f"evil.example:{port}"}))
    named = asyncio.run(_status(served.url, {"Host": f"ladder.example:{port}"}))
    localhost = asyncio.run(_status(served.url, {"Host": f"localhost:{port}"}))
    assert (ok, rebound, named, localhost) == (200, 403, 200, 200)
    assert asyncio.run(_status(served.url + "static/js/textual.js", {"Host": "evil.example"})) == 403
    ws = served.ws_url + "?width=80&height=24"
    assert asyncio.run(_ws_status(ws, {"Host": f"evil.example:{port}"})) == 403
    assert asyncio.run(_ws_status(ws, {"Origin": f"http://evil.example:{port}"})) == 403
    assert asyncio.run(_ws_status(ws, {"Origin": "null"})) == 403
    assert served.games() == []  # nothing was started for a refused request
    assert asyncio.run(_ws_status(ws, {"Origin": f"http://127.0.0.1:{port}"})) == 101


def test_the_cap_counts_game_processes_and_dropped_games_are_killed(served: Served) -> None:
    async def third_is_refused() -> str:
        async with client() as http:
            await join(http, served.url, "Third")
            async with http.ws_connect(served.ws_url) as ws:
                return await screen_text(ws, "server is full", 15)

    open_and_drop(served.ws_url, 2, ROOT)  # two games drew their title, then the client vanished
    wait_for(lambda: served.games() == [], 10, "the games of dropped connections were not killed")
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, served.ws_url, "2"], stdout=subprocess.PIPE, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"ready"
        assert len(served.games()) == 2
        assert "server is full (2 of 2" in asyncio.run(third_is_refused())
        assert len(served.games()) == 2
    finally:
        holder.kill()
        holder.wait(5)
    wait_for(lambda: served.games() == [], 10, "the games of dropped connections were not killed")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_no_game_outlives_the_server(tmp_path: Path, sig: signal.Signals) -> None:
    served = start_server(tmp_path, "--max-sessions", "3")
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, served.ws_url, "3"], stdout=subprocess.PIPE, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"ready"
        assert len(served.games()) == 3
        os.kill(served.proc.pid, sig)  # the server only, not its group: it must clean up itself
        served.proc.wait(15)
        assert served.games() == []
    finally:
        holder.kill()
        holder.wait(5)
        stop_server(served)


def test_a_game_whose_server_was_killed_ends_itself(tmp_path: Path) -> None:
    served = start_server(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, served.ws_url, "1"], stdout=subprocess.PIPE, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"ready"
        assert len(served.games()) == 1
        os.kill(served.proc.pid, signal.SIGKILL)  # no cleanup possible in the server
        served.proc.wait(5)
        wait_for(lambda: served.games() == [], 10, "the orphaned game did not end")
    finally:
        holder.kill()
        holder.wait(5)
        stop_server(served)


async def _stream(ws: ClientWebSocketResponse, seconds: float) -> str:
    """Everything the game draws in the next `seconds`."""
    buf, deadline = "", time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            msg = await asyncio.wait_for(ws.receive(), left)
        except TimeoutError:
            break
        if msg.type == aiohttp.WSMsgType.BINARY:
            buf += msg.data.decode("utf-8", "replace")
    return buf


def test_a_huge_terminal_size_is_clamped(served: Served) -> None:
    async def main() -> None:
        async with client() as http:
            await join(http, served.url, "Wide")
            async with http.ws_connect(served.ws_url + "?width=100000&height=-5") as ws:
                await clamped(ws)

    async def clamped(ws: aiohttp.ClientWebSocketResponse) -> None:
        await screen_text(ws, TITLE)
        (pid,) = served.games()
        env = environ(pid)
        assert (env["COLUMNS"], env["ROWS"], env["LINES"]) == ("300", "10", "10")
        await ws.send_json(["resize", {"width": 10**6, "height": 50}])  # drawn at 300 x 50
        await ws.send_str("not json")  # ignored, like a resize without numbers
        await ws.send_json(["resize", {"width": "wide"}])
        drawn = await _stream(ws, 4.0)
        moves = [(int(row), int(col)) for row, col in re.findall(r"\x1b\[(\d+);(\d+)H", drawn)]
        runs = re.split(r"\x1b\[[0-9;?$]*[a-zA-Z]|[\r\n]", drawn)
        assert moves and max(row for row, _ in moves) <= 50 and max(col for _, col in moves) <= 300
        assert 200 < max(len(run) for run in runs) <= 300  # a full-width line, clamped
        assert served.games() == [pid]  # the game still runs

    asyncio.run(main())


def test_the_url_is_printed_only_after_the_bind_succeeded(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sim", "serve", "--port", str(port), "--data-dir", str(tmp_path)],
            check=False,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode != 0
    assert "http://" not in result.stdout + result.stderr and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0] and "in use" in lines[0], result.stderr


def test_the_url_is_printed_once_listening(served: Served) -> None:
    assert served.proc.stdout is not None
    deadline = time.monotonic() + 10
    line = b""
    while b"http://" not in line and time.monotonic() < deadline:
        line = served.proc.stdout.readline()
    assert f"http://127.0.0.1:{served.port}/".encode() in line
