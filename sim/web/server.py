"""The web server of `ladder serve`: textual-serve's page and terminal protocol, with guards.

`LadderServer` keeps textual-serve's index page, static files and terminal protocol, and adds:
every request's Host (and a WebSocket's Origin) checked against a `HostGuard` (403 otherwise);
one game process per session, at most `max_sessions` processes (counted until reaped, see
`GamePool`); a game whose socket is gone is stopped; the size a browser asks for is clamped;
on SIGINT/SIGTERM/SIGHUP, or any exit, every game is stopped; the URL is printed only once the
socket is bound, as the room's LAN addresses (accepted by the guard) and a QR code; HTTPS with an
`ssl.SSLContext`; the page is a local copy of textual-serve's (`templates/`), loading nothing from
another host. No Textual import here (textual-serve only talks to the processes).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shlex
import signal
import ssl
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from sim.common.errors import LadderError
from sim.store.room import new_facilitator_key
from sim.web import join
from sim.web.facilitator import FacilitatorPages
from sim.web.games import GamePool
from sim.web.guard import HostGuard, clamp_size
from sim.web.join import RoomConfig

if TYPE_CHECKING:
    from sim.store.room import Claim
from sim.web.room import qr_text, reachable, room_hosts, url_for

log = logging.getLogger("ladder.serve")
FULL = (
    "\x1b[2J\x1b[H\r\n  Commitment Ladder: this game server is full ({n} of {n} sessions are playing).\r\n\r\n"
    "  Please try again in a few minutes, or ask your facilitator.\r\n"
)
HEARTBEAT = 10.0  # seconds; a browser that stops answering pings is treated as gone
CLAIM_CHECK = 3.0  # seconds between checks that a session's browser still holds its claim
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
TEMPLATES = Path(__file__).parent / "templates"  # textual-serve's page, with no font from another host; ours
STATIC = Path(__file__).parent / "static"  # the room pages' stylesheet
REJOIN = (
    "\x1b[2J\x1b[H\r\n  Commitment Ladder: this browser has not joined this room.\r\n\r\n"
    "  Reload the page to join with the code and your name.\r\n"
)
CLOSED = "\x1b[2J\x1b[H\r\n  Commitment Ladder: the facilitator has closed this workshop.\r\n"


def play_argv(workshop: str | None = None, data_dir: str | None = None, name: str | None = None) -> list[str]:
    """The command a browser session runs: the game of the trainee who joined as `name` (the
    workshop's scenario and seed with `workshop`); without a name, the game asks for one."""
    args = [sys.executable, "-m", "sim.web.child", "play"]
    args += ["--name", name] if name else ["--ask-name"]
    if workshop:
        args += ["--workshop", workshop]
    if data_dir:
        args += ["--data-dir", data_dir]
    return args


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class GameService(AppService):
    """textual-serve's AppService, started through a `GamePool` (no shell, own process group)."""

    def __init__(self, argv: Sequence[str], pool: GamePool, **kwargs: Any):
        super().__init__(shlex.join(argv), **kwargs)
        self.argv, self.pool = list(argv), pool

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env: dict[str, str] = super()._build_environment(width, height)
        env["LINES"] = str(height)
        return env

    @classmethod
    def shared_environment(cls, pool: GamePool, debug: bool) -> dict[str, str]:
        """The environment every session gets, its size aside (the fork server preloads with it)."""

        async def nothing(*_: Any) -> None:
            return None

        probe = cls([], pool, write_bytes=nothing, write_str=nothing, close=nothing, download_manager=None, debug=debug)
        return probe.environment()

    def environment(self) -> dict[str, str]:
        return self._build_environment()

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        process: Any = await self.pool.spawn(self.argv, self._build_environment(width, height))
        self._process = process
        self._stdin = process.stdin
        return process

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*clamp_size(width, height))

    async def shutdown(self) -> None:
        """Ask the game to quit, make sure its process is gone, free its slot."""
        process = self._process
        if process is None:
            self.pool.release()
            return
        asked = False
        if process.returncode is None and self._stdin is not None:
            with contextlib.suppress(Exception):
                asked = await asyncio.wait_for(self.send_meta({"type": "quit"}), 1.0)
        await self.pool.retire(process, asked_to_quit=bool(asked))
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None


