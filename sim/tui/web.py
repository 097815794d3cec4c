"""`ladder serve`: the terminal game in a browser, with textual-serve.

Each browser session runs its own `python -m sim play --ask-name ...` process (textual-serve
starts one per websocket), so every participant plays their own game and is asked their
name. At most `max_sessions` run at once: one more gets a short message in the browser
and no process. No Textual import here (textual-serve only talks to the process).
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from typing import Any

from textual_serve.server import Server

FULL = ("\x1b[2J\x1b[H\r\n  Commitment Ladder: this game server is full ({n} of {n} sessions are playing).\r\n\r\n"
        "  Please try again in a few minutes, or ask your facilitator.\r\n")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def play_command(workshop: str | None = None, data_dir: str | None = None) -> str:
    """The command each browser session runs: the game, asking the participant's name."""
    args = [sys.executable, "-m", "sim", "play", "--ask-name"]
    if workshop:
        args += ["--workshop", workshop]
    if data_dir:
        args += ["--data-dir", data_dir]
    return " ".join(shlex.quote(a) for a in args)


class LadderServer(Server):
    """textual-serve's Server with a cap on concurrent sessions and URLs that follow the request's host."""

    def __init__(self, command: str, *, host: str, port: int, max_sessions: int, public_url: str | None = None):
        super().__init__(command, host=host, port=port, title="Commitment Ladder", public_url=public_url)
        self.fixed_url = public_url is not None
        self.max_sessions = max_sessions
        self.active = 0

    async def handle_index(self, request: Any) -> Any:
        if not self.fixed_url:  # the page's websocket URL uses the host the browser asked for
            self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: Any) -> Any:
        if self.active >= self.max_sessions:
            return await self._refuse(request)
        self.active += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.active -= 1

    async def _refuse(self, request: Any) -> Any:
        from aiohttp import web

        ws = web.WebSocketResponse(heartbeat=15)
        await ws.prepare(request)
        await ws.send_bytes(FULL.format(n=self.max_sessions).encode("utf-8"))
        async for _ in ws:  # keep the message up until the browser leaves
            pass
        return ws

    async def on_startup(self, app: Any) -> None:
        self.console.print(f"Commitment Ladder: open http://{self.host}:{self.port}/ in a browser "
                           f"(at most {self.max_sessions} sessions at once). Ctrl-C to stop.", highlight=False)
