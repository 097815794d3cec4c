"""The fork server: a warm process that forks browser sessions' games (`python -m sim.web.forkserver FD`).

The web server starts it with `subprocess` (it is never a fork of the web server, which runs an
event loop and threads), over one end of a SOCK_SEQPACKET socket pair whose number is FD.
Messages are JSON; the web server sends first `{"preload": ENV}` (the Textual variables every
session has: Textual reads them when it is imported), then `{"id": N, "argv": [...], "env":
{...}}` with the game's stdin, stdout and stderr pipe ends attached (SCM_RIGHTS). This process
sets ENV, imports everything a game needs (`python -m sim.cli.warm`), collects and freezes the
garbage collector's objects (so games do not copy pages by touching them), says `{"ready":
true}`, then forks one game per request and answers `{"id": N, "pid": PID}` (or `{"id": N,
"error": WHY}`, then the web server spawns that game itself); it reaps its games and reports
`{"exit": PID, "code": CODE}`.

A forked game makes its own session (`setsid`: the web server signals its process group), takes
the pipes as fds 0-2 (the numbers the fork server's unused `sys.stdin`/`stdout`/`stderr` wrap,
so those objects serve), takes the session's environment and shows `ladder ARGV` as its command
line (`procenv`), reseeds the `random`
module, and runs `sim.web.child.main` (the parent watchdog, then `ladder ARGV`). This process
starts no thread and opens no database before it forks. When the web server's end of the socket
closes (the server stopped, or was killed) or on SIGTERM, it terminates its games' groups, kills
what is left after a grace period, and exits; SIGINT and SIGHUP (Ctrl-C in the server's terminal,
the terminal closed) are left to the web server, which stops the games itself.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import random
import select
import signal
import socket
import sys
import time
import traceback
from typing import Any

from sim.web.procenv import become, retitle

MAX_MESSAGE = 1 << 20
GRACE = 3.0  # seconds games have to quit on SIGTERM before they are killed
IMPORT_TIME = ("TEXTUAL", "ESCDELAY")  # variables read when Textual is imported: a session must match


def import_time_env(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(IMPORT_TIME)}


class ForkServer:
    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.games: set[int] = set()
        self.stopping = False
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)
        os.set_blocking(self.wake_r, False)
        self.preloaded: dict[str, str] = {}

    def send(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):  # the web server is gone: the loop sees EOF next
            self.sock.send(json.dumps(message).encode("utf-8"))

    def preload(self, env: dict[str, str]) -> None:
        import runpy

        os.environ.update(env)
        self.preloaded = import_time_env(dict(os.environ))  # what Textual will be imported with
        runpy.run_module("sim.cli.warm", run_name="__main__")
        gc.collect()
        gc.freeze()  # every object so far lives on shared pages that the games' collectors never touch

    def run(self) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C and a closed terminal reach the whole group:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # the web server stops the games, then closes the socket
        signal.signal(signal.SIGTERM, self._on_term)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.set_wakeup_fd(self.wake_w)
        try:
            while not self.stopping:
                ready = select.select([self.sock.fileno(), self.wake_r], [], [])[0]
                if self.wake_r in ready:
                    with contextlib.suppress(OSError):
                        os.read(self.wake_r, 4096)
                self.reap()
                if self.sock.fileno() in ready and not self.receive():
                    break
        finally:
            self.stop_games()

    def _on_term(self, *_: object) -> None:
        self.stopping = True

    def receive(self) -> bool:
        """Handle one message; False once the web server's end is closed."""
        try:
            data, fds, _, _ = socket.recv_fds(self.sock, MAX_MESSAGE, 3)
        except InterruptedError:
            return True
        except OSError:
            return False
        if not data:
            return False
        try:
            message = json.loads(data)
            if "preload" in message:
                self.preload(message["preload"])
                self.send({"ready": True})
            else:
                self.start(message, fds)
        finally:
            for fd in fds:
                os.close(fd)
        return True

    def start(self, message: dict[str, Any], fds: list[int]) -> None:
        ident, env = message["id"], message["env"]
        if len(fds) != 3:
            self.send({"id": ident, "error": f"expected 3 pipe ends, got {len(fds)}"})
            return
        if import_time_env(env) != self.preloaded:
            self.send({"id": ident, "error": "this session's Textual settings differ from the preloaded ones"})
            return
        try:
            pid = os.fork()
        except OSError as error:  # out of processes or memory: the web server spawns it, or says why
            self.send({"id": ident, "error": f"fork failed: {error.strerror or error}"})
            return
        if pid == 0:
            self.become_game(message["argv"], env, fds)  # never returns
        self.games.add(pid)
        self.send({"id": ident, "pid": pid})

    def become_game(self, argv: list[str], env: dict[str, str], fds: list[int]) -> None:
        code: Any = 1
        try:
            os.setsid()
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            for fd in (*fds, self.wake_r, self.wake_w, self.sock.fileno()):
                with contextlib.suppress(OSError):
                    os.close(fd)
            signal.set_wakeup_fd(-1)
            for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(sig, signal.SIG_DFL)
            become(env)
            retitle(["ladder", *argv])  # not the fork server's command line, in `ps`
            random.seed()  # the module's state was copied from the fork server (the game has its own RNG)
            from sim.web.child import main

            main(argv)
            code = 0
        except SystemExit as done:
            code = done.code
        except BaseException:
            traceback.print_exc()
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os._exit(code if isinstance(code, int) else 0 if code is None else 1)

    def reap(self) -> None:
        for pid in list(self.games):
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 0
            if done:
                self.games.discard(pid)
                self.send({"exit": pid, "code": os.waitstatus_to_exitcode(status)})

    def signal_games(self, sig: int) -> None:
        for pid in self.games:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, sig)

    def stop_games(self) -> None:
        """Terminate every game's group (they save and quit), kill what is left after GRACE."""
        self.signal_games(signal.SIGTERM)
        deadline = time.monotonic() + GRACE
        while self.games and time.monotonic() < deadline:
            time.sleep(0.05)
            self.reap()
        self.signal_games(signal.SIGKILL)
        deadline = time.monotonic() + GRACE
        while self.games and time.monotonic() < deadline:
            self.reap()
            time.sleep(0.01)


def main(argv: list[str]) -> None:
    sock = socket.socket(fileno=int(argv[0]))
    ForkServer(sock).run()


if __name__ == "__main__":
    main(sys.argv[1:])
