"""A browser session as `ladder bench` opens it: GET /, join if the page has a join form (POST
/join with a name and the workshop code, keeping the cookie), then the terminal websocket, read
until the game's title shows."""

from __future__ import annotations

import asyncio
import re
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp

ANSI = re.compile(r"\x1b\[[0-9;?$]*[a-zA-Z]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b[=>]")
TITLE = "C O M M I T M E N T"  # the title screen's banner
WIDTH, HEIGHT = 100, 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Session:
    ws: aiohttp.ClientWebSocketResponse
    opened: float  # perf_counter when /ws was asked for


def _join_fields(html: str, name: str, code: str) -> dict[str, str] | None:
    """The join form's fields, or None if the page has no join form."""
    if not re.search(r"<form[^>]*action=[\"']/join[\"']", html):
        return None
    return {"name": name, "code": code}


@asynccontextmanager
async def open_session(base: str, name: str, code: str = "") -> AsyncIterator[Session]:
    """One browser's session (own cookie jar), joined if the server asks, websocket open."""
    jar = aiohttp.CookieJar(unsafe=True)  # cookies from 127.0.0.1 too
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=30)
    async with aiohttp.ClientSession(cookie_jar=jar, timeout=timeout) as http:
        async with http.get(base + "/") as page:
            page.raise_for_status()
            fields = _join_fields(await page.text(), name, code)
        if fields is not None:
            async with http.post(base + "/join", data=fields, allow_redirects=False) as joined:
                if joined.status != 404 and joined.status >= 400:
                    raise RuntimeError(f"POST /join answered {joined.status}")
        ws_url = base.replace("http", "ws", 1) + f"/ws?width={WIDTH}&height={HEIGHT}"
        opened = time.perf_counter()
        async with http.ws_connect(ws_url, heartbeat=None) as ws:
            await ws.send_json(["resize", {"width": WIDTH, "height": HEIGHT}])
            yield Session(ws, opened)
            await ws.close()


async def first_screen(session: Session, seconds: float) -> float:
    """Milliseconds from opening /ws until the title shows (RuntimeError after `seconds` or if it closes)."""
    buf = ""
    deadline = session.opened + seconds
    while TITLE not in ANSI.sub("", buf):
        left = deadline - time.perf_counter()
        if left <= 0:
            raise RuntimeError(f"no first screen within {seconds:.0f} s")
        try:
            msg = await asyncio.wait_for(session.ws.receive(), left)
        except TimeoutError:
            continue
        if msg.type == aiohttp.WSMsgType.BINARY:
            buf = buf[-4096:] + msg.data.decode("utf-8", "replace")
        elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            raise RuntimeError("the websocket closed before the first screen")
    return (time.perf_counter() - session.opened) * 1000


async def drain(session: Session) -> None:
    """Keep reading (so pings are answered) until the socket closes."""
    while not session.ws.closed:
        msg = await session.ws.receive()
        if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            return