class LadderServer(Server):
    """textual-serve's Server with the guards above; `run()` serves until a signal arrives."""

    def __init__(
        self,
        make_argv: Callable[[str], list[str]],
        *,
        room: RoomConfig,
        host: str,
        port: int,
        max_sessions: int,
        public_url: str | None = None,
        allow_hosts: Sequence[str] = (),
        ssl_context: ssl.SSLContext | None = None,
        lan: list[str] | None = None,
        preload: bool = True,
    ):
        super().__init__(
            shlex.join(make_argv("NAME")),
            host=host,
            port=port,
            title="Commitment Ladder",
            public_url=public_url,
            templates_path=TEMPLATES,
        )
        self.make_argv = make_argv  # a joined trainee's name -> the command of their game
        self.room = room
        self.facilitator_key: str | None = None  # made at start, printed once, never logged
        self.ssl_context = ssl_context
        self.room_hosts = room_hosts(host, lan)  # the addresses printed are addresses the guard accepts
        allow_hosts = [*allow_hosts, *self.room_hosts]
        self.fixed_url = public_url is not None
        self.max_sessions = max_sessions
        self.pool = GamePool(max_sessions, preload=preload)  # preload: games forked warm
        self.guard = HostGuard(host, allow_hosts, public_url)
        self._closing: set[asyncio.Task[None]] = set()

    @web.middleware
    async def check_host(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """403 unless the Host (and the Origin, if the browser sent one) names this server."""
        if not self.guard.host_ok(request.headers.get("Host")):
            return web.Response(status=403, text="Forbidden: this server does not answer to that host name.\n")
        if not self.guard.origin_ok(request.headers.get("Origin")):
            return web.Response(status=403, text="Forbidden: requests from other sites are not allowed.\n")
        return await handler(request)

    async def _make_app(self) -> web.Application:
        app: web.Application = await super()._make_app()
        app.middlewares.append(self.check_host)
        app.add_routes(
            [
                web.post("/join", lambda request: join.post_join(self.room, request)),
                web.static("/room-static", STATIC),
                *FacilitatorPages(self.room, self.url()).routes(),
            ]
        )
        return app

    async def handle_index(self, request: web.Request) -> Any:
        """The game for a browser that joined this room, else the join page."""
        return await join.index(self.room, request, self._game_page)

    async def _game_page(self, request: web.Request) -> Any:
        if not self.fixed_url:  # the page's websocket URL uses the (checked) host the browser asked for
            self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One game process per socket, within the cap, for a browser that joined; the game is stopped
        when the socket goes. A second socket of the same trainee closes the first (the newest tab wins)."""
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        claim = await join.claim_of(self.room, request)
        shown = await join.room_now(self.room)
        if claim is None or (shown is not None and not shown.playable):
            return await self._refuse(request, REJOIN if claim is None else CLOSED)
        who = (claim.workshop, claim.key)
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT)
        live = await self.room.sessions.take(who, websocket.close)
        if not self.pool.reserve():
            self.room.sessions.finished(who, live)
            return await self._refuse(request, FULL.format(n=self.max_sessions))
        service: GameService | None = None
        try:
            await websocket.prepare(request)
            service = GameService(
                self.make_argv(claim.name),
                self.pool,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            watch = asyncio.ensure_future(self._watch_claim(request, claim, websocket))
            try:
                await self._process_messages(websocket, service)
            finally:
                watch.cancel()
        except (OSError, RuntimeError, ValueError) as error:  # a failed start, a broken socket
            log.warning("session ended: %s", error)
        finally:
            await self._stop(service)
            self.room.sessions.finished(who, live)
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

    async def _watch_claim(self, request: web.Request, claim: Claim, websocket: web.WebSocketResponse) -> None:
        """Close the session once its browser no longer holds the claim (handed over, or the room closed),
        whichever server of the room the facilitator used: the store is the one place that knows."""
        while not websocket.closed:
            await asyncio.sleep(CLAIM_CHECK)
            try:
                holds = await join.still_holds(self.room, request, claim)
            except LadderError as error:  # the store is busy or away: check again later
                log.warning("cannot check a session's claim: %s", error)
                continue
            if not holds:
                await websocket.close()
                return

    async def _stop(self, service: GameService | None) -> None:
        """Stop a session's game, even if this handler is being cancelled (the stop runs on)."""
        if service is None:
            self.pool.release()
            return
        task = asyncio.ensure_future(service.shutdown())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(task)

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """textual-serve's message loop, ignoring malformed messages and clamping resizes."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif (
                kind == "resize"
                and isinstance(data, dict)
                and _is_int(data.get("width"))
                and _is_int(data.get("height"))
            ):
                await app_service.set_terminal_size(*clamp_size(data["width"], data["height"]))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def _refuse(self, request: web.Request, text: str) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT)
        await ws.prepare(request)
        await ws.send_bytes(text.encode("utf-8"))
        async for _ in ws:  # keep the message up until the browser leaves
            pass
        return ws

    async def on_startup(self, app: web.Application) -> None:
        """Nothing printed here: the socket is not bound yet (see `run`)."""

    def urls(self) -> list[str]:
        """The URLs to give trainees: --public-url, else each address of the room (never 0.0.0.0)."""
        if self.fixed_url and self.public_url:
            return [self.public_url]
        scheme = "https" if self.ssl_context is not None else "http"
        return [url_for(host, self.port, scheme) for host in self.room_hosts]

    def url(self) -> str:
        return self.urls()[0]

    def announcement(self) -> list[str]:
        """What `run` prints once the socket is bound: where to go, then a QR code of the first URL."""
        games = "1 game" if self.max_sessions == 1 else f"{self.max_sessions} games"
        urls = self.urls()
        lines = [f"Commitment Ladder: open {urls[0]} in a browser (at most {games} at once). Ctrl-C to stop."]
        lines += [f"  also: {url}" for url in urls[1:]]
        lines.append(f"  answers to {self.guard.describe()}")
        if reachable(urls[0]):
            lines += ["", qr_text(urls[0])]
        if self.room.workshop is not None:
            lines += ["", f"Workshop {self.room.title}: join code {self.room.workshop}"]
            if self.facilitator_key is not None:
                link = f"{urls[0].rstrip('/')}/facilitator/key/{self.facilitator_key}"
                lines.append(f"Facilitator (keep it to yourself; do not project): {link}")
        return lines

    async def run(self, announce: Callable[[str], None] = print) -> None:
        """Bind (OSError if that fails, before anything is printed), announce, serve until a signal."""
        self.initialize_logging()
        # textual-serve logs at INFO; the debrief page replays games, and `transitions` would print a
        # line per state change, scrolling the facilitator link off the terminal
        logging.getLogger("transitions").setLevel(logging.WARNING)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        if self.room.workshop is not None:
            code = self.room.workshop
            self.facilitator_key = await self.room.store.call(lambda s: new_facilitator_key(s, code))
        # no access log: a facilitator link in a request line must never reach a log
        runner = web.AppRunner(await self._make_app(), handle_signals=False, shutdown_timeout=5.0, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port, ssl_context=self.ssl_context).start()
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, stop.set)
            self.pool.warm(GameService.shared_environment(self.pool, self.debug))
            for line in self.announcement():
                announce(line)
            await stop.wait()
        finally:
            await self.pool.stop_all()  # every game, before the sockets close
            await runner.cleanup()
            await asyncio.gather(*self._closing, return_exceptions=True)
            self.pool.kill_all_now()
            await asyncio.get_running_loop().run_in_executor(None, self.room.store.close)
