"""The room in a real browser (Debian's Chromium over the DevTools protocol): a trainee joins with
the code, plays a meeting, closes the tab and comes back to the same game; a second browser typing
the same name is refused; the facilitator's board shows the trainee while playing and after."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from tests.roomkit import Room, first_meeting_keys, room
from tests.servekit import free_port

__all__ = ["room"]  # the fixture

# Keeps what the game sends the page, as text without terminal escapes: `window.screenText()`.
SCREEN_LOG = r"""
window.screenLog = "";
const ESCAPES = /\x1b\[[0-9;?$<>=]*[a-zA-Z~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-B]/g;
window.screenText = () => window.screenLog.replace(ESCAPES, "");
const NativeSocket = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const ws = protocols === undefined ? new NativeSocket(url) : new NativeSocket(url, protocols);
  ws.addEventListener("message", async (event) => {
    const data = event.data;
    if (typeof data === "string") window.screenLog += data;
    else if (data instanceof Blob) window.screenLog += await data.text();
    else window.screenLog += new TextDecoder().decode(data);
  });
  return ws;
};
window.WebSocket.prototype = NativeSocket.prototype;
Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
"""
NAMES = {"\t": "tab", "\r": "enter", "\x1b": "escape", "\x1b[B": "down", "\x1b[A": "up"}


def _chromium() -> str:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium not installed (Debian package chromium)")
    return chromium


def test_join_play_resume_refuse_and_the_board_in_a_real_browser(room: Room, tmp_path: Path) -> None:
    from tests.cdp import Browser, Page

    chromium, url = _chromium(), room.served.url

    async def screen(page: Page, want: str, seconds: float = 30) -> None:
        await page.wait_for(f"window.screenText && window.screenText().includes({json.dumps(want)})", seconds)

    async def keys(page: Page, *pressed: str) -> None:
        for key in pressed:
            await page.key(NAMES.get(key, key))
            await asyncio.sleep(0.15)

    async def text(page: Page) -> str:
        return str(await page.eval("document.body.innerText"))

    async def main() -> None:
        async with (
            Browser(chromium, free_port(), tmp_path / "ann") as ann,
            Browser(chromium, free_port(), tmp_path / "other") as other,
            Browser(chromium, free_port(), tmp_path / "facilitator") as front,
        ):
            board = await front.page()
            await board.goto(f"{url}facilitator/key/{room.key}")
            await board.wait_for("location.pathname === '/facilitator/'", 20)  # the key left the address bar
            assert room.key not in str(await board.eval("location.href"))

            tab = await ann.page()
            await tab.send("Page.enable")
            await tab.send("Page.addScriptToEvaluateOnNewDocument", source=SCREEN_LOG)
            await tab.goto(url)
            await tab.wait_for("document.activeElement && document.activeElement.id === 'code'", 20)
            await tab.type(room.code.lower())  # typed as read off the board; no click needed
            await keys(tab, "\t")
            await tab.type("Ann Lee")
            await keys(tab, "\r")
            await screen(tab, "First Rung")  # the workshop's deal
            await keys(tab, "\r")  # briefing -> deal room
            await screen(tab, "Walk away")
            await keys(tab, *first_meeting_keys())
            await screen(tab, "Continue")
            await keys(tab, "\r")
            await board.goto(f"{url}facilitator/")
            await board.wait_for("document.body.innerText.includes('playing, week 2')", 20)
            assert "Ann Lee" in await text(board)

            await ann.close_tab(tab)  # the trainee closes the tab, then opens the address again
            tab = await ann.new_tab()
            await tab.send("Page.enable")
            await tab.send("Page.addScriptToEvaluateOnNewDocument", source=SCREEN_LOG)
            await tab.goto(url)
            await screen(tab, "Resume")  # straight back to the saved game: no join form
            assert await tab.eval("document.getElementById('name')") is None

            intruder = await other.page()
            await intruder.goto(url)
            await intruder.wait_for("document.activeElement && document.activeElement.id === 'code'", 20)
            await intruder.type(room.code)
            await keys(intruder, "\t")
            await intruder.type("ann lee")
            await keys(intruder, "\r")
            await intruder.wait_for("document.body.innerText.includes('already joined as')", 20)
            assert "hand your game over" in await text(intruder)

            await keys(tab, "r")  # resume, then walk away: the game ends and is recorded
            await screen(tab, "Walk away")
            await keys(tab, "x")
            await asyncio.sleep(0.5)
            await keys(tab, "y")
            await board.goto(f"{url}facilitator/")
            await board.wait_for("document.body.innerText.includes('finished')", 30)
            fetched = await board.send(
                "Runtime.evaluate",
                expression=f"fetch('{url}facilitator/export.json').then(r => r.json())",
                awaitPromise=True,
                returnByValue=True,
            )
            games = fetched["result"]["value"]["games"]
            assert [len(g["run"]["actions"]) for g in games] == [
                2
            ]  # the meeting before the tab closed, and the walk away after

    asyncio.run(asyncio.wait_for(main(), 180))
