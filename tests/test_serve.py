"""`ladder serve`: the game in a browser (textual-serve). Every server runs in its own process
group and is killed at the end of its test; every wait is bounded."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

aiohttp = pytest.importorskip("aiohttp")
ANSI = re.compile(r"\x1b\[[0-9;?$]*[a-zA-Z]|\x1b\][^\x07]*\x07")
TITLE = "C O M M I T M E N T"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    def __init__(self, port: int, proc: subprocess.Popen[bytes]):
        self.port, self.proc = port, proc
        self.url = f"http://127.0.0.1:{port}/"


def _serve(tmp_path: Path, *extra: str) -> Iterator[Served]:
    port = _free_port()
    env = {**os.environ, "LADDER_NAME": "should not be used"}
    proc = subprocess.Popen([sys.executable, "-m", "sim", "serve", "--port", str(port), "--data-dir",
                             str(tmp_path / "data"), *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                pytest.fail(f"ladder serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("ladder serve did not start listening within 20 s")
                time.sleep(0.1)
        yield Served(port, proc)
    finally:  # the server and every game process it started
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(wait)
                os.killpg(proc.pid, 0)  # children left?
                time.sleep(0.5)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                continue
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    yield from _serve(tmp_path)


async def _screen_text(ws, want: str, seconds: float = 20) -> str:  # type: ignore[no-untyped-def]
    """Read the terminal stream until `want` shows (ANSI stripped), or fail after `seconds`."""
    buf = ""
    deadline = time.monotonic() + seconds
    while want not in ANSI.sub("", buf):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{want!r} not seen in {seconds} s; got {ANSI.sub('', buf)[-300:]!r}")
        try:
            msg = await asyncio.wait_for(ws.receive(), left)
        except asyncio.TimeoutError:
            continue
        if msg.type == aiohttp.WSMsgType.BINARY:
            buf += msg.data.decode("utf-8", "replace")
        elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            raise AssertionError(f"the websocket closed before {want!r} showed")
    return ANSI.sub("", buf)


def test_the_page_and_its_websocket_show_the_title_screen(served: Served) -> None:
    async def main() -> None:
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            async with http.get(served.url) as page:
                assert page.status == 200
                html = await page.text()
            assert "Commitment Ladder" in html and f"ws://127.0.0.1:{served.port}/ws" in html
            async with http.ws_connect(f"ws://127.0.0.1:{served.port}/ws?width=100&height=30") as ws:
                await ws.send_json(["resize", {"width": 100, "height": 30}])
                text = await _screen_text(ws, TITLE)
                text += await _screen_text(ws, "Your name")  # no --name: each browser session asks
                assert TITLE in text
                await ws.close()

    asyncio.run(main())


def test_sessions_beyond_the_maximum_get_a_message(tmp_path: Path) -> None:
    async def main(port: int) -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
            url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
            async with http.ws_connect(url) as first:
                await first.send_json(["resize", {"width": 100, "height": 30}])
                await _screen_text(first, TITLE)
                async with http.ws_connect(url) as second:
                    assert "server is full (1 of 1" in await _screen_text(second, "server is full", 10)

    for s in _serve(tmp_path, "--max-sessions", "1"):
        asyncio.run(main(s.port))


def test_a_remote_host_needs_allow_remote() -> None:
    from sim.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "not a loopback address" in result.output and "--allow-remote" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_workshop_is_refused(tmp_path: Path) -> None:
    from sim.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--workshop", "NOPE99", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1 and "no workshop 'NOPE99'" in result.output


def test_headless_chromium_renders_the_game(served: Served, tmp_path: Path) -> None:
    """Open the page in headless Chromium (driven over the DevTools protocol, so the screenshot
    waits for the game's first bytes in real time), type a name, and take a screenshot."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium not installed (Debian package chromium)")
    from tests.cdp import Browser

    shot = tmp_path / "shot.png"

    async def main() -> None:
        async with Browser(chromium, _free_port(), tmp_path / "chromium") as browser:
            page = await browser.page()
            await page.goto(served.url)
            await page.wait_for("document.body.classList.contains('-first-byte')", 30)  # the game is drawing
            await asyncio.sleep(1.5)
            await page.click(600, 400)
            await page.type("Ann")
            await asyncio.sleep(1)
            await page.screenshot(shot)

    asyncio.run(asyncio.wait_for(main(), 60))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000, f"not a real screenshot ({len(data)} bytes)"
