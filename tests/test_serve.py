"""`ladder serve`: the game in a browser (textual-serve). Every server runs in its own process
group and is killed at the end of its test; every wait is bounded."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.servekit import TITLE, Served, client, join, serve
from tests.servekit import free_port as _free_port
from tests.servekit import screen_text as _screen_text


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    yield from serve(tmp_path)


def test_the_page_and_its_websocket_show_the_title_screen(served: Served) -> None:
    async def main() -> None:
        async with client() as http:
            async with http.get(served.url) as page:  # not joined yet: the join page, its name field focused
                assert page.status == 200
                html = await page.text()
            assert 'action="/join"' in html and "autofocus" in html and "/ws" not in html
            await join(http, served.url, "Ann Lee")
            async with http.get(served.url) as page:
                html = await page.text()
            assert "Commitment Ladder" in html and f"ws://127.0.0.1:{served.port}/ws" in html
            async with http.ws_connect(f"ws://127.0.0.1:{served.port}/ws?width=100&height=30") as ws:
                await ws.send_json(["resize", {"width": 100, "height": 30}])
                text = await _screen_text(ws, TITLE)
                text += await _screen_text(ws, "Ann Lee")  # the name given when joining; not asked again
                assert TITLE in text
                await ws.close()

    asyncio.run(main())


def test_sessions_beyond_the_maximum_get_a_message(tmp_path: Path) -> None:
    async def main(port: int) -> None:
        async with client() as http:
            url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
            await join(http, f"http://127.0.0.1:{port}/", "First")
            async with http.ws_connect(url) as first:
                await first.send_json(["resize", {"width": 100, "height": 30}])
                await _screen_text(first, TITLE)
                await join(http, f"http://127.0.0.1:{port}/", "Second")
                async with http.ws_connect(url) as second:
                    assert "server is full (1 of 1" in await _screen_text(second, "server is full", 10)

    for s in serve(tmp_path, "--max-sessions", "1"):
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
    waits for the game's first bytes in real time), join with a name, and take a screenshot."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium not installed (Debian package chromium)")
    from tests.cdp import Browser

    shot = tmp_path / "shot.png"

    async def main() -> None:
        async with Browser(chromium, _free_port(), tmp_path / "chromium") as browser:
            page = await browser.page()
            await page.goto(served.url)
            await page.wait_for("document.activeElement && document.activeElement.id === 'name'", 20)
            await page.type("Ann")  # the join page's name field has the focus
            await page.key("enter")
            await page.wait_for("document.body.classList.contains('-first-byte')", 30)  # the game is drawing
            await asyncio.sleep(1.5)
            await asyncio.sleep(1)
            await page.screenshot(shot)

    asyncio.run(asyncio.wait_for(main(), 60))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000, f"not a real screenshot ({len(data)} bytes)"
