"""The game processes of a web server: started, counted, capped, stopped, never left behind.

Each game runs in its own session (`start_new_session`), so its whole process group can be
signalled. A slot is taken before a game starts and given back only once the process has
exited and been reaped, so the cap counts processes, not sockets. Stopping a game asks it to
quit, then terminates its group after a grace period, then kills it. `kill_all_now` is the
synchronous last resort for atexit and signal handlers.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import signal
from asyncio.subprocess import Process
from collections.abc import Sequence

QUIT_GRACE = 2.0  # seconds a game has to quit after it was asked to
TERM_GRACE = 3.0  # seconds between SIGTERM and SIGKILL


def _signal_group(process: Process, sig: int) -> None:
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

    def __init__(self, limit: int):
        self.limit = limit
        self.reserved = 0  # slots taken: games running, starting or being stopped
        self.processes: set[Process] = set()
        atexit.register(self.kill_all_now)

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

    async def spawn(self, argv: Sequence[str], env: dict[str, str]) -> Process:
        """Start a game (in a slot taken with `reserve`) in its own process group."""
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        self.processes.add(process)
        return process

    async def retire(self, process: Process, asked_to_quit: bool = True) -> None:
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
        """Kill every game's process group at once (for atexit: no event loop needed)."""
        for process in list(self.processes):
            _signal_group(process, signal.SIGKILL)
