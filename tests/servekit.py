"""Helpers for the `ladder serve` tests: start a real server on a free loopback port in its own
process group, find the game processes it started (by a tag in their environment, so orphans
are found too), read a session's terminal stream. Every wait is bounded."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import aiohttp
import pytest

ANSI = re.compile(r"\x1b\[[0-9;?$]*[a-zA-Z]|\x1b\][^\x07]*\x07")
TITLE = "C O M M I T M E N T"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """A running `ladder serve`: its port, process and the tag its game processes carry."""

    def __init__(self, port: int, proc: subprocess.Popen[bytes], tag: str):
        self.port, self.proc, self.tag = port, proc, tag
        self.url = f"http://127.0.0.1:{port}/"
        self.ws_url = f"ws://127.0.0.1:{port}/ws"

    def games(self) -> list[int]:
        """Pids of the live game processes this server started (orphans included)."""
        return game_pids(self.tag, exclude=self.proc.pid)


def environ(pid: int) -> dict[str, str]:
    """A process's environment from /proc ({} if it is gone or not ours)."""
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode("utf-8", "replace"): v.decode("utf-8", "replace") for k, v in pairs}


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def _is_python(pid: int) -> bool:
    """A game itself, not a shell wrapping it."""
    try:
        return "python" in Path(f"/proc/{pid}/comm").read_text()
    except OSError:
        return False


def game_pids(tag: str, exclude: int = -1) -> list[int]:
    """Live (not zombie) processes with LADDER_SERVE_TEST_TAG=tag and a Textual web driver."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in (exclude, os.getpid()):
            continue
        env = environ(int(entry.name))
        if (
            env.get("LADDER_SERVE_TEST_TAG") == tag
            and "TEXTUAL_DRIVER" in env
            and _is_python(int(entry.name))
            and not _is_zombie(int(entry.name))
        ):
            found.append(int(entry.name))
    return sorted(found)


def wait_for(predicate: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {seconds} s")
        time.sleep(0.1)


def start_server(tmp_path: Path, *extra: str, port: int | None = None) -> Served:
    port = port or free_port()
    tag = uuid.uuid4().hex
    env = {**os.environ, "LADDER_NAME": "should not be used", "LADDER_SERVE_TEST_TAG": tag}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "serve", "--port", str(port), "--data-dir", str(tmp_path / "data"), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    served = Served(port, proc, tag)
    deadline = time.monotonic() + 20
    while True:
        if proc.poll() is not None:
            stop_server(served)
            pytest.fail(f"ladder serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return served
        except OSError:
            if time.monotonic() > deadline:
                stop_server(served)
                pytest.fail("ladder serve did not start listening within 20 s")
            time.sleep(0.1)


def stop_server(served: Served) -> None:
    """Kill the server's group, then any game process it left behind (so no test leaks one)."""
    proc = served.proc
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(8)
            break
        except subprocess.TimeoutExpired:
            continue
    for pid in game_pids(served.tag, exclude=proc.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if proc.poll() is None:
        proc.kill()
        proc.wait(5)


def serve(tmp_path: Path, *extra: str) -> Iterator[Served]:
    served = start_server(tmp_path, *extra)
    try:
        yield served
    finally:
        stop_server(served)


def client(seconds: float = 30) -> aiohttp.ClientSession:
    """An HTTP client that keeps the room's cookie (aiohttp keeps none for an IP address unless told)."""
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=seconds), cookie_jar=aiohttp.CookieJar(unsafe=True)
    )


async def join(
    http: aiohttp.ClientSession, base: str, name: str, code: str = "", ssl: ssl.SSLContext | bool = True
) -> None:
    """Join the room at `base` as `name` (with the workshop's `code`): the client now holds that game's cookie."""
    origin = base.rstrip("/")
    data = {"code": code, "name": name}
    async with http.post(
        origin + "/join", data=data, allow_redirects=False, headers={"Origin": origin}, ssl=ssl
    ) as reply:
        if reply.status != 303:
            raise AssertionError(f"joining as {name!r}: HTTP {reply.status}: {(await reply.text())[:300]}")


async def screen_text(ws: aiohttp.ClientWebSocketResponse, want: str, seconds: float = 20) -> str:
    """Read the terminal stream until `want` shows (ANSI stripped), or fail after `seconds`."""
    buf = ""
    deadline = time.monotonic() + seconds
    while want not in ANSI.sub("", buf):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{want!r} not seen in {seconds} s; got {ANSI.sub('', buf)[-300:]!r}")
        try:
            msg = await asyncio.wait_for(ws.receive(), left)
        except TimeoutError:
            continue
        if msg.type == aiohttp.WSMsgType.BINARY:
            buf += msg.data.decode("utf-8", "replace")
        elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            raise AssertionError(f"the websocket closed before {want!r} showed")
    return ANSI.sub("", buf)


# A client in its own process: opens N sessions, waits until every game drew its title, says
# "ready", then sleeps until it is SIGKILLed (so the server sees the connections drop abruptly).
DROPPER = r"""
import asyncio, os, sys, aiohttp
from tests.servekit import client, join, screen_text, TITLE
async def main(url, n):
    base = url.replace("ws://", "http://").rsplit("/ws", 1)[0]
    async with client(60) as http:
        socks = []
        for i in range(n):
            await join(http, base, f"Dropped {os.getpid()} {i}")
            socks.append(await http.ws_connect(url))
        for ws in socks:
            await screen_text(ws, TITLE, 40)
        print("ready", flush=True)
        await asyncio.sleep(3600)
asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""


def open_and_drop(url: str, n: int, cwd: Path) -> None:
    """Open n game sessions from a client process, then SIGKILL that client."""
    client = subprocess.Popen(
        [sys.executable, "-c", DROPPER, url, str(n)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd
    )
    try:
        assert client.stdout is not None
        line = client.stdout.readline()
        assert line.strip() == b"ready", (
            line,
            client.stderr.read() if client.poll() is not None and client.stderr else b"",
        )
    finally:
        client.kill()
        client.wait(5)
