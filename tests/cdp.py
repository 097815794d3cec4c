"""A very small Chrome DevTools Protocol client over aiohttp: open a page in headless
Chromium, type keys, take a screenshot. Used by the browser test (no Playwright needed)."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any, cast

import aiohttp

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KEYS = {
    "enter": ("Enter", 13, "\r"),
    "escape": ("Escape", 27, "\x1b"),
    "tab": ("Tab", 9, "\t"),
    "down": ("ArrowDown", 40, ""),
    "up": ("ArrowUp", 38, ""),
    "right": ("ArrowRight", 39, ""),
    "left": ("ArrowLeft", 37, ""),
    "home": ("Home", 36, ""),
}


class Browser:
    """`async with Browser(chromium, port, profile) as b:` a headless Chromium, killed on exit."""

    def __init__(self, chromium: str, port: int, profile: Path, size: tuple[int, int] = (1200, 800)):
        self.cmd = [
            chromium,
            *FLAGS,
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            "about:blank",
        ]
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None
        self.http: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Browser:
        self.proc = subprocess.Popen(
            self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.http is not None:
            await self.http.close()
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(10)

    async def page(self, seconds: float = 20) -> Page:
        assert self.http is not None
        deadline = time.monotonic() + seconds
        while True:
            try:
                async with self.http.get(f"http://127.0.0.1:{self.port}/json/list") as r:
                    pages = [t for t in await r.json() if t.get("type") == "page"]
                if pages:
                    ws = await self.http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
                    return Page(ws, pages[0]["id"])
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("chromium's DevTools did not come up")
            await asyncio.sleep(0.2)

    async def new_tab(self) -> Page:
        """Open another tab (same profile: same cookies)."""
        assert self.http is not None
        async with self.http.put(f"http://127.0.0.1:{self.port}/json/new?about:blank") as r:
            target = await r.json()
        ws = await self.http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0)
        return Page(ws, target["id"])

    async def close_tab(self, page: Page) -> None:
        """Close a tab as a trainee would: its connections drop."""
        assert self.http is not None
        await page.ws.close()
        async with self.http.get(f"http://127.0.0.1:{self.port}/json/close/{page.target}") as r:
            await r.read()


class Page:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse, target: str = ""):
        self.ws = ws
        self.target = target
        self.ids = itertools.count(1)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        mid = next(self.ids)
        await self.ws.send_str(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            msg = await asyncio.wait_for(self.ws.receive(), 30)
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"DevTools connection closed ({msg.type})")
            data = cast(dict[str, Any], json.loads(msg.data))
            if data.get("id") == mid:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                result: dict[str, Any] = data.get("result", {})
                return result

    async def eval(self, expression: str) -> Any:
        r = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return r.get("result", {}).get("value")

    async def goto(self, url: str) -> None:
        await self.send("Page.enable")
        await self.send("Page.navigate", url=url)

    async def wait_for(self, expression: str, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while not await self.eval(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{expression!r} stayed false for {seconds} s")
            await asyncio.sleep(0.2)

    async def click(self, x: int, y: int) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    async def key(self, name: str) -> None:
        """One key: a name from KEYS, or a single character."""
        if name in KEYS:
            key, code, text = KEYS[name]
            params: dict[str, Any] = {"key": key, "code": key, "windowsVirtualKeyCode": code}
            if text:
                params["text"] = text
            await self.send("Input.dispatchKeyEvent", type="keyDown", **params)
            await self.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=key, windowsVirtualKeyCode=code)
        else:
            await self.send("Input.dispatchKeyEvent", type="keyDown", key=name, text=name)
            await self.send("Input.dispatchKeyEvent", type="keyUp", key=name)

    async def type(self, text: str) -> None:
        for ch in text:
            await self.key(ch)

    async def screenshot(self, path: Path) -> None:
        r = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(r["data"]))
