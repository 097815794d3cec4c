"""The web server's side of the fork server (`sim.web.forkserver`): start it, ask it for games,
and hand each game to `GamePool` and textual-serve as a process-like object.

`ForkClient` starts the fork server with `subprocess` (the web server is never forked), sends
it the preload environment, and reads its answers on the event loop. `spawn` makes the game's
three pipes, sends their far ends with the request and returns a `ForkedGame` (pid, returncode,
`wait()`, stdin as an asyncio `StreamWriter`, stdout and stderr as `StreamReader`s, as an
`asyncio.subprocess.Process` has), or None when the fork server cannot start that game (not
ready, gone, or the session's Textual settings differ), and the pool then spawns it itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
from typing import Any

from sim.web.procenv import with_room

REPLY_TIMEOUT = 10.0  # seconds to wait for the fork server's pid (it may still be preloading)
SIZE_KEYS = ("COLUMNS", "ROWS", "LINES")
ORPHAN_GRACE = 3.0  # seconds a game whose fork server died has to quit before it is killed


def kill_group(pid: int, sig: int) -> None:
    """Signal a game's process group (it called setsid), if it is still there."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


class ForkedGame:
    """A game forked by the fork server, with what `GamePool` and textual-serve use of a Process."""

    def __init__(
        self, pid: int, stdin: asyncio.StreamWriter, stdout: asyncio.StreamReader, stderr: asyncio.StreamReader
    ):
        self.pid = pid
        self.stdin: asyncio.StreamWriter | None = stdin
        self.stdout: asyncio.StreamReader | None = stdout
        self.stderr: asyncio.StreamReader | None = stderr
        self._returncode: int | None = None
        self._done = asyncio.Event()

    @property
    def returncode(self) -> int | None:
        return self._returncode

    async def wait(self) -> int:
        await self._done.wait()
        assert self._returncode is not None
        return self._returncode

    def exited(self, code: int) -> None:
        if self._returncode is None:
            self._returncode = code
            self._done.set()
            if self.stdin is not None:
                self.stdin.close()


async def _reader(fd: int) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**16)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", 0))
    return reader


async def _writer(fd: int) -> asyncio.StreamWriter:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, os.fdopen(fd, "wb", 0))
    return asyncio.StreamWriter(transport, protocol, None, loop)


class ForkClient:
    """One fork server for one web server; usable from the event loop that first calls `spawn`."""

    def __init__(self, preload_env: dict[str, str]):
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with theirs:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sim.web.forkserver", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=with_room(dict(os.environ)),
            )
        preload = {k: v for k, v in preload_env.items() if k not in SIZE_KEYS}
        self.sock.sendall(json.dumps({"preload": preload}).encode("utf-8"))
        self.sock.setblocking(False)
        self.alive, self.ready = True, False
        self.ids = itertools.count(1)
        self.replies: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.games: dict[int, ForkedGame] = {}
        self.early_exits: dict[int, int] = {}  # games that ended before their ForkedGame was made
        self.abandoned: set[int] = set()  # games forked too late, killed on arrival
        self.loop: asyncio.AbstractEventLoop | None = None
        self.last_error = ""  # why the last `spawn` returned None

    def _attach(self) -> None:
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
            self.loop.add_reader(self.sock.fileno(), self._on_readable)

    def _on_readable(self) -> None:
        while True:
            try:
                data = self.sock.recv(1 << 16)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                data = b""
            if not data:
                self._lost()
                return
            self._handle(json.loads(data))

    def _handle(self, message: dict[str, Any]) -> None:
        if message.get("ready"):
            self.ready = True
        elif "exit" in message:
            pid, code = int(message["exit"]), int(message["code"])
            game = self.games.pop(pid, None)
            if pid in self.abandoned:
                self.abandoned.discard(pid)
            elif game is None:
                self.early_exits[pid] = code
            else:
                game.exited(code)
        elif "id" in message:
            future = self.replies.pop(int(message["id"]), None)
            if future is not None and not future.done():
                future.set_result(message)
            elif "pid" in message:  # forked after we gave up waiting (and spawned it): nobody talks to it
                self.abandoned.add(int(message["pid"]))
                kill_group(int(message["pid"]), signal.SIGKILL)

    def _lost(self) -> None:
        """The fork server is gone: its games are orphans now (they cannot be waited for): ask them
        to quit (they save on SIGTERM), kill their groups after a grace period."""
        self.alive = False
        self.proc.poll()  # reap it, if it has ended
        if self.loop is not None:
            self.loop.remove_reader(self.sock.fileno())
        for future in self.replies.values():
            if not future.done():
                future.set_result({"error": "the fork server is gone"})
        for pid, game in list(self.games.items()):
            kill_group(pid, signal.SIGTERM)
            if self.loop is not None:
                self.loop.call_later(ORPHAN_GRACE, kill_group, pid, signal.SIGKILL)
            game.exited(-signal.SIGTERM)
        self.games.clear()

    async def spawn(self, argv: list[str], env: dict[str, str]) -> ForkedGame | None:
        """Fork a game with this argv and environment, or None if the fork server cannot."""
        if not self.alive:
            self.last_error = "the fork server is gone"
            return None
        self._attach()
        ident = next(self.ids)
        ours: list[int] = []  # stdin's write end, stdout's and stderr's read ends
        theirs: list[int] = []
        for _ in range(3):
            r, w = os.pipe()
            ours.append(w if not ours else r)  # stdin: we write; stdout, stderr: we read
            theirs.append(r if not theirs else w)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.replies[ident] = future
        try:
            request = json.dumps({"id": ident, "argv": list(argv), "env": env}).encode("utf-8")
            await self._send(request, theirs)
            reply = await asyncio.wait_for(future, REPLY_TIMEOUT)
        except (OSError, TimeoutError):
            reply = {"error": "no answer"}
        finally:
            self.replies.pop(ident, None)
            for fd in theirs:
                os.close(fd)
        if "pid" not in reply:
            self.last_error = str(reply.get("error", "no pid"))
            for fd in ours:
                os.close(fd)
            return None
        pid = int(reply["pid"])
        game = ForkedGame(pid, await _writer(ours[0]), await _reader(ours[1]), await _reader(ours[2]))
        self._adopt(game)
        return game

    def _adopt(self, game: ForkedGame) -> None:
        """Follow a new game's exit (it may already have been reported, or the fork server lost)."""
        if game.pid in self.early_exits:
            game.exited(self.early_exits.pop(game.pid))
        elif self.alive:
            self.games[game.pid] = game
        else:
            game.exited(-signal.SIGKILL)

    async def _send(self, request: bytes, fds: list[int]) -> None:
        for _ in range(200):
            try:
                socket.send_fds(self.sock, [request], fds)
                return
            except BlockingIOError:
                await asyncio.sleep(0.01)
        raise OSError("the fork server does not take requests")

    def close(self) -> None:
        """Close our end: the fork server stops its games and exits (synchronous, for atexit too)."""
        if self.loop is not None and self.alive:
            with contextlib.suppress(Exception):
                self.loop.remove_reader(self.sock.fileno())
        self.alive = False
        self.sock.close()

    def wait_closed(self, seconds: float) -> None:
        try:
            self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
