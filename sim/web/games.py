"""The game processes of a web server: started, counted, capped, stopped, never left behind.

Each game runs in its own session (`start_new_session`), so its whole process group can be
signalled. A slot is taken before a game starts and given back only once the process has
exited and been reaped, so the cap counts processes, not sockets. Stopping a game asks it to
quit, then terminates its group after a grace period, then kills it. `kill_all_now` is the
synchronous last resort for atexit and signal handlers.

With `preload` (the default where fork exists), games are forked by a warm fork server
(`sim.web.forked`, `sim.web.forkserver`) that has already imported Textual, the game and its
scenarios: a session starts in a fraction of the time and shares most of its memory. A game the
fork server cannot start (not ready yet, gone) is spawned as a fresh process, as without preload.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import signal
import socket
from collections.abc import Sequence
from typing import Protocol

from sim.web.forked import ForkClient

log = logging.getLogger("ladder.serve")
QUIT_GRACE = 2.0  # seconds a game has to quit after it was asked to
TERM_GRACE = 3.0  # seconds between SIGTERM and SIGKILL


class GameProcess(Protocol):
    """What the pool and textual-serve use of a game: an asyncio Process or a `ForkedGame`."""

    stdin: asyncio.StreamWriter | None
    stdout: asyncio.StreamReader | None
    stderr: asyncio.StreamReader | None

    @property
    def pid(self) -> int: ...

    @property
    def returncode(self) -> int | None: ...

    async def wait(self) -> int: ...


def can_preload() -> bool:
    """Forking a warm process needs fork, SCM_RIGHTS and SOCK_SEQPACKET (Linux, the BSDs)."""
    return hasattr(os, "fork") and hasattr(socket, "send_fds") and hasattr(socket, "SOCK_SEQPACKET")


def _signal_group(process: GameProcess, sig: int) -> None:
    if process.returncode is not None:
        return
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(process.pid, sig)
        except ProcessLookupError:
            pass


class GamePool:
    """At most `limit` game processes at once; every one of them stopped when the server stops."""

    def __init__(self, limit: int, preload: bool = True):
        self.limit = limit
        self.reserved = 0  # slots taken: games running, starting or being stopped
        self.processes: set[GameProcess] = set()
        self.preload = preload and can_preload()
        self.forks: ForkClient | None = None
        atexit.register(self.kill_all_now)

    def warm(self, env: dict[str, str]) -> None:
        """Start the fork server now (with the environment every session shares), so that the
        first session is forked warm too; does nothing without preload or if already started."""
        if self.preload and self.forks is None:
            self.forks = ForkClient(env)

    @property
    def running(self) -> int:
        return sum(1 for p in self.processes if p.returncode is None)

    def reserve(self) -> bool:
        """Take a slot for a game about to start; False if the server is full."""
        if self.reserved >= self.limit:
            return False
        self.reserved += 1
        return True

    def release(self) -> None:
        """Give back a slot whose game never started."""
        self.reserved = max(0, self.reserved - 1)

    async def spawn(self, argv: Sequence[str], env: dict[str, str]) -> GameProcess:
        """Start a game (in a slot taken with `reserve`) in its own process group: forked by the
        fork server (argv[1:3] is `-m sim.web.child`, run in the fork there), or spawned."""
        self.warm(env)
        if self.forks is not None and list(argv[1:3]) == ["-m", "sim.web.child"]:
            forked = await self.forks.spawn(list(argv[3:]), env)
            if forked is not None:
                self.processes.add(forked)
                return forked
            log.warning(
                "the fork server could not start a game (%s): starting it as a new process", self.forks.last_error
            )
        process: GameProcess = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        self.processes.add(process)
        return process

    async def retire(self, process: GameProcess, asked_to_quit: bool = True) -> None:
        """Wait for a game asked to quit; terminate, then kill its group if it lingers; free its slot."""
        try:
            grace = QUIT_GRACE if asked_to_quit else 0.0
            for sig, wait in ((None, grace), (signal.SIGTERM, TERM_GRACE), (signal.SIGKILL, None)):
                if sig is not None:
                    _signal_group(process, sig)
                try:
                    await asyncio.wait_for(process.wait(), wait)
                    break
                except TimeoutError:
                    continue
            _signal_group(process, signal.SIGKILL)  # anything the game left in its group
        finally:
            if process in self.processes:
                self.processes.discard(process)
                self.release()

    async def stop_all(self) -> None:
        """Terminate every game (they save and quit on SIGTERM), kill what is left after a grace period."""
        await asyncio.gather(
            *(self.retire(p, asked_to_quit=False) for p in list(self.processes)), return_exceptions=True
        )

    def kill_all_now(self) -> None:
        """Kill every game's process group at once, and stop the fork server (for atexit: no
        event loop needed)."""
        for process in list(self.processes):
            _signal_group(process, signal.SIGKILL)
        self.close_forks()

    def close_forks(self) -> None:
        """Close the fork server's socket (it stops its games and exits) and wait for it."""
        if self.forks is not None:
            forks, self.forks = self.forks, None
            forks.close()
            forks.wait_closed(10.0)
